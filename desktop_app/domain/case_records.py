"""The parts of a case record: its recipient, the persons concerned, earlier communications,
dates, the texts in each language, the history of its status. Each loads from its JSON object
with validation (:class:`case_reader.Reader`) and dumps back with unknown keys kept."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeAlias

from desktop_app.domain.case_reader import (
    ID_PATTERN,
    Reader,
    iso_date,
    language_list,
    new_id,
    show_value,
)
from desktop_app.domain.errors import CaseFormatError, ReferenceFormatError
from desktop_app.domain.references import NON_STATE, parse_citation

GENDERS = ("female", "male", "unspecified")
PERSON_KINDS = ("person", "organisation")
REPLY_KINDS = ("substantive", "acknowledgement")
STATUSES = ("draft", "in_review", "approved", "sent", "published")
RECIPIENT_TYPES = ("state", "other")
SECTION_LISTS = ("background", "allegations", "concerns", "questions", "update")
PUBLIC_SECTIONS = ("background", "allegations", "concerns")

_ISO3 = re.compile(r"^[A-Z]{3}$")
#: ``Related.date`` hides the type in the annotations after it.
_Day: TypeAlias = date


@dataclass
class Recipient:
    type: str = "state"
    state: str | None = None  # ISO 3166-1 alpha-3
    name: str | None = None  # for a non-State recipient

    @classmethod
    def from_dict(cls, data: Any, path: str = "recipient") -> Recipient:
        r = Reader(data, path)
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
        r = Reader(data, path)
        return cls(r.str("title", default=""), r.choice("stage", INSTRUMENT_STAGES,
                                                        default="bill"),
                   r.date("date"), r.extra({"title", "stage", "date"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "title": self.title, "stage": self.stage, "date": iso_date(self.date)}


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
        r = Reader(data, path)
        pid = r.str("id", default=new_id())
        if not ID_PATTERN.fullmatch(pid):
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
    date: _Day | None = None
    reply: _Day | None = None  # ``date`` above hides the type in the annotations below it
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str) -> Related:
        r = Reader(data, path)
        reference = r.str("reference", allow_empty=False)
        try:
            parse_citation(reference)  # the code alone ("KAZ 1/2024") is how letters cite
        except ReferenceFormatError as exc:
            raise CaseFormatError(r.at("reference"), str(exc)) from None
        return cls(reference, r.date("date"), r.date("reply"), r.extra({"reference", "date", "reply"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "reference": self.reference, "date": iso_date(self.date),
                "reply": iso_date(self.reply)}


@dataclass
class Dates:
    sent: date | None = None
    reply: date | None = None
    reply_kind: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str = "dates") -> Dates:
        r = Reader(data if data is not None else {}, path)
        return cls(r.date("sent"), r.date("reply"), r.opt_choice("reply_kind", REPLY_KINDS),
                   r.extra({"sent", "reply", "reply_kind"}))

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "sent": iso_date(self.sent), "reply": iso_date(self.reply),
                "reply_kind": self.reply_kind}


@dataclass
class PublicTexts:
    background: list[str] = field(default_factory=list)
    allegations: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, path: str) -> PublicTexts:
        r = Reader(data if data is not None else {}, path)
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
        r = Reader(data, path)
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
        r = Reader(data, path)
        at = r.str("at", allow_empty=False)
        try:
            datetime.fromisoformat(at)
        except ValueError:
            raise CaseFormatError(r.at("at"), f"must be a date and time (got {show_value(at)})") from None
        return cls(at=at, action=r.str("action", allow_empty=False), by=r.opt_str("by"),
                   note=r.str("note", default=""), status=r.opt_choice("status", STATUSES),
                   languages=language_list(r, "languages"), extra=r.extra(cls.KEYS))

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
