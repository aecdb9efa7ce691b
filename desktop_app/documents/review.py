"""Review copies: a DOCX for legal reviewers to comment on and edit, and reading it back.

A review copy is the rendered document plus what is needed to map a reviewer's work back to
the case, in places Word keeps when it edits a file:

- the document's core properties name the case, its revision, the language and the variant
  (``identifier`` = ``commdraft:<case id>``, ``version`` = revision, ``language``, ``category``);
- every paragraph written by the drafter is wrapped in a bookmark named after its unit key
  (``allegations.2`` is ``cd_a_2``: Word allows 40 letters, digits and underscores, and a core
  property at most 255 characters, so the name is the map), so that a comment or a tracked
  change is attached to the text of the case it concerns, wherever it moved in the document.
  A standard question is named by its position in the case's list (``cd_s_0``), resolved with
  the case's revision at export.

Reading back (:func:`read_review`) collects each comment with its author, date, the words it
is anchored to and the unit key of its paragraph; and each changed paragraph, with the text
before and after the reviewer's tracked insertions and deletions. ``paragraph.text`` in
python-docx drops tracked insertions, so paragraphs are read from their w:t, w:delText, w:ins
and w:del elements directly.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from desktop_app.documents import ooxml
from desktop_app.documents.errors import WordFileError
from desktop_app.documents.properties import fit, stamp
from desktop_app.documents.reading import (
    damaged,
    paragraph_text,
    parse_word_file,
    read_word_file,
)
from desktop_app.documents.render import render_to_template, save_atomically
from desktop_app.domain.languages import LANGUAGES
from desktop_app.domain.notices import Notice

IDENTIFIER_PREFIX = "commdraft:"
BOOKMARK_PREFIX = "cd_"
_FIRST_BOOKMARK_ID = 7000

_P, _T, _DEL_T, _INS, _DEL = qn("w:p"), qn("w:t"), qn("w:delText"), qn("w:ins"), qn("w:del")
_TAB, _BR = qn("w:tab"), qn("w:br")
_B_START, _B_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_C_START, _C_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_C_REF = qn("w:commentReference")
_NBH = qn("w:noBreakHyphen")
_W_ID, _W_NAME, _W_AUTHOR, _W_DATE = qn("w:id"), qn("w:name"), qn("w:author"), qn("w:date")

#: The document's paragraph lists, in the order the layouts print them.
SECTIONS = {"full": ("background", "allegations", "concerns", "questions", "urgent_request"),
            "short": ("update", "background", "allegations", "concerns")}


class ReviewFileError(WordFileError):
    """A file that cannot be read back as a review copy: says which and why (coded)."""


#: Unit sections and the short codes of their bookmark names.
SECTION_CODES = {"background": "b", "allegations": "a", "concerns": "c", "questions": "q",
                 "urgent_request": "r",
                 "update": "u", "public.background": "pb", "public.allegations": "pa",
                 "public.concerns": "pc"}
_SECTION_OF = {code: section for section, code in SECTION_CODES.items()}
#: Key prefix of a standard question read back by position ("standard_questions.#2").
STANDARD_BY_POSITION = "standard_questions.#"


def bookmark_name(key: str, standard_questions: list[str]) -> str | None:
    section, _, index = key.rpartition(".")
    if section == "standard_questions":
        if index not in standard_questions:
            return None
        return f"{BOOKMARK_PREFIX}s_{standard_questions.index(index)}"
    if section in SECTION_CODES and index.isdigit():
        return f"{BOOKMARK_PREFIX}{SECTION_CODES[section]}_{index}"
    return None


#: The name of a bookmark commdraft writes, and nothing else: a section's code and a paragraph's
#: index in ASCII digits (``"٣".isdigit()`` is true too), at most 9999 (no letter has more).
_OUR_BOOKMARK = re.compile(re.escape(BOOKMARK_PREFIX) + "(" + "|".join(
    sorted([*_SECTION_OF, "s"], key=len, reverse=True)) + ")_(0|[1-9][0-9]{0,3})")


def key_of_bookmark(name: str) -> str | None:
    """The unit key a bookmark of a review copy names; None for any other name."""
    found = _OUR_BOOKMARK.fullmatch(name or "")
    if found is None:
        return None
    code, index = found.groups()
    if code == "s":
        return f"{STANDARD_BY_POSITION}{index}"
    return f"{_SECTION_OF[code]}.{index}"


# ---------------------------------------------------------------------- export
def unit_texts(context: dict[str, Any], variant: str) -> list[tuple[str, str]]:
    """(unit key, printed text) of every drafter's paragraph of a rendered context, in order."""
    keys = context.get("unit_keys", {})
    out = []
    for section in SECTIONS[variant]:
        items = context.get(section) or []
        for item, key in zip(items, keys.get(section, []), strict=False):
            text = item["text"] if isinstance(item, dict) else item
            if key is not None:
                out.append((key, text))
    return out


