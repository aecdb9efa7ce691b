"""Live preview: exactly the paragraphs the exported document will hold, rendered off the UI
thread a moment after typing stops."""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.i18n import is_rtl
from desktop_app.ui.presenter import error_text
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.tr import _

LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
                  "ru": "Русский", "es": "Español"}


class PreviewPane(QWidget):
    refreshed = Signal(float)  # milliseconds the render took

    DELAY_MS = 350

    def __init__(self, render: Callable[[Case, str, str], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.render_document = render  # not "render": QWidget.render paints the widget
        self.variant = QComboBox(self)
        self.variant.addItem("", "full")
        self.variant.addItem("", "short")
        self.lang = QComboBox(self)
        for code in LANGUAGES:
            self.lang.addItem(LANGUAGE_NAMES[code], code)
        self.lang.setCurrentIndex(self.lang.findData("en"))
        self.view = QTextBrowser(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        top.addWidget(self.variant, 1)
        top.addWidget(self.lang, 1)
        for combo in (self.variant, self.lang):  # a narrow pane, in every language
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self._start)
        self.variant.currentIndexChanged.connect(lambda _i: self.refresh(immediately=True))
        self.lang.currentIndexChanged.connect(lambda _i: self.refresh(immediately=True))
        self.case: Case | None = None
        self.busy = False
        self.pending = False
        self.paragraphs: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Preview"))
        self.variant.setItemText(0, _("Full letter"))
        self.variant.setItemText(1, _("Public summary"))
        self.variant.setAccessibleName(_("Document to preview"))
        self.lang.setAccessibleName(_("Language of the preview"))
        self.view.setAccessibleName(_("Preview of the document"))

    def set_case(self, case: Case | None) -> None:
        self.case = case
        self.refresh(immediately=True)

    def refresh(self, immediately: bool = False) -> None:
        if immediately:
            self.timer.start(0)
        else:
            self.timer.start()

    def _start(self) -> None:
        if self.case is None:
            self.view.clear()
            return
        if self.busy:
            self.pending = True
            return
        self.busy = True
        snapshot = Case.from_dict(self.case.to_dict())  # the worker never sees the live object
        variant, lang = self.variant.currentData(), self.lang.currentData()
        started = time.perf_counter()

        def work() -> list[str]:
            return self.render_document(snapshot, lang, variant)

        run_in_background(work, lambda paras: self._done(paras, lang, started), self._failed,
                          owner=self.view)

    def _done(self, paragraphs: list[str], lang: str, started: float) -> None:
        self.busy = False
        self.paragraphs = paragraphs
        direction = "rtl" if is_rtl(lang) else "ltr"
        body = "".join(f'<p dir="{direction}">{html.escape(p).replace(chr(9), " ")}</p>'
                       for p in paragraphs if p.strip())
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(body)
        self.view.verticalScrollBar().setValue(scroll)
        self.view.setLayoutDirection(Qt.LayoutDirection.RightToLeft if direction == "rtl"
                                     else Qt.LayoutDirection.LeftToRight)
        self.note.clear()
        self.refreshed.emit((time.perf_counter() - started) * 1000)
        if self.pending:
            self.pending = False
            self._start()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.paragraphs = []
        # In the interface's language, as every error the window shows (not str(error)).
        self.note.setText(_("No preview: {error}").format(error=error_text(error)))
        self.refreshed.emit(-1.0)
        if self.pending:
            self.pending = False
            self._start()
