"""What is still missing or inconsistent in a case: a pure function, one item per problem.

The drafting steps of the UI are built on it (each item names its section and the field to
jump to), and ``commdraft check`` prints it. Items come in section order, so the first item is
the next thing to do.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from desktop_app.domain.case import Case
from desktop_app.domain.deadlines import publication_date

#: The drafting sections, in the order a drafter meets them.
SECTIONS = (
    "case", "persons", "background", "allegations", "concerns",
    "legal_framework", "questions", "summary", "translation", "legal_review",
)


@dataclass(frozen=True, slots=True)
class Missing:
    section: str  # one of SECTIONS
    field: str  # path in the case record, e.g. "persons[1].role.en"
    message: str
    kind: str = "missing"  # or "inconsistent"


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

    def need(section: str, field: str, message: str) -> None:
        out.append(Missing(section, field, message))

    def clash(section: str, field: str, message: str) -> None:
        out.append(Missing(section, field, message, "inconsistent"))

    # case and recipient
    if case.recipient.type == "state" and not case.recipient.state:
        need("case", "recipient.state", "choose the State the letter is addressed to")
    if case.recipient.type == "other" and not (case.recipient.name or "").strip():
        need("case", "recipient.name", "name the recipient (company, organisation, group)")
    if not case.mandates:
        need("case", "mandates", "add the signing mandates, lead mandate first")
    for index, mandate in enumerate(case.mandates):
        if known_mandates is not None and mandate not in known_mandates:
            clash("case", f"mandates[{index}]", f"unknown mandate {mandate!r}")
    sent, reply = case.dates.sent, case.dates.reply
    if case.status in ("sent", "published") and sent is None:
        clash("case", "dates.sent", "the case is marked sent but has no date sent")
    if case.status in ("sent", "published") and not case.reference:
        clash("case", "reference", "the case is marked sent but has no reference")
    if reply and sent and reply < sent:
        clash("case", "dates.reply", "the reply is dated before the letter was sent")
    if reply and not sent:
        clash("case", "dates.sent", "a reply is recorded but the date sent is missing")
    if reply and not case.dates.reply_kind:
        need("case", "dates.reply_kind", "say whether the reply is substantive or an acknowledgement")
    for index, rel in enumerate(case.related):
        if rel.reply and rel.date and rel.reply < rel.date:
            clash("case", f"related[{index}].reply",
                  f"the reply to {rel.reference} is dated before that letter")
        if rel.date is None:
            need("case", f"related[{index}].date", f"give the date of {rel.reference}")

    # persons
    if not case.persons:
        need("persons", "persons", "add the persons or organisations concerned")
    for index, person in enumerate(case.persons):
        if not person.role.get(lang, "").strip():
            need("persons", f"persons[{index}].role.{lang}",
                 f"describe who {person.name} is (role, in {lang})")
        if person.kind == "person" and person.gender == "unspecified":
            need("persons", f"persons[{index}].gender",
                 f"give {person.name}'s gender, for the honorific (or leave unspecified on purpose)")
        if not person.consent_public and not (person.public_name or "").strip():
            need("persons", f"persons[{index}].public_name",
                 f"{person.name} has not consented to be named in public: give a public name "
                 "(initials are used otherwise)")

    # the letter's sections
    if not texts.summary.strip():
        need("background", f"text.{lang}.summary",
             "say in one sentence what the information received concerns")
    for section in ("background", "allegations", "concerns"):
        if not any(p.strip() for p in getattr(texts, section)):
            need(section, f"text.{lang}.{section}", f"write the {section}")
    if not case.legal_framework:
        need("legal_framework", "legal_framework", "choose the applicable legal-framework clauses")
    for index, clause in enumerate(case.legal_framework):
        if known_clauses is not None and clause not in known_clauses:
            clash("legal_framework", f"legal_framework[{index}]", f"unknown clause {clause!r}")
    if not case.standard_questions and not any(q.strip() for q in texts.questions):
        need("questions", f"text.{lang}.questions", "add at least one question to the Government")
    for index, question in enumerate(case.standard_questions):
        if known_questions is not None and question not in known_questions:
            clash("questions", f"standard_questions[{index}]", f"unknown question {question!r}")

    # public summary
    if not texts.topic.strip():
        need("summary", f"text.{lang}.topic", "give the topic of the public summary")
    if texts.public.is_empty():
        need("summary", f"text.{lang}.public",
             "write the shortened background, allegations and concerns for the public summary")
    if sent and reply and case.dates.reply_kind == "substantive" and reply > publication_date(sent):
        pass  # a late reply is a normal state, reported by the preamble, not a problem
    return sorted(out, key=lambda item: SECTIONS.index(item.section))
