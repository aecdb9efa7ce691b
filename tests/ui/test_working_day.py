"""The window over a working day: filtered lists act only on what is seen, sending is asked for
and final, a sent letter is read-only until reopened, the keyboard leaves the case list, a
duplicate starts without the source's review, names replaced for consent are listed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.ui.dialogs import ReopenDialog, SendDialog
from desktop_app.ui.pages_case import CasePage, PersonsPage
from desktop_app.ui.pages_checklist import ChecklistPage
from desktop_app.ui.pages_questions import QuestionsPage, SummaryPage
from desktop_app.ui.pages_text import AllegationsPage, LegalPage
from desktop_app.ui.pages_translation import TranslationPage
from tests.ui.conftest import type_text


def page(window, cls):
    return next(p for p in window.editor.pages if isinstance(p, cls))


def wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)


def answer_modal(qtbot, kind, act) -> list:
    """Run ``act(dialog)`` on the next modal dialog of type ``kind`` (it must appear)."""
    seen: list = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(50, run)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(100, run)
    return seen


# ---------------------------------------------------------------------- filtered lists
def test_mandate_filter_moves_the_current_row_and_enter_adds_only_what_is_seen(
        qtbot, window, workspace, demo):
    window.reload_list()
    window.open_case(demo.id)
    case_page = page(window, CasePage)
    available = case_page.available
    available.setCurrentRow(available.count() - 1)  # an item the filter will hide
    hidden_id = available.currentItem().data(Qt.ItemDataRole.UserRole)
    case_page.mandate_search.setText("arbitrary detention")
    current = available.currentItem()
    assert current is not None and not current.isHidden()
    assert current.data(Qt.ItemDataRole.UserRole) != hidden_id
    assert "detention" in current.text().casefold()
    available.setFocus()
    qtbot.keyClick(available, Qt.Key.Key_Return)
    assert case_page.chosen_ids()[-1] == current.data(Qt.ItemDataRole.UserRole)
    before = case_page.chosen_ids()
    case_page.mandate_search.setText("no mandate is called this")
    assert available.currentItem() is None or not available.currentItem().isSelected()
    assert all(available.item(i).isHidden() for i in range(available.count()))
    qtbot.keyClick(available, Qt.Key.Key_Return)
    case_page.mandate_buttons["add"].click()
    assert case_page.chosen_ids() == before  # nothing unseen was added


def test_clause_filter_space_never_ticks_a_hidden_clause(qtbot, window, workspace, demo):
    window.reload_list()
    window.open_case(demo.id)
    legal = page(window, LegalPage)
    window.editor.jump_to("legal_framework", "legal_framework")
    order = list(legal.order)
    legal.list.setCurrentRow(legal.list.count() - 1)
    legal.search.setText("zzzz nothing matches")
    legal.list.setFocus()
    qtbot.keyClick(legal.list, Qt.Key.Key_Space)
    assert legal.order == order
    legal.search.setText("torture")
    current = legal.list.currentItem()
    assert current is not None and not current.isHidden()
    # Ticking numbers the clause at the end of the annex's order; nothing moves.
    if current.checkState() == Qt.CheckState.Checked:
        current.setCheckState(Qt.CheckState.Unchecked)
    current.setCheckState(Qt.CheckState.Checked)
    key = current.data(Qt.ItemDataRole.UserRole)
    assert legal.order[:-1] == [c for c in order if c != key] and legal.order[-1] == key
    assert current.text().startswith(f"{len(legal.order)}. ")
    legal.search.clear()
    assert legal.order[-1] == key  # clearing the filter reorders nothing


def test_ticked_questions_are_numbered_and_never_hidden(qtbot, window, workspace, demo):
    window.reload_list()
    window.open_case(demo.id)
    questions = page(window, QuestionsPage)
    ticked = [questions.standard.item(i) for i in range(questions.standard.count())
              if questions.standard.item(i).checkState() == Qt.CheckState.Checked]
    assert [i.text().split(".")[0] for i in ticked] == [str(n) for n in
                                                         range(1, len(ticked) + 1)]
    # Addressed to a company now: the Government's ticked questions stay on show.
    case_page = page(window, CasePage)
    case_page.recipient_type.setCurrentIndex(1)
    shown = {questions.standard.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(questions.standard.count())}
    assert set(questions.order) <= shown
    # Case questions are a multi-line editor, one question per paragraph.
    questions.custom.setFocus()
    questions.custom.selectAll()
    qtbot.keyClick(questions.custom, Qt.Key.Key_Delete)
    for line in ("Please explain", "the legal basis.", "", "And the next one?"):
        qtbot.keyClicks(questions.custom, line)
        qtbot.keyClick(questions.custom, Qt.Key.Key_Return)
    window.editor.apply()
    assert window.case.source_texts.questions == ["Please explain\nthe legal basis.",
                                                  "And the next one?"]


def test_case_filter_opens_nothing_and_tab_leaves_the_list(qtbot, window, workspace, demo):
    other = workspace.new_case(kind="UA", state="KAZ")
    window.reload_list()
    window.open_case(demo.id)
    panel = window.case_list
    panel.combos["kind"].setCurrentIndex(panel.combos["kind"].findData("UA"))
    assert window.case.id == demo.id  # the open case stays open
    assert not panel.table.currentIndex().isValid()  # and nothing unseen is current
    panel.combos["kind"].setCurrentIndex(0)
    assert panel.current_id() == demo.id
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    assert not panel.table.hasFocus()
    assert window.case.id == demo.id and other.id != demo.id


# ---------------------------------------------------------------------- sending
def test_send_confirmation_names_reference_date_and_open_items(qtbot, window, workspace, demo):
    case = workspace.load(demo.id)
    case.text["en"].concerns = []
    workspace.save(case)
    window.reload_list()
    window.open_case(demo.id)
    assert window.case.status == "approved"
    seen_ok: list[str] = []

    def fill(dialog: SendDialog) -> None:
        dialog.day.setDate(dialog.day.date().fromString("2024-08-21", "yyyy-MM-dd"))
        seen_ok.append(dialog.ok.text())
        assert not dialog.ok.isEnabled()  # open items: sending must be ticked
        items = [dialog.items.item(i).text() for i in range(dialog.items.count())]
        seen_ok.append("\n".join(items))
        dialog.force.setChecked(True)
        assert dialog.ok.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter accepts

    shown = answer_modal(qtbot, SendDialog, fill)
    window.change_status("sent")
    assert shown, "no confirmation was asked"
    assert "AL MNE 1/2024" in seen_ok[0] and "2024-08-21" in seen_ok[0]
    assert "concerns" in seen_ok[1].casefold()
    assert window.case.status == "sent" and window.case.dates.sent == date(2024, 8, 21)
    assert window.editor.frozen_bar.isVisible() or not window.isVisible()
    assert page(window, AllegationsPage).editor.isReadOnly()
    assert not page(window, CasePage).kind.isEnabled()
    assert not page(window, PersonsPage).add_button.isEnabled()
    summary = page(window, SummaryPage)
    assert not summary.topic.isReadOnly()  # the public summary stays editable
    type_text(qtbot, summary.topic, " (updated)")
    wait_saved(qtbot, window)
    assert workspace.load(demo.id).texts("en").topic.endswith("(updated)")


def test_cancelling_the_confirmation_sends_nothing(qtbot, window, workspace, demo):
    window.reload_list()
    window.open_case(demo.id)
    answer_modal(qtbot, SendDialog, lambda dialog: dialog.reject())
    window.change_status("sent")
    assert workspace.load(demo.id).status == "approved"


def test_reopen_asks_a_reason_and_unfreezes(qtbot, window, workspace, sent_demo):
    window.reload_list()
    window.open_case(sent_demo.id)
    allegations = page(window, AllegationsPage)
    assert allegations.editor.isReadOnly()

    def give(dialog: ReopenDialog) -> None:
        assert not dialog.ok.isEnabled()  # no reason, no reopening
        type_text(qtbot, dialog.reason, "The reply date was wrong")
        dialog.ok.click()

    answer_modal(qtbot, ReopenDialog, give)
    window.editor.reopen.click()
    assert window.case.status == "approved" and not allegations.editor.isReadOnly()
    history = workspace.load(sent_demo.id).history
    assert history[-1].action == "reopened" and history[-1].note == "The reply date was wrong"


def test_frozen_translation_units_are_read_only(qtbot, window, workspace, sent_demo):
    window.reload_list()
    window.open_case(sent_demo.id)
    translation = page(window, TranslationPage)
    window.editor.jump_to("translation", "")
    translation.only_work.setChecked(False)
    translation.lang.setCurrentIndex(translation.lang.findData("fr"))
    for row in range(translation.list.count()):
        key = translation.list.item(row).data(Qt.ItemDataRole.UserRole)
        translation.list.setCurrentRow(row)
        frozen = not key.startswith(("public.", "topic", "update"))
        assert translation.target.isReadOnly() == frozen, key


# ---------------------------------------------------------------------- the rest
def test_duplicate_starts_without_the_review(qtbot, window, workspace, demo):
    from desktop_app.domain.review import ReviewComment

    case = workspace.load(demo.id)
    case.review.comments.append(ReviewComment("c1", 1, "A. Reviewer", "Cite the date."))
    workspace.save(case)
    window.reload_list()
    window.open_case(demo.id)
    window.duplicate_case()
    assert window.case.id != demo.id
    assert window.case.review.is_empty() and window.case.reference is None
    assert workspace.load(demo.id).review.comments


def test_new_case_puts_the_focus_in_the_first_field(qtbot, window, workspace, demo):
    window.reload_list()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case is not None and window.case.id != demo.id)
    assert page(window, CasePage).kind.hasFocus()


def test_the_checklist_lists_each_consent_replacement(qtbot, window, workspace, demo):
    case = workspace.load(demo.id)
    case.persons[0].consent_public = False
    case.persons[0].public_name = "a woman human rights defender"
    workspace.save(case)
    window.reload_list()
    window.open_case(demo.id)
    window.editor.jump_to("review", "")
    review = next(p for p in window.editor.pages if isinstance(p, ChecklistPage))
    texts = [review.items.item(i).text() for i in range(review.items.count())]
    replaced = [t for t in texts if t.startswith("→")]
    assert replaced and all("a woman human rights defender" in t.casefold() for t in replaced)
    assert any("Smailova" in t for t in replaced)


def test_preview_marks_what_is_not_translated(qtbot, window, workspace, demo):
    case = workspace.load(demo.id)
    del case.text["fr"].allegations[1]
    workspace.save(case)
    window.reload_list()
    window.open_case(demo.id)
    window.preview.lang.setCurrentIndex(window.preview.lang.findData("fr"))
    qtbot.waitUntil(lambda: any("[à traduire]" in p for p in window.preview.paragraphs),
                    timeout=10_000)
    assert QDialog  # the export dialog's warning is tested in test_export_dialog.py


def test_the_checklist_in_arabic(qtbot, workspace, demo):
    import re

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tr import set_language

    set_language("ar")
    try:
        case = workspace.load(demo.id)
        case.text["en"].concerns = []
        case.persons[0].role["en"] = ""
        workspace.save(case)
        win = MainWindow(workspace)
        qtbot.addWidget(win)
        win.show()
        win.reload_list()
        win.open_case(demo.id)
        win.editor.jump_to("review", "")
        review = next(p for p in win.editor.pages if isinstance(p, ChecklistPage))
        texts = [review.items.item(i).text() for i in range(review.items.count())]
        assert len(texts) >= 2
        for text in texts:
            assert re.search("[\u0600-\u06ff]", text), text  # Arabic words
            assert "write the concerns" not in text.casefold()
            assert "wg-women-girls" not in text and "freedom-expression" not in text
        # The case list names the lead mandate by its Arabic title, not its id.
        lead = win.case_list.model.value(
            next(r for r in win.case_list.model.rows if r.id == demo.id), "lead")
        assert re.search("[\u0600-\u06ff]", lead) and lead != "hrd"
        # Dates in fields keep Western digits, as UN Arabic documents write them.
        from desktop_app.ui.pages_case import CasePage

        reply = page(win, CasePage).reply
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reply.text()), reply.text()
        win.watch.stop()
        win.autosave.stop()
        win.dirty = False
    finally:
        set_language("en")


def test_a_stale_translation_shows_what_changed_in_the_source(qtbot, window, workspace, demo):
    case = workspace.load(demo.id)
    old = case.text["en"].concerns[0]
    case.text["en"].concerns[0] = old.replace("serious concern", "grave concern", 1) \
        if "serious concern" in old else old + " Newly added words."
    workspace.save(case)
    window.reload_list()
    window.open_case(demo.id)
    translation = page(window, TranslationPage)
    window.editor.jump_to("translation", "")
    translation.lang.setCurrentIndex(translation.lang.findData("fr"))
    row = next(i for i in range(translation.list.count())
               if translation.list.item(i).data(Qt.ItemDataRole.UserRole) == "concerns.0")
    translation.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: translation.changes.isVisible() or not window.isVisible(),
                    timeout=10_000)
    shown = translation.changes.toHtml()
    assert "<s" in shown or "line-through" in shown
    assert "grave" in translation.changes.toPlainText() or \
        "Newly" in translation.changes.toPlainText()


def test_live_language_switch_renames_the_case_list(qtbot, window, workspace, demo):
    from desktop_app.ui.tr import set_language

    window.reload_list()
    model = window.case_list.model
    english = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    try:
        set_language("fr", QApplication.instance())
        window.retranslate()
        french = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        assert french != english
        assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
            french  # a clipped header shows itself whole
        from desktop_app.ui.tr import qt_translator

        assert qt_translator() is not None  # Qt's own dialogs in French too
    finally:
        set_language("en", QApplication.instance())
        window.retranslate()


def test_record_a_renewal_from_the_window(qtbot, window, workspace, demo):
    from PySide6.QtCore import QDate

    from desktop_app.ui.dialogs import RecordDialog

    window.reload_list()
    window.open_case(demo.id)

    def fill(dialog: RecordDialog) -> None:
        dialog.mandate.setCurrentIndex(dialog.mandate.findData("hrd"))
        dialog.tabs.setCurrentIndex(1)
        type_text(qtbot, dialog.number, "64/9")
        dialog.adopted.setDate(QDate(2027, 4, 2))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    shown = answer_modal(qtbot, RecordDialog, fill)
    window.editor.case_page.mandate_buttons["record"].click()
    assert shown
    renewal = workspace.reference.mandates["hrd"].resolutions[-1]
    assert (renewal.number, str(renewal.adopted), renewal.body) == ("64/9", "2027-04-02", "HRC")
    assert workspace.reference.mandates["hrd"].resolution_on(date(2027, 4, 1)).number != "64/9"
