"""Export: variants x languages to a folder, off the UI thread, with progress and cancel.

Before exporting, texts that a chosen language has no translation for are counted: the dialog
says so as soon as the language is ticked, and Export asks whether to go on (the documents then
show those texts in the source language after the mark «[à traduire]», «[to be translated]»…).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.ui.presenter import error_text
from desktop_app.ui.preview import LANGUAGE_NAMES
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.tr import _, current_language, ngettext

if TYPE_CHECKING:
    from desktop_app.workspace.core import Workspace


def libreoffice() -> bool:
    """Whether PDF can be offered (LibreOffice is installed)."""
    from desktop_app.workspace.documents import pdf_available

    return pdf_available()


class ExportDialog(QDialog):
    progress = Signal(int, str)

    def __init__(self, workspace: Workspace, case: Case, folder: Path, languages: list[str],
                 parent: QWidget | None = None, *, author: str | None = None) -> None:
        """``author``: the documents' author property (the user's name from the settings;
        None or empty: the login's name)."""
        super().__init__(parent)
        self.workspace, self.case = workspace, case
        self.author = (author or "").strip() or None
        self.setWindowTitle(_("Export documents"))
        self.variants = {"full": QCheckBox(_("Full letter"), self),
                         "short": QCheckBox(_("Public summary"), self)}
        for box in self.variants.values():
            box.setChecked(True)
        self.langs = {code: QCheckBox(LANGUAGE_NAMES[code], self) for code in LANGUAGES}
        for code, box in self.langs.items():
            box.setChecked(code in languages)
            box.setEnabled(code in case.text)
            if code not in case.text:
                box.setToolTip(_("The case has no text in this language yet"))
        self.pdf = QCheckBox(_("Also as PDF"), self)
        if not libreoffice():
            self.pdf.setEnabled(False)
            self.pdf.setToolTip(_("PDF needs LibreOffice, which is not installed"))
        self.folder = QLineEdit(str(folder), self)
        self.folder.setAccessibleName(_("Output folder"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        self.bar = QProgressBar(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        #: Which chosen languages lack translations, updated as boxes are ticked.
        self.untranslated_note = QLabel(self)
        self.untranslated_note.setWordWrap(True)
        self.untranslated_note.setAccessibleName(_("Texts not yet translated"))
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(_("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton(_("Open document"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button = self.buttons.addButton(_("Show in folder"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        self.show_button.setEnabled(False)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(lambda: self._open(self.written[0]))
        self.show_button.clicked.connect(lambda: self._open(self.written[0].parent))
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Documents"), self), 0, 0)
        for col, box in enumerate(self.variants.values(), 1):
            grid.addWidget(box, 0, col)
        grid.addWidget(QLabel(_("Languages"), self), 1, 0)
        for i, box in enumerate(self.langs.values()):
            grid.addWidget(box, 1 + i // 3, 1 + i % 3)
        folder_row = QHBoxLayout()
        folder_label = QLabel(_("Folder"), self)
        folder_label.setBuddy(self.folder)
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.pdf)
        layout.addLayout(folder_row)
        layout.addWidget(self.untranslated_note)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.cancelled = threading.Event()
        self.running = False
        self.written: list[Path] = []
        self.progress.connect(self._progress)
        for box in (*self.variants.values(), *self.langs.values()):
            box.toggled.connect(self._update_untranslated)
        self._update_untranslated()

    # ------------------------------------------------------------------ untranslated texts
    def untranslated(self, jobs: list[tuple[str, str]] | None = None) -> dict[str, int]:
        """Per chosen language, how many texts the chosen documents show as not yet
        translated."""
        from desktop_app.workspace.documents import untranslated_counts

        jobs = self.jobs() if jobs is None else jobs
        langs = list(dict.fromkeys(lang for _variant, lang in jobs))
        variants = list(dict.fromkeys(variant for variant, _lang in jobs))
        try:
            return untranslated_counts(self.workspace, self.case, langs, variants)
        except Exception:  # noqa: BLE001 - the export itself reports what is wrong
            return {}

    def untranslated_lines(self, counts: dict[str, int]) -> list[str]:
        from desktop_app.workspace.documents import untranslated_marker

        return [ngettext("{language}: {n} text not yet translated; it will show as {marker}",
                         "{language}: {n} texts not yet translated; they will show as {marker}",
                         n).format(language=language_name(lang), n=n,
                                   marker=untranslated_marker(lang))
                for lang, n in counts.items()]

    def _update_untranslated(self) -> None:
        self.untranslated_note.setText("\n".join(self.untranslated_lines(self.untranslated())))

    def confirm_untranslated(self, jobs: list[tuple[str, str]]) -> bool:
        """True to go on: nothing is untranslated, or the user chose to export anyway."""
        counts = self.untranslated(jobs)
        if not counts:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, _("Texts not yet translated"),
                          _("Some texts of the case have no translation yet:"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText("\n".join(self.untranslated_lines(counts)) + "\n\n" + _(
            "The documents will show each of them in the source language after the mark. "
            "Export anyway?"))
        export = box.addButton(_("Export anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        # A letter with texts missing should not go out by a stray Enter.
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is export

    def jobs(self) -> list[tuple[str, str]]:
        return [(v, lang) for lang, lb in self.langs.items() if lb.isChecked() and lb.isEnabled()
                for v, vb in self.variants.items() if vb.isChecked()]

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Export to"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        jobs = self.jobs()
        if not jobs:
            self.message.setText(_("Choose at least one document and one language."))
            return
        if not self.confirm_untranslated(jobs):
            self.message.setText(_("Not exported: nothing was written."))
            return
        self.running = True
        self.cancelled.clear()
        self.export_button.setEnabled(False)
        steps = len(jobs) * (2 if self.pdf.isChecked() else 1)
        self.bar.setRange(0, steps)
        self.bar.setValue(0)
        out = Path(self.folder.text()).expanduser()
        case = Case.from_dict(self.case.to_dict())
        pdf = self.pdf.isChecked()
        author = self.author

        from desktop_app.workspace.documents import to_pdf

        def work() -> list[Path]:
            written: list[Path] = []
            done = 0
            for variant, lang in jobs:
                if self.cancelled.is_set():
                    break
                path = self.workspace.render(case, [variant], [lang], out, author=author)[0]
                written.append(path)
                done += 1
                self.progress.emit(done, path.name)
                if pdf and not self.cancelled.is_set():
                    to_pdf(path)  # PDF/A-2b, fonts embedded, for the archive
                    done += 1
                    self.progress.emit(done, path.with_suffix(".pdf").name)
            return written

        run_in_background(work, self._finished, self._failed, owner=self)

    def _progress(self, value: int, name: str) -> None:
        self.bar.setValue(value)
        self.message.setText(_("Written: {name}").format(name=name))

    def _finished(self, written: list[Path]) -> None:
        self.running = False
        self.written = written
        self.export_button.setEnabled(True)
        if self.cancelled.is_set():
            self.message.setText(ngettext("Cancelled after {n} document.",
                                         "Cancelled after {n} documents.",
                                         len(written)).format(n=len(written)))
        else:
            self.message.setText(ngettext("{n} document written to {folder}",
                                         "{n} documents written to {folder}",
                                         len(written)).format(
                n=len(written), folder=written[0].parent if written else ""))
        self.open_button.setEnabled(bool(written))
        self.show_button.setEnabled(bool(written))

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.export_button.setEnabled(True)
        self.message.setText(_("Export failed: {error}").format(
            error=error_text(error, self.workspace.reference)))

    def cancel(self) -> None:
        if self.running:
            self.cancelled.set()
        else:
            self.reject()

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def language_name(code: str) -> str:
    """A document language's name in the interface language ("French", «французский»)."""
    try:
        from babel import Locale

        name = Locale.parse(current_language()).languages.get(code)
    except Exception:  # noqa: BLE001 - an unknown interface locale: the language's own name
        name = None
    return (name[:1].upper() + name[1:]) if name else LANGUAGE_NAMES.get(code, code)
