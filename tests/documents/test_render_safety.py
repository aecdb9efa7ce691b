"""Values come out exactly as typed; layouts cannot escape the sandbox."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from desktop_app.documents import (
    TemplateProblem,
    build_context,
    document_paragraphs,
    render_bytes,
    render_document,
)
from desktop_app.documents.render import TEMPLATE_DIR

TRICKY = [
    "Fish & chips <b>bold</b> \"quoted\" 'single'",
    "{{ 7*7 }} and {% if true %}x{% endif %}",
    "Emoji 👩🏽‍⚖️ ✊ 🕊️",
    "النص العربي: المدافعة عن حقوق الإنسان",
    "中文文本：人权维护者",
]


def test_tricky_values_come_out_exactly(workspace, demo):
    demo.text["en"].allegations = list(TRICKY)
    demo.text["en"].public.allegations = list(TRICKY)
    for variant in ("full", "short"):
        ctx = build_context(demo, "en", variant, workspace.reference)
        paras = document_paragraphs(render_bytes(TEMPLATE_DIR / f"{variant}.docx", ctx))
        for value in TRICKY:
            assert value in paras, f"{value!r} not rendered verbatim in {variant}"
        assert "49" not in " ".join(p for p in paras if "7*7" in p)


def test_control_characters_are_stripped(workspace, demo):
    demo.text["en"].allegations = ["before\x00\x07\x1bafter\ufffe"]
    ctx = build_context(demo, "en", "full", workspace.reference)
    paras = document_paragraphs(render_bytes(TEMPLATE_DIR / "full.docx", ctx))
    assert "beforeafter" in paras


def _layout_with(tmp_path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "full.docx"
    doc.save(path)
    return path


def test_sandbox_refuses_class_access(tmp_path, workspace, demo):
    path = _layout_with(tmp_path, "{{ salutation.__class__.__mro__[1].__subclasses__() }}")
    ctx = build_context(demo, "en", "full", workspace.reference)
    with pytest.raises(TemplateProblem, match="unsafe"):
        render_bytes(path, ctx)


def test_unknown_variable_is_an_error(tmp_path, workspace, demo):
    path = _layout_with(tmp_path, "{{ no_such_thing }}")
    ctx = build_context(demo, "en", "full", workspace.reference)
    with pytest.raises(TemplateProblem, match="no_such_thing"):
        render_bytes(path, ctx)


def test_broken_layout_file_is_reported(tmp_path, workspace, demo):
    path = tmp_path / "full.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    ctx = build_context(demo, "en", "full", workspace.reference)
    with pytest.raises(TemplateProblem, match="not a readable Word document"):
        render_bytes(path, ctx)


def test_failed_render_leaves_no_file(tmp_path, workspace, demo):
    path = _layout_with(tmp_path, "{{ no_such_thing }}")
    out = tmp_path / "out" / "letter.docx"
    ctx = build_context(demo, "en", "full", workspace.reference)
    with pytest.raises(TemplateProblem):
        render_document(path, ctx, out)
    assert not out.exists()
    assert not any((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_arabic_render_sets_right_to_left(workspace, demo):
    ctx = build_context(demo, "ar", "short", workspace.reference)
    data = render_bytes(TEMPLATE_DIR / "short.docx", ctx)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml
    # In schema order: the paragraph's style first, its direction after (Word repairs else).
    assert "<w:bidi/><w:pStyle" not in xml
