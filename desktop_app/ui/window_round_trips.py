"""Files in and out of the window: case files, documents, copies for comment and the
reviewed copies that come back, XLIFF for translation tools. One file-dialog helper
(:meth:`RoundTripsMixin._ask_path`), errors said by ``ui.presenter``, long work off the
interface thread (``ui.tasks``).

A mixin of :class:`~desktop_app.ui.main_window.MainWindow`: it uses the window's widgets and
workspace, and holds no state of its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.presenter import show_error
from desktop_app.ui.tr import _, describe

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QMainWindow as _Window

    from desktop_app.domain.case import Case
    from desktop_app.ui.editor import CaseEditor
    from desktop_app.ui.settings import Settings
    from desktop_app.workspace.core import Workspace
else:
    _Window = object  # mixed into MainWindow, a QMainWindow


class RoundTripsMixin(_Window):
    if TYPE_CHECKING:  # given by MainWindow and its other parts
        review_copy_written: Signal
        workspace: Workspace | None
        settings: Settings
        case: Case | None
        dirty: bool
        editor: CaseEditor | None
        #: The last copy for comment written (None while one is being written).
        last_review_copy: Path | None

        def save_now(self) -> bool: ...
        def reload_list(self) -> None: ...
        def open_case(self, case_id: str) -> None: ...

    def _ask_path(self, mode: str, title: str, start: Path | str = "",
                  filters: str = "") -> Path | None:
        """One file dialog for every round trip: ``mode`` is "open", "save" or "folder";
        None when the user cancelled."""
        from PySide6.QtWidgets import QFileDialog

        if mode == "folder":
            chosen = QFileDialog.getExistingDirectory(self, title, str(start))
        elif mode == "open":
            chosen, _filter = QFileDialog.getOpenFileName(self, title, str(start), filters)
        else:
            chosen, _filter = QFileDialog.getSaveFileName(self, title, str(start), filters)
        return Path(chosen) if chosen else None

    def import_case(self) -> None:

        if self.workspace is None:
            return
        path = self._ask_path("open", _("Import case file"), "", _("Case files (*.json)"))
        if path is None:
            return
        try:
            result = self.workspace.import_file(path)
        except CommdraftError as exc:
            show_error(self, _("Cannot import the case file"), exc, self.workspace.reference)
            return
        self.reload_list()
        self.open_case(result.case.id)

    def export_case(self) -> None:
        if self.case is None or (self.dirty and not self.save_now()):
            return
        assert self.workspace is not None  # a case is open
        path = self._ask_path("save", _("Export case file"), f"{self.case.id}.json",
                              _("Case files (*.json)"))
        if path is None:
            return
        plain = self._may_write_in_clear(path)
        if plain is None:
            return
        try:
            self.workspace.export_file(self.case.id, path, plaintext=plain)
        except CommdraftError as exc:
            show_error(self, _("Export case file"), exc, self.workspace.reference)

    def export(self) -> None:
        if self.case is None or not self.save_now():
            return
        from desktop_app.ui.export_dialog import ExportDialog

        assert self.workspace is not None  # a case is open
        folder = self.workspace.root / "documents"
        self.export_dialog = ExportDialog(self.workspace, self.case, folder,
                                          self.settings.document_languages, self,
                                          author=self.settings.user_name or None)
        self.export_dialog.show()

    def export_for_review(self, redline: bool = False) -> None:
        """Write a review copy of the open case (saved first) off the interface thread, and
        say where it is; a redline shows what changed since the copy the reviewer last
        returned. ``review_copy_written`` carries the path (``last_review_copy`` keeps it)."""
        from PySide6.QtWidgets import QInputDialog

        from desktop_app.ui.preview import LANGUAGE_NAMES
        from desktop_app.ui.tasks import run_in_background
        from desktop_app.workspace import export_review, last_reviewed_revision

        if self.case is None or not self.save_now():
            return
        assert self.workspace is not None  # a case is open
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
            chosen = self._ask_path("folder", _("Export a copy for comment"))
            if chosen is None:
                return
            folder = chosen
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
        assert self.workspace is not None  # the copy was of one of its cases
        self.statusBar().clearMessage()
        show_error(self, _("Export a copy for comment"), exc, self.workspace.reference)

    def import_reviewed(self, path: Path | None = None) -> None:
        """Read a reviewed copy's comments and changes into its case, and show them."""

        from desktop_app.workspace import import_review

        if self.workspace is None or (self.dirty and not self.save_now()):
            return
        if path is None:
            path = self._ask_path("open", _("Import the reviewed copy"),
                                  self.workspace.root / "documents", _("Word documents (*.docx)"))
            if path is None:
                return
        try:
            result = import_review(self.workspace, Path(path))
        except CommdraftError as exc:
            show_error(self, _("Cannot import the reviewed copy"), exc, self.workspace.reference)
            return
        self.reload_list()
        self.case = None  # reopen: the import saved a new revision
        self.open_case(result.case.id)
        assert self.editor is not None  # attach() made it with the workspace
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

        assert self.workspace is not None  # asked for a case of the open workspace
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

        from desktop_app.workspace import export_xliff

        if self.case is None or not lang or not self.save_now():
            return None
        assert self.workspace is not None  # a case is open
        if path is None:
            from desktop_app.workspace import document_stem

            suggested = self.workspace.root / f"{document_stem(self.case)}-{lang}.xlf"
            path = self._ask_path("save", _("XLIFF out…"), suggested,
                                  _("XLIFF files (*.xlf *.xliff)"))
            if path is None:
                return None
        try:
            plain = self._may_write_in_clear(path)
            if plain is None:
                return None
            written: Path = export_xliff(self.workspace, self.case.id, lang, path, plaintext=plain)
        except CommdraftError as exc:
            show_error(self, _("XLIFF out…"), exc, self.workspace.reference)
            return None
        self.statusBar().showMessage(_("Written: {name}").format(name=written), 15000)
        return written

    def import_xliff(self, path: Path | None = None) -> None:
        """Read a translated XLIFF file into its case, and show the translation step."""

        from desktop_app.workspace import import_xliff

        if self.workspace is None or (self.dirty and not self.save_now()):
            return
        if path is None:
            path = self._ask_path("open", _("XLIFF in…"), self.workspace.root,
                                  _("XLIFF files (*.xlf *.xliff)"))
            if path is None:
                return
        try:
            case, lang, result = import_xliff(self.workspace, Path(path))
        except CommdraftError as exc:
            show_error(self, _("Cannot import the XLIFF file"), exc, self.workspace.reference)
            return
        self.reload_list()
        self.case = None
        self.open_case(case.id)
        assert self.editor is not None  # attach() made it with the workspace
        page = self.editor.translation
        page.lang.setCurrentIndex(max(page.lang.findData(lang), 0))
        self.editor.jump_to("translation", "")
        self.statusBar().showMessage(
            _("{current} text(s) up to date, {stale} made from an older source (still stale), "
              "{skipped} without translation").format(
                current=result.current, stale=result.stale, skipped=result.skipped), 15000)
