"""The public summary's context: title, preamble, the reply's status, the public texts."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.documents.context_builder import Builder, keys, publication_practice
from desktop_app.domain.deadlines import ReplyStatus, reply_status
from desktop_app.domain.references import normalise


def summary_context(b: Builder) -> dict[str, Any]:
    """The context of the public summary that ``b`` builds."""
    p, case, texts = b.p, b.case, b.texts
    redact = b.redact
    lead = ""
    day = case.dates.sent or date.today()
    if b.mandates:
        holder = b.mandates[0].holder_on(day)
        lead = b.mandates[0].line_in(b.lang, holder.gender if holder else None, day)
    government = b.government()
    sent = b.day_text(case.dates.sent) or p.undated()
    forms = b.recipient_state().forms(b.lang) if b.is_state else None
    # "... and other United Nations experts" counts mandates, not grammatical person.
    sentences = [p.preamble_sent(len(b.mandates), lead, government, sent, forms),
                 p.preamble_confidential(b.is_state)
                 if publication_practice(day) == "website" else p.preamble_reported()]
    status = reply_status(case.dates.sent, case.dates.reply, case.dates.reply_kind)
    reply = b.day_text(case.dates.reply) or ""
    sentences.append({
        ReplyStatus.NONE_YET: lambda: p.reply_none(publication_practice(day)),
        ReplyStatus.WITHIN: lambda: p.reply_within(reply),
        ReplyStatus.AFTER_PUBLICATION: lambda: p.reply_after(reply),
        ReplyStatus.ACKNOWLEDGEMENT: lambda: p.reply_acknowledgement(reply),
    }[status]())
    update = b.paragraphs("update")
    background = b.paragraphs("public.background")
    allegations = b.paragraphs("public.allegations")
    concerns = b.paragraphs("public.concerns")
    related = b.related_paragraphs([text for _key, text in background])
    topic = b.unit("topic", texts.topic, b.source.topic)
    return {
        "t": p.labels(),
        "reply_status": str(status),
        # An old reference's internal file codes are not part of the summary's title.
        "title_line": p.summary_title(normalise(case.reference) if case.reference else None,
                                      b.recipient_name()),
        "preamble": p.sentences(sentences),
        "update": b.redacted("update", update),
        "shorter_version": p.shorter_version(),
        "topic_line": redact(p.topic_line(topic), "topic", "topic_line"),
        "background": b.redacted("background", background) + related,
        "allegations": b.redacted("allegations", allegations),
        "concerns": b.redacted("concerns", concerns),
        "unit_keys": {
            "topic_line": ["topic"],
            "update": keys(update),
            "background": keys(background) + [None] * len(related),
            "allegations": keys(allegations),
            "concerns": keys(concerns),
        },
        "_topic": b.title_topic(),
    }

