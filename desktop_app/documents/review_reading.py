"""Reading a reviewed copy back: the reviewers' comments and tracked changes, per unit of the case.

:func:`read_review` collects each comment with its author, date, the words it is anchored to
and the unit key of its paragraph (from the bookmarks :mod:`review_marks` put around the
drafter's paragraphs); and each changed paragraph, with the text before and after the
reviewer's tracked insertions and deletions. ``paragraph.text`` in python-docx drops tracked
insertions, so paragraphs are read from their w:t, w:delText, w:ins and w:del elements
directly. The redline's own changes (by :data:`redline.REDLINE_AUTHOR`) are part of the case's
text already. What a reviewed copy may bring back is bounded (:data:`MAX_ITEMS`, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.parts.comments import CommentsPart
from lxml import etree

from desktop_app.documents.errors import WordFileError
from desktop_app.documents.properties import CoreProperties
from desktop_app.documents.reading import (
    damaged,
    paragraph_text,
    parse_word_file,
    read_word_file,
)
from desktop_app.documents.redline import REDLINE_AUTHOR
from desktop_app.documents.review_marks import (
    BOOKMARK_PREFIX,
    IDENTIFIER_PREFIX,
    SECTIONS,
    key_of_bookmark,
    strip_number,
)
from desktop_app.domain.languages import LANGUAGES
from desktop_app.domain.notices import Notice

_P, _T, _DEL_T, _INS, _DEL = qn("w:p"), qn("w:t"), qn("w:delText"), qn("w:ins"), qn("w:del")
_TAB, _BR = qn("w:tab"), qn("w:br")
_B_START, _B_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_C_START, _C_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_C_REF = qn("w:commentReference")
_NBH = qn("w:noBreakHyphen")
_W_ID, _W_NAME, _W_AUTHOR, _W_DATE = qn("w:id"), qn("w:name"), qn("w:author"), qn("w:date")


class ReviewFileError(WordFileError):
    """A file that cannot be read back as a review copy: says which and why (coded)."""


#: Bounds of what a reviewed copy brings back. A legal review leaves tens of comments and changes;
#: a file with thousands is not a review (and each would be written into the case).
MAX_ITEMS = 5000
#: Characters kept of the words a comment is anchored to, and of the paragraph it sits in.
MAX_ANCHOR = 2000
MAX_CONTEXT = 10000
#: Ignored bookmark names named in the warning (the count says how many there are).
_NAMED = 6
#: A case id as the store writes them (``domain.case``): anything else names no case.
_CASE_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_REVISION = re.compile(r"[0-9]{1,9}")


@dataclass
class FoundComment:
    comment_id: str
    author: str
    initials: str
    date: str | None
    text: str
    anchor: str          # the words the comment is attached to
    key: str | None      # the unit of the case, None for the tool's own wording
    paragraph: str       # the paragraph it sits in (as the reviewer left it)


@dataclass
class FoundChange:
    key: str | None          # the unit changed; None for a paragraph the reviewer added
    after: str | None        # for an added paragraph: the unit it follows
    original: str            # the paragraph without the reviewer's insertions
    proposed: str            # the paragraph with them, without the deletions
    tracked: bool            # False: edited with change tracking off
    authors: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class ReviewedDocument:
    case_id: str
    revision: int | None
    lang: str | None
    variant: str
    comments: list[FoundComment]
    changes: list[FoundChange]
    #: Paragraph text as the reviewer left it, per unit key (tracked changes accepted).
    texts: dict[str, str]
    #: Bookmarks that look like commdraft's but name no paragraph (garbage, an index out of
    #: range, a second bookmark of the same name): ignored, their paragraphs read as the tool's
    #: own wording. Their names, cut and made printable.
    ignored_bookmarks: list[str] = field(default_factory=list)
    #: What the drafter should know about the file, coded (``review.bookmarks_ignored``).
    warnings: list[Notice] = field(default_factory=list)


_VIEW_TAGS = (_INS, _DEL, _T, _DEL_T, _TAB, _BR, _NBH)


def _views(p: Any) -> tuple[str, str, list[str], str | None]:
    """(original, proposed, authors, latest date) of a paragraph with tracked changes.

    One walk of the paragraph, keeping the tracked changes around the current element on a
    stack (the innermost decides): linear however deep the changes are nested."""
    original, proposed = [], []
    authors: dict[str, None] = {}
    latest: str | None = None
    around: list[tuple[str, Any]] = []
    for event, el in etree.iterwalk(p, events=("start", "end"), tag=_VIEW_TAGS):
        tag = el.tag
        if tag in (_INS, _DEL):
            if event == "start":
                # The redline's own marks are already part of the case's text.
                ours = (el.get(_W_AUTHOR) or "").startswith(REDLINE_AUTHOR)
                kind = ("ours-ins" if tag == _INS else "ours-del") if ours else tag
                around.append((kind, el))
            elif around:
                around.pop()
            continue
        if event != "start":
            continue
        if tag in (_T, _DEL_T):
            text = el.text or ""
        else:
            text = {_TAB: "\t", _NBH: "-"}.get(tag, "\n")
        where = None
        if around:
            where, mark = around[-1]
            if where in (_INS, _DEL):
                author = mark.get(_W_AUTHOR)
                if author:
                    authors.setdefault(author, None)
                date = mark.get(_W_DATE)
                if date and (latest is None or date > latest):
                    latest = date
        if where == "ours-del":
            continue
        if where != _INS:
            original.append(text)
        if where != _DEL and tag != _DEL_T:
            proposed.append(text)
    return _plain("".join(original)), _plain("".join(proposed)), list(authors), latest


def _is_inserted_paragraph(p: Any) -> bool:
    """A paragraph the reviewer added with tracking on: its mark is in w:rPr/w:ins."""
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    return rpr is not None and rpr.find(_INS) is not None



def _plain(text: str) -> str:
    """Text read back into the case: the no-break spaces the layout put in dates, references
    and names are ordinary spaces in the case."""
    return text.replace("\u00a0", " ")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _shown(name: str) -> str:
    """A bookmark name as a warning may show it: printable, at most 40 characters."""
    return "".join(c if c.isprintable() else "?" for c in _cut(name, 40))


def _language(value: str) -> str | None:
    """The copy's language property as one of the case's languages ("en-US" is "en")."""
    lang = value.strip().split("-")[0].lower()
    return lang if lang in LANGUAGES else None


def read_review(path: Path) -> ReviewedDocument:
    """Everything a reviewer left in a review copy, mapped to the units of the case.

    The file is read under the bounds of :func:`reading.read_word_file` (a zip bomb or a DTD is
    refused before anything parses it). Raises a :class:`WordFileError` (coded; a
    :class:`ReviewFileError` when the document is not a review copy), never another error."""
    path = Path(path)
    package = read_word_file(path)
    document = parse_word_file(path, package)
    try:
        return _read(path, package, document)
    except (WordFileError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx reads a value it cannot parse
        raise damaged(path, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
                      ) from None


def _read(path: Path, package: bytes, document: Any) -> ReviewedDocument:
    props = CoreProperties.read(package, document)
    identifier = props.identifier.strip()
    case_id = identifier[len(IDENTIFIER_PREFIX):] if identifier.startswith(
        IDENTIFIER_PREFIX) else ""
    if not _CASE_ID.fullmatch(case_id):
        raise ReviewFileError(
            f"{path}: this document is not a commdraft review copy (its properties name no "
            "case). Export a review copy from the case, and send that one for comment.",
            code="review.not_review_copy", params={"file": str(path)})
    version = props.version.strip()
    revision = int(version) if _REVISION.fullmatch(version) else None
    variant = props.category if props.category in SECTIONS else "full"

    paragraphs = list(document.element.body.iter(_P))
    # Which bookmark each paragraph is in: between a cd_ bookmark's start and its end. A name
    # that is not one of ours is ignored; so is a name that two bookmarks carry (Word keeps
    # bookmark names unique: which of the two is the paragraph's cannot be told).
    counts: dict[str, int] = {}
    for p in paragraphs:
        for el in p.iter(_B_START):
            name = el.get(_W_NAME) or ""
            if name.startswith(BOOKMARK_PREFIX):
                counts[name] = counts.get(name, 0) + 1
    ignored = {_shown(name): None for name, count in counts.items()
               if count > 1 or key_of_bookmark(name) is None}
    key_of: dict[int, str] = {}
    open_marks: dict[str | None, str] = {}
    for p in paragraphs:
        for el in p.iter(_B_START):
            name = el.get(_W_NAME) or ""
            if counts.get(name) == 1 and key_of_bookmark(name) is not None:
                open_marks[el.get(_W_ID)] = name
        if open_marks:
            key_of[id(p)] = next(iter(open_marks.values()))
        for el in p.iter(_B_END):
            open_marks.pop(el.get(_W_ID), None)

    comments = _read_comments(path, document, paragraphs, key_of)

    # Changes: per unit, and paragraphs the reviewer inserted between units.
    changes: list[FoundChange] = []
    texts: dict[str, str] = {}
    grouped: dict[str, list[Any]] = {}
    last_key: str | None = None
    for p in paragraphs:
        key = _key(key_of.get(id(p)))
        if key is not None:
            grouped.setdefault(key, []).append(p)
            last_key = key
            continue
        if not (_is_inserted_paragraph(p) and last_key):
            continue
        original, proposed, authors, date = _views(p)
        if not original.strip() and proposed.strip():
            changes.append(FoundChange(None, last_key, "", proposed.strip(), True, authors, date))
    for key, ps in grouped.items():
        views = [_views(p) for p in ps]
        original = "\n\n".join(v[0].strip() for v in views if v[0].strip())
        proposed = "\n\n".join(v[1].strip() for v in views if v[1].strip())
        authors = [a for v in views for a in v[2]]
        dates = [v[3] for v in views if v[3]]
        texts[key] = proposed
        if original != proposed:
            changes.append(FoundChange(key, None, strip_number(key, original),
                                       strip_number(key, proposed), True,
                                       list(dict.fromkeys(authors)), max(dates) if dates else None))
    if len(comments) + len(changes) > MAX_ITEMS:
        raise _too_many(path)
    names = list(ignored)
    warnings = []
    if names:
        warnings.append(Notice(
            "review.bookmarks_ignored", {"count": len(names), "names": names[:_NAMED]},
            f"{len(names)} bookmark(s) of the copy name no paragraph of a case and were "
            "ignored: " + ", ".join(names[:_NAMED]) + ("…" if len(names) > _NAMED else "")))
    return ReviewedDocument(case_id, revision, _language(props.language), variant, comments,
                            changes, {k: strip_number(k, v) for k, v in texts.items()},
                            names, warnings)


def _too_many(path: Path) -> ReviewFileError:
    return ReviewFileError(
        f"{path} carries more than {MAX_ITEMS} comments and changes, more than a review ever "
        "leaves; it was not read", code="review.too_many_items",
        params={"file": str(path), "limit": MAX_ITEMS})


def _read_comments(path: Path, document: Any, paragraphs: list[Any],
                   key_of: dict[int, str]) -> list[FoundComment]:
    """Each comment with the words it is anchored to (between its commentRangeStart and End)
    and the paragraph it is in. The body's text is read once; an anchor is a slice of it."""
    found = _comments(path, document)
    if len(found) > MAX_ITEMS:
        raise _too_many(path)
    pieces: list[str] = []
    at = 0
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    where: dict[str, tuple[str | None, str]] = {}
    for p in paragraphs:
        shown: str | None = None
        for el in p.iter(_C_START, _C_END, _C_REF, _T, _NBH):
            if el.tag in (_C_START, _C_REF):
                cid = el.get(_W_ID) or ""
                if el.tag == _C_START:
                    starts.setdefault(cid, at)
                if cid not in where:
                    if shown is None:
                        shown = _cut(_plain(paragraph_text(p)), MAX_CONTEXT)
                    where[cid] = (_key(key_of.get(id(p))), shown)
            elif el.tag == _C_END:
                cid = el.get(_W_ID) or ""
                if cid in starts:
                    ends.setdefault(cid, at)
            else:  # text, or Word's non-breaking hyphen
                text = (el.text or "") if el.tag == _T else "-"
                pieces.append(text)
                at += len(text)
    body = "".join(pieces)
    out = []
    for comment in found:
        cid, author, initials, date, text = _comment_fields(comment)
        key, paragraph = where.get(cid, (None, ""))
        anchor = ""
        if cid in starts:
            start = starts[cid]
            end = ends.get(cid, at)
            anchor = body[start:min(end, start + MAX_ANCHOR + 1)]
            anchor = _cut(anchor, MAX_ANCHOR)
        out.append(FoundComment(comment_id=cid, author=author, initials=initials, date=date,
                                text=text, anchor=_plain(anchor).strip(), key=key,
                                paragraph=paragraph))
    return out


