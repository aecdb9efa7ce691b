"""Legal review rounds: reviewers' comments and proposed changes, kept with the case.

This module holds the records (what ``Case.review`` is); ``domain.review_decisions`` records a
round and accepts, rejects or resolves. A review round is one reviewed document read back into the case: who commented what, on which
text of the case (a unit key such as ``allegations.2``, as in ``domain.translation``), and which
paragraphs the reviewer changed. Nothing a reviewer proposes changes the case by itself: each
change is accepted or rejected by the drafter, and accepting it checks that the paragraph still
says what the reviewer saw (otherwise it is a conflict, and both texts are shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.domain.languages import LANGUAGES

COMMENT_STATUSES = ("open", "resolved")
CHANGE_STATUSES = ("open", "accepted", "rejected")


class ReviewError(CommdraftError):
    pass


class ReviewConflict(ReviewError):
    """The paragraph changed in the case after the review copy was made."""

    def __init__(self, change: ReviewChange, current: str) -> None:
        self.change, self.current = change, current
        super().__init__(
            f"change {change.id}: {change.key} was edited in the case after the review copy "
            f"was exported. Reviewer saw: {_short(change.original)!r}; the case now says: "
            f"{_short(current)!r}. Merge it by hand, then reject the change.")


def _short(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _text(data: dict[str, Any], key: str, path: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise CaseFormatError(f"{path}.{key}", "must be text")
    return value


def _opt_text(data: dict[str, Any], key: str, path: str) -> str:
    """Text that may be absent ("" then), never another type."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CaseFormatError(f"{path}.{key}", "must be text")
    return value


def _lang(data: dict[str, Any], path: str) -> str:
    lang = data.get("lang") or "en"
    if lang not in LANGUAGES:
        raise CaseFormatError(f"{path}.lang", f"unknown language; use one of "
                              f"{', '.join(LANGUAGES)} (got {str(lang)[:20]!r})")
    return lang


#: A unit of the case ("allegations.2", "public.concerns.0", "persons.<id>.role", "topic") or
#: a standard question ("standard_questions.gov-protection", "standard_questions.#2").
_UNIT_KEY = re.compile(
    r"^(topic|summary|(public\.)?[a-z_]+\.\d{1,4}|persons\.[A-Za-z0-9_.-]{1,64}\.(role|name)|"
    r"standard_questions\.(#\d{1,4}|[a-z0-9][a-z0-9-]{0,63}))$")


def _key(data: dict[str, Any], path: str) -> str | None:
    key: str | None = _text(data, "key", path, optional=True)
    if key is not None and not _UNIT_KEY.fullmatch(key):
        raise CaseFormatError(f"{path}.key", f"is not a text of the case (got {key[:40]!r})")
    return key


def _status_and_round(data: Any, path: str, statuses: tuple[str, ...]) -> tuple[str, int]:
    if not isinstance(data, dict):
        raise CaseFormatError(path, "must be an object")
    status = data.get("status", "open")
    if status not in statuses:
        raise CaseFormatError(f"{path}.status", f"use one of {', '.join(statuses)}")
    round_ = data.get("round")
    if not isinstance(round_, int) or isinstance(round_, bool) or round_ < 1:
        raise CaseFormatError(f"{path}.round", "must be a whole number from 1")
    return status, round_


@dataclass
class ReviewComment:
    id: str
    round: int
    author: str
    text: str
    key: str | None = None       # the unit of the case; None: the tool's fixed wording
    anchor: str = ""             # the words the comment is attached to
    paragraph: str = ""
    initials: str = ""
    date: str | None = None
    lang: str = "en"
    status: str = "open"

    FIELDS = ("id", "round", "author", "text", "key", "anchor", "paragraph", "initials", "date",
              "lang", "status")

    @classmethod
    def from_dict(cls, data: Any, path: str) -> ReviewComment:
        status, round_ = _status_and_round(data, path, COMMENT_STATUSES)
        return cls(id=_text(data, "id", path), round=round_, author=_text(data, "author", path),
                   text=_text(data, "text", path), key=_key(data, path),
                   anchor=_opt_text(data, "anchor", path),
                   paragraph=_opt_text(data, "paragraph", path),
                   initials=_opt_text(data, "initials", path),
                   date=_text(data, "date", path, optional=True),
                   lang=_lang(data, path), status=status)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}


