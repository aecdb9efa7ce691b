"""What is still missing or inconsistent in a case: a pure function, one item per problem.

The drafting steps of the UI are built on it (each item names its section and the field to
jump to), and ``commdraft check`` prints it. Items come in section order, so the first item is
the next thing to do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.case import Case
from desktop_app.domain.deadlines import publication_date

#: The drafting sections, in the order a drafter meets them.
SECTIONS = (
    "case", "persons", "background", "allegations", "concerns",
    "legal_framework", "questions", "summary", "translation", "legal_review",
)


#: Every code :func:`missing` gives (``desktop_app.workspace.messages`` has their words;
#: ``desktop_app.workspace.checks`` adds the codes only the reference data can tell).
CODES = (
    "recipient.no_state", "recipient.no_name", "mandates.none", "mandate.unknown",
    "sent.no_date", "sent.no_reference", "reply.before_sent", "reply.no_date_sent",
    "reply.no_kind", "related.reply_before_letter", "related.no_date",
    "persons.none", "person.no_role", "person.no_gender", "person.no_public_name",
    "summary.missing", "background.empty", "allegations.empty", "concerns.empty",
    "legal_framework.none", "clause.unknown", "questions.none", "question.unknown",
    "topic.missing", "public.empty", "urgent_request.empty", "instrument.no_title",
    "instrument.no_date", "instrument.not_ol",
)


@dataclass(frozen=True, slots=True)
class Missing:
    """One thing to do: where (``section``, ``field``) and what, as a code with parameters.

    The words are chosen by whoever shows the item, in the reader's language
    (``desktop_app.workspace.messages.describe``); ``params`` are plain values (text, whole
    numbers, ISO dates, lists of ids)."""

    section: str  # one of SECTIONS
    field: str  # path in the case record, e.g. "persons[1].role.en"
    code: str  # e.g. "person.no_role"
    # ``dataclasses.field``: the attribute ``field`` above hides the bare name.
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    kind: str = "missing"  # or "inconsistent"

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "field": self.field, "code": self.code,
                "params": dict(self.params), "kind": self.kind}


def missing(
    case: Case,
    *,
    known_mandates: Collection[str] | None = None,
    known_clauses: Collection[str] | None = None,
    known_questions: Collection[str] | None = None,
) -> list[Missing]:
    lang = case.source_language
    texts = case.source_texts
    out: list[Missing] = []

    def need(section: str, field: str, code: str, **params: Any) -> None:
        out.append(Missing(section, field, code, params))

    def clash(section: str, field: str, code: str, **params: Any) -> None:
        out.append(Missing(section, field, code, params, "inconsistent"))

    # case and recipient
    if case.recipient.type == "state" and not case.recipient.state:
        need("case", "recipient.state", "recipient.no_state")
    if case.recipient.type == "other" and not (case.recipient.name or "").strip():
        need("case", "recipient.name", "recipient.no_name")
    if not case.mandates:
        need("case", "mandates", "mandates.none")
    for index, mandate in enumerate(case.mandates):
        if known_mandates is not None and mandate not in known_mandates:
            clash("case", f"mandates[{index}]", "mandate.unknown", mandate=mandate)
    sent, reply = case.dates.sent, case.dates.reply
    if case.status in ("sent", "published") and sent is None:
        clash("case", "dates.sent", "sent.no_date")
    if case.status in ("sent", "published") and not case.reference:
        clash("case", "reference", "sent.no_reference")
    if reply and sent and reply < sent:
        clash("case", "dates.reply", "reply.before_sent", reply=reply.isoformat(),
              sent=sent.isoformat())
    if reply and not sent:
        clash("case", "dates.sent", "reply.no_date_sent")
    if reply and not case.dates.reply_kind:
        need("case", "dates.reply_kind", "reply.no_kind")
    for index, rel in enumerate(case.related):
        if rel.reply and rel.date and rel.reply < rel.date:
            clash("case", f"related[{index}].reply", "related.reply_before_letter",
                  reference=rel.reference)
        if rel.date is None:
            need("case", f"related[{index}].date", "related.no_date", reference=rel.reference)

    # the text an other letter comments on
    if case.kind == "OL":
        instrument = case.instrument
        if instrument is None or not instrument.title.strip():
            need("case", "instrument.title", "instrument.no_title")
        elif instrument.date is None:
            need("case", "instrument.date", "instrument.no_date", stage=instrument.stage)
    elif case.instrument is not None and case.instrument.title.strip():
        clash("case", "instrument", "instrument.not_ol", kind=case.kind)

    # persons: an other letter, about a law or policy, may concern nobody in particular
    if not case.persons and case.kind != "OL":
        need("persons", "persons", "persons.none")
    for index, person in enumerate(case.persons):
        if not person.role.get(lang, "").strip():
            need("persons", f"persons[{index}].role.{lang}", "person.no_role",
                 name=person.name, lang=lang)
        if person.kind == "person" and person.gender == "unspecified":
            need("persons", f"persons[{index}].gender", "person.no_gender", name=person.name)
        if not person.consent_public and not (person.public_name or "").strip():
            need("persons", f"persons[{index}].public_name", "person.no_public_name",
                 name=person.name)

    # the letter's sections
    if not texts.summary.strip():
        need("background", f"text.{lang}.summary", "summary.missing")
    for section in ("background", "allegations", "concerns"):
        if not any(p.strip() for p in getattr(texts, section)):
            need(section, f"text.{lang}.{section}", f"{section}.empty")
    if case.kind == "UA" and not any(p.strip() for p in texts.urgent_request):
        # What the experts ask to be done at once (a doctor, a lawyer, a halt to a transfer).
        need("concerns", f"text.{lang}.urgent_request", "urgent_request.empty")
    if not case.legal_framework:
        need("legal_framework", "legal_framework", "legal_framework.none")
    for index, clause in enumerate(case.legal_framework):
        if known_clauses is not None and clause not in known_clauses:
            clash("legal_framework", f"legal_framework[{index}]", "clause.unknown",
                  clause=clause)
    if not case.standard_questions and not any(q.strip() for q in texts.questions):
        need("questions", f"text.{lang}.questions", "questions.none")
    for index, question in enumerate(case.standard_questions):
        if known_questions is not None and question not in known_questions:
            clash("questions", f"standard_questions[{index}]", "question.unknown",
                  question=question)

    # public summary
    if not texts.topic.strip():
        need("summary", f"text.{lang}.topic", "topic.missing")
    if texts.public.is_empty():
        need("summary", f"text.{lang}.public", "public.empty")
    if sent and reply and case.dates.reply_kind == "substantive" and reply > publication_date(sent):
        pass  # a late reply is a normal state, reported by the preamble, not a problem
    return sorted(out, key=lambda item: SECTIONS.index(item.section))
