"""Reading documents back: the paragraphs a reader sees, in order.

``paragraph.text`` in python-docx silently omits runs inside tracked insertions; reading the
w:t elements directly keeps them (deleted text lives in w:delText and is left out).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

_T, _TAB, _BR, _P, _TBL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p"), qn("w:tbl")
_NBH = qn("w:noBreakHyphen")


def paragraph_text(p) -> str:
    out = []
    for el in p.iter(_T, _TAB, _BR, _NBH):
        if el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _NBH:
            out.append("-")  # Word's non-breaking hyphen reads as a hyphen
        elif el.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def document_paragraphs(source: Path | bytes) -> list[str]:
    """Every paragraph of the body in reading order, table cells included."""
    doc = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    out: list[str] = []
    for child in doc.element.body:
        if child.tag == _P:
            out.append(paragraph_text(child))
        elif child.tag == _TBL:
            out.extend(paragraph_text(p) for p in child.iter(_P))
    return out


def document_parts_text(source: Path | bytes) -> str:
    """All text of the body, headers and footers: for searching a rendered document."""
    doc = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    chunks = document_paragraphs(source)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            chunks.extend(paragraph_text(p._p) for p in part.paragraphs)
    return "\n".join(chunks)
