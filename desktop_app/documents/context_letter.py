"""The full letter's context: letterhead, opening, the case's sections, requests, signatures."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.documents.context_builder import Builder, keys, publication_practice
from desktop_app.domain.references import without_joint

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


def letter_context(b: Builder) -> dict[str, Any]:
    """The context of the full letter that ``b`` builds."""
    p, n, case, texts = b.p, b.n, b.case, b.texts
    redact = b.redact
    day = b.letter_day or date.today()
    titles, capacities, resolutions, signatures = [], [], [], []
    for mandate in b.mandates:
        holder = mandate.holder_on(day)
        # A woman holder's title where the language marks it («la Rapporteuse spéciale»),
        # as the title stood on the letter's date.
        gender = holder.gender if holder else None
        titles.append(mandate.line_in(b.lang, gender, day))
        capacities.append(mandate.title_in(b.lang, gender, day))
        resolutions.append(b.cited_resolution(mandate, day))
        signatures.append(b.signature(mandate, day))
    persons_intro = b.persons_intro()
    questions = [(f"standard_questions.{qid}", b.ref.question(qid).text_in(b.lang))
                 for qid in case.standard_questions]
    questions += b.paragraphs("questions")
    background = b.paragraphs("background")
    allegations = b.paragraphs("allegations")
    concerns = b.paragraphs("concerns")
    related = b.related_paragraphs([text for _key, text in background])
    summary = b.unit("summary", texts.summary, b.source.summary)
    annex = [b.ref.clause(cid).text_in(b.lang) for cid in case.legal_framework]
    kind = b.kind
    instrument = b.instrument_words() if kind == "OL" else ""
    if kind == "OL" and instrument:
        lead_in = p.lead_in_comments(n, b.addressee, instrument, summary)
    else:
        lead_in = p.lead_in(n, b.addressee, summary)
    urgent = b.paragraphs("urgent_request") if kind == "UA" else []
    if kind == "OL":
        measures = p.review_invitation(n, b.addressee, instrument or "—")
        accountability = ""
    elif urgent:
        measures = p.urgent_measures(n, b.addressee)
        accountability = p.accountability(n, b.addressee)
    else:
        measures = p.interim_measures(n, b.addressee)
        accountability = ""
    return {
        "letterhead": LETTERHEAD,
        "t": p.labels(publication_practice(day)),
        "mandates_line": p.mandates_line(len(titles), p.join_mandates(titles)),
        # An old reference is printed whole, internal file codes and all.
        "reference": without_joint(case.reference) if case.reference else p.no_reference(),
        "reference_note": _spaced(p.reference_note()) if case.reference
        and publication_practice(day) == "website" else "",
        "date_line": b.day_text(b.letter_day) or p.undated(),
        "salutation": p.salutation(b.is_state),
        "opening": p.opening(b.who, p.join_mandates(capacities),
                             p.resolutions(resolutions), p.join_mandates(titles)),
        "lead_in": redact(lead_in, "summary", "lead_in"),
        "persons_heading": p.persons_heading(len(persons_intro)) if persons_intro else "",
        "persons_intro": persons_intro,
        "background": b.redacted("background", background) + related,
        "allegations": b.redacted("allegations", allegations),
        "concerns_intro": p.concerns_intro(n, kind),
        "concerns": b.redacted("concerns", concerns),
        "legal_reference": p.legal_reference(n, kind),
        "questions_intro": p.questions_intro(n, b.addressee, kind),
        "questions": [{"number": f"{i}.", "text": redact(q, key, "questions")}
                      for i, (key, q) in enumerate(questions, 1)],
        "urgency": p.urgency(n, b.addressee) if kind == "UA" else "",
        "reply_request": p.reply_request(n, b.addressee, publication_practice(day)),
        "interim_measures": measures,
        "urgent_request": b.redacted("urgent_request", urgent),
        "accountability": accountability,
        "press_release": p.press_release(n, b.addressee) if case.press_release else "",
        "closing": p.closing(n, b.is_state),
        "signatures": signatures,
        "annex_intro": p.annex_intro(n, b.addressee),
        "annex": annex,
        # Which text of the case each paragraph list item comes from (None: written by
        # the tool), so that a reviewed document can be mapped back to the case.
        "unit_keys": {
            "lead_in": ["summary"],
            "background": keys(background) + [None] * len(related),
            "allegations": keys(allegations),
            "concerns": keys(concerns),
            "questions": keys(questions),
            "urgent_request": keys(urgent),
        },
        "_topic": b.title_topic(),
    }


def _spaced(note: str) -> str:
    """A note after the reference: a space before it, none before a full-width bracket."""
    return note if note.startswith(("（", "\u3000")) else " " + note

