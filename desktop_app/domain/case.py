"""The case record: every fact of one communication, stored once.

A case is a JSON-serialisable dict on disk and in case files (``commdraft.case/1``); these
dataclasses load it with validation (the first wrong field is named, with why) and dump it back
with unknown keys kept. Codes are stored (kinds, ISO codes, mandate ids, statuses), never words.

The record itself is here; its parts (recipient, persons, texts, history) are in
:mod:`case_records`, the typed reading of JSON in :mod:`case_reader`.
"""


from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.case_reader import (
    ID_PATTERN,
    Reader,
    kind_name,
    new_id,
    show_value,
)
from desktop_app.domain.case_records import (
    GENDERS,
    INSTRUMENT_STAGES,
    PERSON_KINDS,
    PUBLIC_SECTIONS,
    RECIPIENT_TYPES,
    REPLY_KINDS,
    SECTION_LISTS,
    STATUSES,
    Dates,
    HistoryEvent,
    Instrument,
    Person,
    PublicTexts,
    Recipient,
    Related,
    Texts,
)
from desktop_app.domain.errors import CaseFormatError, ReferenceFormatError
from desktop_app.domain.languages import LANGUAGES
from desktop_app.domain.references import KINDS, parse_reference
from desktop_app.domain.review import Review

__all__ = [
    "FORMAT", "GENDERS", "INSTRUMENT_STAGES", "LANGUAGES", "PERSON_KINDS", "PUBLIC_SECTIONS",
    "RECIPIENT_TYPES", "REPLY_KINDS", "SECTION_LISTS", "STATUSES", "Case", "Dates",
    "HistoryEvent", "Instrument", "Person", "PublicTexts", "Recipient", "Related", "Texts",
    "new_id",
]

FORMAT = "commdraft.case/1"

_RESOLUTION_NUMBER = re.compile(r"^(S-)?\d{1,4}/\d{1,3}( [A-Z])?$")


def _resolution_overrides(r: Reader, mandates: list[str]) -> dict[str, str]:
    values = r.str_map("resolutions")
    for mandate, number in values.items():
        if mandate not in mandates:
            raise CaseFormatError(f"resolutions.{mandate}", "is not one of the case's mandates")
        if not _RESOLUTION_NUMBER.fullmatch(number):
            raise CaseFormatError(f"resolutions.{mandate}",
                                  f"must be a resolution number such as '52/4' (got {number!r})")
    return values