def _mark_units(document: Any, units: list[tuple[str, str]],
                standard_questions: list[str]) -> int:
    """Wrap each drafter's paragraph in a bookmark named after its unit; returns how many."""
    paragraphs = list(document.element.body.iter(_P))
    cursor, marked = 0, 0
    for key, text in units:
        name = bookmark_name(key, standard_questions)
        if name is None:
            continue
        wanted = " ".join(text.split())
        for index in range(cursor, len(paragraphs)):
            printed = " ".join(paragraph_text(paragraphs[index]).split())
            if printed and (printed == wanted or printed.endswith(" " + wanted)):
                p = paragraphs[index]
                start = OxmlElement("w:bookmarkStart")
                start.set(_W_ID, str(_FIRST_BOOKMARK_ID + marked))
                start.set(_W_NAME, name)
                end = OxmlElement("w:bookmarkEnd")
                end.set(_W_ID, str(_FIRST_BOOKMARK_ID + marked))
                ppr = p.find(qn("w:pPr"))
                if ppr is not None:
                    ppr.addnext(start)
                else:
                    p.insert(0, start)
                p.append(end)
                cursor, marked = index + 1, marked + 1
                break
    return marked


def export_review(template: Path, context: dict[str, Any], out: Path, *, case_id: str,
                  revision: int, lang: str, variant: str, title: str,
                  standard_questions: list[str],
                  since: dict[str, list[str]] | None = None,
                  since_label: str = "", author: str | None = None) -> Path:
    """Render a review copy to ``out`` (atomically). With ``since`` (the paragraphs each
    section printed at an earlier revision), it is a redline: what changed since then is shown
    as Word tracked changes by "commdraft", which reading back treats as accepted. ``author``:
    the document's author property (None: the login's name, see ``properties``)."""
    tpl = render_to_template(template, context)
    document = tpl.docx
    units = unit_texts(context, variant)
    _mark_units(document, units, standard_questions)
    if since is not None:
        _redline(document, units, since, standard_questions,
                 f"{REDLINE_AUTHOR} ({since_label})" if since_label else REDLINE_AUTHOR)
        # The redline's new runs get the language, direction and no-break rules too.
        ooxml.finish(document, lang)
    # The context's title has consent applied to the topic; the caller's may not. A long topic
    # is cut so that the variant and language stay at the end of the title.
    own = (context.get("properties") or {}).get("title")
    stamp(document, title=fit(own, f" ({variant}, {lang})") if own else title, language=lang,
          author=author)
    # Every core property is cut to Word's limit (python-docx refuses a longer one).
    props = document.core_properties
    props.identifier = fit(f"{IDENTIFIER_PREFIX}{case_id}")
    props.version = fit(str(revision))
    props.category = fit(variant)
    props.keywords = fit("commdraft review copy")
    return save_atomically(tpl, out)


# ---------------------------------------------------------------------- redlines
REDLINE_AUTHOR = "commdraft"
_W_P_PR, _W_R_PR = qn("w:pPr"), qn("w:rPr")


