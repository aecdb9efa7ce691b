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
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desktop_app.documents import ooxml
from desktop_app.documents.errors import DocumentError
from desktop_app.documents.properties import stamp
from desktop_app.documents.reading import paragraph_text
from desktop_app.documents.render import render_to_template, save_atomically

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


class ReviewFileError(DocumentError):
    """A file that cannot be read back as a review copy: says which and why."""


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


def key_of_bookmark(name: str) -> str | None:
    code, _, index = name[len(BOOKMARK_PREFIX):].rpartition("_")
    if not index.isdigit():
        return None
    if code == "s":
        return f"{STANDARD_BY_POSITION}{index}"
    section = _SECTION_OF.get(code)
    return f"{section}.{index}" if section else None


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
    # The context's title has consent applied to the topic; the caller's may not.
    own = (context.get("properties") or {}).get("title")
    stamp(document, title=f"{own} ({variant}, {lang})" if own else title, language=lang,
          author=author)
    props = document.core_properties
    props.identifier = f"{IDENTIFIER_PREFIX}{case_id}"
    props.version = str(revision)
    props.category = variant
    props.keywords = "commdraft review copy"
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


def _views(p: Any) -> tuple[str, str, list[str], str | None]:
    """(original, proposed, authors, latest date) of a paragraph with tracked changes."""
    original, proposed, authors, dates = [], [], [], []

    def container(el: Any) -> str | None:
        parent = el.getparent()
        while parent is not None and parent is not p:
            if parent.tag in (_INS, _DEL) and (parent.get(_W_AUTHOR) or "").startswith(
                    REDLINE_AUTHOR):
                # The redline's own marks: already part of the case's text.
                return "ours-ins" if parent.tag == _INS else "ours-del"
            if parent.tag in (_INS, _DEL):
                author = parent.get(_W_AUTHOR)
                if author and author not in authors:
                    authors.append(author)
                if parent.get(_W_DATE):
                    dates.append(parent.get(_W_DATE))
                return parent.tag
            parent = parent.getparent()
        return None

    for el in p.iter(_T, _DEL_T, _TAB, _BR, _NBH):
        if el.tag in (_T, _DEL_T):
            text = el.text or ""
        else:
            text = {_TAB: "\t", _NBH: "-"}.get(el.tag, "\n")
        where = container(el)
        if where == "ours-del":
            continue
        if where != _INS:
            original.append(text)
        if where != _DEL and el.tag != _DEL_T:
            proposed.append(text)
    return (_plain("".join(original)), _plain("".join(proposed)), authors,
            (max(dates) if dates else None))


def _is_inserted_paragraph(p: Any) -> bool:
    """A paragraph the reviewer added with tracking on: its mark is in w:rPr/w:ins."""
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    return rpr is not None and rpr.find(_INS) is not None


@dataclass
class _Properties:
    identifier: str = ""
    version: str = ""
    language: str = ""
    category: str = ""

    @classmethod
    def read(cls, path: Path, document: Any) -> _Properties:
        """The core properties. LibreOffice writes their relationship type in lower case
        (``officedocument/2006/...``), which python-docx does not recognise: it then shows
        empty properties. The part itself is read in that case."""
        core = document.core_properties
        found = cls(core.identifier or "", core.version or "", core.language or "",
                    core.category or "")
        if found.identifier:
            return found
        import xml.etree.ElementTree as ET  # noqa: N817

        names = {"identifier": "{http://purl.org/dc/elements/1.1/}identifier",
                 "language": "{http://purl.org/dc/elements/1.1/}language",
                 "version": "{http://schemas.openxmlformats.org/package/2006/metadata/"
                            "core-properties}version",
                 "category": "{http://schemas.openxmlformats.org/package/2006/metadata/"
                             "core-properties}category"}
        try:
            with zipfile.ZipFile(path) as archive:
                root = ET.fromstring(archive.read("docProps/core.xml"))
        except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
            return found
        for attr, tag in names.items():
            element = root.find(tag)
            if element is not None and element.text:
                setattr(found, attr, element.text.strip())
        return found


