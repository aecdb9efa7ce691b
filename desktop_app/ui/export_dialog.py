"""Export: variants x languages to a folder, off the UI thread, with progress and cancel."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.ui.preview import LANGUAGE_NAMES
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.tr import _, ngettext


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class ExportDialog(QDialog):
    progress = Signal(int, str)

    def __init__(self, workspace, case: Case, folder: Path, languages: list[str],
                 parent=None) -> None:
        super().__init__(parent)
        self.workspace, self.case = workspace, case
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
        if libreoffice() is None:
            self.pdf.setEnabled(False)
            self.pdf.setToolTip(_("PDF needs LibreOffice, which is not installed"))
        self.folder = QLineEdit(str(folder), self)
        self.folder.setAccessibleName(_("Output folder"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        self.bar = QProgressBar(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
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
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.cancelled = threading.Event()
        self.running = False
        self.written: list[Path] = []
        self.progress.connect(self._progress)

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
        self.running = True
        self.cancelled.clear()
        self.export_button.setEnabled(False)
        steps = len(jobs) * (2 if self.pdf.isChecked() else 1)
        self.bar.setRange(0, steps)
        self.bar.setValue(0)
        out = Path(self.folder.text()).expanduser()
        case = Case.from_dict(self.case.to_dict())
        pdf = self.pdf.isChecked()

        def work() -> list[Path]:
            written: list[Path] = []
            done = 0
            for variant, lang in jobs:
                if self.cancelled.is_set():
                    break
                path = self.workspace.render(case, [variant], [lang], out)[0]
                written.append(path)
                done += 1
                self.progress.emit(done, path.name)
                if pdf and not self.cancelled.is_set():
                    subprocess.run([libreoffice(), "--headless", "--convert-to", "pdf",
                                    "--outdir", str(out), str(path)], check=True,
                                   capture_output=True, timeout=300)
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
        self.message.setText(_("Export failed: {error}").format(error=error))

    def cancel(self) -> None:
        if self.running:
            self.cancelled.set()
        else:
            self.reject()

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