class _Changes:
    """Makes w:ins / w:del elements with unique ids, one author and one date."""

    def __init__(self, author: str) -> None:
        from datetime import UTC, datetime

        self.author = author
        self.date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 8000

    def mark(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(_W_ID, str(self.next_id))
        element.set(_W_AUTHOR, self.author)
        element.set(_W_DATE, self.date)
        self.next_id += 1
        return element

    def run(self, text: str, rpr: Any, deleted: bool = False) -> Any:
        from copy import deepcopy

        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(deepcopy(rpr))
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    def inserted(self, text: str, rpr: Any) -> Any:
        ins = self.mark("w:ins")
        ins.append(self.run(text, rpr))
        return ins

    def deleted(self, text: str, rpr: Any) -> Any:
        deleted = self.mark("w:del")
        deleted.append(self.run(text, rpr, deleted=True))
        return deleted

    def mark_paragraph(self, p: Any, tag: str) -> None:
        """The paragraph mark itself inserted or deleted (a whole paragraph added/removed)."""
        ppr = p.find(_W_P_PR)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(_W_R_PR)
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self.mark(tag))


def _text_runs(p: Any, text: str) -> tuple[list[Any], Any]:
    """The runs that print ``text`` at the end of paragraph ``p`` (a question's number and tab
    stay out), and the run properties to give new runs."""
    runs = [r for r in p if r.tag == qn("w:r")]
    wanted = " ".join(text.split())
    for start in range(len(runs)):
        tail = " ".join("".join(_run_text(r) for r in runs[start:]).split())
        if tail == wanted:
            rpr = runs[start].find(_W_R_PR)
            return runs[start:], rpr
    rpr = runs[-1].find(_W_R_PR) if runs else None
    return runs, rpr


def _run_text(r: Any) -> str:
    return "".join((t.text or "") if t.tag == _T else "\t" for t in r.iter(_T, _TAB))


def _word_diff(p: Any, old: str, new: str, changes: _Changes) -> None:
    """Rewrite the end of ``p`` (which prints ``new``) as tracked changes from ``old``."""
    runs, rpr = _text_runs(p, new)
    for r in runs:
        r.getparent().remove(r)
    a, b = old.split(" "), new.split(" ")
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", " ".join(b[j1:j2])))
    end = p.find(_B_END)
    for index, (kind, text) in enumerate(pieces):
        text = text + (" " if index < len(pieces) - 1 else "")
        element = (changes.inserted(text, rpr) if kind == "ins" else
                   changes.deleted(text, rpr) if kind == "del" else changes.run(text, rpr))
        if end is not None:
            end.addprevious(element)
        else:
            p.append(element)


def _deleted_paragraph(model: Any, text: str, changes: _Changes) -> Any:
    """A whole paragraph that the case no longer has, shown deleted after ``model``'s style."""
    from copy import deepcopy

    p = OxmlElement("w:p")
    ppr = model.find(_W_P_PR)
    if ppr is not None:
        p.append(deepcopy(ppr))
        old_rpr = p.find(_W_P_PR).find(_W_R_PR)
        if old_rpr is not None:
            for mark in old_rpr.findall(_INS) + old_rpr.findall(_DEL):
                old_rpr.remove(mark)
    runs = [r for r in model if r.tag == qn("w:r")]
    rpr = runs[-1].find(_W_R_PR) if runs else None
    p.append(changes.deleted(text, rpr))
    changes.mark_paragraph(p, "w:del")
    return p


def _inserted_paragraph(p: Any, text: str, changes: _Changes) -> None:
    runs, rpr = _text_runs(p, text)
    for r in runs:
        ins = changes.mark("w:ins")
        r.addprevious(ins)
        ins.append(r)
    changes.mark_paragraph(p, "w:ins")


