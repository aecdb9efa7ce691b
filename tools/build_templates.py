"""Build templates/full.docx and templates/short.docx: the Word layouts of the two documents.

The layouts hold structure, styles and Jinja tags only; every word of the letters comes from the
rendering context (the ``letters`` catalog and the case). The .docx files are committed and may
be edited in Word afterwards; this script is how they were first made, and re-running it
overwrites them. Run: ``python tools/build_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates"
sys.path.insert(0, str(ROOT))

from desktop_app.documents.ooxml import drop_obsolete_parts, set_child  # noqa: E402
from desktop_app.documents.properties import stamp  # noqa: E402 - after the path is set

#: The layouts' own properties (every rendered document replaces them with its own).
TITLES = {"full": "commdraft layout: full letter", "short": "commdraft layout: public summary"}

#: Fonts that Windows and macOS both have for Latin, Cyrillic and Arabic (Times New Roman
#: carries the three scripts); Linux maps it to Liberation Serif, metric-compatible, and finds
#: Arabic in Noto Naskh through fontconfig. Chinese: SimSun on Windows; macOS and Linux
#: substitute Songti / Noto Serif CJK (see the font table's alternate names).
SERIF = "Times New Roman"
EAST_ASIAN = "SimSun"


def base_document():
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = SERIF
    normal.font.size = Pt(12)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    # Complex-script and East-Asian fonts: Arabic and Chinese renders pick these up.
    rfonts.set(qn("w:cs"), SERIF)
    rfonts.set(qn("w:eastAsia"), EAST_ASIAN)
    twins(normal, size=12, bold=False, italic=False)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True

    def pstyle(name, *, size=12, bold=False, italic=False, align=None, before=0, after=10,
               indent=None, hanging=None, keep_next=False, caps=False, color=None,
               keep_lines=False):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        if color:
            style.font.color.rgb = RGBColor.from_string(color)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.0
        if align is not None:
            fmt.alignment = align
        if indent is not None:
            fmt.left_indent = Mm(indent)
        if hanging is not None:
            fmt.first_line_indent = Mm(-hanging)
        fmt.keep_with_next = keep_next
        fmt.keep_together = keep_lines
        fmt.widow_control = True
        twins(style, size=size, bold=bold, italic=italic)
        return style

    pstyle("CD Letterhead", size=7.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
           color="1F3864", keep_next=True)
    pstyle("CD Address", size=7, align=WD_ALIGN_PARAGRAPH.CENTER, before=4, after=18,
           color="1F3864")
    pstyle("CD Mandates", size=10, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=18,
           keep_next=True)
    pstyle("CD Reference", size=11, after=0)
    pstyle("CD Date", size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, after=18)
    pstyle("CD Salutation", after=12)
    pstyle("CD Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=10)
    # A sentence that introduces what follows ("According to the information received:")
    # never ends a page alone.
    pstyle("CD Intro", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=10, keep_next=True)
    pstyle("CD Person", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=10, after=6)
    pstyle("CD Question", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=10, hanging=8, after=8)
    # The closing and every signature hold together: no signature alone on a page.
    pstyle("CD Closing", before=6, after=6, keep_next=True, keep_lines=True)
    pstyle("CD Signature Name", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=24, after=0,
           keep_next=True, keep_lines=True)
    pstyle("CD Signature Title", size=11, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
           keep_next=True, keep_lines=True)
    pstyle("CD Annex Title", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, keep_next=True)
    pstyle("CD Title", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=14,
           keep_next=True)
    pstyle("CD Preamble", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=10)
    pstyle("CD Heading", bold=True, before=12, after=8, keep_next=True)
    return doc


def twins(style, *, size: float, bold: bool, italic: bool) -> None:
    """Complex-script twins of a style's size, bold and italic (Arabic is measured and
    weighted by w:szCs, w:bCs, w:iCs, not by their Latin counterparts)."""
    style.font.cs_bold = bold
    style.font.cs_italic = italic
    rpr = style.element.get_or_add_rPr()
    half_points = str(int(round(size * 2)))
    set_child(rpr, "w:sz", val=half_points)
    set_child(rpr, "w:szCs", val=half_points)


def tag(doc, text, style="CD Body"):
    """A paragraph holding only a Jinja tag (``{%p ... %}``) or one expression."""
    return doc.add_paragraph(text, style=style)


def page_number_footer(section):
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def letterhead(doc):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Wider than the text (into the margins, centred) with fixed columns: the longest line,
    # "PROCEDURES SPECIALES DU CONSEIL DES DROITS DE L'HOMME", never wraps.
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    set_child(tbl_pr, "w:tblW", w=str(int(Mm(184).twips)), type="dxa")
    set_child(tbl_pr, "w:tblLayout", type="fixed")
    for col in table._tbl.tblGrid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(int(Mm(92).twips)))
    for cell in table.rows[0].cells:
        cell.width = Mm(92)
    left, right = table.rows[0].cells
    left.paragraphs[0].style = doc.styles["CD Letterhead"]
    left.paragraphs[0].add_run("{{ letterhead.left_org }}")
    left.add_paragraph("{{ letterhead.left_office }}", style="CD Letterhead")
    left.add_paragraph("{{ letterhead.left_procedures }}", style="CD Letterhead")
    right.paragraphs[0].style = doc.styles["CD Letterhead"]
    right.paragraphs[0].add_run("{{ letterhead.right_org }}")
    right.add_paragraph("{{ letterhead.right_office }}", style="CD Letterhead")
    right.add_paragraph("{{ letterhead.right_procedures }}", style="CD Letterhead")
    doc.add_paragraph("{{ letterhead.address }}", style="CD Address")


def build_full() -> Path:
    doc = base_document()
    page_number_footer(doc.sections[0])
    # Remove the default empty first paragraph python-docx leaves in a new body.
    letterhead(doc)
    tag(doc, "{{ mandates_line }}", "CD Mandates")
    ref = doc.add_paragraph(style="CD Reference")
    ref.add_run("{{ t.reference_label }}").bold = True
    ref.add_run("{{ reference }}")  # the label carries its own spacing (none after «：»)
    ref.add_run("{{ reference_note }}")  # "(Please use this reference in your reply)"
    tag(doc, "{{ date_line }}", "CD Date")
    tag(doc, "{{ salutation }}", "CD Salutation")
    tag(doc, "{{ opening }}")
    tag(doc, "{{ lead_in }}")
    tag(doc, "{%p if persons_intro %}")
    tag(doc, "{{ persons_heading }}", "CD Intro")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in persons_intro %}")
    tag(doc, "{{ p }}", "CD Person")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{ t.facts_intro }}", "CD Intro")
    for section in ("background", "allegations"):
        tag(doc, f"{{%p for p in {section} %}}")
        tag(doc, "{{ p }}")
        tag(doc, "{%p endfor %}")
    tag(doc, "{{ concerns_intro }}", "CD Intro")
    tag(doc, "{%p for p in concerns %}")
    tag(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{ legal_reference }}")
    tag(doc, "{%p if urgency %}")  # an urgent appeal asks first for what was done at once (before the questions, as UAs put it)
    tag(doc, "{{ urgency }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{{ questions_intro }}", "CD Intro")
    tag(doc, "{%p for q in questions %}")
    question = doc.add_paragraph(style="CD Question")
    question.add_run("{{ q.number }}")
    question.add_run("\t")
    question.add_run("{{ q.text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{ reply_request }}")
    tag(doc, "{{ interim_measures }}", "CD Intro")
    tag(doc, "{%p for p in urgent_request %}")  # the case's urgent request, step by step
    tag(doc, "{{ p }}", "CD Person")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if accountability %}")
    tag(doc, "{{ accountability }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if press_release %}")
    tag(doc, "{{ press_release }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{{ closing }}", "CD Closing")
    tag(doc, "{%p for s in signatures %}")
    tag(doc, "{{ s.name }}", "CD Signature Name")
    tag(doc, "{{ s.title }}", "CD Signature Title")
    tag(doc, "{%p endfor %}")
    annex = tag(doc, "{{ t.annex }}", "CD Annex Title")
    annex.paragraph_format.page_break_before = True
    tag(doc, "{{ t.annex_title }}", "CD Annex Title")
    tag(doc, "{{ annex_intro }}", "CD Intro")
    tag(doc, "{%p for p in annex %}")
    tag(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    drop_leading_empty_paragraph(doc)
    return save(doc, "full")


def build_short() -> Path:
    doc = base_document()
    page_number_footer(doc.sections[0])
    tag(doc, "{{ title_line }}", "CD Title")
    tag(doc, "{{ preamble }}", "CD Preamble")
    tag(doc, "{%p for p in update %}")
    tag(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{ shorter_version }}", "CD Intro")
    for heading, section in (("background", "background"), ("allegations", "allegations"),
                             ("concerns", "concerns")):
        tag(doc, f"{{{{ t.{heading} }}}}", "CD Heading")
        if section == "background":
            tag(doc, "{{ topic_line }}")
        tag(doc, f"{{%p for p in {section} %}}")
        tag(doc, "{{ p }}")
        tag(doc, "{%p endfor %}")
    drop_leading_empty_paragraph(doc)
    return save(doc, "short")


def save(doc, variant: str) -> Path:
    """Save a layout without python-docx's own properties (its name as author, a 2013 date,
    "generated by python-docx"): the layout's title, commdraft as author, now."""
    stamp(doc, title=TITLES[variant], language="", author="commdraft")
    drop_obsolete_parts(doc)
    path = OUT / f"{variant}.docx"
    doc.save(path)
    return path


def drop_leading_empty_paragraph(doc) -> None:
    body = doc.element.body
    first = body[0]
    if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
        body.remove(first)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for path in (build_full(), build_short()):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