@dataclass
class ReviewChange:
    id: str
    round: int
    key: str | None              # the unit changed; None for a paragraph added after ``after``
    original: str
    proposed: str
    after: str | None = None
    tracked: bool = True         # False: the reviewer edited with change tracking off
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    lang: str = "en"
    status: str = "open"

    FIELDS = ("id", "round", "key", "original", "proposed", "after", "tracked", "authors",
              "date", "lang", "status")

    @classmethod
    def from_dict(cls, data: Any, path: str) -> ReviewChange:
        status, round_ = _status_and_round(data, path, CHANGE_STATUSES)
        authors = data.get("authors") or []
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise CaseFormatError(f"{path}.authors", "must be a list of names")
        tracked = data.get("tracked", True)
        if not isinstance(tracked, bool):
            raise CaseFormatError(f"{path}.tracked", "must be true or false")
        return cls(id=_text(data, "id", path), round=round_, key=_key(data, path),
                   original=_text(data, "original", path), proposed=_text(data, "proposed", path),
                   after=_text(data, "after", path, optional=True),
                   tracked=tracked, authors=list(authors),
                   date=_text(data, "date", path, optional=True), lang=_lang(data, path),
                   status=status)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}


@dataclass
class ReviewRound:
    number: int
    file: str
    imported: str                # ISO date and time
    lang: str
    variant: str
    exported_revision: int | None = None

    FIELDS = ("number", "file", "imported", "lang", "variant", "exported_revision")

    @classmethod
    def from_dict(cls, data: Any, path: str) -> ReviewRound:
        if not isinstance(data, dict) or not isinstance(data.get("number"), int) \
                or isinstance(data.get("number"), bool) or data["number"] < 1:
            raise CaseFormatError(path, "must be an object with a whole-number 'number' from 1")
        variant = data.get("variant") or "full"
        if variant not in ("full", "short"):
            raise CaseFormatError(f"{path}.variant", "use full or short")
        exported = data.get("exported_revision")
        if exported is not None and (not isinstance(exported, int) or isinstance(exported, bool)
                                     or exported < 1):
            raise CaseFormatError(f"{path}.exported_revision", "must be a revision number or null")
        return cls(number=data["number"], file=_opt_text(data, "file", path),
                   imported=_opt_text(data, "imported", path), lang=_lang(data, path),
                   variant=variant, exported_revision=exported)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}


@dataclass
class Review:
    rounds: list[ReviewRound] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    changes: list[ReviewChange] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any, path: str = "review") -> Review:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise CaseFormatError(path, "must be an object")
        def items(key: str) -> list[Any]:
            value = data.get(key) or []
            if not isinstance(value, list):
                raise CaseFormatError(f"{path}.{key}", "must be a list")
            return value
        review = cls(
            rounds=[ReviewRound.from_dict(x, f"{path}.rounds[{i}]")
                    for i, x in enumerate(items("rounds"))],
            comments=[ReviewComment.from_dict(x, f"{path}.comments[{i}]")
                      for i, x in enumerate(items("comments"))],
            changes=[ReviewChange.from_dict(x, f"{path}.changes[{i}]")
                     for i, x in enumerate(items("changes"))],
        )
        for name, ids in (("comments", [c.id for c in review.comments]),
                          ("changes", [c.id for c in review.changes])):
            seen: set[str] = set()
            for index, record_id in enumerate(ids):
                if record_id in seen:  # decisions name them by id: one id, one record
                    raise CaseFormatError(f"{path}.{name}[{index}].id",
                                          f"{record_id!r} is used twice")
                seen.add(record_id)
        return review

    def to_dict(self) -> dict[str, Any]:
        return {"rounds": [r.to_dict() for r in self.rounds],
                "comments": [c.to_dict() for c in self.comments],
                "changes": [c.to_dict() for c in self.changes]}

    def is_empty(self) -> bool:
        return not (self.rounds or self.comments or self.changes)

    def open_items(self) -> tuple[list[ReviewComment], list[ReviewChange]]:
        return ([c for c in self.comments if c.status == "open"],
                [c for c in self.changes if c.status == "open"])

    def find_change(self, change_id: str) -> ReviewChange:
        for change in self.changes:
            if change.id == change_id:
                return change
        raise ReviewError(f"no proposed change {change_id!r} in this case "
                          f"(it has: {', '.join(c.id for c in self.changes) or 'none'})")

    def find_comment(self, comment_id: str) -> ReviewComment:
        for comment in self.comments:
            if comment.id == comment_id:
                return comment
        raise ReviewError(f"no comment {comment_id!r} in this case "
                          f"(it has: {', '.join(c.id for c in self.comments) or 'none'})")
