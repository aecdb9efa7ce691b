"""Word-perfect documents: valid Open XML for every kind of document in six languages, the
language and script in the file, complex-script twins in Arabic, no italic in Chinese, text that
never breaks where it must not, a layout a reviser accepts, PDF/A for the archive."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop_app.documents.ooxml import PPR_ORDER, RPR_ORDER
from desktop_app.workspace import export_review

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


#: A sentence added to the first concern of each language after the review: its redline shows
#: it inserted (and the words taken out of the concern deleted).
ADDED = {"ar": "وأضيفت هذه الجملة بعد الاستعراض.", "zh": "审查后增加了这句话。",
         "en": "A sentence added after the review.", "fr": "Une phrase ajoutée après l’examen.",
         "ru": "Это предложение добавлено после проверки.",
         "es": "Una frase añadida después de la revisión."}


class Matrix(dict[tuple[str, str], Path]):
    """The documents, and per language the (deleted, inserted) words its redline must track."""

    edits: dict[str, tuple[str, str]]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> Matrix:
    """Letter, summary, review copy and redline in the six languages. Every language's text
    changed after the review, so that each redline carries tracked insertions and deletions
    (a redline with no change in it would pass every check below)."""
    from desktop_app.workspace import Workspace

    root = tmp_path_factory.mktemp("matrix")
    out = Matrix()
    out.edits = {}
    with Workspace.open(root / "ws") as ws:
        demo = ws.load_demo()
        for path in ws.render(demo, ["full", "short"], LANGS, root / "docs"):
            lang, variant = path.stem.split("-")[-1], path.stem.split("-")[-2]
            out[(variant, lang)] = path
        case = ws.reopen(demo.id, "a review of the corrected letter")
        since = case.revision
        for lang in LANGS:
            concerns = case.text[lang].concerns
            old = concerns[0]
            if lang == "zh":  # no spaces: the redline replaces the paragraph, one "word"
                concerns[0] = old[2:] + ADDED[lang]
                out.edits[lang] = (old + " ", concerns[0])
            else:  # word by word: the first word deleted, the sentence inserted
                first, kept = old.split(" ", 1)
                concerns[0] = f"{kept} {ADDED[lang]}"
                out.edits[lang] = (first + " ", ADDED[lang])
        ws.save(case)
        for lang in LANGS:
            out[("review", lang)] = export_review(ws, demo.id, lang, "full", root / "review")
            out[("redline", lang)] = export_review(ws, demo.id, lang, "full",
                                                   root / "redline", since=since)
        out.edits["author"] = (f"commdraft (changes since revision {since})", "")
    return out


def tracked(path: Path) -> list[tuple[str, str, str]]:
    """(kind, author, text) of every tracked insertion and deletion in a document's body."""
    out = []
    for el in Document(str(path)).element.body.iter(qn("w:ins"), qn("w:del")):
        text = "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))
        if text:
            out.append((el.tag.rsplit("}", 1)[1], el.get(qn("w:author")), text))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_redline_tracks_its_language_changes(matrix, lang):
    """What the audit and the order checks below see in a redline: the words taken out of the
    concern as a tracked deletion, the sentence added as a tracked insertion, by commdraft; the
    review copy has none."""
    deleted, inserted = matrix.edits[lang]
    author = matrix.edits["author"][0]
    assert tracked(matrix[("redline", lang)]) == [("del", author, deleted),
                                                  ("ins", author, inserted)]
    assert tracked(matrix[("review", lang)]) == []


def audit(path: Path) -> list[str]:
    from openxml_audit import FileFormat, OpenXmlValidator

    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    return [str(error) for error in validator.validate(str(path)).errors]


@pytest.mark.parametrize("kind", ["full", "short", "review", "redline"])
@pytest.mark.parametrize("lang", LANGS)
def test_valid_open_xml(matrix, kind, lang):
    """No schema or semantic error for Word (Open XML SDK rules, via openxml-audit)."""
    assert audit(matrix[(kind, lang)]) == []


def test_the_audit_catches_what_word_would_repair(tmp_path, matrix):
    """The check is not blind: the faults found in earlier documents are reported."""
    from docx.oxml import OxmlElement

    broken = tmp_path / "broken.docx"
    document = Document(str(matrix[("full", "ar")]))
    ppr = document.paragraphs[3]._p.get_or_add_pPr()
    ppr.insert(0, OxmlElement("w:bidi"))  # before w:pStyle, as the old code put it
    document.save(str(broken))
    assert any("pStyle" in error or "bidi" in error for error in audit(broken))


def children_in_order(element, order) -> bool:
    rank = {f"{W}{name}": i for i, name in enumerate(order)}
    ranks = [rank.get(child.tag, len(order)) for child in element]
    return ranks == sorted(ranks)


