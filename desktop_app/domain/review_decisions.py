"""What the drafter does with a legal review: record a reviewed document as a round, then
accept or reject each proposed change and resolve each comment (``domain.review`` holds the
records). Accepting checks that the paragraph still says what the reviewer saw; otherwise it is
a :class:`~desktop_app.domain.review.ReviewConflict` and both texts are shown.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.case import Case
from desktop_app.domain.review import (
    ReviewChange,
    ReviewComment,
    ReviewConflict,
    ReviewError,
    ReviewRound,
)
from desktop_app.domain.translation import section_list, set_translation, unit_text, write_unit


# ---------------------------------------------------------------------- recording a round
def record_round(case: Case, *, file: str, imported: str, lang: str, variant: str,
                 exported_revision: int | None, comments: list[dict[str, Any]],
                 changes: list[dict[str, Any]]) -> tuple[ReviewRound, int, int]:
    """Add what a reviewed document holds as a new round. The same comment or change read a
    second time (the same file imported twice) is not added again. Returns the round and how
    many comments and changes were new."""
    review = case.review
    number = max((r.number for r in review.rounds), default=0) + 1
    seen_comments = {(c.author, c.date, c.text, c.anchor, c.key) for c in review.comments}
    seen_changes = {(c.key, c.after, c.original, c.proposed, c.lang) for c in review.changes}
    added_comments = added_changes = 0
    for item in comments:
        signature = (item.get("author", ""), item.get("date"), item.get("text", ""),
                     item.get("anchor", ""), item.get("key"))
        if signature in seen_comments:
            continue
        seen_comments.add(signature)
        added_comments += 1
        review.comments.append(ReviewComment(
            id=f"r{number}c{added_comments}", round=number, lang=lang, **item))
    for item in changes:
        signature = (item.get("key"), item.get("after"), item.get("original", ""),
                     item.get("proposed", ""), lang)
        if signature in seen_changes:
            continue
        seen_changes.add(signature)
        added_changes += 1
        review.changes.append(ReviewChange(
            id=f"r{number}s{added_changes}", round=number, lang=lang, **item))
    round_ = ReviewRound(number, file, imported, lang, variant, exported_revision)
    if added_comments or added_changes:
        review.rounds.append(round_)
    return round_, added_comments, added_changes


# ---------------------------------------------------------------------- deciding
def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def same_text(a: str, b: str) -> bool:
    """Equal but for spacing (Word and the layouts re-wrap whitespace)."""
    return " ".join(a.split()) == " ".join(b.split())


def accept_change(case: Case, change_id: str) -> ReviewChange:
    """Apply a reviewer's change to the case. Raises ReviewConflict when the paragraph was
    edited in the case after the review copy was made."""
    change = case.review.find_change(change_id)
    if change.status != "open":
        raise ReviewError(f"change {change.id} was already {change.status}")
    lang = change.lang
    texts = case.text.setdefault(lang, case.texts(lang))
    new = _paragraphs(change.proposed)
    if change.key is None:  # a paragraph added after a unit
        head, _, index = (change.after or "").rpartition(".")
        if not index.isdigit():
            raise ReviewError(f"change {change.id}: cannot tell where to add the paragraph")
        items = section_list(texts, head)
        position = min(int(index) + 1, len(items))
        items[position:position] = new
    elif change.key.startswith("standard_questions."):
        # The library's wording is shared by every case: the reviewer's version becomes a
        # question of this case, in place of the standard one.
        qid = change.key.split(".", 1)[1]
        if qid in case.standard_questions:
            case.standard_questions.remove(qid)
        texts.questions[0:0] = new
    else:
        current = unit_text(case, lang, change.key)
        if not same_text(current, change.original):
            raise ReviewConflict(change, current)
        head, _, index = change.key.rpartition(".")
        if index.isdigit():
            items = section_list(texts, head)
            position = int(index)
            items[position:position + 1] = new
        elif lang == case.source_language:
            write_unit(case, lang, change.key, " ".join(new))
        else:
            set_translation(case, lang, change.key, " ".join(new))
    change.status = "accepted"
    return change


def reject_change(case: Case, change_id: str) -> ReviewChange:
    change = case.review.find_change(change_id)
    if change.status != "open":
        raise ReviewError(f"change {change.id} was already {change.status}")
    change.status = "rejected"
    return change


def resolve_comment(case: Case, comment_id: str, *, reopen: bool = False) -> ReviewComment:
    comment = case.review.find_comment(comment_id)
    comment.status = "open" if reopen else "resolved"
    return comment
