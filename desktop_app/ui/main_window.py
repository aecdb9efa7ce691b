"""The main window: case list, guided editor, live preview; autosave that never loses work."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.case_list import CaseListPanel
from desktop_app.ui.presenter import error_text, show_error
from desktop_app.ui.settings import Settings
from desktop_app.ui.tr import _, describe

if TYPE_CHECKING:
    from desktop_app.domain.case import Case


class MainWindow(QMainWindow):
    review_copy_written = Signal(str)  # the path of a copy for comment, once written
    AUTOSAVE_MS = 1500  # within the two seconds promised to the user
    WATCH_MS = 2000  # how often other windows' saves are looked for

    def __init__(self, workspace=None, settings: Settings | None = None) -> None:
        super().__init__()
        self.workspace = None
        self.settings = settings or Settings()
        self.case: Case | None = None
        self.dirty = False
        self.last_error: str | None = None
        self.saved_at: str | None = None
        self.editor = None
        self.preview = None
        self.case_list = CaseListPanel(self)
        # Until the workspace is open the window already shows its frame and the list: the
        # editor and the preview need the reference data and the store, and come with them.
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.case_list)
        self.split.addWidget(self.placeholder)
        self.setCentralWidget(self.split)
        self.indicator = QLabel(self)
        self.statusBar().addPermanentWidget(self.indicator)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(self.AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self.case_list.case_selected.connect(self.open_case)
        self.actions_: dict = {}
        self.retranslate()
        self.resize(1440, 880)
        if workspace is not None:
            self.attach(workspace)

    def attach(self, workspace) -> None:
        """Give the window its workspace: the editor, the preview and the case list."""
        from desktop_app.ui.editor import CaseEditor
        from desktop_app.ui.preview import PreviewPane

        self.workspace = workspace
        self.case_list.model.mandate_title = self._mandate_title
        self.reload_list()  # the list first: it needs only the store's index
        self.case_list.repaint()
        self.editor = CaseEditor(workspace.reference, workspace.check, self)
        self.preview = PreviewPane(workspace.preview, self)
        # The preview opens on the user's first document language (Settings).
        first = self.preview.lang.findData(self.settings.document_languages[0]) \
            if self.settings.document_languages else -1
        if first >= 0:
            self.preview.lang.setCurrentIndex(first)
        self.placeholder.hide()
        self.placeholder.setParent(None)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.preview)
        self.split.setSizes([280, 800, 360])
        self.split.setStretchFactor(1, 1)
        self.editor.changed.connect(self._edited)
        self.editor.reopen_requested.connect(self.reopen_sent)
        self.editor.record_requested.connect(self.record_reference)
        self.editor.translation.previous_source = workspace.previous_source
        self.editor.replacements = self._replacements
        self.editor.review.status_requested.connect(self.change_status)
        self.editor.review.export_requested.connect(self.export)
        self.editor.legal.export_requested.connect(self.export_for_review)
        self.editor.legal.import_requested.connect(self.import_reviewed)
        self.editor.translation.export_xliff_requested.connect(self.export_xliff)
        self.editor.translation.import_xliff_requested.connect(self.import_xliff)
        self.editor.legal.redline_requested.connect(
            lambda: self.export_for_review(redline=True))
        self._build_actions()
        self.retranslate()
        self._backup_when_due()
        self.watch = QTimer(self)
        self.watch.setInterval(self.WATCH_MS)
        self.watch.timeout.connect(self.catch_up)
        self.watch.start()

    def _replacements(self, case: Case) -> list[tuple[str, str, str]]:
        """The names the letter and the summary replace for want of consent, in words, with
        the step and field each comes from."""
        from desktop_app.ui.pages_translation import SECTION_WORDS
        from desktop_app.workspace.documents import consent_replacements

        lang, out, seen = case.source_language, [], set()
        for variant, document in (("full", _("Letter")), ("short", _("Public summary"))):
            for found in consent_replacements(self.workspace, case, lang, variant):
                head, _dot, index = found.key.rpartition(".") if found.key else ("", "", "")
                section = head if index.isdigit() else (found.key or "")
                where = _(SECTION_WORDS[section]).format(n=int(index) + 1, name="") \
                    if section in SECTION_WORDS and index.isdigit() else ""
                text = f"{document}{' — ' + where if where else ''}: “{found.original}” → " \
                       f"“{found.replacement}”"
                if text in seen:
                    continue
                seen.add(text)
                step = ("summary" if section.startswith("public.") or section in ("topic",
                        "update") else "persons" if section.startswith("persons")
                        else "background" if section == "summary" else section)
                out.append((step, f"text.{lang}.{section}", text))
        return out

    def _case_label(self, case: Case) -> str:
        """A draft without reference or topic, named as a drafter would: "UA — Kazakhstan"."""
        from desktop_app.ui.tr import current_language

        ref = self.workspace.reference
        if case.recipient.type == "state" and case.recipient.state in ref.states:
            whom = ref.states[case.recipient.state].form(current_language(), "short")
        else:
            whom = case.recipient.name or _("this case")
        return f"{case.kind} — {whom}"

    def _mandate_title(self, mandate_id: str) -> str:
        """A mandate as the interface language names it (never its internal id)."""
        from desktop_app.ui.tr import current_language

        mandate = self.workspace.reference.mandates.get(mandate_id) if self.workspace else None
        return mandate.title_in(current_language()) if mandate is not None else mandate_id

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

        backup = getattr(self.workspace.store, "backup_if_due", None)
        if backup is not None:
            run_in_background(backup, lambda _path: None,
                              lambda exc: self.statusBar().showMessage(
                                  _("Backup not made: {error}").format(error=exc), 10_000))

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        """Menus and shortcuts, built with the workspace (QAction/QKeySequence cost ~50 ms of
        start-up in PySide6's enum set-up, which the first paint should not wait for)."""
        from PySide6.QtGui import QAction, QKeySequence

        if self.actions_:
            return
        spec = [
            ("new", QKeySequence.StandardKey.New, self.new_case),
            ("save", QKeySequence.StandardKey.Save, self.save_now),
            ("find", QKeySequence.StandardKey.Find, self.focus_search),
            ("export", QKeySequence("Ctrl+E"), self.export),
            ("import", QKeySequence("Ctrl+I"), self.import_case),
            ("export_case", QKeySequence("Ctrl+Shift+E"), self.export_case),
            ("duplicate", QKeySequence("Ctrl+D"), self.duplicate_case),
            ("delete", QKeySequence.StandardKey.Delete, self.delete_case),
            ("next", QKeySequence("Ctrl+PgDown"), lambda: self.editor.step(1)),
            ("previous", QKeySequence("Ctrl+PgUp"), lambda: self.editor.step(-1)),
            ("settings", QKeySequence("Ctrl+,"), self.open_settings),
            ("quit", QKeySequence.StandardKey.Quit, self.close),
        ]
        for key, shortcut, slot in spec:
            action = QAction(self)
            action.setShortcut(shortcut)
            if key == "delete":
                action.setShortcut(QKeySequence("Ctrl+Shift+Delete"))
            if key == "quit" and action.shortcut().isEmpty():
                # Some platforms bind no key to Quit (Windows, Qt's offscreen plugin).
                action.setShortcut(QKeySequence("Ctrl+Q"))
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_[key] = action
        self.file_menu = self.menuBar().addMenu("")
        for key in ("new", "duplicate", "delete", "import", "export_case", "export", "save",
                    "settings", "quit"):
            self.file_menu.addAction(self.actions_[key])
        self.go_menu = self.menuBar().addMenu("")
        for key in ("find", "next", "previous"):
            self.go_menu.addAction(self.actions_[key])

    def retranslate(self) -> None:
        where = self.workspace.root if self.workspace is not None else "…"
        self.setWindowTitle(_("commdraft — {workspace}").format(workspace=where))
        self.placeholder.setText(_("Opening the workspace…"))
        self.indicator.setAccessibleName(_("Save state"))
        self._retranslate_actions()
        self.case_list.retranslate()
        if self.editor is not None:
            self.editor.retranslate()
            self.preview.retranslate()
        self._show_state()

    def _retranslate_actions(self) -> None:
        if not self.actions_:
            return
        self.file_menu.setTitle(_("&File"))
        self.go_menu.setTitle(_("&Go"))
        names = {"new": _("&New case"), "save": _("&Save now"), "find": _("&Find a case"),
                 "export": _("&Export documents…"), "import": _("&Import case file…"),
                 "export_case": _("Export case &file…"), "duplicate": _("&Duplicate case"),
                 "delete": _("De&lete case…"), "next": _("Next step"),
                 "previous": _("Previous step"), "settings": _("Se&ttings…"),
                 "quit": _("&Quit")}
        for key, text in names.items():
            self.actions_[key].setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ cases
    def reload_list(self) -> None:
        if self.workspace is not None:
            self.case_list.set_rows(self.workspace.cases())

    def open_case(self, case_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.workspace is None or (self.case is not None and case_id == self.case.id):
            return
        if self.dirty and not self.save_now():
            return  # keep the user on the case whose edits could not be saved
        try:
            case = self.workspace.load(case_id)
        except CommdraftError as exc:
            QMessageBox.warning(self, _("Cannot open the case"),
                                describe(exc, self.workspace.reference))
            return
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
        self.editor.steps.setCurrentRow(0)
        self.editor.case_page.kind.setFocus()  # Ctrl+N, then type: the first field

    def duplicate_case(self) -> None:
        if self.case is None or (self.dirty and not self.save_now()):
            return
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
        self.autosave.stop()
        self.workspace.delete(self.case.id)
        self.case, self.dirty = None, False
        self.reload_list()
        self.preview.set_case(None)

    def import_case(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if self.workspace is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Import case file"), "",
                                                    _("Case files (*.json)"))
        if not path:
            return
        try:
            result = self.workspace.import_file(Path(path))
        except CommdraftError as exc:
            QMessageBox.warning(self, _("Cannot import the case file"),
                                describe(exc, self.workspace.reference))
            return
        self.reload_list()
        self.open_case(result.case.id)

    def export_case(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.case is None or (self.dirty and not self.save_now()):
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export case file"),
                                                    f"{self.case.id}.json",
                                                    _("Case files (*.json)"))
        if not path:
            return
        plain = self._may_write_in_clear(Path(path))
        if plain is None:
            return
        try:
            self.workspace.export_file(self.case.id, Path(path), plaintext=plain)
        except CommdraftError as exc:
            show_error(self, _("Export case file"), exc, self.workspace.reference)

    def open_settings(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        from desktop_app.ui.settings_dialog import SettingsDialog
        from desktop_app.ui.tr import set_language

        root = self.workspace.root if self.workspace is not None else None
        dialog = SettingsDialog(self.settings, root, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.apply():
            set_language(self.settings.interface_language, QApplication.instance())
            self.retranslate()
        try:
            self.settings.save()
        except OSError as exc:
            self.statusBar().showMessage(_("Settings not saved: {error}").format(error=exc))

    def focus_search(self) -> None:
        self.case_list.search.setFocus()
        self.case_list.search.selectAll()

    # ------------------------------------------------------------------ saving
    def _edited(self) -> None:
        self.dirty = True
        self._show_state()
        # Started by the first unsaved edit and not pushed back by the next ones: someone who
        # types without pause is still saved every 1.5 s.
        if not self.autosave.isActive():
            self.autosave.start()
        self.preview.refresh()

    def save_now(self) -> bool:
        """Save the case being edited; True when nothing is left unsaved."""
        self.autosave.stop()
        if self.case is None or not self.dirty:
            return True
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

    def _conflict(self, exc) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Someone else saved this case"))
        box.setText(_("This case was saved elsewhere (another window or person) after you "
                      "opened it. Both versions are kept: yours is in {path}.").format(
                          path=exc.kept_at))
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

    # ------------------------------------------------------------------ status, export
    def change_status(self, status: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.case is None or not self.save_now():
            return
        if status == "sent":
            self.mark_sent()
            return
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
        from PySide6.QtWidgets import QDialog, QMessageBox

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
            QMessageBox.warning(self, _("Not recorded"), describe(exc, self.workspace.reference))
            return
        self.editor.set_reference(self.workspace.reference)
        self.editor.refresh_marks()
        self.preview.refresh(immediately=True)
        self.statusBar().showMessage(_("Recorded in this workspace's reference data."), 10000)

    def _reopen_case(self, case_id: str) -> None:
        """Show a case again after the workspace changed it (status, reopening, import)."""
        self.case = None
        self.reload_list()
        self.open_case(case_id)

    def export(self) -> None:
        if self.case is None or not self.save_now():
            return
        from desktop_app.ui.export_dialog import ExportDialog

        folder = self.workspace.root / "documents"
        self.export_dialog = ExportDialog(self.workspace, self.case, folder,
                                          self.settings.document_languages, self,
                                          author=self.settings.user_name or None)
        self.export_dialog.show()

    def export_for_review(self, redline: bool = False) -> None:
        """Write a review copy of the open case (saved first) off the interface thread, and
        say where it is; a redline shows what changed since the copy the reviewer last
        returned. ``review_copy_written`` carries the path (``last_review_copy`` keeps it)."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        from desktop_app.ui.preview import LANGUAGE_NAMES
        from desktop_app.ui.tasks import run_in_background
        from desktop_app.workspace import export_review, last_reviewed_revision

        if self.case is None or not self.save_now():
            return
        langs = [lang for lang in self.case.text if lang in LANGUAGE_NAMES]
        choices = [(variant, lang) for lang in langs for variant in ("full", "short")]
        labels = [(_("Full letter") if v == "full" else _("Public summary")) +
                  f" — {LANGUAGE_NAMES[lang]}" for v, lang in choices]
        label, ok = QInputDialog.getItem(self, _("Export a copy for comment"),
                                         _("Document to send for comment:"), labels, 0, False)
        if not ok:
            return
        variant, lang = choices[labels.index(label)]
        try:
            folder = self.workspace.documents_folder()
        except CommdraftError:  # an encrypted workspace: the user says where, outside it
            chosen = QFileDialog.getExistingDirectory(self, _("Export a copy for comment"))
            if not chosen:
                return
            folder = Path(chosen)
        ws, case_id = self.workspace, self.case.id
        author = self.settings.user_name or None
        since = last_reviewed_revision(self.case) if redline else None
        self.last_review_copy = None
        self.statusBar().showMessage(_("Writing the copy for comment…"))
        run_in_background(
            lambda: export_review(ws, case_id, lang, variant, folder, since=since,
                                  author=author),
            self._review_copy_written, self._review_copy_failed, owner=self)

    def _review_copy_written(self, path: Path) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.last_review_copy = path
        shown = f"\u2068{path}\u2069"
        self.statusBar().showMessage(_("Written: {name}").format(name=shown), 15000)
        self.review_copy_written.emit(str(path))
        QMessageBox.information(
            self, _("Export a copy for comment"),
            _("The copy for comment is in {path}. Reviewers comment and edit it in Word with "
              "Track Changes on; import it here when it comes back.").format(path=shown))

    def _review_copy_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.statusBar().clearMessage()
        QMessageBox.warning(self, _("Export a copy for comment"),
                            error_text(exc, self.workspace.reference))

    def import_reviewed(self, path: Path | None = None) -> None:
        """Read a reviewed copy's comments and changes into its case, and show them."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from desktop_app.workspace import import_review

        if self.workspace is None or (self.dirty and not self.save_now()):
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("Import the reviewed copy"), str(self.workspace.root / "documents"),
                _("Word documents (*.docx)"))
            if not chosen:
                return
            path = Path(chosen)
        try:
            result = import_review(self.workspace, Path(path))
        except CommdraftError as exc:
            QMessageBox.warning(self, _("Cannot import the reviewed copy"),
                                describe(exc, self.workspace.reference))
            return
        self.reload_list()
        self.case = None  # reopen: the import saved a new revision
        self.open_case(result.case.id)
        self.editor.jump_to("legal_review", "")
        if result.round is None:
            message = _("Nothing new: every comment and change of this file is already in the "
                        "case.")
        else:
            message = _("Review round {n}: {comments} comment(s) and {changes} proposed "
                        "change(s) added.").format(n=result.round, comments=len(result.comments),
                                                   changes=len(result.changes))
        lines = [describe(w, self.workspace.reference) for w in result.warnings]
        if lines:
            message += "\n\n" + "\n".join(lines)
        self.statusBar().showMessage(message.split("\n")[0], 15000)
        # Every warning, not only the first line: on the step the reviewer's work is shown on.
        self.editor.legal.show_notice(message)
        self.last_import_message = message

    def _may_write_in_clear(self, path: Path) -> bool | None:
        """True to write case content in clear inside an encrypted workspace (the user said
        so), False when the question does not arise, None when the user declined."""
        from PySide6.QtWidgets import QMessageBox

        try:
            self.workspace.check_plaintext(path, False)
            return False
        except CommdraftError:
            answer = QMessageBox.question(
                self, _("Write in clear?"),
                _("This workspace is encrypted, but {file} would hold case content in clear, "
                  "inside it. Write it anyway?").format(file=f"\u2068{path}\u2069"))
            return True if answer == QMessageBox.StandardButton.Yes else None

    def export_xliff(self, lang: str, path: Path | None = None) -> Path | None:
        """The open case's translation into ``lang`` as XLIFF, for a translation tool."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from desktop_app.workspace import export_xliff

        if self.case is None or not lang or not self.save_now():
            return None
        if path is None:
            from desktop_app.workspace import document_stem

            suggested = str(self.workspace.root / f"{document_stem(self.case)}-{lang}.xlf")
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("XLIFF out…"), suggested, _("XLIFF files (*.xlf *.xliff)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            plain = self._may_write_in_clear(path)
            if plain is None:
                return None
            written = export_xliff(self.workspace, self.case.id, lang, path, plaintext=plain)
        except CommdraftError as exc:
            QMessageBox.warning(self, _("XLIFF out…"), describe(exc, self.workspace.reference))
            return None
        self.statusBar().showMessage(_("Written: {name}").format(name=written), 15000)
        return written

    def import_xliff(self, path: Path | None = None) -> None:
        """Read a translated XLIFF file into its case, and show the translation step."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from desktop_app.workspace import import_xliff

        if self.workspace is None or (self.dirty and not self.save_now()):
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("XLIFF in…"), str(self.workspace.root), _("XLIFF files (*.xlf *.xliff)"))
            if not chosen:
                return
            path = Path(chosen)
        try:
            case, lang, result = import_xliff(self.workspace, Path(path))
        except CommdraftError as exc:
            QMessageBox.warning(self, _("Cannot import the XLIFF file"),
                                describe(exc, self.workspace.reference))
            return
        self.reload_list()
        self.case = None
        self.open_case(case.id)
        page = self.editor.translation
        page.lang.setCurrentIndex(max(page.lang.findData(lang), 0))
        self.editor.jump_to("translation", "")
        self.statusBar().showMessage(
            _("{current} text(s) up to date, {stale} made from an older source (still stale), "
              "{skipped} without translation").format(
                current=result.current, stale=result.stale, skipped=result.skipped), 15000)

    def closeEvent(self, event) -> None:  # noqa: N802
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