def test_properties_are_in_schema_order(matrix):
    for path in (matrix[("full", "ar")], matrix[("redline", "zh")]):
        body = Document(str(path)).element.body
        assert all(children_in_order(p, PPR_ORDER) for p in body.iter(qn("w:pPr")))
        assert all(children_in_order(r, RPR_ORDER) for r in body.iter(qn("w:rPr"))
                   if r.getparent().tag != qn("w:pPr"))


def default_lang(path: Path) -> dict[str, str]:
    styles = Document(str(path)).styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    return {key.split("}")[1]: value for key, value in lang.attrib.items()}


@pytest.mark.parametrize(("lang", "tag"), [("en", "en-GB"), ("fr", "fr-FR"), ("es", "es-ES"),
                                           ("ru", "ru-RU")])
def test_each_document_carries_its_language(matrix, lang, tag):
    assert default_lang(matrix[("full", lang)])["val"] == tag


def test_arabic_and_chinese_carry_theirs_and_names_keep_their_own(matrix):
    assert default_lang(matrix[("full", "ar")])["bidi"] == "ar-SA"
    assert default_lang(matrix[("full", "zh")])["eastAsia"] == "zh-CN"
    # A Latin name in a Russian letter is proofed in its own language, not as Russian.
    body = Document(str(matrix[("full", "ru")])).element.body
    latin = [r for r in body.iter(qn("w:r"))
             if "NeMolchiKZ" in "".join(t.text or "" for t in r.iter(qn("w:t")))]
    assert latin and all(r.find(f"{W}rPr/{W}lang").get(qn("w:val")) == "en-GB" for r in latin)


def test_arabic_styles_have_complex_script_twins(matrix):
    styles = Document(str(matrix[("full", "ar")])).styles
    for name in ("CD Mandates", "CD Signature Name", "CD Annex Title", "CD Body"):
        rpr = styles[name].element.find(qn("w:rPr"))
        size, cs_size = rpr.find(qn("w:sz")), rpr.find(qn("w:szCs"))
        assert cs_size is not None and cs_size.get(qn("w:val")) == size.get(qn("w:val")), name
        if rpr.find(qn("w:b")) is not None:
            assert rpr.find(qn("w:bCs")) is not None, name
    # Arabic runs read right to left; a reference in them keeps its order.
    body = Document(str(matrix[("full", "ar")])).element.body
    for run in body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        rtl = run.find(f"{W}rPr/{W}rtl") is not None
        if "AL\u00a0MNE\u00a01/2024" in text:
            assert not rtl and not any("\u0600" <= c <= "\u06ff" for c in text)
        elif any("\u0600" <= c <= "\u06ff" for c in text):
            assert rtl


def test_no_italic_in_chinese(matrix):
    for kind in ("short", "full"):
        with zipfile.ZipFile(matrix[(kind, "zh")]) as package:
            xml = package.read("word/styles.xml").decode() + \
                package.read("word/document.xml").decode()
        assert "<w:i/>" not in xml and "<w:iCs/>" not in xml
    with zipfile.ZipFile(matrix[("short", "en")]) as package:
        assert "<w:i/>" in package.read("word/styles.xml").decode()  # English keeps it
    body = Document(str(matrix[("full", "zh")])).element.body
    hints = [r.find(f"{W}rPr/{W}rFonts") for r in body.iter(qn("w:r"))
             if any(c in "“”·" for c in "".join(t.text or "" for t in r.iter(qn("w:t"))))]
    assert hints and all(h is not None and h.get(qn("w:hint")) == "eastAsia" for h in hints)


def test_references_and_file_numbers_never_break(matrix):
    with zipfile.ZipFile(matrix[("full", "en")]) as package:
        xml = package.read("word/document.xml").decode()
    assert "AL\u00a0MNE\u00a01/2024" in xml and "AL\u00a0KAZ\u00a01/2024" in xml
    assert "AL MNE 1/2024" not in xml
    assert "UPI<w:noBreakHyphen/>132/23<w:noBreakHyphen/>7527" in xml.replace(
        "</w:t>", "").replace('<w:t xml:space="preserve">', "")
    assert "20\u00a0August\u00a02024" in xml and "Ms.\u00a0Smailova" in xml
    with zipfile.ZipFile(matrix[("full", "ru")]) as package:
        xml = package.read("word/document.xml").decode()
    assert "г<w:noBreakHyphen/>жа" in xml.replace("</w:t>", "").replace(
        '<w:t xml:space="preserve">', "")
    assert "20\u00a0августа\u00a02024\u00a0года" in xml


def test_the_no_break_rules_on_their_own():
    from desktop_app.documents.ooxml import no_break_spans

    def kept(text: str, lang: str = "en") -> list[str]:
        return [text[a:b] for a, b in no_break_spans(text, lang)]

    assert "UA G/SO 214" not in " ".join(kept("UA G/SO 214 (67-17) TUR 4/2013"))
    assert "TUR 4/2013" in kept("UA G/SO 214 (67-17) TUR 4/2013")
    assert "№ 31" in kept("закон № 31 от 2024 года", "ru")
    assert any(k.startswith("Ms. D.S.") for k in kept("Ms. D.S. was arrested."))
    assert "1er août 2024" in kept("le 1er août 2024", "fr")
    assert "20 de agosto de 2024" in kept("el 20 de agosto de 2024", "es")


