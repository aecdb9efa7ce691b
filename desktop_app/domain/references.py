"""Communication references: ``TYPE ISO3 N/YYYY`` (``AL KAZ 1/2024``).

Older references carry internal file codes before the State code
("UA Housing (2000-9) G/SO 214 (53-24) SYR 3/2014"); only the leading kind and the trailing
``SYR 3/2014`` are meaningful. Letters to non-State actors use ``OTH`` with their own sequence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.errors import DuplicateReferenceError, ReferenceFormatError

KINDS = ("UA", "AL", "OL")
NON_STATE = "OTH"

_KIND_RE = re.compile(r"^\s*J?(UA|AL|OL)\b")
_TAIL_RE = re.compile(r"\b([A-Z]{3})\s+(\d{1,4})\s*/\s*(\d{4})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Reference:
    kind: str
    state: str  # ISO 3166-1 alpha-3, or "OTH"
    number: int
    year: int

    def __str__(self) -> str:
        return f"{self.kind} {self.state} {self.number}/{self.year}"

    @property
    def sequence(self) -> tuple[str, int]:
        """The numbering sequence the reference belongs to: one per State (or OTH) and year."""
        return (self.state, self.year)


def parse_reference(text: str) -> Reference:
    """Read a reference, current or legacy; raise ReferenceFormatError saying what is missing."""
    if not isinstance(text, str) or not text.strip():
        raise ReferenceFormatError("a reference cannot be empty")
    kind_match = _KIND_RE.match(text.upper())
    if not kind_match:
        raise ReferenceFormatError(
            f"reference {text!r} must start with the kind UA, AL or OL (e.g. 'AL KAZ 1/2024')"
        )
    tail = _TAIL_RE.search(text.strip())
    if not tail:
        raise ReferenceFormatError(
            f"reference {text!r} must end with the State code, number and year "
            "(e.g. 'KAZ 1/2024')"
        )
    state, number, year = tail.group(1), int(tail.group(2)), int(tail.group(3))
    if number < 1:
        raise ReferenceFormatError(f"reference {text!r}: the number must be 1 or more")
    if not 1980 <= year <= 2999:
        raise ReferenceFormatError(f"reference {text!r}: {year} is not a plausible year")
    return Reference(kind_match.group(1), state, number, year)


@dataclass(frozen=True, slots=True)
class Citation:
    """An earlier communication as a letter cites it: "AL KAZ 1/2024", or by code alone,
    "KAZ 1/2024", as real letters often do. ``kind`` is None for a code-only citation."""

    kind: str | None
    state: str
    number: int
    year: int

    @property
    def code(self) -> str:
        """"KAZ 1/2024": what identifies the communication, whatever its kind."""
        return f"{self.state} {self.number}/{self.year}"

    def __str__(self) -> str:
        return f"{self.kind} {self.code}" if self.kind else self.code


def parse_citation(text: str) -> Citation:
    """An earlier communication's reference, with or without its kind ("KAZ 1/2024"); a
    joint communication's J ("JUA …" in old listings) is not part of it; internal file codes of
    old references are dropped."""
    if not isinstance(text, str) or not text.strip():
        raise ReferenceFormatError("a reference cannot be empty")
    tail = _TAIL_RE.search(text.strip())
    if not tail:
        raise ReferenceFormatError(
            f"reference {text!r} must end with the State code, number and year "
            "(e.g. 'KAZ 1/2024' or 'AL KAZ 1/2024')")
    kind_match = _KIND_RE.match(text.upper())
    if kind_match is None and text.strip()[:tail.start()].strip():
        raise ReferenceFormatError(
            f"reference {text!r} must start with the kind UA, AL or OL, or be the code alone "
            "(e.g. 'KAZ 1/2024')")
    state, number, year = tail.group(1), int(tail.group(2)), int(tail.group(3))
    if number < 1:
        raise ReferenceFormatError(f"reference {text!r}: the number must be 1 or more")
    if not 1980 <= year <= 2999:
        raise ReferenceFormatError(f"reference {text!r}: {year} is not a plausible year")
    return Citation(kind_match.group(1) if kind_match else None, state, number, year)


def normalise(text: str) -> str:
    """A reference as lists, titles and file names show it: "UA TUR 4/2013" for
    "UA G/SO 214 (67-17) … TUR 4/2013", "UA KAZ 1/2012" for "JUA KAZ 1/2012"; unreadable text
    is returned as given."""
    try:
        return str(parse_citation(text))
    except ReferenceFormatError:
        return text


def as_cited(text: str) -> str:
    """An earlier communication as a letter cites it: the code alone stays alone
    ("KAZ 1/2024"), the J of a joint communication and old internal file codes go."""
    return normalise(text)


def without_joint(text: str) -> str:
    """A reference line as the letter prints it: whole (old internal file codes included), but
    without the J that old listings put before a joint communication's kind."""
    stripped = text.strip()
    return stripped[1:] if re.match(r"^J(UA|AL|OL)\b", stripped) else stripped


def is_reference(text: str) -> bool:
    try:
        parse_reference(text)
    except ReferenceFormatError:
        return False
    return True


def next_reference(kind: str, state: str, year: int, existing: Iterable[str]) -> Reference:
    """The next free reference for a State (or OTH) and year.

    The number is shared by all kinds: after ``AL BLR 6/2011`` comes ``UA BLR 7/2011``.
    Unreadable entries in ``existing`` are ignored: they cannot collide with a well-formed one.
    """
    if kind not in KINDS:
        raise ReferenceFormatError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    highest = 0
    for text in existing:
        if not text:
            continue
        try:
            ref = parse_reference(text)
        except ReferenceFormatError:
            continue
        if ref.sequence == (state, year):
            highest = max(highest, ref.number)
    return Reference(kind, state, highest + 1, year)


def ensure_unique(reference: str, existing: Iterable[str]) -> None:
    """Refuse a reference whose State, number and year another case already carries."""
    new = parse_reference(reference)
    for text in existing:
        if not text:
            continue
        try:
            other = parse_reference(text)
        except ReferenceFormatError:
            continue
        if (other.state, other.number, other.year) == (new.state, new.number, new.year):
            raise DuplicateReferenceError(
                f"reference {new} is already used by {other}: numbers are shared by all kinds",
                code="reference.taken", params={"reference": str(new), "other": str(other)},
            )
