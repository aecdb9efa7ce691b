"""Marking a review copy: every paragraph the drafter wrote wrapped in a bookmark named after
its unit key.

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

This module holds the map (unit key <-> bookmark name) and the marking; :mod:`redline` shows
what changed since a revision, :mod:`review_reading` reads a reviewed copy back, and
:func:`review.export_review` puts them together.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desktop_app.documents.reading import paragraph_text

IDENTIFIER_PREFIX = "commdraft:"
BOOKMARK_PREFIX = "cd_"
_FIRST_BOOKMARK_ID = 7000

_P, _P_PR = qn("w:p"), qn("w:pPr")
_W_ID, _W_NAME = qn("w:id"), qn("w:name")

#: The document's paragraph lists, in the order the layouts print them.
SECTIONS = {"full": ("background", "allegations", "concerns", "questions", "urgent_request"),
            "short": ("update", "background", "allegations", "concerns")}


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


def unit_texts(context: dict[str, Any], variant: str) -> list[tuple[str, str]]:
    """(unit key, printed text) of every drafter's paragraph of a rendered context, in order."""
    keys = context.get("unit_keys", {})
    out: list[tuple[str, str]] = []
    for section in SECTIONS[variant]:
        items = context.get(section) or []
        for item, key in zip(items, keys.get(section, []), strict=False):
            text = item["text"] if isinstance(item, dict) else item
            if key is not None:
                out.append((key, text))
    return out


def section_texts(context: dict[str, Any], variant: str) -> dict[str, list[str]]:
    """The drafter's paragraphs a rendered context prints, per unit section (for redlines)."""
    out: dict[str, list[str]] = {}
    for key, text in unit_texts(context, variant):
        section = key.rpartition(".")[0]
        section = "questions" if section == "standard_questions" else section
        out.setdefault(section, []).append(strip_number(key, text))
    return out


def strip_number(key: str, text: str) -> str:
    """A question prints as "3.<tab>text": the number is the layout's, not the case's."""
    if key.startswith(("questions.", "standard_questions")):
        return re.sub(r"^\s*\d+\.\s*", "", text)
    return text


def mark_units(document: Any, units: list[tuple[str, str]],
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
                ppr = p.find(_P_PR)
                if ppr is not None:
                    ppr.addnext(start)
                else:
                    p.insert(0, start)
                p.append(end)
                cursor, marked = index + 1, marked + 1
                break
    return marked
