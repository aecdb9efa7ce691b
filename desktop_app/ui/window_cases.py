"""What the window does to cases: open, create, duplicate, delete, move through the
lifecycle, send and reopen, and record reference data the checklist asks for.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow`: it uses the window's widgets and
workspace, and holds no state of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.presenter import error_text, show_error
from desktop_app.ui.tr import _, describe

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow as _Window

    from desktop_app.domain.case import Case
    from desktop_app.ui.case_list import CaseListPanel
    from desktop_app.ui.editor import CaseEditor
    from desktop_app.ui.preview import PreviewPane
    from desktop_app.ui.settings import Settings
    from desktop_app.workspace.core import Workspace
else:
    _Window = object  # mixed into MainWindow, a QMainWindow


class CaseActionsMixin(_Window):
    if TYPE_CHECKING:  # given by MainWindow and its other parts
        workspace: Workspace | None
        settings: Settings
        case: Case | None
        dirty: bool
        last_error: str | None
        editor: CaseEditor | None
        preview: PreviewPane | None
        case_list: CaseListPanel
        autosave: QTimer

        def save_now(self) -> bool: ...
        def _show_state(self) -> None: ...

    def check_files(self) -> None:
        """Compare the store's files with its index, if the workspace was opened with that
        left for later (the application does, to show the list first: a stat per case is a
        third of opening 10,000), then show the list and the damaged cases as found."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            workspace.check_files()
            self.reload_list()
        except CommdraftError as exc:
            self.statusBar().showMessage(_("The case files could not be checked: {error}").format(
                error=error_text(exc, workspace.reference)), 10_000)

    def reload_list(self) -> None:
        if self.workspace is not None:
            self.case_list.set_rows(self.workspace.cases())
            try:
                self.case_list.set_damaged(self.workspace.damaged())
            except CommdraftError:
                pass  # the list itself said what it could; the banner waits for the next look

    def restore_damaged(self, case_id: str) -> None:
        """Put one damaged case back from the newest backup that has a readable copy of it;
        no other case is touched (the damaged file stays in the store's quarantine folder)."""
        from PySide6.QtWidgets import QMessageBox

        found = next((d for d in self.case_list.damaged if d.case_id == case_id), None)
        if found is None:
            self.reload_list()
            return
        where = f"\u2068{found.path}\u2069" + (
            _(", line {n}").format(n=found.line) if found.line else "")
        answer = QMessageBox.question(
            self, _("Restore a damaged case"),
            _("{case} could not be read ({where}). Put back the copy of it in the newest "
              "backup that has a readable one? No other case is touched; changes made to this "
              "case after that backup are lost, and the damaged file is kept for a person to "
              "look at.").format(case=f"\u2068{found.reference or case_id}\u2069",
                                 where=where))
        if answer != QMessageBox.StandardButton.Yes:
            return
        assert self.workspace is not None  # only an open workspace lists damaged cases
        try:
            info = self.workspace.restore_case(case_id)
        except CommdraftError as exc:
            show_error(self, _("Restore a damaged case"), exc, self.workspace.reference)
            self.reload_list()
            return
        self.statusBar().showMessage(_("Restored from the backup of {when}.").format(
            when=f"{info.created:%Y-%m-%d %H:%M} UTC"), 15000)
        self._reopen_case(case_id)

    def open_case(self, case_id: str) -> None:

        if self.workspace is None or (self.case is not None and case_id == self.case.id):
            return
        if self.dirty and not self.save_now():
            return  # keep the user on the case whose edits could not be saved
        try:
            case = self.workspace.load(case_id)
        except CommdraftError as exc:
            show_error(self, _("Cannot open the case"), exc, self.workspace.reference)
            return
        assert self.editor is not None and self.preview is not None  # attach() made them
        self.case = case
        self.editor.load(case)
        self.preview.set_case(case)
        self.settings.last_case = case.id
        self.dirty = False
        self.last_error = None
        self._show_state()
        self.case_list.select(case.id)

    def new_case(self) -> None:
        if self.workspace is None or (self.dirty and not self.save_now()):
            return
        case = self.workspace.new_case()
        self.reload_list()
        self.open_case(case.id)
        assert self.editor is not None  # attach() made it with the workspace
        self.editor.steps.setCurrentRow(0)
        self.editor.case_page.kind.setFocus()  # Ctrl+N, then type: the first field

    def duplicate_case(self) -> None:
        if self.case is None or (self.dirty and not self.save_now()):
            return
        assert self.workspace is not None  # a case is open
        copy = self.workspace.duplicate(self.case.id)
        self.reload_list()
        self.open_case(copy.id)

    def delete_case(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.case is None:
            return
        label = self.case.reference or self.case.source_texts.topic or self.case.id
        answer = QMessageBox.question(
            self, _("Delete case"),
            _("Delete “{label}”? It is moved to the workspace's trash and can be brought "
              "back.").format(label=label))
        if answer != QMessageBox.StandardButton.Yes:
            return
        assert self.workspace is not None and self.preview is not None  # a case is open
        self.autosave.stop()
        self.workspace.delete(self.case.id)
        self.case, self.dirty = None, False
        self.reload_list()
        self.preview.set_case(None)

    def change_status(self, status: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.case is None or not self.save_now():
            return
        if status == "sent":
            self.mark_sent()
            return
        assert self.workspace is not None  # a case is open
        try:
            case = self.workspace.set_status(self.case.id, status)
        except CommdraftError as exc:
            QMessageBox.information(self, _("Not possible yet"),
                                    describe(exc, self.workspace.reference))
            return
        self._reopen_case(case.id)

    def mark_sent(self) -> None:
        """Ask for the date and the reference, show every open to-do item, then freeze."""
        from PySide6.QtWidgets import QDialog, QMessageBox

        from desktop_app.ui.dialogs import SendDialog

        if self.case is None or not self.save_now():
            return
        case, ws = self.case, self.workspace
        assert ws is not None  # a case is open
        items = [describe(item, ws.reference) for item in ws.check(case)]
        label = case.reference or case.source_texts.topic or self._case_label(case)
        dialog = SendDialog(label, lambda day: ws.suggested_reference(case, day), items,
                            case.dates.sent, self)
        self.send_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        suggested = ws.suggested_reference(case, choice.day)
        try:
            sent = ws.mark_sent(case.id, choice.day, force=choice.force,
                                reference=None if choice.reference == suggested
                                else choice.reference,
                                by=self.settings.user_name or None)
        except CommdraftError as exc:
            QMessageBox.information(self, _("Not possible yet"), describe(exc, ws.reference))
            return
        self._reopen_case(sent.id)
        self.statusBar().showMessage(_("Sent as {reference}: the letter is now frozen.").format(
            reference=f"\u2068{sent.reference}\u2069"), 15000)

    def reopen_sent(self) -> None:
        """Unfreeze a sent letter, with a reason the case's history keeps."""
        from PySide6.QtWidgets import QDialog, QMessageBox

        from desktop_app.ui.dialogs import ReopenDialog

        if self.case is None or not self.save_now():
            return
        assert self.workspace is not None  # a case is open
        dialog = ReopenDialog(self.case.reference or self.case.id, self)
        self.reopen_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            case = self.workspace.reopen(self.case.id, dialog.reason_text(),
                                         by=self.settings.user_name or None)
        except CommdraftError as exc:
            QMessageBox.information(self, _("Not possible yet"),
                                    describe(exc, self.workspace.reference))
            return
        self._reopen_case(case.id)

    def record_reference(self, mandate_id: str) -> None:
        """Record a mandate's holder or renewal from the window (the checklist asks for it)."""
        from PySide6.QtWidgets import QDialog

        from desktop_app.ui.dialogs import HolderRecord, RecordDialog

        if self.workspace is None:
            return
        chosen = list(self.case.mandates) if self.case is not None else []
        dialog = RecordDialog(self.workspace.reference, chosen, mandate_id, self)
        self.record_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        entry = dialog.record()
        try:
            if isinstance(entry, HolderRecord):
                self.workspace.add_holder(entry.mandate, entry.name, entry.gender, entry.start,
                                          entry.end)
            else:
                self.workspace.add_renewal(entry.mandate, entry.number, entry.adopted,
                                           entry.body)
        except CommdraftError as exc:
            show_error(self, _("Not recorded"), exc, self.workspace.reference)
            return
        assert self.editor is not None and self.preview is not None  # attach() made them
        self.editor.set_reference(self.workspace.reference)
        self.editor.refresh_marks()
        self.preview.refresh(immediately=True)
        self.statusBar().showMessage(_("Recorded in this workspace's reference data."), 10000)

    def _reopen_case(self, case_id: str) -> None:
        """Show a case again after the workspace changed it (status, reopening, import)."""
        self.case = None
        self.reload_list()
        self.open_case(case_id)

    def _case_label(self, case: Case) -> str:
        """A draft without reference or topic, named as a drafter would: "UA — Kazakhstan"."""
        from desktop_app.ui.tr import current_language

        assert self.workspace is not None  # a case is open
        ref, state = self.workspace.reference, case.recipient.state
        if case.recipient.type == "state" and state is not None and state in ref.states:
            whom = ref.states[state].form(current_language(), "short")
        else:
            whom = case.recipient.name or _("this case")
        return f"{case.kind} — {whom}"
