"""Start the window: one language bootstrap before any widget, the window's first paint, then
the workspace (the store and the reference data) right after, so that a large workspace never
keeps the user looking at nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings import Settings
from desktop_app.ui.tr import _, describe, set_language

if TYPE_CHECKING:
    from desktop_app.workspace.core import Workspace


def open_workspace(root: Path | None, parent: QWidget | None = None,
                   store: str | None = None) -> Workspace:
    """The workspace folder ``root``, its cases in its own store or on the team server
    ``store`` (COMMDRAFT_STORE, when set, wins)."""
    from desktop_app.storage import PassphraseRequiredError
    from desktop_app.workspace import store_location
    from desktop_app.workspace.core import Workspace

    store = store_location(setting=store)
    if store:
        return Workspace.open(root, store=store)
    try:
        # The list first: the case files are compared with the index once it is on screen
        # (MainWindow.attach), not before.
        return Workspace.open(root, check_files=False)
    except PassphraseRequiredError:
        while True:
            passphrase, ok = QInputDialog.getText(
                parent, _("Encrypted workspace"), _("Passphrase of {root}:").format(root=root),
                QLineEdit.EchoMode.Password)
            if not ok:
                raise
            try:
                return Workspace.open(root, passphrase=passphrase, check_files=False)
            except CommdraftError as exc:
                QMessageBox.warning(parent, _("Cannot open the workspace"), describe(exc))


def attach_workspace(window: MainWindow, root: Path | None) -> bool:
    try:
        workspace = open_workspace(root, window, window.settings.store)
    except CommdraftError as exc:
        QMessageBox.critical(window, _("Cannot open the workspace"), describe(exc))
        window.close()
        return False
    if workspace.is_empty() and workspace.server is None:
        # First run: the demo case, offered and selected; never on a team server, where an
        # empty list means a team with no case yet, not a new user.
        workspace.load_demo()
    window.attach(workspace)  # the list on screen, from the store's index
    # Then, on the event loop, the case files compared with the index, and only then a case
    # opened: a case found damaged is set aside and said above the list, never opened.
    QTimer.singleShot(0, lambda: _open_last_case(window, workspace))
    return True


def _open_last_case(window: MainWindow, workspace: Workspace) -> None:
    if window.workspace is not workspace:
        return  # another workspace was opened meanwhile
    window.check_files()
    target = window.settings.last_case
    ids = [row.id for row in window.case_list.model.rows]
    if ids and window.case is None:
        window.case_list.select(target if target in ids else ids[0])


def start(workspace: Path | None = None, argv: list[str] | None = None) -> MainWindow:
    """Create the application and show the window; the workspace follows on the event loop."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("commdraft")
    settings = Settings.load()
    set_language(settings.interface_language, app)
    root = workspace or (Path(settings.workspace) if settings.workspace else None)
    window = MainWindow(None, settings)
    window.show()
    _after_first_expose(window, lambda: attach_workspace(window, root))
    return window


class _ExposeWatcher(QObject):
    """Runs a callback once, on the event loop, after the window was first shown on screen."""

    def __init__(self, window: MainWindow, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self.callback = callback
        self.fired = False
        QTimer.singleShot(500, self.fire)  # a platform that never reports exposure

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # Installed on the window's handle, a QWindow.
        if event.type() == QEvent.Type.Expose and isinstance(obj, QWindow) and obj.isExposed():
            QTimer.singleShot(0, self.fire)
        return False

    def fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.callback()


def _after_first_expose(window: MainWindow, callback: Callable[[], object]) -> None:
    watcher = _ExposeWatcher(window, callback)
    handle = window.windowHandle()
    if handle is not None:
        handle.installEventFilter(watcher)
    else:
        QTimer.singleShot(0, watcher.fire)


def run(workspace: Path | None = None, argv: list[str] | None = None) -> int:
    window = start(workspace, argv)
    app = QApplication.instance()
    assert app is not None  # start() made it
    code = app.exec()
    if window.workspace is not None:
        window.workspace.close()
    return code


def check_window(workspace: Path | None = None, timeout_ms: int = 60_000) -> int:
    """Open the window as a user would, wait until the workspace is open and the preview has
    rendered a document, then close it: exit code 0, or 1 with what did not happen.

    For installers and CI (``commdraft --check-window``): proves that an installed package or
    a desktop bundle has its Qt plugins, layouts and catalogs, without a person at the screen."""
    window = start(workspace)
    app = QApplication.instance()
    assert app is not None  # start() made it
    outcome: dict[str, str] = {}

    def look() -> None:
        if window.workspace is not None and window.preview is not None \
                and window.preview.paragraphs:
            outcome["ok"] = (f"window ok: {len(window.case_list.model.rows)} case(s), preview "
                             f"of {len(window.preview.paragraphs)} paragraph(s)")
            window.dirty = False
            window.close()
            app.quit()
        else:
            QTimer.singleShot(100, look)

    def give_up() -> None:
        if "ok" not in outcome:
            outcome["error"] = ("the window did not open its workspace and preview within "
                                f"{timeout_ms // 1000} s")
            window.dirty = False
            window.close()
            app.quit()

    QTimer.singleShot(100, look)
    QTimer.singleShot(timeout_ms, give_up)
    app.exec()
    if window.workspace is not None:
        window.workspace.close()
    print(outcome.get("ok") or f"commdraft: error: {outcome.get('error', 'no answer')}",
          file=sys.stdout if "ok" in outcome else sys.stderr)
    return 0 if "ok" in outcome else 1