@dataclass
class Case:
    id: str = field(default_factory=new_id)
    revision: int = 0
    kind: str = "AL"
    reference: str | None = None
    recipient: Recipient = field(default_factory=Recipient)
    mandates: list[str] = field(default_factory=list)
    source_language: str = "en"
    dates: Dates = field(default_factory=Dates)
    persons: list[Person] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    legal_framework: list[str] = field(default_factory=list)
    standard_questions: list[str] = field(default_factory=list)
    text: dict[str, Texts] = field(default_factory=dict)
    status: str = "draft"
    press_release: bool = False
    #: Who provided the information. Confidential: never put in any document.
    source: str = ""
    #: Legal review rounds: reviewers' comments and proposed changes (``domain.review``).
    review: Review = field(default_factory=Review)
    #: Sent, reopened (with why), published: what happened to the case as a whole, in order.
    history: list[HistoryEvent] = field(default_factory=list)
    #: An other letter's subject: the bill, law or policy (None for UA and AL).
    instrument: Instrument | None = None
    #: Per mandate, the resolution to cite when it is not the one in force on the letter's
    #: date (the exceptional case): mandate id -> resolution number.
    resolutions: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    KEYS = {
        "format", "id", "revision", "kind", "reference", "recipient", "mandates",
        "source_language", "dates", "persons", "related", "legal_framework",
        "standard_questions", "text", "status", "press_release", "source", "review", "history",
        "instrument", "resolutions",
    }

    # ----------------------------------------------------------------- load / dump
    @classmethod
    def from_dict(cls, data: Any, *, source: str | None = None) -> Case:
        try:
            return cls._from_dict(data)
        except CaseFormatError as exc:
            if source and not exc.source:
                raise CaseFormatError(exc.path, exc.reason, source=source) from None
            raise

    @classmethod
    def _from_dict(cls, data: Any) -> Case:
        r = Reader(data, "")
        fmt = data.get("format", FORMAT)
        if fmt != FORMAT:
            raise CaseFormatError(
                "format", f"this program reads {FORMAT!r}; the file says {show_value(fmt)}"
            )
        case_id = r.str("id", default=new_id())
        if not ID_PATTERN.fullmatch(case_id):
            raise CaseFormatError("id", "use letters, digits, '-', '_' or '.' (1-64)")
        revision = data.get("revision", 0)
        if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
            raise CaseFormatError("revision", f"must be a whole number >= 0 (got {show_value(revision)})")
        kind = r.choice("kind", KINDS)
        reference = r.opt_str("reference")
        if reference:
            try:
                parsed = parse_reference(reference)
            except ReferenceFormatError as exc:
                raise CaseFormatError("reference", str(exc)) from None
            if parsed.kind != kind:
                raise CaseFormatError(
                    "reference", f"says {parsed.kind} but the case kind is {kind}"
                )
        if "recipient" not in data:
            raise CaseFormatError("recipient", "is required: {\"type\": \"state\", \"state\": \"MNE\"}")
        recipient = Recipient.from_dict(data["recipient"])
        mandates = r.str_list("mandates")
        seen: set[str] = set()
        for index, mandate in enumerate(mandates):
            if mandate in seen:
                raise CaseFormatError(f"mandates[{index}]", f"{mandate!r} is listed twice")
            seen.add(mandate)
        source_language = r.choice("source_language", LANGUAGES, default="en")
        persons = [Person.from_dict(p, f"persons[{i}]") for i, p in enumerate(r.list("persons"))]
        ids = [p.id for p in persons]
        for index, pid in enumerate(ids):
            if ids.index(pid) != index:
                raise CaseFormatError(f"persons[{index}].id", f"{pid!r} is used by another person")
        related = [Related.from_dict(x, f"related[{i}]") for i, x in enumerate(r.list("related"))]
        texts_raw = data.get("text", {})
        if not isinstance(texts_raw, dict):
            raise CaseFormatError("text", f"must be an object of language codes, not {kind_name(texts_raw)}")
        texts: dict[str, Texts] = {}
        for lang, body in texts_raw.items():
            if lang not in LANGUAGES:
                raise CaseFormatError(f"text.{lang}", f"unknown language; use one of {', '.join(LANGUAGES)}")
            texts[lang] = Texts.from_dict(body, f"text.{lang}")
        return cls(
            id=case_id,
            revision=revision,
            kind=kind,
            reference=reference or None,
            recipient=recipient,
            mandates=mandates,
            source_language=source_language,
            dates=Dates.from_dict(data.get("dates")),
            persons=persons,
            related=related,
            legal_framework=r.str_list("legal_framework"),
            standard_questions=r.str_list("standard_questions"),
            text=texts,
            status=r.choice("status", STATUSES, default="draft"),
            press_release=r.bool("press_release"),
            source=r.str("source", default=""),
            review=Review.from_dict(data.get("review")),
            history=[HistoryEvent.from_dict(x, f"history[{i}]")
                     for i, x in enumerate(r.list("history"))],
            instrument=(Instrument.from_dict(data["instrument"])
                        if data.get("instrument") is not None else None),
            resolutions=_resolution_overrides(r, mandates),
            extra=r.extra(cls.KEYS),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "format": FORMAT,
            "id": self.id,
            "revision": self.revision,
            "kind": self.kind,
            "reference": self.reference,
            "status": self.status,
            "recipient": self.recipient.to_dict(),
            "mandates": list(self.mandates),
            "source_language": self.source_language,
            "dates": self.dates.to_dict(),
            "persons": [p.to_dict() for p in self.persons],
            "related": [x.to_dict() for x in self.related],
            "legal_framework": list(self.legal_framework),
            "standard_questions": list(self.standard_questions),
            "press_release": self.press_release,
            "source": self.source,
            "text": {lang: t.to_dict() for lang, t in self.text.items()},
            **({"review": self.review.to_dict()} if not self.review.is_empty() else {}),
            **({"history": [e.to_dict() for e in self.history]} if self.history else {}),
            **({"instrument": self.instrument.to_dict()} if self.instrument else {}),
            **({"resolutions": dict(self.resolutions)} if self.resolutions else {}),
        }

    # ----------------------------------------------------------------- conveniences
    def texts(self, lang: str) -> Texts:
        """The texts in ``lang``; an empty set when the case has none in that language yet."""
        return self.text.get(lang) or Texts()

    @property
    def source_texts(self) -> Texts:
        return self.texts(self.source_language)

    @property
    def lead_mandate(self) -> str | None:
        return self.mandates[0] if self.mandates else None

    @property
    def year(self) -> int | None:
        if self.reference:
            try:
                return parse_reference(self.reference).year
            except ReferenceFormatError:
                pass
        return self.dates.sent.year if self.dates.sent else None
