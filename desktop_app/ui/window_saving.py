"""Saving in the window: autosave within two seconds, the save-state indicator, a
conflict with another window or person, catching up with other processes' saves, the daily
backup and the last save at closing.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow`: it uses the window's widgets and
workspace, and holds no state of its own."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.presenter import error_text
from desktop_app.ui.tr import _, describe

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QLabel
    from PySide6.QtWidgets import QMainWindow as _Window

    from desktop_app.domain.case import Case
    from desktop_app.storage import ConflictError
    from desktop_app.ui.case_list import CaseListPanel
    from desktop_app.ui.editor import CaseEditor
    from desktop_app.ui.preview import PreviewPane
    from desktop_app.ui.settings import Settings
    from desktop_app.workspace.core import Workspace
else:
    _Window = object  # mixed into MainWindow, a QMainWindow


class AutosaveMixin(_Window):
    if TYPE_CHECKING:  # given by MainWindow and its other parts
        WATCH_MS: int
        workspace: Workspace | None
        settings: Settings
        case: Case | None
        dirty: bool
        last_error: str | None
        saved_at: str | None
        editor: CaseEditor | None
        preview: PreviewPane | None
        case_list: CaseListPanel
        indicator: QLabel
        autosave: QTimer

        def reload_list(self) -> None: ...
        def open_case(self, case_id: str) -> None: ...

    def _edited(self) -> None:
        self.dirty = True
        self._show_state()
        # Started by the first unsaved edit and not pushed back by the next ones: someone who
        # types without pause is still saved every 1.5 s.
        if not self.autosave.isActive():
            self.autosave.start()
        assert self.preview is not None  # edits come from the editor, which attach() made
        self.preview.refresh()

    def save_now(self) -> bool:
        """Save the case being edited; True when nothing is left unsaved."""
        self.autosave.stop()
        if self.case is None or not self.dirty:
            return True
        assert self.workspace is not None and self.editor is not None  # a case is open
        self.indicator.setText(_("Saving…"))
        case = self.editor.apply()
        from desktop_app.storage import ConflictError  # here: the store is not needed at start


        try:
            saved = self.workspace.save(case)
        except ConflictError as exc:
            return self._conflict(exc)
        except CommdraftError as exc:
            # Disk full, read-only folder, locked store: the text stays in the editor.
            self.last_error = describe(exc, self.workspace.reference)
            self._show_state()
            self.autosave.start(10_000)  # try again in a while
            return False
        self._saved(saved)
        return True

    def _saved(self, saved: Case) -> None:
        assert self.case is not None and self.workspace is not None  # the case just saved
        self.case.revision = saved.revision
        self.dirty = False
        self.last_error = None
        self.saved_at = time.strftime("%H:%M:%S")
        self._show_state()
        # One row changed: replacing it costs nothing, reloading 10,000 rows cost ~130 ms of
        # frozen window on every autosave.
        summary = self.workspace.summary(saved.id)
        if summary is None or not self.case_list.model.update_row(summary):
            self.reload_list()

    def _conflict(self, exc: ConflictError) -> bool:
        from PySide6.QtWidgets import QMessageBox

        assert self.case is not None and self.workspace is not None  # the case being saved
        assert self.editor is not None

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Someone else saved this case"))
        box.setText(_("This case was saved elsewhere (another window or person) after you "
                      "opened it. Both versions are kept: yours is in the workspace's conflicts "
                      "folder, as {name}.").format(name=f"\u2068{exc.kept_as}\u2069"))
        mine = box.addButton(_("Keep my version"), QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton(_("Load their version"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(mine)
        box.exec()
        if box.clickedButton() is theirs:
            self.dirty = False
            case_id = self.case.id
            self.case = None
            self.open_case(case_id)
            return True
        try:
            saved = self.workspace.save_over(self.editor.apply())
        except CommdraftError as error:
            self.last_error = describe(error, self.workspace.reference)
            self._show_state()
            return False
        self._saved(saved)
        return True

    def _show_state(self) -> None:
        if self.last_error:
            text = _("Not saved: {error}. Your text is kept here.").format(error=self.last_error)
        elif self.case is None:
            text = ""
        elif self.dirty:
            text = _("Unsaved changes…")
        else:
            text = _("Saved") + (f" {self.saved_at}" if self.saved_at else "")
        self.indicator.setText(text)

    def catch_up(self) -> None:
        """Show what other windows and processes saved: the list, and the open case when the
        user has no unsaved edits in it (otherwise the conflict dialog handles it on save)."""
        if self.workspace is None:
            return
        try:
            if not self.workspace.poll_changes():
                return
        except CommdraftError as exc:
            # A shared drive gone for a moment, or the store closed while quitting: say so,
            # try again at the next tick.
            self.statusBar().showMessage(describe(exc, self.workspace.reference), self.WATCH_MS)
            return
        self.reload_list()
        if self.case is None or self.dirty:
            return
        row = next((r for r in self.case_list.model.rows if r.id == self.case.id), None)
        if row is not None and row.revision > self.case.revision:
            case_id, self.case = self.case.id, None
            self.open_case(case_id)
            self.statusBar().showMessage(_("This case was updated by another window."), 8000)

    def _backup_when_due(self) -> None:
        """A rolling backup a day, made off the interface thread (10,000 cases take seconds)."""
        from desktop_app.ui.tasks import run_in_background

        workspace = self.workspace
        assert workspace is not None  # called by attach()
        run_in_background(workspace.backup_if_due, lambda _path: None,
                          lambda exc: self.statusBar().showMessage(
                              _("Backup not made: {error}").format(
                                  error=error_text(exc, workspace.reference)), 10_000))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        from PySide6.QtWidgets import QMessageBox

        if self.dirty and not self.save_now():
            answer = QMessageBox.question(
                self, _("Not saved"),
                _("The last changes could not be saved ({error}). Quit anyway?").format(
                    error=self.last_error))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        try:
            self.settings.save()
        except OSError:
            pass
        event.accept()
