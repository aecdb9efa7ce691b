"""One function builds what a document says: (case, language, variant, reference data) -> context.

All language work happens here: dates through Babel, the State in the grammatical form the
sentence needs, mandate titles and resolutions, honorifics from gender, "I" or "we" from the
number of signing mandates, and every fixed sentence from the ``letters`` catalog. Consent is
applied here too: a person whose consent does not cover a document is not named in it (see
``redaction``), and the case's source is never read. A text that the translation in ``lang``
lacks is never left out silently: it is printed in the source language after the mark
"[to be translated]" of ``lang``, so the preview and the exported document show where and what
is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.documents.errors import DocumentError
from desktop_app.documents.phrases import Phrases
from desktop_app.documents.properties import fit
from desktop_app.documents.redaction import Redactor
from desktop_app.domain.case import Case
from desktop_app.domain.consent import Replacement, may_name
from desktop_app.domain.deadlines import ReplyStatus, reply_status
from desktop_app.domain.errors import ReferenceFormatError
from desktop_app.domain.references import (
    NON_STATE,
    as_cited,
    normalise,
    parse_citation,
    without_joint,
)
from desktop_app.domain.translation import section_list
from desktop_app.i18n import check_language, format_date, is_rtl

VARIANTS = ("full", "short")

#: The organisation's bilingual letterhead: the same on every letter, whatever its language
#: (as letters of special procedures print it, with the Special Procedures line).
LETTERHEAD = {
    "left_org": "NATIONS UNIES",
    "left_office": "HAUT-COMMISSARIAT AUX DROITS DE L'HOMME",
    "left_procedures": "PROCEDURES SPECIALES DU CONSEIL DES DROITS DE L'HOMME",
    "right_org": "UNITED NATIONS",
    "right_office": "OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS",
    "right_procedures": "SPECIAL PROCEDURES OF THE HUMAN RIGHTS COUNCIL",
    "address": "PALAIS DES NATIONS • 1211 GENEVA 10, SWITZERLAND",
}

#: From about this date, letters say that they and any reply will be published on the
#: communications website after 60 days, and head the reference "Ref.: … (Please use this
#: reference in your reply)"; before it, "REFERENCE: …" and publication through the
#: communications report to the Council. docs/LETTER-PRACTICE.md gives the evidence (2017
#: letters: the old practice; May 2019: the new one) and why the day is an estimate.
PUBLICATION_AFTER_60_DAYS = date(2019, 1, 1)


def publication_practice(day: date) -> str:
    """"website" (published after 60 days) or "report" (through the communications report)."""
    return "website" if day >= PUBLICATION_AFTER_60_DAYS else "report"

# XML 1.0 forbids these; Word refuses a document that holds them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    return _FORBIDDEN.sub("", value)


def sanitize(value: Any) -> Any:
    """Strip XML-forbidden characters from every string of a context, recursively."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: sanitize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    return value


def build_context(case: Case, lang: str, variant: str, ref: Any,
                  wording: Path | None = None) -> dict[str, Any]:
    """The rendering context of ``variant`` ("full" or "short") of ``case`` in ``lang``;
    ``wording``: a workspace's own catalogs folder (its fixed wording overrides the shipped)."""
    return build(case, lang, variant, ref, wording).context


@dataclass(frozen=True)
class Untranslated:
    """A text of the case that a document shows with the "to be translated" mark."""

    key: str      # the translation unit ("allegations.2", "summary", "persons.p1.role")
    source: str   # its text in the case's source language


@dataclass(frozen=True)
class Built:
    """A document's context, and what making it involved: names replaced for consent, texts
    shown untranslated."""

    context: dict[str, Any]
    replacements: list[Replacement]
    untranslated: list[Untranslated]