def test_layout_keeps_signatures_headings_and_annex(matrix):
    document = Document(str(matrix[("full", "en")]))
    styles = document.styles
    for name in ("CD Closing", "CD Signature Name", "CD Signature Title"):
        fmt = styles[name].paragraph_format
        assert fmt.keep_with_next and fmt.keep_together, name  # no signature alone
    intro = next(p for p in document.paragraphs
                 if p.text.startswith("According to the information received:"))
    assert intro.style.name == "CD Intro"  # never the last line of a page
    for name in ("CD Annex Title", "CD Heading", "CD Title", "CD Mandates", "CD Intro"):
        assert styles[name].paragraph_format.keep_with_next, name
    assert styles["Normal"].paragraph_format.widow_control
    annex = next(p for p in document.paragraphs if p.style.name == "CD Annex Title")
    assert annex.paragraph_format.page_break_before
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer  # page numbers
    table = document.tables[0]  # the letterhead: fixed columns wider than the text
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    text_width = document.sections[0].page_width - 2 * document.sections[0].left_margin
    assert sum(grid) * 635 > text_width and len(set(grid)) == 1  # twips to EMU


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and pdftotext (poppler-utils)")
@pytest.mark.parametrize(("lang", "words"), [
    ("ar", "حكومة"), ("zh", "2024年8月20日"), ("en", "20 August 2024"),
    ("fr", "20 août 2024"), ("ru", "20 августа 2024"), ("es", "20 de agosto de 2024")])
def test_pdf_a_for_the_archive(matrix, tmp_path, lang, words):
    from desktop_app.workspace.documents import to_pdf

    source = tmp_path / matrix[("full", lang)].name
    shutil.copyfile(matrix[("full", lang)], source)
    pdf = to_pdf(source)
    data = pdf.read_bytes()
    assert b"pdfaid:part>2<" in data or b'pdfaid:part="2"' in data  # PDF/A-2
    assert b"pdfaid:conformance>B<" in data or b'pdfaid:conformance="B"' in data
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # pdftotext marks direction (U+202A-E) and spaces out Chinese: compare letters only.
    plain = "".join(c for c in text if not c.isspace() and not "\u202a" <= c <= "\u202e")
    assert "".join(words.split()) in plain
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded


#: What a letter to a State says and a letter to anyone else must not (the drafter's own text
#: may name a Government: only the tool's fixed wording is checked for these).
STATE_WORDS = ("Excellency", "Government", "سعادة", "حكومة")


@pytest.mark.parametrize(("lang", "company"), [("en", "Northern Copper Mining Ltd."),
                                               ("ar", "شركة النحاس الشمالية المحدودة")])
def test_a_letter_to_a_company_is_addressed_to_the_company(workspace, demo, tmp_path, lang,
                                                           company):
    """A letter to a non-State recipient (a company, an armed group): "Dear Sir or Madam" and
    "your organisation" where a State's letter has "Excellency" and "your Excellency's
    Government"; the summary names the company; valid Open XML like every other document."""
    from desktop_app.documents import build_context, document_paragraphs
    from desktop_app.documents.phrases import Phrases

    demo.recipient.type, demo.recipient.state, demo.recipient.name = "other", None, company
    p = Phrases(lang)
    full = build_context(demo, lang, "full", workspace.reference)
    own = {key: full[key] for key in ("salutation", "opening", "lead_in", "questions_intro",
                                      "reply_request", "interim_measures", "closing",
                                      "annex_intro")}
    unwanted = (*STATE_WORDS, p.salutation(True), p.addressee(True), p.closing(1, True))
    for key, text in own.items():
        assert not [word for word in unwanted if word in text], (key, text)
    assert own["salutation"] == p.salutation(False) != p.salutation(True)
    assert own["closing"] == p.closing(1, False) != p.closing(1, True)
    for key in ("lead_in", "questions_intro", "reply_request", "interim_measures",
                "annex_intro"):
        assert p.addressee(False) in own[key], key
    short = build_context(demo, lang, "short", workspace.reference)
    assert short["title_line"].startswith(company)
    assert company in short["preamble"]
    assert not [word for word in unwanted if word in short["preamble"]], short["preamble"]

    letter, summary = workspace.render(demo, ["full", "short"], [lang], tmp_path)
    printed = [" ".join(text.replace("\u00a0", " ").split())
               for text in document_paragraphs(letter)]
    for key in ("salutation", "opening", "lead_in", "closing"):
        assert " ".join(own[key].split()) in printed, key
    assert not [line for line in printed if "Excellency" in line or "سعادة" in line]
    summary_text = " ".join(document_paragraphs(summary)).replace("\u00a0", " ")
    assert company in summary_text
    assert audit(letter) == [] and audit(summary) == []