def _comment_fields(comment: Any) -> tuple[str, str, str, str | None, str]:
    """(id, author, initials, ISO date, text) of a python-docx comment; a value it cannot
    parse (a date that is no date, an id that is no number) is left out."""
    element = comment._comment_elm  # noqa: SLF001 - the raw id, whatever it is
    cid = element.get(_W_ID) or ""
    try:
        stamp_ = comment.timestamp
    except (ValueError, TypeError, OverflowError):
        stamp_ = None
    date = stamp_.isoformat() if isinstance(stamp_, datetime) else None
    return (cid, element.get(_W_AUTHOR) or "", element.get(qn("w:initials")) or "", date,
            comment.text.strip())


def _key(name: str | None) -> str | None:
    return key_of_bookmark(name) if name else None




def _comments(path: Path, document: Any) -> list[Any]:
    """The document's comments (python-docx's), none when it has no comments part."""
    parts = [rel.target_part for rel in document.part.rels.values()
             if rel.reltype.endswith("/comments") and not rel.is_external]
    if not parts:
        return []
    if len(parts) > 1 or not isinstance(parts[0], CommentsPart):
        # Named comments, but not Word's comments part (another content type, or two of them).
        raise damaged(path, "its comments are not in a Word comments part")
    return list(parts[0].comments)
