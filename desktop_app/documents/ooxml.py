"""Word-perfect XML: children in schema order, language and script in the file, text that must
not break.

Word validates a document against the Open XML schema and repairs (or refuses) what LibreOffice
forgives: a ``w:bidi`` before ``w:pStyle`` in ``w:pPr`` is an error, because the schema gives the
children of each property element a fixed order. Every element this project adds by hand goes
through :func:`set_child`, which puts it where the schema says.

After rendering, :func:`finish` gives a document its language (so that Word proofs and
hyphenates French as French), marks runs by script (Arabic runs right to left, Latin runs in an
Arabic or Russian letter in their own language; East Asian hints in Chinese), keeps references,
file numbers, «г-жа», «№ 31», dates and honorific + name on one line (Word's no-break space and
non-breaking hyphen, not look-alike characters that defeat search), and drops italics in
Chinese, which does not use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desktop_app.documents.scripts import segments
from desktop_app.i18n import ARABIC_MONTHS

# CT_PPrBase then CT_PPr's own tail (ECMA-376, part 1, 17.3.1.26).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
# CT_RPr (17.3.2.28).
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath", "rPrChange",
)
# CT_TblPr (17.4.60).
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)
ORDERS = {qn("w:pPr"): PPR_ORDER, qn("w:rPr"): RPR_ORDER, qn("w:tblPr"): TBLPR_ORDER}

#: The language tags Word proofs and hyphenates with: the document's own, and the tags its
#: other scripts use (Latin names in an Arabic or Chinese letter are proofed as English).
LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA",
                 "zh": "zh-CN"}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _R, _P, _RPR, _PPR = qn("w:t"), qn("w:r"), qn("w:p"), qn("w:rPr"), qn("w:pPr")
_NO_BREAK_HYPHEN, _TAB, _BR = qn("w:noBreakHyphen"), qn("w:tab"), qn("w:br")
NBSP = "\u00a0"


def set_child(parent: Any, tag: str, **attrs: str) -> Any:
    """The child ``tag`` ("w:bidi") of a ``w:pPr``, ``w:rPr`` or ``w:tblPr``, created where the schema
    puts it when missing; ``attrs`` ("val" → w:val) are set on it."""
    existing = parent.find(qn(tag))
    if existing is None:
        existing = OxmlElement(tag)
        insert_in_order(parent, existing)
    for name, value in attrs.items():
        existing.set(qn(f"w:{name}"), value)
    return existing


def insert_in_order(parent: Any, child: Any) -> None:
    """Insert ``child`` among ``parent``'s children in schema order (unknown tags last)."""
    order = ORDERS.get(parent.tag)
    if order is None:
        parent.append(child)
        return
    rank = {f"{_W}{name}": i for i, name in enumerate(order)}
    mine = rank.get(child.tag, len(order))
    for index, sibling in enumerate(parent):
        if rank.get(sibling.tag, len(order)) > mine:
            parent.insert(index, child)
            return
    parent.append(child)


def remove_child(parent: Any, tag: str) -> None:
    for element in parent.findall(qn(tag)):
        parent.remove(element)


# ---------------------------------------------------------------------- scripts (scripts.py)
def split_runs_by_script(paragraph: Any, main: str) -> None:
    """Cut each text-only run of ``paragraph`` where its script changes, so that each piece
    can carry its own direction and language."""
    for run in list(paragraph.iter(_R)):
        children = [c for c in run if c.tag != _RPR]
        if len(children) != 1 or children[0].tag != _T:
            continue
        text = children[0].text or ""
        # Most runs hold only the main script: one piece, found with one search.
        pieces = segments(text, main)
        if len(pieces) < 2:
            run.set("_script", pieces[0][0] if pieces else "main")
            continue
        parent = run.getparent()
        index = parent.index(run)
        for offset, (script, piece) in enumerate(pieces):
            new = deepcopy(run)
            for child in [c for c in new if c.tag != _RPR]:
                new.remove(child)
            t = OxmlElement("w:t")
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            new.append(t)
            new.set("_script", script)
            parent.insert(index + offset, new)
        parent.remove(run)


# ---------------------------------------------------------------------- no-break rules
_MONTHS_CACHE: dict[str, str] = {}