def build(case: Case, lang: str, variant: str, ref: Any, wording: Path | None = None) -> Built:
    """The context of ``variant`` of ``case`` in ``lang``, with its replacements and
    untranslated texts (see :func:`replacements`, :func:`untranslated`)."""
    check_language(lang)
    if variant not in VARIANTS:
        raise DocumentError(f"unknown variant {variant!r}: use full or short")
    if lang not in case.text:
        raise DocumentError(
            f"the case has no text in {lang!r} yet (it has: {', '.join(sorted(case.text)) or 'none'})"
        )
    builder = _Builder(case, lang, ref, public=variant == "short", wording=wording)
    context = builder.full() if variant == "full" else builder.short()
    context.update(lang=lang, rtl=is_rtl(lang), variant=variant)
    context["properties"] = {"title": document_title(case.reference, context.pop("_topic"),
                                                     case.id),
                             "language": lang}
    return Built(sanitize(context), builder.redact.replacements, builder.untranslated)


def replacements(case: Case, lang: str, variant: str, ref: Any,
                 wording: Path | None = None) -> list[Replacement]:
    """Every name that ``variant`` in ``lang`` prints as a person's label instead, because the
    person's consent does not cover that document: in order, with the unit it is in."""
    return build(case, lang, variant, ref, wording).replacements


def untranslated(case: Case, lang: str, variant: str, ref: Any,
                 wording: Path | None = None) -> list[Untranslated]:
    """The texts of the case that ``variant`` in ``lang`` shows with the "to be translated"
    mark (they have source text but no translation yet); none in the source language."""
    return build(case, lang, variant, ref, wording).untranslated


def untranslated_marker(lang: str, wording: Path | None = None) -> str:
    """The mark ("[to be translated]", «[à traduire]») as documents in ``lang`` print it."""
    return Phrases(check_language(lang), wording).untranslated_marker()


def document_title(reference: str | None, topic: str, fallback: str = "") -> str:
    """A document's title property: the reference and the topic, cut to Word's limit."""
    return fit(" — ".join(x for x in (reference, " ".join(topic.split())) if x) or fallback)


