"""The case record: every fact of one communication, stored once.

A case is a JSON-serialisable dict on disk and in case files (``commdraft.case/1``); these
dataclasses load it with validation (the first wrong field is named, with why) and dump it back
with unknown keys kept. Codes are stored (kinds, ISO codes, mandate ids, statuses), never words.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop_app.domain.errors import CaseFormatError, ReferenceFormatError
from desktop_app.domain.languages import LANGUAGES
from desktop_app.domain.references import KINDS, NON_STATE, parse_citation, parse_reference
from desktop_app.domain.review import Review

FORMAT = "commdraft.case/1"
GENDERS = ("female", "male", "unspecified")
PERSON_KINDS = ("person", "organisation")
REPLY_KINDS = ("substantive", "acknowledgement")
STATUSES = ("draft", "in_review", "approved", "sent", "published")
RECIPIENT_TYPES = ("state", "other")
SECTION_LISTS = ("background", "allegations", "concerns", "questions", "update")
PUBLIC_SECTIONS = ("background", "allegations", "concerns")

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


# --------------------------------------------------------------------------- reading helpers
class _Reader:
    """Typed access to a dict that names the path of the first wrong field."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise CaseFormatError(path or "(top level)", f"must be an object, not {_kind(data)}")
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def str(self, key: str, *, default: str | None = None, allow_empty: bool = True) -> str:
        value = self.data.get(key, default)
        if value is None and default is not None:
            value = default
        if not isinstance(value, str):
            raise CaseFormatError(self.at(key), f"must be text, not {_kind(value)}")
        if not allow_empty and not value.strip():
            raise CaseFormatError(self.at(key), "must not be empty")
        return value

    def opt_str(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise CaseFormatError(self.at(key), f"must be text or null, not {_kind(value)}")
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise CaseFormatError(self.at(key), f"must be true or false, not {_kind(value)}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            raise CaseFormatError(
                self.at(key), f"must be one of {', '.join(choices)} (got {_show(value)})"
            )
        return value

    def opt_choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        if self.data.get(key) is None:
            return None
        return self.choice(key, choices)

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise CaseFormatError(
                self.at(key), f"must be a date as YYYY-MM-DD or null (got {_show(value)})"
            )
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CaseFormatError(self.at(key), f"is not a real date ({exc})") from None

    def list(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise CaseFormatError(self.at(key), f"must be a list, not {_kind(value)}")
        return value

    def str_list(self, key: str) -> list[str]:
        items = self.list(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise CaseFormatError(f"{self.at(key)}[{index}]", f"must be text, not {_kind(item)}")
        return list(items)

    def lang_map(self, key: str) -> dict[str, str]:
        value = self.data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise CaseFormatError(
                self.at(key), f"must be an object of language codes to text, not {_kind(value)}"
            )
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise CaseFormatError(
                    f"{self.at(key)}.{lang}", f"unknown language; use one of {', '.join(LANGUAGES)}"
                )
            if not isinstance(text, str):
                raise CaseFormatError(f"{self.at(key)}.{lang}", f"must be text, not {_kind(text)}")
            out[lang] = text
        return out

    def str_map(self, key: str) -> dict[str, str]:
        value = self.data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise CaseFormatError(self.at(key), f"must be an object of text, not {_kind(value)}")
        for name, item in value.items():
            if not isinstance(item, str):
                raise CaseFormatError(f"{self.at(key)}.{name}", f"must be text, not {_kind(item)}")
        return dict(value)

    def extra(self, known: set[str]) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k not in known}


def _kind(value: Any) -> str:
    return {
        dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
        float: "a number", type(None): "null",
    }.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --------------------------------------------------------------------------- the records
@dataclass
class Recipient:
    type: str = "state"
    state: str | None = None  # ISO 3166-1 alpha-3
    name: str | None = None  # for a non-State recipient

    @classmethod
    def from_dict(cls, data: Any, path: str = "recipient") -> Recipient:
        r = _Reader(data, path)
        kind = r.choice("type", RECIPIENT_TYPES)
        state = r.opt_str("state")
        if state is not None and not _ISO3.fullmatch(state):
            raise CaseFormatError(
                r.at("state"), f"must be an ISO 3166-1 alpha-3 code such as 'MNE' (got {state!r})"
            )
        name = r.opt_str("name")
        # A draft may not know its recipient yet: "what is missing" says so, and the lifecycle
        # refuses to send it.
        return cls(kind, state, name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.state:
            out["state"] = self.state
        if self.type == "other" or self.name:
            out["name"] = self.name
        return out

    @property
    def reference_code(self) -> str | None:
        """The code a reference carries: the State, or OTH for a non-State recipient."""
        return self.state if self.type == "state" else NON_STATE


INSTRUMENT_STAGES = ("bill", "law", "policy", "decree", "regulation")


@dataclass
class Instrument:
    """What an other letter (OL) comments on: a bill, a law, a policy; printed in place of
    the persons concerned."""

    title: str = ""
    stage: str = "bill"
    date: date | None = None  # tabled, adopted or published: whichever the stage means
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str = "instrument") -> Instrument:
        r = _Reader(data, path)
        return cls(r.str("title", default=""), r.choice("stage", INSTRUMENT_STAGES,
                                                        default="bill"),
                   r.date("date"), r.extra({"title", "stage", "date"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "title": self.title, "stage": self.stage, "date": _iso(self.date)}


@dataclass
class Person:
    id: str
    name: str
    kind: str = "person"
    gender: str = "unspecified"
    consent_state: bool = False
    consent_public: bool = False
    public_name: str | None = None
    role: dict[str, str] = field(default_factory=dict)
    #: The name as documents in other scripts write it («Динара Смаилова», «迪娜拉·斯马伊洛娃»);
    #: ``name`` is used where a language has none.
    names: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    KEYS = {"id", "kind", "name", "gender", "consent_state", "consent_public", "public_name", "role",
            "names"}

    def name_in(self, lang: str) -> str:
        return self.names.get(lang, "").strip() or self.name

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Person:
        r = _Reader(data, path)
        pid = r.str("id", default=new_id())
        if not _ID.fullmatch(pid):
            raise CaseFormatError(r.at("id"), "use letters, digits, '-', '_' or '.' (1-64)")
        return cls(
            id=pid,
            name=r.str("name", allow_empty=False),
            kind=r.choice("kind", PERSON_KINDS, default="person"),
            gender=r.choice("gender", GENDERS, default="unspecified"),
            consent_state=r.bool("consent_state"),
            consent_public=r.bool("consent_public"),
            public_name=r.opt_str("public_name"),
            role=r.lang_map("role"),
            names=r.lang_map("names"),
            extra=r.extra(cls.KEYS),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "gender": self.gender,
            "consent_state": self.consent_state,
            "consent_public": self.consent_public,
            "public_name": self.public_name,
            "role": dict(self.role),
            **({"names": dict(self.names)} if self.names else {}),
        }


@dataclass
class Related:
    """An earlier communication about the same persons, cited by reference."""

    reference: str
    date: date | None = None
    reply: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Related:
        r = _Reader(data, path)
        reference = r.str("reference", allow_empty=False)
        try:
            parse_citation(reference)  # the code alone ("KAZ 1/2024") is how letters cite
        except ReferenceFormatError as exc:
            raise CaseFormatError(r.at("reference"), str(exc)) from None
        return cls(reference, r.date("date"), r.date("reply"), r.extra({"reference", "date", "reply"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "reference": self.reference, "date": _iso(self.date),
                "reply": _iso(self.reply)}


@dataclass
class Dates:
    sent: date | None = None
    reply: date | None = None
    reply_kind: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str = "dates") -> Dates:
        r = _Reader(data if data is not None else {}, path)
        return cls(r.date("sent"), r.date("reply"), r.opt_choice("reply_kind", REPLY_KINDS),
                   r.extra({"sent", "reply", "reply_kind"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "sent": _iso(self.sent), "reply": _iso(self.reply),
                "reply_kind": self.reply_kind}


@dataclass
class PublicTexts:
    background: list[str] = field(default_factory=list)
    allegations: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str) -> PublicTexts:
        r = _Reader(data if data is not None else {}, path)
        return cls(r.str_list("background"), r.str_list("allegations"), r.str_list("concerns"),
                   r.extra(set(PUBLIC_SECTIONS)))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "background": list(self.background),
                "allegations": list(self.allegations), "concerns": list(self.concerns)}

    def is_empty(self) -> bool:
        return not any(p.strip() for s in (self.background, self.allegations, self.concerns) for p in s)


@dataclass
class Texts:
    """Every free text of a case in one language."""

    topic: str = ""
    summary: str = ""
    background: list[str] = field(default_factory=list)
    allegations: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    #: An urgent appeal's case-specific request (access to a doctor, a halt to a deportation):
    #: printed where the letter asks for immediate steps.
    urgent_request: list[str] = field(default_factory=list)
    public: PublicTexts = field(default_factory=PublicTexts)
    #: For a translation made before per-unit hashes: fingerprint of all the source texts.
    source_fingerprint: str | None = None
    #: For a translation: unit key ("background.2") -> hash of the source text it was made from
    #: (see ``domain.translation``).
    source_hashes: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    KEYS = {"topic", "summary", *SECTION_LISTS, "urgent_request", "public", "source_fingerprint",
            "source_hashes"}

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Texts:
        r = _Reader(data, path)
        return cls(
            topic=r.str("topic", default=""),
            summary=r.str("summary", default=""),
            background=r.str_list("background"),
            allegations=r.str_list("allegations"),
            concerns=r.str_list("concerns"),
            questions=r.str_list("questions"),
            update=r.str_list("update"),
            urgent_request=r.str_list("urgent_request"),
            public=PublicTexts.from_dict(data.get("public"), r.at("public")),
            source_fingerprint=r.opt_str("source_fingerprint"),
            source_hashes=r.str_map("source_hashes"),
            extra=r.extra(cls.KEYS),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.extra,
            "topic": self.topic,
            "summary": self.summary,
            "background": list(self.background),
            "allegations": list(self.allegations),
            "concerns": list(self.concerns),
            "questions": list(self.questions),
            "update": list(self.update),
            "public": self.public.to_dict(),
        }
        if self.urgent_request:
            out["urgent_request"] = list(self.urgent_request)
        if self.source_fingerprint:
            out["source_fingerprint"] = self.source_fingerprint
        if self.source_hashes:
            out["source_hashes"] = dict(self.source_hashes)
        return out

    def fingerprint(self) -> str:
        """A short hash of the texts, recorded by translations to know when they go stale."""
        body = self.to_dict()
        body.pop("source_fingerprint", None)
        body.pop("source_hashes", None)
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class HistoryEvent:
    """Something that happened to the case as a whole: sent, reopened (with the reason)."""

    at: str  # ISO date and time with its offset
    action: str  # "sent", "reopened", "published"
    by: str | None = None
    note: str = ""
    status: str | None = None  # the status the case had when it happened
    languages: list[str] = field(default_factory=list)  # "sent": the languages it went out in
    extra: dict[str, Any] = field(default_factory=dict)

    KEYS = {"at", "action", "by", "note", "status", "languages"}

    @classmethod
    def from_dict(cls, data: Any, path: str) -> HistoryEvent:
        r = _Reader(data, path)
        at = r.str("at", allow_empty=False)
        try:
            datetime.fromisoformat(at)
        except ValueError:
            raise CaseFormatError(r.at("at"), f"must be a date and time (got {_show(at)})") from None
        return cls(at=at, action=r.str("action", allow_empty=False), by=r.opt_str("by"),
                   note=r.str("note", default=""), status=r.opt_choice("status", STATUSES),
                   languages=_languages(r, "languages"), extra=r.extra(cls.KEYS))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.extra, "at": self.at, "action": self.action}
        if self.by:
            out["by"] = self.by
        if self.note:
            out["note"] = self.note
        if self.status:
            out["status"] = self.status
        if self.languages:
            out["languages"] = list(self.languages)
        return out


_RESOLUTION_NUMBER = re.compile(r"^(S-)?\d{1,4}/\d{1,3}( [A-Z])?$")


def _resolution_overrides(r: _Reader, mandates: list[str]) -> dict[str, str]:
    values = r.str_map("resolutions")
    for mandate, number in values.items():
        if mandate not in mandates:
            raise CaseFormatError(f"resolutions.{mandate}", "is not one of the case's mandates")
        if not _RESOLUTION_NUMBER.fullmatch(number):
            raise CaseFormatError(f"resolutions.{mandate}",
                                  f"must be a resolution number such as '52/4' (got {number!r})")
    return values


def _languages(r: _Reader, key: str) -> list[str]:
    values = r.str_list(key)
    for index, lang in enumerate(values):
        if lang not in LANGUAGES:
            raise CaseFormatError(f"{r.at(key)}[{index}]",
                                  f"unknown language; use one of {', '.join(LANGUAGES)}")
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
        r = _Reader(data, "")
        fmt = data.get("format", FORMAT)
        if fmt != FORMAT:
            raise CaseFormatError(
                "format", f"this program reads {FORMAT!r}; the file says {_show(fmt)}"
            )
        case_id = r.str("id", default=new_id())
        if not _ID.fullmatch(case_id):
            raise CaseFormatError("id", "use letters, digits, '-', '_' or '.' (1-64)")
        revision = data.get("revision", 0)
        if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
            raise CaseFormatError("revision", f"must be a whole number >= 0 (got {_show(revision)})")
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
            raise CaseFormatError("text", f"must be an object of language codes, not {_kind(texts_raw)}")
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