def _month_pattern(lang: str) -> str:
    if lang not in _MONTHS_CACHE:
        # Babel's dates load on first use, not at startup (as in ``i18n.format_date``).
        from babel.dates import get_month_names

        names: set[str] = set()
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names.update(get_month_names(width, context, locale=lang).values())
        if lang == "ar":  # UN Arabic writes both names: «آب/أغسطس»
            names.update(ARABIC_MONTHS)
        _MONTHS_CACHE[lang] = "|".join(sorted((re.escape(n) for n in names if n), key=len,
                                               reverse=True))
    return _MONTHS_CACHE[lang]


def no_break_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that must stay on one line: references ("AL MNE 1/2024",
    "KAZ 1/2024"), file numbers ("UPI-132/23-7528"), dates ("20 August 2024"), «№ 31»,
    «г-жа Смаилова», and an honorific with the name or initials after it ("Ms. D.S.")."""
    spans: list[tuple[int, int]] = []
    digits = _DIGIT.search(text) is not None
    for pattern, needs_digit in _no_break_patterns(lang):
        if digits or not needs_digit:  # five of them cannot match a text without a digit
            spans += [m.span() for m in pattern.finditer(text)]
    return spans


_DIGIT = re.compile(r"\d")
_NO_BREAK_CACHE: dict[str, list[tuple[re.Pattern[str], bool]]] = {}


def _no_break_patterns(lang: str) -> list[tuple[re.Pattern[str], bool]]:
    """(pattern, whether it matches only where there is a digit), compiled once a language:
    a letter asks for them for each of its hundreds of texts."""
    found = _NO_BREAK_CACHE.get(lang)
    if found is None:
        found = _NO_BREAK_CACHE[lang] = [(re.compile(pattern), digit) for pattern, digit in (
            (r"\b(?:J?(?:UA|AL|OL)\s+)?[A-Z]{3}\s+\d{1,4}/\d{4}\b", True),      # references
            (r"\b[A-Z]{2,}(?:[-/]\d+)+[-/A-Za-z0-9]*\b", True),                  # file numbers
            (r"\b\d+(?:[-/]\d+){1,}\b", True),                                    # 132/23-7528
            (r"№\s*\d+", True),
            (r"\bг-(?:н|жа|жи|же|жу|жой|на|ну|ном|не)\s+\S+", False),
            (rf"\b\d{{1,2}}(?:er)?\s+(?:de\s+)?(?:{_month_pattern(lang)})(?:\s+de)?\s+\d{{4}}"
             r"(?:\s+года)?", True),                                              # dates
            (r"\b(?:Ms|Mr|Mrs|Dr|Sr|Sra|Mme|M)\.?\s+(?:[A-ZÀ-ÖØ-Þ]\.\s?)+", False),  # Ms. D.S.
            (r"\b(?:Ms|Mr|Mrs|Sra?|Mme)\.\s+[A-ZÀ-ÖØ-Þ][\w'’-]+", False),
            (r"(?:السيدة|السيد)\s+\S+", False),
        )]
    return found


def keep_together(paragraph: Any, lang: str) -> None:
    """Spaces inside a no-break span become no-break spaces; hyphens, non-breaking hyphens
    (``w:noBreakHyphen``, which Word's search still finds as a hyphen)."""
    for t in list(paragraph.iter(_T)):
        text = t.text or ""
        spans = no_break_spans(text, lang)
        if not spans:
            continue
        chars = list(text)
        hyphens: set[int] = set()
        for start, end in spans:
            for i in range(start, end):
                if chars[i] == " ":
                    chars[i] = NBSP
                elif chars[i] == "-" and 0 < i < len(chars) - 1:
                    hyphens.add(i)
        t.text = "".join(chars)
        if hyphens:
            _replace_hyphens(t, sorted(hyphens))


def _replace_hyphens(t: Any, positions: list[int]) -> None:
    """Cut a ``w:t`` at the given hyphens and put a ``w:noBreakHyphen`` in their place."""
    text = t.text or ""
    run = t.getparent()
    pieces, last = [], 0
    for i in positions:
        pieces.append(text[last:i])
        last = i + 1
    pieces.append(text[last:])
    index = run.index(t)
    run.remove(t)
    for n, piece in enumerate(pieces):
        if piece:
            new = OxmlElement("w:t")
            new.text = piece
            new.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.insert(index, new)
            index += 1
        if n < len(pieces) - 1:
            run.insert(index, OxmlElement("w:noBreakHyphen"))
            index += 1


# ---------------------------------------------------------------------- the whole document
def paragraphs(document: Any) -> Iterable[Any]:
    """Every paragraph of the body (table cells included), headers and footers."""
    yield from document.element.body.iter(_P)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                yield from part._element.iter(_P)


STYLES_WITH_EFFECTS = ("http://schemas.microsoft.com/office/2007/relationships/"
                       "stylesWithEffects")


def drop_obsolete_parts(document: Any) -> None:
    """Word 2010's ``stylesWithEffects`` copy of the styles (python-docx's blank document has
    one): Word expects it to match ``styles.xml`` exactly and repairs the file when it does
    not; documents without it are read as usual."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def finish(document: Any, lang: str) -> None:
    """Language, scripts, direction and unbreakable text of a rendered document."""
    finish_styles(document, lang)
    finish_body(document, lang)


def finish_styles(document: Any, lang: str) -> None:
    """The half of :func:`finish` that depends on the layout alone, not on what was
    rendered into it (the styles' languages; no italics in Chinese; no obsolete parts): a
    layout is prepared once a language, and each render copies it (render.py)."""
    drop_obsolete_parts(document)
    set_languages(document, lang)
    if lang == "zh":
        _drop_style_italics(document)


def finish_body(document: Any, lang: str) -> None:
    """The half of :func:`finish` that works on the rendered text (see finish_styles)."""
    if lang == "zh":
        _drop_run_italics(document)
    main = {"ar": "arabic", "ru": "cyrillic", "zh": "han"}.get(lang, "latin")
    for p in paragraphs(document):
        split_runs_by_script(p, main)
        keep_together(p, lang)
        for run in p.iter(_R):
            _mark_run(run, lang, run.attrib.pop("_script", "main"))
        if lang == "ar" and not _is_letterhead(p):
            set_child(p.get_or_add_pPr(), "w:bidi")


#: Styles of the organisation's bilingual French/English letterhead: left to right in every
#: letter, whatever its language.
LETTERHEAD_STYLES = ("CDLetterhead", "CDAddress")


def _is_letterhead(p: Any) -> bool:
    ppr = p.find(_PPR)
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style is not None and style.get(qn("w:val")) in LETTERHEAD_STYLES


def _mark_run(run: Any, lang: str, script: str) -> None:
    """A run's direction and language by its script, in a document in ``lang``."""
    if not any(c.tag == _T for c in run):
        if lang == "ar" and script == "main":
            set_child(_rpr(run), "w:rtl")
        return
    rpr = _rpr(run)
    if lang == "ar":
        if script == "main":
            set_child(rpr, "w:rtl")  # Arabic text reads right to left
        else:
            remove_child(rpr, "w:rtl")  # a reference or a Latin name keeps its own order
    elif lang == "zh":
        set_child(rpr, "w:rFonts", hint="eastAsia")  # “ ” · in the East Asian font
    if script == "latin" and lang in ("ru", "ar", "zh"):
        set_child(rpr, "w:lang", val=LANGUAGE_TAGS["en"])
    elif script == "cyrillic" and lang != "ru":
        set_child(rpr, "w:lang", val=LANGUAGE_TAGS["ru"])


def _rpr(run: Any) -> Any:
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    return rpr


def set_languages(document: Any, lang: str) -> None:
    """The document's language in its default run properties (and in every style that sets
    one): Word proofs and hyphenates with it."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    main = LANGUAGE_TAGS[lang] if lang not in ("ar", "zh") else LANGUAGE_TAGS["en"]
    set_child(rpr, "w:lang", val=main, eastAsia=LANGUAGE_TAGS["zh"], bidi=LANGUAGE_TAGS["ar"])
    for style_rpr in styles.iter(_RPR):
        found = style_rpr.find(qn("w:lang"))
        if found is not None and style_rpr is not rpr:
            found.set(qn("w:val"), main)


def drop_italics(document: Any) -> None:
    """Chinese is not set in italics: none in the styles, none in the runs."""
    _drop_style_italics(document)
    _drop_run_italics(document)


def _drop_style_italics(document: Any) -> None:
    for element in document.styles.element.iter(_RPR):
        remove_child(element, "w:i")
        remove_child(element, "w:iCs")


def _drop_run_italics(document: Any) -> None:
    for p in paragraphs(document):
        for rpr in p.iter(_RPR):
            remove_child(rpr, "w:i")
            remove_child(rpr, "w:iCs")