def _redline(document: Any, units: list[tuple[str, str]], since: dict[str, list[str]],
             standard_questions: list[str], author: str) -> None:
    changes = _Changes(author)
    starts = {el.get(_W_NAME): el.getparent()
              for el in document.element.body.iter(_B_START)
              if (el.get(_W_NAME) or "").startswith(BOOKMARK_PREFIX)}
    by_section: dict[str, list[tuple[str, Any]]] = {}
    for key, text in units:
        p = starts.get(bookmark_name(key, standard_questions) or "")
        if p is not None:
            section = key.rpartition(".")[0]
            section = "questions" if section == "standard_questions" else section
            by_section.setdefault(section, []).append((text, p))
    for section, old in since.items():
        new = by_section.get(section, [])
        norm_old = [" ".join(t.split()) for t in old]
        norm_new = [" ".join(t.split()) for t, _p in new]
        matcher = difflib.SequenceMatcher(a=norm_old, b=norm_new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                _word_diff(new[j1 + k][1], norm_old[i1 + k], norm_new[j1 + k], changes)
            for j in range(j1 + pairs, j2):
                _inserted_paragraph(new[j][1], norm_new[j], changes)
            removed = norm_old[i1 + pairs:i2]
            if removed and new:
                after = new[max(j1 + pairs - 1, 0)][1] if j1 + pairs > 0 else None
                before = new[0][1] if after is None else None
                for text in (removed if after is None else reversed(removed)):
                    element = _deleted_paragraph(after if after is not None else before, text,
                                                 changes)
                    if after is not None:
                        after.addnext(element)
                    else:
                        before.addprevious(element)


def section_texts(context: dict[str, Any], variant: str) -> dict[str, list[str]]:
    """The drafter's paragraphs a rendered context prints, per unit section (for redlines)."""
    out: dict[str, list[str]] = {}
    for key, text in unit_texts(context, variant):
        section = key.rpartition(".")[0]
        section = "questions" if section == "standard_questions" else section
        out.setdefault(section, []).append(_strip_number(key, text))
    return out


# ---------------------------------------------------------------------- reading back
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


_CORE_NAMES = {
    "identifier": "{http://purl.org/dc/elements/1.1/}identifier",
    "language": "{http://purl.org/dc/elements/1.1/}language",
    "version": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}version",
    "category": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
                "category"}


@dataclass
class _Properties:
    identifier: str = ""
    version: str = ""
    language: str = ""
    category: str = ""

    @classmethod
    def read(cls, package: bytes, document: Any) -> _Properties:
        """The core properties. LibreOffice writes their relationship type in lower case
        (``officedocument/2006/...``), which python-docx does not recognise: it then shows
        empty properties. The part itself is read in that case, from the checked bytes."""
        try:
            core = document.core_properties
            found = cls(**{name: str(getattr(core, name) or "") for name in _CORE_NAMES})
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
            # python-docx's own reading failed (a property relationship that points back at
            # the document recurses without end): the part itself is read below.
            found = cls()
        if found.identifier:
            return found
        try:
            with zipfile.ZipFile(io.BytesIO(package)) as archive:
                data = archive.read("docProps/core.xml")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(data, parser)
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
            return found
        for attr, tag in _CORE_NAMES.items():
            element = root.find(tag)
            if element is not None and isinstance(element.text, str):
                setattr(found, attr, element.text.strip())
        return found


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
    props = _Properties.read(package, document)
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
            changes.append(FoundChange(key, None, _strip_number(key, original),
                                       _strip_number(key, proposed), True,
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
                            changes, {k: _strip_number(k, v) for k, v in texts.items()},
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


def _strip_number(key: str, text: str) -> str:
    """A question prints as "3.<tab>text": the number is the layout's, not the case's."""
    if key.startswith(("questions.", "standard_questions")):
        return re.sub(r"^\s*\d+\.\s*", "", text)
    return text


def _comments(path: Path, document: Any) -> list[Any]:
    """The document's comments (python-docx's), none when it has no comments part."""
    from docx.parts.comments import CommentsPart

    parts = [rel.target_part for rel in document.part.rels.values()
             if rel.reltype.endswith("/comments") and not rel.is_external]
    if not parts:
        return []
    if len(parts) > 1 or not isinstance(parts[0], CommentsPart):
        # Named comments, but not Word's comments part (another content type, or two of them).
        raise damaged(path, "its comments are not in a Word comments part")
    return list(parts[0].comments)
