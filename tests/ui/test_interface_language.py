"""Reference names follow the interface language; the preview opens on the document language."""

from __future__ import annotations

from desktop_app.ui.pages_case import CasePage


def test_mandates_and_states_in_the_interface_language(qtbot, window, workspace, demo):
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.tr import set_language

    window.reload_list()
    window.open_case(demo.id)
    case_page = next(p for p in window.editor.pages if isinstance(p, CasePage))
    try:
        set_language("fr", QApplication.instance())
        window.retranslate()
        index = case_page.state.findData("MNE")
        assert case_page.state.itemText(index) == "Monténégro — MNE"
        assert case_page.chosen.item(0).text().startswith("Rapporteur spécial")
    finally:
        set_language("en", QApplication.instance())
        window.retranslate()
    assert case_page.state.itemText(case_page.state.findData("MNE")) == "Montenegro — MNE"


def test_preview_opens_on_the_first_document_language(qtbot, workspace):
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    win = MainWindow(workspace, Settings(document_languages=["zh", "en"]))
    qtbot.addWidget(win)
    assert win.preview.lang.currentData() == "zh"
    win.watch.stop()
    win.autosave.stop()
