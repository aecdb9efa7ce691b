"""Guided drafting: a step navigator over the pages, a guidance panel, completeness marks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.domain.completeness import Missing
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.sending import is_frozen
from desktop_app.ui.pages_case import CasePage
from desktop_app.ui.pages_checklist import ChecklistPage
from desktop_app.ui.pages_persons import PersonsPage
from desktop_app.ui.pages_questions import QuestionsPage, SummaryPage
from desktop_app.ui.pages_review import LegalReviewPage
from desktop_app.ui.pages_text import (
    AllegationsPage,
    BackgroundPage,
    ConcernsPage,
    LegalPage,
)
from desktop_app.ui.pages_translation import TranslationPage
from desktop_app.ui.step_base import StepPage
from desktop_app.ui.tr import _

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData

STEP_CLASSES: tuple[type[StepPage], ...] = (
    CasePage, PersonsPage, BackgroundPage, AllegationsPage, ConcernsPage, LegalPage,
    QuestionsPage, SummaryPage, TranslationPage, LegalReviewPage,
)


class CaseEditor(QWidget):
    """The step navigator, the current step's page and its guidance."""

    changed = Signal()
    reopen_requested = Signal()
    record_requested = Signal(str)  # a mandate id

    def __init__(self, reference: ReferenceData, check: Callable[[Case], list[Missing]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.case: Case | None = None
        self.pages: list[StepPage | ChecklistPage] = [cls(reference, self) for cls in STEP_CLASSES]
        self.checklist = ChecklistPage(self, reference)
        self.pages.append(self.checklist)
        self.steps = QListWidget(self)
        self.steps.setMaximumWidth(240)
        self.steps.setMinimumWidth(150)
        self.stack = QStackedWidget(self)
        for page in self.pages:
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            # Pages reflow to the width they get; below their minimum they scroll rather
            # than clip (a clipped field or button is one the user cannot reach).
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
            self.steps.addItem(QListWidgetItem())
            if isinstance(page, StepPage):
                page.changed.connect(self._page_changed)
        self.checklist.jump.connect(self.jump_to)
        self.case_page = next(p for p in self.pages if isinstance(p, CasePage))
        self.case_page.record_requested.connect(self.record_requested)
        self.questions = next(p for p in self.pages if isinstance(p, QuestionsPage))
        self.concerns = next(p for p in self.pages if isinstance(p, ConcernsPage))
        self.legal = next(p for p in self.pages if isinstance(p, LegalReviewPage))
        self.translation = next(p for p in self.pages if isinstance(p, TranslationPage))
        self.legal.jump.connect(self.jump_to)
        self.steps.currentRowChanged.connect(self._step_changed)
        self.guidance = QTextBrowser(self)
        self.guidance.setMaximumHeight(170)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        # A sent letter is frozen: said on every step, with the one way to change it.
        self.frozen_bar = QWidget(self)
        bar = QHBoxLayout(self.frozen_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        self.frozen_note = QLabel(self.frozen_bar)
        self.frozen_note.setWordWrap(True)
        self.reopen = QPushButton(self.frozen_bar)
        self.reopen.clicked.connect(self.reopen_requested)
        bar.addWidget(self.frozen_note, 1)
        bar.addWidget(self.reopen)
        self.frozen_bar.setStyleSheet("background: #fff4ce; color: #3b2e00;")
        self.frozen_bar.hide()
        column.addWidget(self.frozen_bar)
        column.addWidget(self.guidance)
        column.addWidget(self.stack, 1)
        split = QSplitter(self)
        split.addWidget(self.steps)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([215, 600])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.missing: list[Missing] = []
        #: Set by the window: case -> [(section, field, words)] of the consent replacements
        #: the documents make (computed when the checklist is shown, not on every keystroke).
        self.replacements: Callable[[Case], list[tuple[str, str, str]]] | None = None
        self.retranslate()
        self.steps.setCurrentRow(0)

    def set_reference(self, reference: ReferenceData) -> None:
        """The workspace's reference data changed (a holder or renewal recorded)."""
        for page in self.pages:
            page.reference = reference

    def titles(self) -> dict[str, str]:
        return {page.KEY: _(page.TITLE) for page in self.pages}

    def retranslate(self) -> None:
        self.steps.setAccessibleName(_("Drafting steps"))
        self.guidance.setAccessibleName(_("Guidance for this step"))
        self.reopen.setText(_("Reopen…"))
        self.reopen.setToolTip(_("Unfreeze the sent letter to correct it; you give the reason, "
                                 "which the case's history keeps"))
        for page in self.pages:
            page.retranslate()
        self._show_frozen()
        self.refresh_marks()
        self._step_changed(self.steps.currentRow())

    def _step_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.pages[row]
        self.title.setText(f"{row + 1}. {_(page.TITLE)}")
        self.guidance.setPlainText(_(page.GUIDANCE))
        if page is self.checklist and self.case is not None:
            self._show_checklist()

    def _show_checklist(self) -> None:
        replaced = []
        if self.replacements is not None and self.case is not None:
            try:
                replaced = self.replacements(self.case)
            except CommdraftError:
                replaced = []  # a case the documents cannot be made from yet: the checklist says why
        self.checklist.show_missing(self.missing, self.titles(), replaced)

    def step(self, delta: int) -> None:
        row = min(max(self.steps.currentRow() + delta, 0), len(self.pages) - 1)
        self.steps.setCurrentRow(row)

    # -- case in and out
    def load(self, case: Case) -> None:
        self.case = case
        for page in self.pages:
            page.load(case)  # a step page makes the sent letter's fields read-only itself
        self._show_frozen()
        self.refresh_marks()

    def _show_frozen(self) -> None:
        case = self.case
        if case is None or not is_frozen(case):
            self.frozen_bar.hide()
            return
        self.frozen_note.setText(_(
            "Sent on {date} as {reference}: the letter is frozen. The public summary, the "
            "update and the reply stay editable.").format(
                date=f"\u2068{case.dates.sent.isoformat() if case.dates.sent else '—'}\u2069",
                reference=f"\u2068{case.reference or '—'}\u2069"))
        self.frozen_bar.show()

    def set_operations(self, operations: Any) -> None:
        """Give the pages the workspace's in-memory operations (``Workspace.decide``,
        ``mark_checked``, ``realign``...), run through :meth:`perform`."""
        for page in self.pages:
            page.operations = operations
            page.perform = self.perform

    def perform(self, action: Callable[[Case], Any]) -> Any:
        """Run one of the workspace's in-memory operations on the case being edited (a review
        decision, a translation marked checked, a realignment): every page is written back
        first and shown again after, so that no page has to remember to, and the autosave
        saves the result. An error raised by the operation reaches the caller, nothing
        changed."""
        if self.case is None:
            return None
        case = self.apply()
        result = action(case)
        self.reload_pages()
        self.changed.emit()
        return result

    def reload_pages(self) -> None:
        """Show the case's texts again (after a change was applied from outside the pages)."""
        if self.case is not None:
            for page in self.pages:
                page.load(self.case)
            self.refresh_marks()

    def apply(self) -> Case:
        """Write every page back into the case being edited, and return it."""
        assert self.case is not None
        for page in self.pages:
            page.store(self.case)
        return self.case

    def _page_changed(self) -> None:
        if self.case is None:
            return
        self.apply()
        if self.sender() is self.case_page:
            self.questions.recipient_changed(self.case)
            self.concerns.kind_changed(self.case)
        self.refresh_marks()
        self.changed.emit()

    def refresh_marks(self) -> None:
        self.missing = self.check(self.case) if self.case is not None else []
        counts: dict[str, int] = {}
        todo = [item for item in self.missing if item.kind != "info"]  # info: nothing to do
        for entry in todo:
            counts[entry.section] = counts.get(entry.section, 0) + 1
        total = len(todo)
        for row, page in enumerate(self.pages):
            item = self.steps.item(row)
            n = total if page is self.checklist else counts.get(page.KEY, 0)
            # Words and a sign, not colour alone; the number isolated for right-to-left.
            if n:
                item.setText(f"\u2068{row + 1}.\u2069 {_(page.TITLE)}  — {n} " + _("to do"))
                item.setForeground(QColor("#9a6700"))
            else:
                item.setText(f"\u2068{row + 1}.\u2069 {_(page.TITLE)}  ✓")
                item.setForeground(QColor("#1a7f37"))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text())
            item.setToolTip(item.text())  # the step list is narrow: long titles are clipped
        if self.steps.currentRow() == len(self.pages) - 1 and self.case is not None:
            self._show_checklist()

    def jump_to(self, section: str, field: str) -> None:
        for row, page in enumerate(self.pages):
            if page.KEY == section:
                self.steps.setCurrentRow(row)
                if not page.focus_field(field):
                    page.setFocus()
                return
