"""The real window on real models: draft from nothing to a DOCX, preview, autosave, conflicts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.documents import document_paragraphs
from desktop_app.ui.pages_case import CasePage, PersonsPage
from desktop_app.ui.pages_questions import QuestionsPage, SummaryPage
from desktop_app.ui.pages_text import AllegationsPage, BackgroundPage, ConcernsPage, LegalPage
from tests.ui.conftest import click_message_box, type_text


def page(window, cls):
    return next(p for p in window.editor.pages if isinstance(p, cls))


def wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)


def test_create_a_case_through_every_step_to_a_docx(qtbot, window, workspace, tmp_path):
    window.new_case()
    case_id = window.case.id
    editor = window.editor
    # 1. case and recipient
    case_page = page(window, CasePage)
    case_page.kind.setCurrentIndex(case_page.kind.findData("UA"))
    case_page.state.setCurrentIndex(case_page.state.findData("MNE"))
    type_text(qtbot, case_page.mandate_search, "defenders")
    visible = [case_page.available.item(i) for i in range(case_page.available.count())
               if not case_page.available.item(i).isHidden()]
    case_page.available.setCurrentItem(visible[0])
    case_page.mandate_buttons["add"].click()
    assert case_page.chosen_ids() == ["hrd"]
    # 2. persons
    persons = page(window, PersonsPage)
    persons.add_person()
    persons.table.item(0, 0).setText("Zoé Ñúñez-حسن")
    persons.table.cellWidget(0, 2).setCurrentIndex(0)  # female
    persons.table.item(0, 3).setText("journalist")
    persons.table.item(0, 4).setCheckState(Qt.CheckState.Checked)
    # 3-5. the letter's sections, typed (non-ASCII through the input method)
    background = page(window, BackgroundPage)
    type_text(qtbot, background.extra_line, "threats against a journalist")
    type_text(qtbot, background.editor, "Ms. Zoé Ñúñez-حسن writes for a newspaper “Вести”.")
    type_text(qtbot, page(window, AllegationsPage).editor,
              "On 3 May 2025, she was reportedly threatened.")
    concerns = page(window, ConcernsPage)
    type_text(qtbot, concerns.editor, "We are concerned by the threats.")
    assert concerns.urgent.isVisibleTo(concerns)  # an urgent appeal asks for immediate steps
    type_text(qtbot, concerns.urgent, "That she be protected from further threats.")
    # 6. legal framework, 7. questions
    legal = page(window, LegalPage)
    legal.list.item(0).setCheckState(Qt.CheckState.Checked)
    questions = page(window, QuestionsPage)
    questions.standard.item(0).setCheckState(Qt.CheckState.Checked)
    # 8. summary
    summary = page(window, SummaryPage)
    type_text(qtbot, summary.topic, "threats against a journalist in Montenegro")
    summary.start_from_full_text()
    window.save_now()
    assert not window.dirty
    stored = workspace.load(case_id)
    assert stored.kind == "UA" and stored.recipient.state == "MNE" and stored.mandates == ["hrd"]
    assert stored.persons[0].name == "Zoé Ñúñez-حسن"
    assert stored.texts("en").background == ["Ms. Zoé Ñúñez-حسن writes for a newspaper “Вести”."]
    assert stored.texts("en").public.allegations == [
        "On 3 May 2025, she was reportedly threatened."]
    assert stored.texts("en").urgent_request == ["That she be protected from further threats."]
    # What the window lets a drafter do is done; who holds the mandate today is data.
    remaining = {m.section for m in workspace.check(stored)
                 if m.kind != "info" and not m.code.startswith("mandate.")}
    assert not remaining & {"case", "background", "allegations", "concerns", "legal_framework",
                            "questions", "summary"}, remaining
    # 9. review and export, through the dialog
    editor.steps.setCurrentRow(len(editor.pages) - 1)
    window.export()
    dialog = window.export_dialog
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=15000)
    names = sorted(p.name for p in dialog.written)
    stem = f"draft-MNE-threats-against-a-journalist-in-montenegro-{case_id[:6]}"
    assert names == [f"{stem}-full-en.docx", f"{stem}-short-en.docx"]
    full = document_paragraphs(tmp_path / "out" / names[0])
    assert any("Zoé Ñúñez-حسن" in p for p in full)
    assert dialog.open_button.isEnabled()
    dialog.close()


def test_preview_changes_with_edits_and_matches_the_export(qtbot, window, workspace, demo,
                                                           tmp_path):
    window.reload_list()
    window.open_case(demo.id)
    qtbot.waitUntil(lambda: bool(window.preview.paragraphs), timeout=10000)
    concerns = page(window, ConcernsPage)
    concerns.editor.moveCursor(concerns.editor.textCursor().MoveOperation.End)
    type_text(qtbot, concerns.editor, "\n\nA new concern, written just now ✍.")
    qtbot.waitUntil(lambda: any("written just now ✍" in p for p in window.preview.paragraphs),
                    timeout=10000)
    window.save_now()
    exported = workspace.render(window.case, ["full"], ["en"], tmp_path)[0]
    assert window.preview.paragraphs == document_paragraphs(exported)
    window.preview.variant.setCurrentIndex(1)
    qtbot.waitUntil(lambda: any(p.startswith("This summary is based on")
                                for p in window.preview.paragraphs), timeout=10000)
    exported = workspace.render(window.case, ["short"], ["en"], tmp_path)[0]
    assert window.preview.paragraphs == document_paragraphs(exported)


def test_no_preview_is_said_in_the_interface_language(qtbot, window, workspace, demo):
    from desktop_app.ui.tr import set_language

    demo.text.pop("fr")
    workspace.save(demo)
    window.reload_list()
    window.open_case(demo.id)
    qtbot.waitUntil(lambda: bool(window.preview.paragraphs), timeout=10000)
    set_language("ar")
    try:
        window.preview.lang.setCurrentIndex(window.preview.lang.findData("fr"))
        qtbot.waitUntil(lambda: not window.preview.paragraphs, timeout=10000)
        note = window.preview.note.text()
        assert "الترجمة" in note and "'fr'" not in note and "the case has" not in note
    finally:
        set_language("en")


def test_autosave_within_two_seconds_then_reopen(qtbot, window, workspace, demo, tmp_path):
    window.reload_list()
    window.open_case(demo.id)
    summary = page(window, SummaryPage)
    summary.topic.selectAll()
    type_text(qtbot, summary.topic, "a topic typed and never saved by hand — ça marche")
    assert window.dirty and "Unsaved" in window.indicator.text()
    qtbot.waitUntil(lambda: not window.dirty, timeout=2500)
    assert window.indicator.text().startswith("Saved")
    from desktop_app.workspace import Workspace

    with Workspace.open(workspace.root) as other:
        assert other.load(demo.id).texts("en").topic == (
            "a topic typed and never saved by hand — ça marche")


def test_conflicting_save_gives_the_dialog_and_loses_nothing(qtbot, window, workspace, demo):
    from desktop_app.workspace import Workspace

    window.watch.stop()  # the other window's save must meet this one's edit, not a reload
    window.reload_list()
    window.open_case(demo.id)
    with Workspace.open(workspace.root) as other:  # a second store handle: another window
        theirs = other.load(demo.id)
        theirs.texts("en").topic = "their topic"
        other.save(theirs)
    summary = page(window, SummaryPage)
    summary.topic.selectAll()
    type_text(qtbot, summary.topic, "my topic")
    seen: list[str] = []
    click_message_box(qtbot, "Keep my version", seen)
    assert window.save_now()
    assert seen and "Both versions are kept" in seen[0]
    final = workspace.load(demo.id)
    assert final.texts("en").topic == "my topic"
    history = workspace.store.history(demo.id)
    topics = {workspace.store.get_revision(demo.id, r.revision)["text"]["en"]["topic"]
              for r in history}
    assert {"their topic", "my topic"} <= topics
    kept = list(Path(workspace.store.conflicts_dir).iterdir())
    assert kept, "my refused version is kept in conflicts/"


def test_second_window_sees_the_others_saves(qtbot, window, workspace, demo):
    from desktop_app.workspace import Workspace

    window.reload_list()
    window.open_case(demo.id)
    with Workspace.open(workspace.root) as other:  # another process on the same folder
        other.new_case(kind="OL", state="KAZ")
        theirs = other.load(demo.id)
        theirs.texts("en").topic = "changed in the other window"
        other.save(theirs)
    # No reload by hand: the window looks for other writers' saves by itself.
    qtbot.waitUntil(lambda: any(r.state == "KAZ" for r in window.case_list.model.rows),
                    timeout=5000)
    qtbot.waitUntil(lambda: page(window, SummaryPage).topic.text()
                    == "changed in the other window", timeout=5000)


def test_keyboard_only_walk(qtbot, window, workspace, demo):
    window.reload_list()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.case_list.search.hasFocus()
    qtbot.keyClicks(window.case_list.search, "smailova")
    assert window.case_list.proxy.rowCount() == 1
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.case is not None)
    for expected in range(1, len(window.editor.pages)):
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert window.editor.steps.currentRow() == expected
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.steps.currentRow() == len(window.editor.pages) - 2
    # Every input of every step has an accessible name.
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QDateEdit,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTableWidget,
        QWidget,
    )

    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QListWidget, QTableWidget, QDateEdit,
              QCheckBox)
    unnamed = []
    for step in window.editor.pages:
        for widget in [w for w in step.findChildren(QWidget) if isinstance(w, inputs)]:
            if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue  # the line edit inside a combo box or a date field
            if not (widget.accessibleName() or (isinstance(widget, QCheckBox) and widget.text())):
                unnamed.append(f"{type(step).__name__}: {type(widget).__name__}")
    assert not unnamed, unnamed
    # Jump from a missing item to its field.
    case = window.case
    case.texts("en").topic = ""
    window.editor.load(case)
    window.editor.jump_to("summary", "text.en.topic")
    assert page(window, SummaryPage).topic.hasFocus()


def test_list_sorts_and_filters(qtbot, window, workspace, demo):
    workspace.new_case(kind="UA", state="KAZ")
    workspace.new_case(kind="OL", state="BLR")
    window.reload_list()
    panel = window.case_list
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # State or recipient
    shown = [panel.proxy.index(r, 2).data() for r in range(panel.proxy.rowCount())]
    assert shown == sorted(shown)
    panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    shown = [panel.proxy.index(r, 2).data() for r in range(panel.proxy.rowCount())]
    assert shown == sorted(shown, reverse=True)
    panel.combos["kind"].setCurrentIndex(panel.combos["kind"].findData("UA"))
    assert [panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())] == ["UA"]
    panel.combos["kind"].setCurrentIndex(0)
    deadline = panel.model.value(next(r for r in panel.model.rows if r.id == demo.id), "deadline")
    assert deadline == "replied"  # words, not only a colour


def test_a_failed_save_keeps_the_text_and_says_so(qtbot, window, workspace, demo, monkeypatch):
    from desktop_app.storage import StoreWriteError

    window.reload_list()
    window.open_case(demo.id)
    summary = page(window, SummaryPage)
    summary.topic.selectAll()
    type_text(qtbot, summary.topic, "text typed while the disk is full")

    def full_disk(case):
        raise StoreWriteError("cannot save: the disk is full (store/cases/x.log)", path=None,
                              errno=28)

    monkeypatch.setattr(workspace, "save", full_disk)
    assert not window.save_now()
    assert window.dirty
    assert "Not saved" in window.indicator.text() and "disk is full" in window.indicator.text()
    assert summary.topic.text() == "text typed while the disk is full"
    monkeypatch.undo()
    assert window.save_now()
    assert workspace.load(demo.id).texts("en").topic == "text typed while the disk is full"


def test_settings_switch_language_and_direction(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.settings_dialog import SettingsDialog
    from desktop_app.ui.tr import set_language

    dialog = SettingsDialog(window.settings, window.workspace.root, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    type_text(qtbot, dialog.name, "سارة")
    dialog.initials.setText("S.")
    assert dialog.apply()
    set_language(window.settings.interface_language, QApplication.instance())
    window.retranslate()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.settings.user_name == "سارة"
    window.settings.save()
    from desktop_app.ui.settings import Settings

    assert Settings.load().interface_language == "ar"
    set_language("en", QApplication.instance())
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
