"""The window on a team server: a colleague's save shows in the list and in the open case
within a second (LISTEN/NOTIFY, read at the window's watch tick), and no demo case is ever
added to a team's server."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def server_window(qtbot, tmp_path, pg_db):
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tr import set_language
    from desktop_app.workspace import Workspace

    with Workspace.open(tmp_path / "admin", store=pg_db.admin_dsn) as admin:
        demo = admin.load_demo()
    lead = demo.mandates[0]
    _, dsn = pg_db.person("drafter", "drafter", [lead])
    mine = Workspace.open(tmp_path / "mine", store=dsn)
    set_language("en")
    win = MainWindow(mine)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win, mine, demo
    win.watch.stop()
    win.autosave.stop()
    win.dirty = False
    mine.close()


def test_a_colleagues_save_shows_within_a_second(qtbot, tmp_path, pg_db, server_window):
    from desktop_app.ui.pages_questions import SummaryPage
    from desktop_app.workspace import Workspace

    window, mine, demo = server_window
    assert window.workspace.server and "@" in window.workspace.server
    assert "password" not in window.windowTitle()
    window.reload_list()
    assert [row.id for row in window.case_list.model.rows] == [demo.id]
    window.open_case(demo.id)
    with Workspace.open(tmp_path / "colleague", store=pg_db.admin_dsn) as colleague:
        theirs = colleague.reopen(demo.id, "a colleague's correction")
        theirs.texts("en").topic = "changed by a colleague on the server"
        stored = colleague.save(theirs)
        saved = time.perf_counter()
    page = next(p for p in window.editor.pages if isinstance(p, SummaryPage))
    qtbot.waitUntil(lambda: page.topic.text() == "changed by a colleague on the server",
                    timeout=3000)
    seen = time.perf_counter() - saved
    assert seen < 1.0, f"the open case showed the change after {seen:.2f} s"
    row = next(r for r in window.case_list.model.rows if r.id == demo.id)
    assert row.revision == stored.revision


def test_no_demo_on_a_server(qtbot, tmp_path, pg_db, monkeypatch):
    from desktop_app.ui import app
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    monkeypatch.delenv("COMMDRAFT_STORE", raising=False)
    _, dsn = pg_db.person("newcomer", "drafter", ["some-team"])
    settings = Settings(store=dsn)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    assert app.attach_workspace(window, tmp_path / "ws")
    assert window.workspace is not None and window.workspace.is_empty()
    window.watch.stop()
    window.autosave.stop()
    window.workspace.close()


def test_the_server_gone_mid_edit_keeps_the_text_and_saves_when_back(
        qtbot, tmp_path, pg_db, server_window):
    from desktop_app.ui.pages_questions import SummaryPage
    from desktop_app.workspace import Workspace
    from tests.ui.conftest import type_text

    window, mine, demo = server_window
    window.watch.stop()
    with Workspace.open(tmp_path / "admin2", store=pg_db.admin_dsn) as admin:
        admin.reopen(demo.id, "to edit it")  # the demo is sent, hence frozen
    window.reload_list()
    window.open_case(demo.id)
    page = next(p for p in window.editor.pages if isinstance(p, SummaryPage))
    page.topic.selectAll()
    typed = "typed while the server was down — écrit pendant la panne"
    type_text(qtbot, page.topic, typed)
    assert window.dirty
    pg_db.cluster.stop("fast")
    try:
        saved = window.save_now()
        error, dirty, text = window.last_error, window.dirty, page.topic.text()
    finally:
        pg_db.cluster.start()
    try:
        assert saved is False and dirty and text == typed
        assert error and "cannot be reached" in error, error
        assert window.save_now() is True, window.last_error  # reconnected by itself
    finally:
        window.dirty = False  # a failure above must not leave a "Quit anyway?" box open
    assert not window.dirty
    with Workspace.open(tmp_path / "check", store=pg_db.admin_dsn) as admin:
        assert admin.load(demo.id).texts("en").topic == typed


def test_the_history_names_who_saved_each_revision(qtbot, tmp_path, pg_db, server_window,
                                                   monkeypatch):
    from desktop_app.ui import history_dialog
    from desktop_app.workspace import Workspace

    window, mine, demo = server_window
    with Workspace.open(tmp_path / "colleague", store=pg_db.admin_dsn) as colleague:
        colleague.reopen(demo.id, "a colleague's correction")
    window.reload_list()
    window.open_case(demo.id)
    shown = []
    monkeypatch.setattr(history_dialog.HistoryDialog, "exec", lambda self: shown.append(self))
    window.actions_["history"].trigger()
    (dialog,) = shown
    table = dialog.table
    revisions = mine.store.history(demo.id)
    assert table.rowCount() == len(revisions) >= 2
    assert table.item(0, 0).text() == str(revisions[-1].revision)  # newest first
    assert {table.item(row, 2).text() for row in range(table.rowCount())} == {"postgres"}
