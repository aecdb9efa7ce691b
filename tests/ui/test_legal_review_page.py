"""The legal-review step in the window: import a reviewed copy, see, accept, resolve."""

from __future__ import annotations

from docx import Document

from desktop_app.ui.pages_review import LegalReviewPage, redline_html
from desktop_app.ui.pages_text import ConcernsPage
from desktop_app.workspace import export_review
from tests.test_review import paragraph_with, tracked_replace


def page(window, cls):
    return next(p for p in window.editor.pages if isinstance(p, cls))


def test_import_accept_and_resolve_in_the_window(qtbot, window, workspace, demo, tmp_path):
    copy = export_review(workspace, demo.id, "en", "full", tmp_path)
    doc = Document(str(copy))
    p = paragraph_with(doc, demo.texts("en").concerns[0][:40])
    tracked_replace(p, "seriously", "gravely")
    doc.add_comment(p.runs[0], text="Softer, please.", author="Legal Adviser", initials="LA")
    returned = tmp_path / "back.docx"
    doc.save(str(returned))

    window.reload_list()
    window.open_case(demo.id)
    window.import_reviewed(returned)
    # One path per action: the window's decisions go through the workspace's operations, as
    # the command line's do (inside load and save there).
    calls: list[str] = []
    decide, resolve = workspace.decide, workspace.resolve
    workspace.decide = lambda *a, **k: calls.append("decide") or decide(*a, **k)
    workspace.resolve = lambda *a, **k: calls.append("resolve") or resolve(*a, **k)
    legal = page(window, LegalReviewPage)
    assert window.editor.stack.currentIndex() == window.editor.pages.index(legal)
    assert "1 open comment(s), 1 open change(s)" in legal.summary.text()
    texts = [legal.items.item(i).text() for i in range(legal.items.count())]
    assert any("Legal Adviser" in t and "Concerns ¶1" in t for t in texts)
    # The change: before and after, word by word.
    legal.items.setCurrentRow(0)
    assert "gravely" in legal.detail.toPlainText() and "seriously" in legal.detail.toPlainText()
    assert legal.accept_button.isEnabled()
    legal.accept_button.click()
    assert "gravely" in page(window, ConcernsPage).editor.toPlainText()
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)
    saved = workspace.load(demo.id)
    assert "gravely" in saved.texts("en").concerns[0]
    # The comment.
    legal.only_open.setChecked(True)
    legal.items.setCurrentRow(0)
    assert legal.resolve_button.isEnabled()
    legal.resolve_button.click()
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)
    assert workspace.load(demo.id).review.comments[0].status == "resolved"
    assert legal.items.count() == 0
    assert calls == ["decide", "resolve"]


def test_a_file_that_is_not_a_review_copy_is_refused_with_words(qtbot, window, workspace, demo,
                                                                  tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    plain = workspace.render(demo, ["full"], ["en"], tmp_path)[0]
    window.reload_list()
    window.open_case(demo.id)
    window.import_reviewed(plain)
    assert shown and "not a commdraft review copy" in shown[0]


def test_redline_marks_words():
    html = redline_html("we are seriously concerned", "we are gravely concerned")
    assert "<s" in html and "seriously" in html and "<u" in html and "gravely" in html


def test_redline_from_the_window(qtbot, window, workspace, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    copy = export_review(workspace, demo.id, "en", "full", tmp_path)
    window.reload_list()
    window.open_case(demo.id)
    legal = page(window, LegalReviewPage)
    assert not legal.redline_button.isEnabled()  # no reviewed copy has come back yet
    window.import_reviewed(copy)  # returned unchanged: nothing new, no round
    doc = Document(str(copy))
    doc.add_comment(doc.paragraphs[-1].runs[0] if doc.paragraphs[-1].runs else
                    paragraph_with(doc, demo.texts("en").concerns[0][:40]).runs[0],
                    text="Fine.", author="Legal Adviser", initials="LA")
    back = tmp_path / "back.docx"
    doc.save(str(back))
    window.import_reviewed(back)
    assert legal.redline_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    concerns = page(window, ConcernsPage)
    concerns.editor.moveCursor(concerns.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(concerns.editor, " Added after the review.")
    window.export_for_review(redline=True)  # written off the interface thread
    qtbot.waitUntil(lambda: window.last_review_copy is not None, timeout=10_000)
    path = window.last_review_copy
    assert path is not None and "-redline-r" in path.name
    ins = [el for el in Document(str(path)).element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins")]
    assert ins


def test_a_copy_for_comment_that_cannot_be_written_says_so(qtbot, window, workspace, demo,
                                                          monkeypatch):
    """Before: the background job's error was re-raised (a traceback, no dialog)."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    (workspace.root / "documents").write_text("a file where the folder goes", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    window.reload_list()
    window.open_case(demo.id)
    window.export_for_review()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "could not be written" in shown[0] and "documents" in shown[0]
    assert window.last_review_copy is None
