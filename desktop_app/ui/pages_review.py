"""The legal-review step: send a copy for comment, bring the reviewed copy back, decide.

Comments and proposed changes are listed with who made them and which part of the letter they
concern. A proposed change shows the paragraph before and after, deletions struck through and
insertions underlined. Accepting applies it to the case (the drafter's text or a translation);
a paragraph edited in the case since the copy was made is a conflict, shown with both texts.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.domain.review import ReviewChange, ReviewComment, ReviewError
from desktop_app.ui.step_base import StepPage, redline_html
from desktop_app.ui.tr import N_, _, describe
from desktop_app.ui.unit_words import SECTION_WORDS

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData

STATUS_WORDS = {"open": N_("open"), "resolved": N_("resolved"), "accepted": N_("accepted"),
                "rejected": N_("rejected")}


def when(stamp: str | None) -> str:
    """A reviewer's date and time as the interface language writes dates ("12 August 2024,
    10:00"); the text as given when it is not an ISO date."""
    from datetime import datetime

    from desktop_app.i18n import format_date
    from desktop_app.ui.tr import current_language

    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return f"{format_date(moment.date(), current_language())}, {moment:%H:%M}"


class LegalReviewPage(StepPage):
    KEY = "legal_review"
    TITLE = N_("Legal review")
    GUIDANCE = N_(
        "Send the letter for comment: \"Export a copy for comment\" writes a Word document that "
        "the reviewer comments on and edits with Track Changes. When it comes back, \"Import the "
        "reviewed copy\" brings every comment and change into the case.\n\n"
        "Nothing changes the letter until you accept it. A paragraph you edited after the copy "
        "was made is shown as a conflict: merge it by hand, then reject the change.")

    export_requested = Signal()
    redline_requested = Signal()
    import_requested = Signal()
    jump = Signal(str, str)

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.case: Case | None = None
        self.export_button = QPushButton(self)
        self.import_button = QPushButton(self)
        self.redline_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_requested)
        self.redline_button.clicked.connect(self.redline_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.only_open = QCheckBox(self)
        self.only_open.setChecked(True)
        self.only_open.toggled.connect(self._fill)
        # Buttons in a grid, two to a row: long labels (Russian, French) wrap to another row
        # instead of widening the page past its column.
        buttons = QGridLayout()
        for i, button in enumerate((self.export_button, self.import_button,
                                    self.redline_button)):
            buttons.addWidget(button, i // 2, i % 2)
        self.layout_.addLayout(buttons)
        # What the last import said: every warning, selectable to copy into an e-mail.
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.notice.setStyleSheet("background: #ddf4ff; color: #0a3069; padding: 4px;")
        self.notice.hide()
        self.layout_.addWidget(self.notice)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.only_open)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.items = QListWidget(split)
        self.items.setWordWrap(True)
        self.items.currentItemChanged.connect(self._select)
        self.detail = QTextBrowser(split)
        self.detail.setMinimumHeight(120)
        split.addWidget(self.items)
        split.addWidget(self.detail)
        split.setSizes([220, 200])
        self.layout_.addWidget(split, 1)
        actions = QGridLayout()
        self.accept_button = QPushButton(self)
        self.reject_button = QPushButton(self)
        self.resolve_button = QPushButton(self)
        self.go_button = QPushButton(self)
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.resolve_button.clicked.connect(self._resolve)
        self.go_button.clicked.connect(self._go)
        for i, button in enumerate((self.accept_button, self.reject_button,
                                    self.resolve_button, self.go_button)):
            actions.addWidget(button, i // 2, i % 2)
        self.layout_.addLayout(actions)
        self.retranslate()

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.export_button.setText(_("Export a copy for comment…"))
        self.import_button.setText(_("Import the reviewed copy…"))
        self.redline_button.setText(_("Redline…"))
        self.redline_button.setToolTip(_(
            "A copy for comment that shows, as tracked changes, what changed in the case since "
            "the copy the reviewer last returned"))
        self.only_open.setText(_("Only open items"))
        self.items.setAccessibleName(_("Reviewers' comments and proposed changes"))
        self.detail.setAccessibleName(_("The selected comment or change"))
        self.accept_button.setText(_("Accept change"))
        self.reject_button.setText(_("Reject change"))
        self.resolve_button.setText(_("Mark resolved"))
        self.go_button.setText(_("Go to the paragraph"))
        self._fill()

    # ------------------------------------------------------------------ the page protocol
    def show_notice(self, text: str) -> None:
        """The outcome of the last import, every line of it; empty hides it."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text.strip()))

    def load_case(self, case: Case) -> None:
        self.case = case
        self._fill()

    def store(self, case: Case) -> None:
        """Decisions are written into the case when they are made."""

    # ------------------------------------------------------------------ the list
    def where(self, key: str | None, after: str | None = None) -> str:
        if key is None and after is not None:
            return _("new paragraph after {where}").format(where=self.where(after))
        if key is None:
            return _("the letter's fixed wording")
        if key.startswith("standard_questions."):
            return _("standard question {id}").format(id=key.split(".", 1)[1])
        section, _dot, index = key.rpartition(".")
        if index.isdigit() and section in SECTION_WORDS:
            return _(SECTION_WORDS[section]).format(n=int(index) + 1)
        return _(SECTION_WORDS.get(key, key)).format(n="", name="")

    def _fill(self, *_args: object) -> None:
        self.items.blockSignals(True)
        current = self._current_id()
        self.items.clear()
        if self.case is None:
            self.items.blockSignals(False)
            return
        review = self.case.review
        self.redline_button.setEnabled(any(r.exported_revision for r in review.rounds))
        open_comments, open_changes = review.open_items()
        self.summary.setText(
            _("{rounds} review round(s): {comments} open comment(s), {changes} open change(s).")
            .format(rounds=len(review.rounds), comments=len(open_comments),
                    changes=len(open_changes))
            if not review.is_empty() else
            _("No review yet. Export a copy for comment, then import it when it comes back."))
        entries: list[ReviewComment | ReviewChange] = [*review.changes, *review.comments]
        for entry in entries:
            if self.only_open.isChecked() and entry.status != "open":
                continue
            item = QListWidgetItem(self.items)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self._paint(item, entry)
        self.items.blockSignals(False)
        row = next((i for i in range(self.items.count())
                    if self.items.item(i).data(Qt.ItemDataRole.UserRole) == current), 0)
        if self.items.count():
            self.items.setCurrentRow(row)
            self._select(self.items.currentItem())
        else:
            self._show(None)

    def _paint(self, item: QListWidgetItem, entry: ReviewComment | ReviewChange) -> None:
        status = _(STATUS_WORDS[entry.status])
        if isinstance(entry, ReviewComment):
            text = _("Comment by {author} on {where} ({status}): {text}").format(
                author=entry.author or "?", where=self.where(entry.key), status=status,
                text=" ".join(entry.text.split())[:120])
        else:
            how = _("change") if entry.tracked else _("edit made without Track Changes")
            text = _("{how} by {author} in {where} ({status})").format(
                how=how, author=", ".join(entry.authors) or "?",
                where=self.where(entry.key, entry.after), status=status)
            text = text[:1].upper() + text[1:]
        item.setText(("• " if entry.status == "open" else "✓ ") + text)
        item.setForeground(QColor("#9a6700" if entry.status == "open" else "#57606a"))

    def _current_id(self) -> str | None:
        item = self.items.currentItem()
        entry_id: str | None = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return entry_id

    def _entry(self, entry_id: str | None) -> ReviewComment | ReviewChange | None:
        if self.case is None or entry_id is None:
            return None
        review = self.case.review
        entries: list[ReviewComment | ReviewChange] = [*review.changes, *review.comments]
        return next((e for e in entries if e.id == entry_id), None)

    def _select(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self._show(self._entry(item.data(Qt.ItemDataRole.UserRole) if item else None))

    def _show(self, entry: ReviewComment | ReviewChange | None) -> None:
        is_change = isinstance(entry, ReviewChange)
        is_open = entry is not None and entry.status == "open"
        self.accept_button.setEnabled(is_change and is_open)
        self.reject_button.setEnabled(is_change and is_open)
        self.resolve_button.setEnabled(isinstance(entry, ReviewComment))
        self.resolve_button.setText(_("Reopen") if isinstance(entry, ReviewComment)
                                    and entry.status == "resolved" else _("Mark resolved"))
        self.go_button.setEnabled(entry is not None and bool(entry.key or
                                                            getattr(entry, "after", None)))
        if entry is None:
            self.detail.setHtml("")
            return
        if isinstance(entry, ReviewComment):
            parts = [f"<p><b>{html.escape(entry.author or '?')}</b> "
                     f"{html.escape(when(entry.date))}</p>",
                     f"<p>{html.escape(entry.text)}</p>"]
            if entry.anchor:
                parts.append("<p>" + html.escape(_("On the words:")) +
                             f" <i>«{html.escape(entry.anchor)}»</i></p>")
            self.detail.setHtml("".join(parts))
            return
        self.detail.setHtml(
            f"<p><b>{html.escape(', '.join(entry.authors) or '?')}</b> "
            f"{html.escape(when(entry.date))}</p><p>{redline_html(entry.original, entry.proposed)}"
            "</p>")

    # ------------------------------------------------------------------ actions
    def _decide(self, accept: bool) -> None:
        from PySide6.QtWidgets import QMessageBox

        entry = self._entry(self._current_id())
        if self.case is None or not isinstance(entry, ReviewChange):
            return
        try:
            self.perform(lambda case: self.operations.decide(case, entry.id, accept=accept))
        except ReviewError as exc:
            QMessageBox.warning(self, _("Cannot apply the change"),
                                describe(exc, self.reference))

    def _resolve(self) -> None:
        entry = self._entry(self._current_id())
        if self.case is None or not isinstance(entry, ReviewComment):
            return
        self.perform(lambda case: self.operations.resolve(
            case, entry.id, reopen=entry.status == "resolved"))

    def _go(self) -> None:
        entry = self._entry(self._current_id())
        if entry is None or self.case is None:
            return
        key = entry.key or getattr(entry, "after", None) or ""
        section = key.split(".")[0]
        section = {"standard_questions": "questions", "public": "summary", "update": "summary",
                   "topic": "summary", "summary": "background", "persons": "persons"}.get(
            section, section)
        if entry.lang != self.case.source_language:
            section = "translation"
        self.jump.emit(section, f"text.{entry.lang}.{key}")
