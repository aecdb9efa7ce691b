"""One function builds what a document says: (case, language, variant, reference data) -> context.

All language work happens here: dates through Babel, the State in the grammatical form the
sentence needs, mandate titles and resolutions, honorifics from gender, "I" or "we" from the
number of signing mandates, and every fixed sentence from the ``letters`` catalog. Consent is
applied here too: a person whose consent does not cover a document is not named in it, and the
case's source is never read.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop_app.documents.errors import DocumentError
from desktop_app.documents.phrases import Phrases
from desktop_app.domain.case import Case, Person
from desktop_app.domain.consent import public_label
from desktop_app.domain.deadlines import ReplyStatus, reply_status
from desktop_app.domain.errors import ReferenceFormatError
from desktop_app.domain.references import NON_STATE, parse_reference
from desktop_app.i18n import check_language, format_date, is_rtl

VARIANTS = ("full", "short")

#: The organisation's bilingual letterhead: the same on every letter, whatever its language.
LETTERHEAD = {
    "left_org": "NATIONS UNIES",
    "left_office": "HAUT-COMMISSARIAT AUX DROITS DE L'HOMME",
    "right_org": "UNITED NATIONS",
    "right_office": "OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS",
    "address": "PALAIS DES NATIONS • 1211 GENEVA 10, SWITZERLAND",
}

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


def build_context(case: Case, lang: str, variant: str, ref: Any) -> dict[str, Any]:
    """The rendering context of ``variant`` ("full" or "short") of ``case`` in ``lang``."""
    check_language(lang)
    if variant not in VARIANTS:
        raise DocumentError(f"unknown variant {variant!r}: use full or short")
    if lang not in case.text:
        raise DocumentError(
            f"the case has no text in {lang!r} yet (it has: {', '.join(sorted(case.text)) or 'none'})"
        )
    builder = _Builder(case, lang, ref)
    context = builder.full() if variant == "full" else builder.short()
    context.update(lang=lang, rtl=is_rtl(lang), variant=variant)
    return sanitize(context)


class _Builder:
    def __init__(self, case: Case, lang: str, ref: Any) -> None:
        self.case, self.lang, self.ref = case, lang, ref
        self.p = Phrases(lang)
        self.texts = case.texts(lang)
        self.mandates = [ref.mandate(m) for m in case.mandates]
        #: Grammatical person of the letter: "I" for one holder, "we" for a joint letter and
        #: for a Working Group, which speaks as a body even when it signs alone.
        self.n = max(1, len(case.mandates))
        if self.n == 1 and self.mandates and self.mandates[0].signs_as == "chair":
            self.n = 2
        self.is_state = case.recipient.type == "state"
        self.letter_day: date | None = case.dates.sent
        self.addressee = self.p.addressee(self.is_state)

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

    def hidden(self, public: bool) -> list[Person]:
        """Persons whose consent does not cover this document."""
        return [p for p in self.case.persons
                if not (p.consent_public if public else p.consent_state)]

    def redactor(self, public: bool):
        """Replace the names of persons who may not be named with their public label."""
        pairs: list[tuple[re.Pattern[str], str]] = []
        for person in self.hidden(public):
            label = public_label(person)
            for name in {person.name, person.name_in(self.lang)}:
                pairs.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), label))
                for part in re.split(r"[\s·・]+", name):
                    if len(part) > 2:
                        pairs.append((_name_pattern(part, self.lang), label))

        def redact(text: str) -> str:
            for pattern, label in pairs:
                text = pattern.sub(label, text)
            return text

        return redact

    def related_paragraphs(self, written: list[str]) -> list[str]:
        """A sentence per earlier communication that the drafter's text does not cite yet."""
        out = []
        for item in self.case.related:
            if any(item.reference in paragraph for paragraph in written):
                continue
            try:
                code = parse_reference(item.reference).state
            except ReferenceFormatError:
                code = NON_STATE
            forms = self.ref.state(code).forms(self.lang) if code != NON_STATE else None
            out.append(self.p.related(item.reference, forms, self.date(item.date),
                                      self.date(item.reply)))
        return out

    # ------------------------------------------------------------------ the full letter
    def full(self) -> dict[str, Any]:
        p, n, case, texts = self.p, self.n, self.case, self.texts
        redact = self.redactor(public=False)
        year = (self.letter_day or date.today()).year
        titles, capacities, resolutions, signatures = [], [], [], []
        for mandate in self.mandates:
            holder = mandate.holder_on(self.letter_day or date.today())
            # A woman holder's title where the language marks it («la Rapporteuse spéciale»).
            gender = holder.gender if holder else None
            titles.append(mandate.line_in(self.lang, gender))
            capacities.append(mandate.title_in(self.lang, gender))
            resolution = mandate.resolution_on(year)
            resolutions.append(resolution.number if resolution else "—")
            title = mandate.title_in(self.lang, gender)
            if mandate.signs_as == "chair":
                title = p.chair_title(mandate.line_in(self.lang, gender), gender)
            signatures.append({"name": holder.name if holder else "", "title": title})
        persons_intro = [
            redact(p.person_intro(p.honorific(x.gender) if x.kind == "person" else "",
                                  x.name_in(self.lang), x.role.get(self.lang, ""),
                                  last=i == len(case.persons) - 1))
            for i, x in enumerate(case.persons)
        ]
        questions = [q.text_in(self.lang) for q in
                     (self.ref.question(qid) for qid in case.standard_questions)]
        questions += [q for q in texts.questions if q.strip()]
        related = self.related_paragraphs(texts.background)
        annex = [self.ref.clause(cid).text_in(self.lang) for cid in case.legal_framework]
        return {
            "letterhead": LETTERHEAD,
            "t": p.labels(),
            "mandates_line": p.mandates_line(len(titles), p.join_mandates(titles)),
            "reference": case.reference or p.no_reference(),
            "date_line": self.date(self.letter_day) or p.undated(),
            "salutation": p.salutation(self.is_state),
            "opening": p.opening(n, p.join_mandates(capacities), p.join(resolutions),
                                 p.join_mandates(titles)),
            "lead_in": redact(p.lead_in(n, self.addressee, texts.summary)),
            "persons_heading": p.persons_heading(len(persons_intro)) if persons_intro else "",
            "persons_intro": persons_intro,
            "background": [redact(x) for x in texts.background if x.strip()]
            + related,
            "allegations": [redact(x) for x in texts.allegations if x.strip()],
            "concerns_intro": p.concerns_intro(n),
            "concerns": [redact(x) for x in texts.concerns if x.strip()],
            "legal_reference": p.legal_reference(n),
            "questions_intro": p.questions_intro(n, self.addressee),
            "questions": [{"number": f"{i}.", "text": redact(q)}
                          for i, q in enumerate(questions, 1)],
            "reply_request": p.reply_request(n, self.addressee),
            "interim_measures": p.interim_measures(n, self.addressee),
            "press_release": p.press_release(n, self.addressee) if case.press_release else "",
            "closing": p.closing(n, self.is_state),
            "signatures": signatures,
            "annex_intro": p.annex_intro(n, self.addressee),
            "annex": annex,
            # Which text of the case each paragraph list item comes from (None: written by
            # the tool), so that a reviewed document can be mapped back to the case.
            "unit_keys": {
                "lead_in": ["summary"],
                "background": _keys("background", texts.background) + [None] * len(related),
                "allegations": _keys("allegations", texts.allegations),
                "concerns": _keys("concerns", texts.concerns),
                "questions": [f"standard_questions.{qid}" for qid in case.standard_questions]
                + _keys("questions", texts.questions),
            },
        }

    # ------------------------------------------------------------------ the public summary
    def short(self) -> dict[str, Any]:
        p, case, texts = self.p, self.case, self.texts
        redact = self.redactor(public=True)
        lead = ""
        if self.mandates:
            holder = self.mandates[0].holder_on(case.dates.sent or date.today())
            lead = self.mandates[0].line_in(self.lang, holder.gender if holder else None)
        government = self.government()
        sent = self.date(case.dates.sent) or p.undated()
        forms = (self.ref.state(case.recipient.state).forms(self.lang) if self.is_state
                 else None)
        # "... and other United Nations experts" counts mandates, not grammatical person.
        sentences = [p.preamble_sent(len(self.mandates), lead, government, sent, forms),
                     p.preamble_confidential(self.is_state)]
        status = reply_status(case.dates.sent, case.dates.reply, case.dates.reply_kind)
        reply = self.date(case.dates.reply) or ""
        sentences.append({
            ReplyStatus.NONE_YET: lambda: p.reply_none(),
            ReplyStatus.WITHIN: lambda: p.reply_within(reply),
            ReplyStatus.AFTER_PUBLICATION: lambda: p.reply_after(reply),
            ReplyStatus.ACKNOWLEDGEMENT: lambda: p.reply_acknowledgement(reply),
        }[status]())
        public = texts.public
        related = self.related_paragraphs(public.background)
        return {
            "t": p.labels(),
            "reply_status": str(status),
            "title_line": p.summary_title(case.reference, self.recipient_name()),
            "preamble": p.sentences(sentences),
            "update": [redact(x) for x in texts.update if x.strip()],
            "shorter_version": p.shorter_version(),
            "topic_line": redact(p.topic_line(texts.topic)),
            "background": [redact(x) for x in public.background if x.strip()]
            + related,
            "allegations": [redact(x) for x in public.allegations if x.strip()],
            "concerns": [redact(x) for x in public.concerns if x.strip()],
            "unit_keys": {
                "topic_line": ["topic"],
                "update": _keys("update", texts.update),
                "background": _keys("public.background", public.background)
                + [None] * len(related),
                "allegations": _keys("public.allegations", public.allegations),
                "concerns": _keys("public.concerns", public.concerns),
            },
        }


def _name_pattern(part: str, lang: str) -> re.Pattern[str]:
    """A part of a name as a text in ``lang`` may write it. Russian declines names
    («Смаилова», «Смаиловой», «Смаиловым»): the stem is matched with any ending."""
    if lang == "ru" and len(part) > 3 and part[-1] in "аяоеиыйь":
        return re.compile(rf"(?<!\w){re.escape(part[:-1])}\w{{0,3}}(?!\w)")
    if lang == "ru":
        return re.compile(rf"(?<!\w){re.escape(part)}\w{{0,3}}(?!\w)")
    if lang == "zh":  # no spaces between words
        return re.compile(re.escape(part))
    return re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")


def _keys(section: str, paragraphs: list[str]) -> list[str]:
    """Unit keys of the paragraphs a document prints (empty ones are skipped)."""
    return [f"{section}.{i}" for i, text in enumerate(paragraphs) if text.strip()]