class _Builder:
    def __init__(self, case: Case, lang: str, ref: Any, *, public: bool,
                 wording: Path | None = None) -> None:
        self.case, self.lang, self.ref = case, lang, ref
        self.p = Phrases(lang, wording)
        self.texts = case.texts(lang)
        self.source = case.source_texts
        #: Texts missing in ``lang`` are shown marked, in the source language, only in a
        #: translation (the source language has nothing to fall back on).
        self.translating = lang != case.source_language
        self.untranslated: list[Untranslated] = []
        self.mandates = [ref.mandate(m) for m in case.mandates]
        #: Grammatical person of the letter: "I" for one holder, "we" for a joint letter and
        #: for a Working Group, which speaks as a body even when it signs alone.
        self.n = max(1, len(case.mandates))
        #: Who writes: "one" holder, "several" (a joint letter), or a "body" (a Working Group
        #: alone: "we", but one capacity and one resolution).
        self.who = "several" if self.n > 1 else "one"
        if self.n == 1 and self.mandates and self.mandates[0].signs_as == "chair":
            self.n, self.who = 2, "body"
        self.kind = case.kind
        self.is_state = case.recipient.type == "state"
        self.letter_day: date | None = case.dates.sent
        self.addressee = self.p.addressee(self.is_state)
        #: Persons whose consent does not cover this document are named by their label.
        self.redact = Redactor([p for p in case.persons if not may_name(p, public)], self.p,
                               Phrases(case.source_language, wording) if self.translating
                               else None)

    # ------------------------------------------------------------------ shared pieces
    def date(self, day: date | None) -> str | None:
        return format_date(day, self.lang) if day else None

    def government(self, code: str | None = None) -> str:
        """'the Government of X' for a State; the recipient's name otherwise."""
        if code is None:
            if not self.is_state:
                return self.case.recipient.name or ""
            code = self.case.recipient.state
        return self.ref.state(code).form(self.lang, "government")

    def recipient_name(self) -> str:
        if self.is_state:
            return self.ref.state(self.case.recipient.state).form(self.lang, "short")
        return self.case.recipient.name or ""

    def unit(self, key: str, target: str, source: str) -> str:
        """A text of the case in the document's language; one not translated yet is shown
        marked, in the source language, and counted."""
        if target.strip() or not self.translating or not source.strip():
            return target
        self.untranslated.append(Untranslated(key, source.strip()))
        return self.p.untranslated(source)

    def paragraphs(self, section: str) -> list[tuple[str, str]]:
        """(unit key, text) of each paragraph of ``section`` the document prints."""
        target = section_list(self.texts, section)
        source = section_list(self.source, section) if self.translating else []
        out = []
        for index in range(max(len(target), len(source))):
            key = f"{section}.{index}"
            text = self.unit(key, target[index] if index < len(target) else "",
                             source[index] if index < len(source) else "")
            if text.strip():
                out.append((key, text))
        return out

    def redacted(self, section: str, items: list[tuple[str, str]]) -> list[str]:
        return [self.redact(text, key, section) for key, text in items]

    def title_topic(self) -> str:
        """The topic for the document's title property: consent applies, nothing recorded."""
        topic = self.texts.topic.strip() or self.source.topic.strip()
        seen = len(self.redact.replacements)
        topic = self.redact(topic, "topic", "title")
        del self.redact.replacements[seen:]
        return topic

    def persons_intro(self) -> list[str]:
        """"Ms. X, role;" per person; a person the letter may not name is their label."""
        p, case, lines = self.p, self.case, []
        for i, x in enumerate(case.persons):
            last = i == len(case.persons) - 1
            honorific = p.honorific(x.gender) if x.kind == "person" else ""
            name = x.name_in(self.lang)
            role_key, name_key = f"persons.{x.id}.role", f"persons.{x.id}.name"
            role = self.unit(role_key, x.role.get(self.lang, ""),
                             x.role.get(case.source_language, ""))
            role = self.redact(role, role_key, "persons_intro", sentence_start=False)
            if may_name(x, public=False):
                # Redacted too: a name may hold a word of a withheld one (a shared surname).
                label = self.redact(p.honorific_name(honorific, name), name_key, "persons_intro")
            else:
                label = self.redact.label(x, p.honorific_name(honorific, name), name_key,
                                          "persons_intro")
            lines.append(p.person_intro("", label, role, last=last))
        return lines

    def related_paragraphs(self, written: list[str]) -> list[str]:
        """A sentence per earlier communication that the drafter's text does not cite yet
        (cited by its code, "KAZ 1/2024", with or without its kind)."""
        out = []
        for item in self.case.related:
            try:
                cited = parse_citation(item.reference)
            except ReferenceFormatError:
                continue  # the case file refused it already
            if any(_cites(paragraph, cited.code) for paragraph in written):
                continue
            code = cited.state
            forms = (self.ref.state(code).forms(self.lang)
                     if code != NON_STATE and code in self.ref.states else None)
            out.append(self.p.related(as_cited(item.reference), forms, self.date(item.date),
                                      self.date(item.reply)))
        return out

    def instrument_words(self) -> str:
        """The text an other letter comments on, as the letter names it."""
        instrument = self.case.instrument
        if instrument is None or not instrument.title.strip():
            return ""
        return self.p.instrument(instrument.stage, instrument.title,
                                 self.date(instrument.date) or self.p.undated())

    def signature(self, mandate: Any, day: date) -> dict[str, str]:
        """Who signs for a mandate on the letter's date, in the document's script, under the
        title as it stood that day (a Working Group: its Chair, as the Group styles it)."""
        holder = mandate.holder_on(day)
        gender = holder.gender if holder else None
        title = mandate.title_in(self.lang, gender, day)
        if mandate.signs_as == "chair":
            style = "vice-chair" if holder is not None and holder.role == "vice-chair" \
                else mandate.chair_title
            title = self.p.chair_title(mandate.line_in(self.lang, gender, day), gender, style)
        return {"name": holder.name_in(self.lang) if holder else "", "title": title}

    def cited_resolution(self, mandate: Any, day: date) -> tuple[str, str]:
        """(body, number) the opening cites for a mandate: the per-letter choice, else the
        latest resolution adopted on or before the letter's date."""
        chosen = self.case.resolutions.get(mandate.id)
        known = {r.number: r for r in mandate.resolutions}
        if chosen:
            return (known[chosen].body if chosen in known else "HRC", chosen)
        resolution = mandate.resolution_on(day if self.letter_day else None)
        return (resolution.body, resolution.number) if resolution else ("HRC", "—")

    # ------------------------------------------------------------------ the full letter
    def full(self) -> dict[str, Any]:
        p, n, case, texts = self.p, self.n, self.case, self.texts
        redact = self.redact
        day = self.letter_day or date.today()
        titles, capacities, resolutions, signatures = [], [], [], []
        for mandate in self.mandates:
            holder = mandate.holder_on(day)
            # A woman holder's title where the language marks it («la Rapporteuse spéciale»),
            # as the title stood on the letter's date.
            gender = holder.gender if holder else None
            titles.append(mandate.line_in(self.lang, gender, day))
            capacities.append(mandate.title_in(self.lang, gender, day))
            resolutions.append(self.cited_resolution(mandate, day))
            signatures.append(self.signature(mandate, day))
        persons_intro = self.persons_intro()
        questions = [(f"standard_questions.{qid}", self.ref.question(qid).text_in(self.lang))
                     for qid in case.standard_questions]
        questions += self.paragraphs("questions")
        background = self.paragraphs("background")
        allegations = self.paragraphs("allegations")
        concerns = self.paragraphs("concerns")
        related = self.related_paragraphs([text for _key, text in background])
        summary = self.unit("summary", texts.summary, self.source.summary)
        annex = [self.ref.clause(cid).text_in(self.lang) for cid in case.legal_framework]
        kind = self.kind
        instrument = self.instrument_words() if kind == "OL" else ""
        if kind == "OL" and instrument:
            lead_in = p.lead_in_comments(n, self.addressee, instrument, summary)
        else:
            lead_in = p.lead_in(n, self.addressee, summary)
        urgent = self.paragraphs("urgent_request") if kind == "UA" else []
        if kind == "OL":
            measures = p.review_invitation(n, self.addressee, instrument or "—")
            accountability = ""
        elif urgent:
            measures = p.urgent_measures(n, self.addressee)
            accountability = p.accountability(n, self.addressee)
        else:
            measures = p.interim_measures(n, self.addressee)
            accountability = ""
        return {
            "letterhead": LETTERHEAD,
            "t": p.labels(publication_practice(day)),
            "mandates_line": p.mandates_line(len(titles), p.join_mandates(titles)),
            # An old reference is printed whole, internal file codes and all.
            "reference": without_joint(case.reference) if case.reference else p.no_reference(),
            "reference_note": _spaced(p.reference_note()) if case.reference
            and publication_practice(day) == "website" else "",
            "date_line": self.date(self.letter_day) or p.undated(),
            "salutation": p.salutation(self.is_state),
            "opening": p.opening(self.who, p.join_mandates(capacities),
                                 p.resolutions(resolutions), p.join_mandates(titles)),
            "lead_in": redact(lead_in, "summary", "lead_in"),
            "persons_heading": p.persons_heading(len(persons_intro)) if persons_intro else "",
            "persons_intro": persons_intro,
            "background": self.redacted("background", background) + related,
            "allegations": self.redacted("allegations", allegations),
            "concerns_intro": p.concerns_intro(n, kind),
            "concerns": self.redacted("concerns", concerns),
            "legal_reference": p.legal_reference(n, kind),
            "questions_intro": p.questions_intro(n, self.addressee, kind),
            "questions": [{"number": f"{i}.", "text": redact(q, key, "questions")}
                          for i, (key, q) in enumerate(questions, 1)],
            "urgency": p.urgency(n, self.addressee) if kind == "UA" else "",
            "reply_request": p.reply_request(n, self.addressee, publication_practice(day)),
            "interim_measures": measures,
            "urgent_request": self.redacted("urgent_request", urgent),
            "accountability": accountability,
            "press_release": p.press_release(n, self.addressee) if case.press_release else "",
            "closing": p.closing(n, self.is_state),
            "signatures": signatures,
            "annex_intro": p.annex_intro(n, self.addressee),
            "annex": annex,
            # Which text of the case each paragraph list item comes from (None: written by
            # the tool), so that a reviewed document can be mapped back to the case.
            "unit_keys": {
                "lead_in": ["summary"],
                "background": _keys(background) + [None] * len(related),
                "allegations": _keys(allegations),
                "concerns": _keys(concerns),
                "questions": _keys(questions),
                "urgent_request": _keys(urgent),
            },
            "_topic": self.title_topic(),
        }

    # ------------------------------------------------------------------ the public summary
    def short(self) -> dict[str, Any]:
        p, case, texts = self.p, self.case, self.texts
        redact = self.redact
        lead = ""
        day = case.dates.sent or date.today()
        if self.mandates:
            holder = self.mandates[0].holder_on(day)
            lead = self.mandates[0].line_in(self.lang, holder.gender if holder else None, day)
        government = self.government()
        sent = self.date(case.dates.sent) or p.undated()
        forms = (self.ref.state(case.recipient.state).forms(self.lang) if self.is_state
                 else None)
        # "... and other United Nations experts" counts mandates, not grammatical person.
        sentences = [p.preamble_sent(len(self.mandates), lead, government, sent, forms),
                     p.preamble_confidential(self.is_state)
                     if publication_practice(day) == "website" else p.preamble_reported()]
        status = reply_status(case.dates.sent, case.dates.reply, case.dates.reply_kind)
        reply = self.date(case.dates.reply) or ""
        sentences.append({
            ReplyStatus.NONE_YET: lambda: p.reply_none(publication_practice(day)),
            ReplyStatus.WITHIN: lambda: p.reply_within(reply),
            ReplyStatus.AFTER_PUBLICATION: lambda: p.reply_after(reply),
            ReplyStatus.ACKNOWLEDGEMENT: lambda: p.reply_acknowledgement(reply),
        }[status]())
        update = self.paragraphs("update")
        background = self.paragraphs("public.background")
        allegations = self.paragraphs("public.allegations")
        concerns = self.paragraphs("public.concerns")
        related = self.related_paragraphs([text for _key, text in background])
        topic = self.unit("topic", texts.topic, self.source.topic)
        return {
            "t": p.labels(),
            "reply_status": str(status),
            # An old reference's internal file codes are not part of the summary's title.
            "title_line": p.summary_title(normalise(case.reference) if case.reference else None,
                                          self.recipient_name()),
            "preamble": p.sentences(sentences),
            "update": self.redacted("update", update),
            "shorter_version": p.shorter_version(),
            "topic_line": redact(p.topic_line(topic), "topic", "topic_line"),
            "background": self.redacted("background", background) + related,
            "allegations": self.redacted("allegations", allegations),
            "concerns": self.redacted("concerns", concerns),
            "unit_keys": {
                "topic_line": ["topic"],
                "update": _keys(update),
                "background": _keys(background) + [None] * len(related),
                "allegations": _keys(allegations),
                "concerns": _keys(concerns),
            },
            "_topic": self.title_topic(),
        }


def _spaced(note: str) -> str:
    """A note after the reference: a space before it, none before a full-width bracket."""
    return note if note.startswith(("（", "\u3000")) else " " + note


def _cites(paragraph: str, code: str) -> bool:
    """Whether a paragraph cites the communication ``code`` ("KAZ 1/2024"), whatever kind or
    spacing it gives it."""
    state, rest = code.split(" ", 1)
    return re.search(rf"\b{re.escape(state)}\s+{re.escape(rest)}(?!\d)", paragraph) is not None


def _keys(items: list[tuple[str, str]]) -> list[str]:
    """Unit keys of the paragraphs a document prints."""
    return [key for key, _text in items]
