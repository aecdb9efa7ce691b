"""The translation step: side by side, saved, and stale when the source changes."""

from __future__ import annotations

from desktop_app.domain.translation import UnitState, stale_languages, units
from desktop_app.ui.pages_text import AllegationsPage
from desktop_app.ui.pages_translation import TranslationPage
from tests.ui.conftest import type_text


def page(window, cls):
    return next(p for p in window.editor.pages if isinstance(p, cls))


def select(tr: TranslationPage, key: str) -> None:
    for row in range(tr.list.count()):
        if tr.list.item(row).data(256) == key:  # Qt.ItemDataRole.UserRole
            tr.list.setCurrentRow(row)
            return
    raise AssertionError(f"no row {key!r}")


def without(workspace, demo, lang: str):
    """The demo case without its translation into ``lang``."""
    demo.text.pop(lang, None)
    return workspace.save(demo)


def test_translate_save_and_see_it_go_stale(qtbot, window, workspace, demo):
    demo = without(workspace, demo, "ru")
    window.reload_list()
    window.open_case(demo.id)
    tr = page(window, TranslationPage)
    window.editor.steps.setCurrentRow(window.editor.pages.index(tr))
    tr.lang.setCurrentIndex(tr.lang.findData("ru"))
    assert tr.target_lang() == "ru"
    select(tr, "allegations.0")
    source = demo.texts("en").allegations[0]
    assert tr.source.toPlainText() == source and tr.source.isReadOnly()
    assert "to translate" in tr.list.currentItem().text()
    type_text(qtbot, tr.target, "Согласно полученной информации, …")
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)
    saved = workspace.load(demo.id)
    assert saved.texts("ru").allegations[0] == "Согласно полученной информации, …"
    assert {u.key: u.state for u in units(saved, "ru")}["allegations.0"] is UnitState.CURRENT
    assert "up to date" in tr.list.currentItem().text()
    assert "1 of" in tr.counts.text()

    # The drafter changes the English paragraph: the Russian one is now stale, in words.
    allegations = page(window, AllegationsPage)
    window.editor.steps.setCurrentRow(window.editor.pages.index(allegations))
    allegations.editor.moveCursor(allegations.editor.textCursor().MoveOperation.Start)
    type_text(qtbot, allegations.editor, "Reportedly, ")
    window.editor.steps.setCurrentRow(window.editor.pages.index(tr))
    select(tr, "allegations.0")
    assert "stale" in tr.list.currentItem().text()
    assert tr.source.toPlainText().startswith("Reportedly, ")
    assert tr.checked.isEnabled()
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)
    assert "ru" in stale_languages(workspace.load(demo.id))
    # The translator decides the translation still holds.
    tr.checked.click()
    assert "up to date" in tr.list.currentItem().text()
    qtbot.waitUntil(lambda: not window.dirty, timeout=5000)
    assert "ru" not in stale_languages(workspace.load(demo.id))


def test_only_what_needs_work_and_next(qtbot, window, workspace, demo):
    demo = without(workspace, demo, "ar")
    window.reload_list()
    window.open_case(demo.id)
    tr = page(window, TranslationPage)
    window.editor.steps.setCurrentRow(window.editor.pages.index(tr))
    tr.lang.setCurrentIndex(tr.lang.findData("ar"))
    total = tr.list.count()
    select(tr, "topic")
    type_text(qtbot, tr.target, "مراقبة مبلغ عنها")
    window.save_now()
    tr.only_work.setChecked(True)
    tr.list.setCurrentRow(0)
    assert tr.list.count() in (total, total - 1)
    tr.next.click()
    assert tr.current_key != "topic"
    assert tr.target.layoutDirection().name == "RightToLeft"


def test_xliff_out_and_back_in(qtbot, window, workspace, demo, tmp_path):
    import xml.etree.ElementTree as ET

    window.reload_list()
    window.open_case(demo.id)
    path = window.export_xliff("es", tmp_path / "es.xlf")
    assert path is not None and path.exists()
    ns = "{urn:oasis:names:tc:xliff:document:1.2}"
    tree = ET.parse(path)
    for tu in tree.getroot().iter(f"{ns}trans-unit"):
        if tu.get("id") == "summary":
            tu.find(f"{ns}target").text = "la vigilancia denunciada (revisada)"
    tree.write(path, encoding="utf-8", xml_declaration=True)
    window.import_xliff(path)
    tr = page(window, TranslationPage)
    assert tr.target_lang() == "es"
    assert window.editor.stack.currentIndex() == window.editor.pages.index(tr)
    assert workspace.load(demo.id).texts("es").summary == "la vigilancia denunciada (revisada)"
    assert "up to date" in window.statusBar().currentMessage()