def _open(path: Path) -> Any:
    if not path.exists():
        raise ReviewFileError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ReviewFileError(
            f"{path}: not a Word document (.docx); if it was saved as .doc or PDF, save it "
            "again from Word as a Word Document (.docx)")
    try:
        return Document(str(path))
    except PermissionError:
        raise ReviewFileError(f"{path}: cannot be read (is it still open in Word?)") from None
    except Exception as exc:  # a damaged zip or XML: python-docx raises many kinds
        raise ReviewFileError(f"{path}: the Word document is damaged ({exc})") from None


def _plain(text: str) -> str:
    """Text read back into the case: the no-break spaces the layout put in dates, references
    and names are ordinary spaces in the case."""
    return text.replace("\u00a0", " ")


def read_review(path: Path) -> ReviewedDocument:
    """Everything a reviewer left in a review copy, mapped to the units of the case."""
    document = _open(Path(path))
    props = _Properties.read(Path(path), document)
    identifier = props.identifier or ""
    if not identifier.startswith(IDENTIFIER_PREFIX):
        raise ReviewFileError(
            f"{path}: this document is not a commdraft review copy (its properties name no "
            "case). Export a review copy from the case, and send that one for comment.")
    case_id = identifier[len(IDENTIFIER_PREFIX):]
    try:
        revision: int | None = int(props.version)
    except (TypeError, ValueError):
        revision = None
    variant = props.category if props.category in SECTIONS else "full"

    paragraphs = list(document.element.body.iter(_P))
    # Which bookmark each paragraph is in: between a cd_ bookmark's start and its end.
    key_of: dict[int, str] = {}
    open_marks: dict[str, str] = {}
    for p in paragraphs:
        for el in p.iter(_B_START):
            if (el.get(_W_NAME) or "").startswith(BOOKMARK_PREFIX):
                open_marks[el.get(_W_ID)] = el.get(_W_NAME)
        if open_marks:
            key_of[id(p)] = next(iter(open_marks.values()))
        for el in p.iter(_B_END):
            open_marks.pop(el.get(_W_ID), None)

    # Comments: anchor text between commentRangeStart and End, and the paragraph they are in.
    anchors: dict[str, list[str]] = {}
    where: dict[str, tuple[str | None, str]] = {}
    active: set[str] = set()
    for p in paragraphs:
        for el in p.iter(_C_START, _C_END, _C_REF, _T, _NBH):
            if el.tag == _C_START:
                active.add(el.get(_W_ID))
                anchors.setdefault(el.get(_W_ID), [])
                where.setdefault(el.get(_W_ID), (_key(key_of.get(id(p))),
                                                 _plain(paragraph_text(p))))
            elif el.tag == _C_END:
                active.discard(el.get(_W_ID))
            elif el.tag == _C_REF:
                where.setdefault(el.get(_W_ID), (_key(key_of.get(id(p))),
                                                 _plain(paragraph_text(p))))
            else:  # text, or Word's non-breaking hyphen
                for cid in active:
                    anchors[cid].append(el.text or "" if el.tag == _T else "-")
    comments = []
    for comment in _comments(document):
        cid = str(comment.comment_id)
        key, paragraph = where.get(cid, (None, ""))
        stamp = comment.timestamp
        comments.append(FoundComment(
            comment_id=cid, author=comment.author or "", initials=comment.initials or "",
            date=stamp.isoformat() if isinstance(stamp, datetime) else None,
            text=comment.text.strip(), anchor=_plain("".join(anchors.get(cid, []))).strip(),
            key=key, paragraph=paragraph))

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
        original, proposed, authors, date = _views(p)
        if _is_inserted_paragraph(p) and not original.strip() and proposed.strip() and last_key:
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
    return ReviewedDocument(case_id, revision, props.language or None, variant, comments,
                            changes, {k: _strip_number(k, v) for k, v in texts.items()})


def _key(name: str | None) -> str | None:
    return key_of_bookmark(name) if name else None


def _strip_number(key: str, text: str) -> str:
    """A question prints as "3.<tab>text": the number is the layout's, not the case's."""
    if key.startswith(("questions.", "standard_questions")):
        return re.sub(r"^\s*\d+\.\s*", "", text)
    return text


def _comments(document: Any) -> list[Any]:
    if not any(rel.reltype.endswith("/comments") for rel in document.part.rels.values()):
        return []
    return list(document.comments)
