"""Start the window: one language bootstrap before any widget, then the workspace."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.settings import Settings
from desktop_app.ui.tr import _, set_language


def open_workspace(root: Path | None):
    from desktop_app.storage import PassphraseRequiredError
    from desktop_app.workspace import Workspace

    try:
        return Workspace.open(root)
    except PassphraseRequiredError:
        while True:
            passphrase, ok = QInputDialog.getText(
                None, _("Encrypted workspace"), _("Passphrase of {root}:").format(root=root),
                QLineEdit.EchoMode.Password)
            if not ok:
                raise
            try:
                return Workspace.open(root, passphrase=passphrase)
            except CommdraftError as exc:
                QMessageBox.warning(None, _("Cannot open the workspace"), str(exc))


def run(workspace: Path | None = None, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("commdraft")
    settings = Settings.load()
    set_language(settings.interface_language, app)
    root = workspace or (Path(settings.workspace) if settings.workspace else None)
    try:
        ws = open_workspace(root)
    except CommdraftError as exc:
        QMessageBox.critical(None, _("Cannot open the workspace"), str(exc))
        return 1
    from desktop_app.ui.main_window import MainWindow

    if ws.is_empty():
        ws.load_demo()  # first run: the demo case, offered and selected
    window = MainWindow(ws, settings)
    window.show()
    target = settings.last_case
    ids = [row.id for row in window.case_list.model.rows]
    window.case_list.select(target if target in ids else (ids[0] if ids else ""))
    code = app.exec()
    ws.close()
    return code
