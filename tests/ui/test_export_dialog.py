"""The export dialog counts the texts a chosen language lacks and asks before exporting."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.documents import document_paragraphs
from desktop_app.domain.case import Case
from desktop_app.reference import demo_case
from tests.ui.conftest import click_message_box


def make_dialog(qtbot, workspace, tmp_path, case: Case, languages: list[str]):
    from desktop_app.ui.export_dialog import ExportDialog
    from desktop_app.ui.tr import set_language

    set_language("en")
    dialog = ExportDialog(workspace, case, tmp_path / "out", languages, author="Aigerim Test")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def french_lacking_one_paragraph() -> Case:
    case = Case.from_dict(demo_case())
    case.text["fr"].allegations[2] = ""
    return case


def test_the_warning_counts_per_language_and_escape_cancels(qtbot, workspace, tmp_path):
    case = french_lacking_one_paragraph()
    case.text["zh"].summary = ""
    case.text["zh"].topic = ""
    dialog = make_dialog(qtbot, workspace, tmp_path, case, ["en", "fr"])
    note = dialog.untranslated_note.text()
    assert note == "French: 1 text not yet translated; it will show as [à traduire]"
    dialog.langs["zh"].setChecked(True)  # the note follows the boxes
    assert dialog.untranslated_note.text().splitlines() == [  # in the order of the boxes
        "Chinese: 2 texts not yet translated; they will show as [待翻译]",
        "French: 1 text not yet translated; it will show as [à traduire]"]
    dialog.variants["full"].setChecked(False)  # the summary lacks only the Chinese topic
    assert dialog.untranslated_note.text() == (
        "Chinese: 1 text not yet translated; it will show as [待翻译]")
    dialog.variants["full"].setChecked(True)
    dialog.langs["zh"].setChecked(False)

    seen: list[str] = []

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), "no warning appeared"
        seen.append(f"{box.text()}\n{box.informativeText()}")
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(200, press_escape)
    dialog.export_button.setFocus()
    qtbot.keyClick(dialog.export_button, Qt.Key.Key_Space)  # Export, from the keyboard
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "French: 1 text not yet translated; it will show as [à traduire]" in seen[0]
    assert "Export anyway?" in seen[0]
    assert not dialog.running and not dialog.written
    assert not (tmp_path / "out").exists()
    assert "nothing was written" in dialog.message.text()


def test_export_anyway_writes_the_marked_documents(qtbot, workspace, tmp_path):
    case = french_lacking_one_paragraph()
    dialog = make_dialog(qtbot, workspace, tmp_path, case, ["en", "fr"])
    dialog.variants["short"].setChecked(False)
    seen: list[str] = []
    click_message_box(qtbot, "Export anyway", seen)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=20000)
    assert seen
    french = next(p for p in dialog.written if p.name.endswith("-full-fr.docx"))
    assert any(p.startswith("[à traduire] ") for p in document_paragraphs(french))
    for path in dialog.written:
        assert Document(str(path)).core_properties.author == "Aigerim Test"
    assert all(p.name.startswith("draft-MNE-reported-surveillance") for p in dialog.written)


def test_no_warning_when_every_text_is_translated(qtbot, workspace, tmp_path, monkeypatch):
    asked: list[int] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(1) or 0)
    dialog = make_dialog(qtbot, workspace, tmp_path, Case.from_dict(demo_case()), ["en", "fr"])
    assert dialog.untranslated_note.text() == ""
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=20000)
    assert not asked
    assert len(dialog.written) == 4
