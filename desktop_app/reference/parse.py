"""Turn the raw JSON of each data file into checked records.

Every entry is validated on load, field by field, so a broken file (a hand edit in a workspace's
``reference/`` folder, a merge gone wrong) is reported once, precisely, instead of surfacing as a
KeyError in the middle of rendering a letter. Messages name the file, the entry and the field:
``mandates.json: entry 3 ('hrd'): field 'resolutions' must be a list``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar, cast

from desktop_app.domain.languages import LANGUAGES
from desktop_app.reference.errors import ReferenceDataError
from desktop_app.reference.models import (
    BODIES,
    STATE_FORMS,
    Clause,
    Holder,
    Mandate,
    Question,
    Resolution,
    State,
    TitleChange,
)

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: Council resolutions ("52/4"), special-session ones ("S-18/1") and the Commission's, which
#: still found some mandates ("1993/2 A").
_RESOLUTION = re.compile(r"^(S-)?\d{1,4}/\d{1,3}( [A-Z])?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_M49 = re.compile(r"^\d{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MANDATE_KINDS = ("thematic", "country")
SIGNS_AS = ("holder", "chair")
#: "active"; "not_started" (created, not yet operational: Syria, S-18/1); "ended" (replaced or
#: discontinued: letters written while it ran still cite it).
MANDATE_STATUSES = ("active", "not_started", "ended")
GENDERS = ("female", "male")
STATUSES = ("member_state", "observer_state")
AUDIENCES = ("government", "company")
#: en/fr/es forms beyond short and formal; "article" may be null (no article).
RUNNING_FORMS = ("subject", "government", "in", "of")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class Entry:
    """One entry of one file, with typed getters that name the field when it is wrong."""

    def __init__(self, source: str, label: str, data: Any, prefix: str = "") -> None:
        self.source = source
        self.label = label
        self.prefix = prefix  # "resolutions[0]." for an item nested in the entry
        if not isinstance(data, dict):
            where = f"field {prefix.rstrip('.')!r}" if prefix else "the entry"
            raise ReferenceDataError(f"{source}: {label}: {where} must be an object, "
                                     f"not {_kind(data)}")
        self.data: dict[str, Any] = data

    def fail(self, field: str, reason: str) -> ReferenceDataError:
        return ReferenceDataError(
            f"{self.source}: {self.label}: field {self.prefix + field!r} {reason}"
        )

    def get(self, field: str) -> Any:
        if field not in self.data:
            raise self.fail(field, "is missing")
        return self.data[field]

    def text(self, field: str, *, pattern: re.Pattern[str] | None = None,
             allow_empty: bool = False) -> str:
        value = self.get(field)
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, not {_kind(value)}")
        if not allow_empty and not value.strip():
            raise self.fail(field, "must not be empty")
        if pattern and not pattern.match(value):
            raise self.fail(field, f"has the wrong form: {value!r}")
        return value

    def choice(self, field: str, choices: tuple[str, ...]) -> str:
        value = self.get(field)
        if value not in choices:
            raise self.fail(field, f"must be one of {', '.join(choices)} (got {value!r})")
        return cast(str, value)  # one of ``choices``

    def langs(self, field: str, *, required: tuple[str, ...] = ("en",)) -> Mapping[str, str]:
        """A {language: text} mapping, English required."""
        value = self.get(field)
        if not isinstance(value, dict):
            raise self.fail(field, f"must be an object of language codes to text, not {_kind(value)}")
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise self.fail(f"{field}.{lang}", f"unknown language; use one of {', '.join(LANGUAGES)}")
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{field}.{lang}", "must be non-empty text")
        for lang in required:
            if lang not in value:
                raise self.fail(f"{field}.{lang}", "is missing")
        return MappingProxyType(dict(value))

    def items(self, field: str, parse: Callable[[Entry], T], *, min_items: int = 0) -> tuple[T, ...]:
        value = self.get(field)
        if not isinstance(value, list):
            raise self.fail(field, f"must be a list, not {_kind(value)}")
        if len(value) < min_items:
            raise self.fail(field, f"needs at least {min_items} item(s)")
        return tuple(
            parse(Entry(self.source, self.label, item, f"{self.prefix}{field}[{i}]."))
            for i, item in enumerate(value)
        )

    def day(self, field: str) -> date:
        value = self.get(field)
        if not isinstance(value, str) or not _DATE.match(value):
            raise self.fail(field, f"must be a date as YYYY-MM-DD (got {value!r})")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self.fail(field, f"is not a real date ({exc})") from None

    def opt_day(self, field: str) -> date | None:
        """A date, or null / absent (a holder still in office has no end date)."""
        return None if self.data.get(field) is None else self.day(field)


def _label(index: int, data: Any, key: str = "id") -> str:
    """'entry 3 ('hrd')': 1-based, as a person counts, with the id when there is one."""
    ident = data.get(key) if isinstance(data, dict) else None
    return f"entry {index + 1}" + (f" ({ident!r})" if isinstance(ident, str) else "")


def _unique(source: str, records: list[T], key: Callable[[T], str]) -> dict[str, T]:
    out: dict[str, T] = {}
    for index, record in enumerate(records):
        ident = key(record)
        if ident in out:
            raise ReferenceDataError(f"{source}: entry {index + 1} ({ident!r}): field 'id' "
                                     "repeats an earlier entry")
        out[ident] = record
    return out


def _list_of_entries(source: str, raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise ReferenceDataError(f"{source}: must be a list of entries, not {_kind(raw)}")
    return raw


# --------------------------------------------------------------------------- mandates
def _resolution(entry: Entry) -> Resolution:
    number = entry.text("number", pattern=_RESOLUTION)
    adopted = entry.opt_day("adopted")
    year = entry.data.get("year", adopted.year if adopted else None)
    if not isinstance(year, int) or isinstance(year, bool) or not 1946 <= year <= 2999:
        # From the Commission on Human Rights (1946) to the Council (2006 on).
        raise entry.fail("year", f"must be a year from 1946 on (got {year!r})")
    if adopted is not None and adopted.year != year:
        raise entry.fail("adopted", f"is not in the year {year}")
    # A Commission resolution's number carries its year ("1993/2 A"); the Council's do not.
    default_body = "CHR" if re.match(r"^\d{4}/", number) else "HRC"
    body = entry.choice("body", BODIES) if "body" in entry.data else default_body
    return Resolution(number, year, body, adopted)


HOLDER_ROLES = ("holder", "chair", "vice-chair")
NAME_CHECKS = ("un-source", "working")


def _holder(entry: Entry) -> Holder:
    start, end = entry.day("from"), entry.opt_day("to")
    if end is not None and end < start:
        raise entry.fail("to", f"is before 'from' ({end} < {start})")
    names = entry.langs("names", required=()) if entry.data.get("names") else MappingProxyType({})
    checked = entry.data.get("names_checked") or {}
    if not isinstance(checked, dict) or any(
            lang not in names or value not in NAME_CHECKS for lang, value in checked.items()):
        raise entry.fail("names_checked", "must say, per language of 'names', "
                         f"{' or '.join(NAME_CHECKS)}")
    return Holder(entry.text("name"), entry.choice("gender", GENDERS), start, end,
                  role=entry.choice("role", HOLDER_ROLES) if "role" in entry.data else "holder",
                  names=names, names_checked=MappingProxyType(dict(checked)),
                  source=entry.text("source") if entry.data.get("source") else "")


CHAIR_TITLES = ("chair", "chair-rapporteur")


def _title_change(entry: Entry) -> TitleChange:
    return TitleChange(
        until=entry.day("until"), title=entry.langs("title"),
        mandate_line=entry.langs("mandate_line"),
        title_female=(entry.langs("title_female", required=())
                      if entry.data.get("title_female") else MappingProxyType({})),
        mandate_line_female=(entry.langs("mandate_line_female", required=())
                             if entry.data.get("mandate_line_female") else MappingProxyType({})))


def parse_mandate(source: str, index: int, data: Any) -> Mandate:
    entry = Entry(source, _label(index, data), data)
    if entry.data.get("status") == "ended" and entry.data.get("ended") is None:
        raise entry.fail("ended", "is required when the status is 'ended' (YYYY-MM-DD)")
    resolutions = entry.items("resolutions", _resolution, min_items=1)
    if list(resolutions) != sorted(resolutions, key=lambda r: (r.year, r.in_force_from)):
        raise entry.fail("resolutions", "must be listed oldest first")
    holders = entry.items("holders", _holder)
    history = entry.items("title_history", _title_change) if entry.data.get("title_history") \
        else ()
    if [c.until for c in history] != sorted(c.until for c in history):
        raise entry.fail("title_history", "must be listed oldest first")
    return Mandate(
        id=entry.text("id", pattern=_ID),
        kind=entry.choice("kind", MANDATE_KINDS),
        title=entry.langs("title"),
        mandate_line=entry.langs("mandate_line"),
        # Optional: the forms a woman holder's title takes where the language marks gender
        # («la Rapporteuse spéciale», «la Relatora Especial», «المقررة الخاصة»).
        title_female=(entry.langs("title_female", required=())
                      if "title_female" in entry.data else MappingProxyType({})),
        mandate_line_female=(entry.langs("mandate_line_female", required=())
                             if "mandate_line_female" in entry.data else MappingProxyType({})),
        resolutions=resolutions,
        holders=tuple(sorted(holders, key=lambda h: h.start)),
        signs_as=entry.choice("signs_as", SIGNS_AS),
        status=entry.choice("status", MANDATE_STATUSES) if "status" in entry.data else "active",
        ended=entry.opt_day("ended"),
        note=entry.text("note") if entry.data.get("note") is not None else "",
        title_checked=_checked(entry) if "title_checked" in entry.data else MappingProxyType({}),
        chair_title=(entry.choice("chair_title", CHAIR_TITLES) if "chair_title" in entry.data
                     else "chair"),
        title_history=tuple(history),
    )


TITLE_CHECKS = ("un-source", "partly", "working")


def _checked(entry: Entry) -> Mapping[str, str]:
    """How each title was checked: against a UN source, partly, or a working translation."""
    value = entry.get("title_checked")
    if not isinstance(value, dict):
        raise entry.fail("title_checked", "must be an object of language codes")
    for lang, status in value.items():
        if lang not in LANGUAGES:
            raise entry.fail(f"title_checked.{lang}", "unknown language")
        if status not in TITLE_CHECKS:
            raise entry.fail(f"title_checked.{lang}",
                             f"must be one of {', '.join(TITLE_CHECKS)} (got {status!r})")
    return MappingProxyType(dict(value))


def parse_mandates(source: str, raw: Any) -> dict[str, Mandate]:
    records = [parse_mandate(source, i, d) for i, d in enumerate(_list_of_entries(source, raw))]
    return _unique(source, records, lambda m: m.id)


# --------------------------------------------------------------------------- States
def _state_names(entry: Entry) -> Mapping[str, Mapping[str, str | None]]:
    names = entry.get("names")
    if not isinstance(names, dict):
        raise entry.fail("names", f"must be an object of language codes, not {_kind(names)}")
    out: dict[str, Mapping[str, str | None]] = {}
    for lang, forms in names.items():
        where = f"names.{lang}"
        if lang not in LANGUAGES:
            raise entry.fail(where, f"unknown language; use one of {', '.join(LANGUAGES)}")
        if not isinstance(forms, dict):
            raise entry.fail(where, f"must be an object of name forms, not {_kind(forms)}")
        for form, value in forms.items():
            if form not in (*STATE_FORMS, "article"):
                raise entry.fail(f"{where}.{form}", "is not a known name form")
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise entry.fail(f"{where}.{form}", "must be non-empty text or null")
        out[lang] = MappingProxyType(dict(forms))
    english = out.get("en")
    if english is None:
        raise entry.fail("names.en", "is missing")
    for form in ("short", "formal", *RUNNING_FORMS):
        if not english.get(form):
            raise entry.fail(f"names.en.{form}", "is missing")
    return MappingProxyType(out)


def parse_state(source: str, iso3: Any, data: Any) -> State:
    entry = Entry(source, f"entry {iso3!r}", data)
    if not isinstance(iso3, str) or not _ISO3.match(iso3):
        raise entry.fail("(key)", "must be an ISO 3166-1 alpha-3 code such as 'MNE'")
    notes = entry.data.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise entry.fail("notes", f"must be text, not {_kind(notes)}")
    return State(
        iso3=iso3,
        iso2=entry.text("iso2", pattern=_ISO2),
        m49=entry.text("m49", pattern=_M49),
        status=entry.choice("status", STATUSES),
        names=_state_names(entry),
        notes=notes,
    )


def parse_states(source: str, raw: Any) -> dict[str, State]:
    if not isinstance(raw, dict):
        raise ReferenceDataError(f"{source}: must be an object keyed by ISO alpha-3 code, "
                                 f"not {_kind(raw)}")
    return {iso3: parse_state(source, iso3, data) for iso3, data in raw.items()}


# --------------------------------------------------------------------------- clauses, questions
def parse_clause(source: str, index: int, data: Any) -> Clause:
    entry = Entry(source, _label(index, data), data)
    return Clause(
        id=entry.text("id", pattern=_ID),
        instrument=entry.text("instrument"),
        article=entry.text("article", allow_empty=True),
        title=entry.langs("title"),
        text=entry.langs("text"),
    )


def parse_clauses(source: str, raw: Any) -> dict[str, Clause]:
    records = [parse_clause(source, i, d) for i, d in enumerate(_list_of_entries(source, raw))]
    return _unique(source, records, lambda c: c.id)


def parse_question(source: str, index: int, data: Any) -> Question:
    entry = Entry(source, _label(index, data), data)
    return Question(
        id=entry.text("id", pattern=_ID),
        audience=entry.choice("audience", AUDIENCES),
        text=entry.langs("text"),
    )


def parse_questions(source: str, raw: Any) -> dict[str, Question]:
    records = [parse_question(source, i, d) for i, d in enumerate(_list_of_entries(source, raw))]
    return _unique(source, records, lambda q: q.id)
