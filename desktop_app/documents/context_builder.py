"""What a document says, piece by piece: the case's texts in the document's language, the
persons it may name, the recipient, who signs and which resolutions the opening cites.

:class:`Builder` holds one document's state (language, "I" or "we", the consent redactor, the
texts shown untranslated); :mod:`context_letter` and :mod:`context_summary` put its pieces
together into the full letter and the public summary, and :mod:`context` is the entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.documents.phrases import Phrases
from desktop_app.documents.redaction import Redactor
from desktop_app.domain.case import Case
from desktop_app.domain.consent import may_name
from desktop_app.domain.errors import ReferenceFormatError
from desktop_app.domain.references import NON_STATE, as_cited, parse_citation
from desktop_app.domain.translation import section_list
from desktop_app.i18n import format_date
from desktop_app.reference import Mandate, ReferenceData, State

#: From about this date, letters say that they and any reply will be published on the
#: communications website after 60 days, and head the reference "Ref.: … (Please use this
#: reference in your reply)"; before it, "REFERENCE: …" and publication through the
#: communications report to the Council. docs/LETTER-PRACTICE.md gives the evidence (2017
#: letters: the old practice; May 2019: the new one) and why the day is an estimate.
PUBLICATION_AFTER_60_DAYS = date(2019, 1, 1)


def publication_practice(day: date) -> str:
    """"website" (published after 60 days) or "report" (through the communications report)."""
    return "website" if day >= PUBLICATION_AFTER_60_DAYS else "report"


@dataclass(frozen=True)
class Untranslated:
    """A text of the case that a document shows with the "to be translated" mark."""

    key: str      # the translation unit ("allegations.2", "summary", "persons.p1.role")
    source: str   # its text in the case's source language


class Builder:
    """One document of a case in one language, built piece by piece."""

    def __init__(self, case: Case, lang: str, ref: ReferenceData, *, public: bool,
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
    def day_text(self, day: date | None) -> str | None:
        """A date as the document writes it in its language (Babel); None for no date."""
        return format_date(day, self.lang) if day else None

    def recipient_state(self) -> State:
        """The State a letter to a State goes to (the case file requires its code)."""
        return self.ref.state(self.case.recipient.state or "")

    def government(self, code: str | None = None) -> str:
        """'the Government of X' for a State; the recipient's name otherwise."""
        if code is not None:
            return self.ref.state(code).form(self.lang, "government")
        if not self.is_state:
            return self.case.recipient.name or ""
        return self.recipient_state().form(self.lang, "government")

    def recipient_name(self) -> str:
        if self.is_state:
            return self.recipient_state().form(self.lang, "short")
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
            out.append(self.p.related(as_cited(item.reference), forms, self.day_text(item.date),
                                      self.day_text(item.reply)))
        return out

    def instrument_words(self) -> str:
        """The text an other letter comments on, as the letter names it."""
        instrument = self.case.instrument
        if instrument is None or not instrument.title.strip():
            return ""
        return self.p.instrument(instrument.stage, instrument.title,
                                 self.day_text(instrument.date) or self.p.undated())

    def signature(self, mandate: Mandate, day: date) -> dict[str, str]:
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

    def cited_resolution(self, mandate: Mandate, day: date) -> tuple[str, str]:
        """(body, number) the opening cites for a mandate: the per-letter choice, else the
        latest resolution adopted on or before the letter's date."""
        chosen = self.case.resolutions.get(mandate.id)
        known = {r.number: r for r in mandate.resolutions}
        if chosen:
            return (known[chosen].body if chosen in known else "HRC", chosen)
        resolution = mandate.resolution_on(day if self.letter_day else None)
        return (resolution.body, resolution.number) if resolution else ("HRC", "—")


def _cites(paragraph: str, code: str) -> bool:
    """Whether a paragraph cites the communication ``code`` ("KAZ 1/2024"), whatever kind or
    spacing it gives it."""
    state, rest = code.split(" ", 1)
    return re.search(rf"\b{re.escape(state)}\s+{re.escape(rest)}(?!\d)", paragraph) is not None


def keys(items: list[tuple[str, str]]) -> list[str]:
    """Unit keys of the paragraphs a document prints."""
    return [key for key, _text in items]
