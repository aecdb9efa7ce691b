"""Redlines: what changed in the drafter's paragraphs since an earlier revision, as Word tracked
changes.

A review copy exported with the paragraphs each section printed at an earlier revision shows
the difference as tracked changes by "commdraft" (:data:`REDLINE_AUTHOR`): a paragraph whose
words changed is rewritten word by word as insertions and deletions, a new paragraph is marked
inserted, and a paragraph the case no longer has comes back marked deleted. The paragraphs are
found by the bookmarks :mod:`review_marks` put around them; reading a reviewed copy back
(:mod:`review_reading`) treats the redline's own changes as accepted.
"""

from __future__ import annotations

import difflib
from copy import deepcopy
from datetime import UTC, datetime
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desktop_app.documents.review_marks import BOOKMARK_PREFIX, bookmark_name

REDLINE_AUTHOR = "commdraft"

_T, _TAB, _R = qn("w:t"), qn("w:tab"), qn("w:r")
_INS, _DEL = qn("w:ins"), qn("w:del")
_B_START, _B_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_W_ID, _W_NAME, _W_AUTHOR, _W_DATE = qn("w:id"), qn("w:name"), qn("w:author"), qn("w:date")
_W_P_PR, _W_R_PR = qn("w:pPr"), qn("w:rPr")


class _Changes:
    """Makes w:ins / w:del elements with unique ids, one author and one date."""

    def __init__(self, author: str) -> None:
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
    runs = [r for r in p if r.tag == _R]
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
    pieces: list[tuple[str, str]] = []
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
    p = OxmlElement("w:p")
    ppr = model.find(_W_P_PR)
    if ppr is not None:
        p.append(deepcopy(ppr))
        old_rpr = p.find(_W_P_PR).find(_W_R_PR)
        if old_rpr is not None:
            for mark in old_rpr.findall(_INS) + old_rpr.findall(_DEL):
                old_rpr.remove(mark)
    runs = [r for r in model if r.tag == _R]
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



def redline(document: Any, units: list[tuple[str, str]], since: dict[str, list[str]],
            standard_questions: list[str], author: str) -> None:
    """Show in ``document`` (marked, see :func:`review_marks.mark_units`) what changed in its
    ``units`` since the paragraphs ``since`` lists per section, as tracked changes by
    ``author``."""
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
                    elif before is not None:
                        before.addprevious(element)

