from __future__ import annotations

from pathlib import Path

from docx import Document

from desktop_app.documents import build_context, check_templates


def layout(folder: Path, name: str, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    folder.mkdir(exist_ok=True)
    doc.save(folder / name)
    return folder / name


def contexts(workspace, demo):
    return {v: build_context(demo, "en", v, workspace.reference) for v in ("full", "short")}


def test_unknown_missing_and_syntax_errors_are_named(tmp_path, workspace, demo):
    folder = tmp_path / "layouts"
    layout(folder, "full.docx", "{{ salutation }}", "{{ t.no_such_label }}",
           "{%p for s in signatures %}", "{{ s.nickname }}", "{%p endfor %}", "{{ oops }}")
    layout(folder, "short.docx", "{{ preamble }}", "{% if %}broken")
    _, problems = check_templates(contexts(workspace, demo), folder)
    text = "\n".join(str(p) for p in problems)
    assert "full.docx" in text and "unknown variable 't.no_such_label'" in text
    assert "unknown variable 's.nickname'" in text
    assert "unknown variable 'oops'" in text
    assert "missing variable: the layout never shows 'opening'" in text
    assert "short.docx: body, paragraph" in text and "Jinja syntax error" in text
    oops = next(p for p in problems if "'oops'" in p.message)
    assert "paragraph" in oops.where and "{{ oops }}" in oops.where


def test_shipped_layouts_are_clean(workspace, demo):
    paths, problems = check_templates(contexts(workspace, demo))
    assert {p.name for p in paths} >= {"full.docx", "short.docx"}
    assert problems == []
