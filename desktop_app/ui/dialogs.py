"""Dialogs of the case's life: marking it sent, reopening it, recording a mandate's holder or
renewal. Each is answered by keyboard (Enter accepts, Escape cancels) and returns plain values;
the window calls the workspace with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.step_base import date_edit, set_item_text
from desktop_app.ui.tr import _, current_language

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from desktop_app.reference import ReferenceData


def _iso(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _isolate(text: str) -> str:
    """A reference, date or path kept in its own direction inside a right-to-left sentence."""
    return f"\u2068{text}\u2069"


@dataclass(frozen=True)
class SendChoice:
    day: date
    reference: str
    force: bool


class SendDialog(QDialog):
    """Mark sent: the date, the reference (the registry's, or the workspace's next free number
    as a suggestion), and every open to-do item; sending with open items must be ticked."""

    def __init__(self, label: str, suggest: Callable[[date], str], open_items: list[str],
                 initial: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggest = suggest
        self.setWindowTitle(_("Mark sent"))
        self.day = date_edit(self)
        self.day.setMaximumDate(QDate.currentDate())
        start = initial or date.today()
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.day.setAccessibleName(_("Date sent"))
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName(_("Reference"))
        self.reference.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.reference.textEdited.connect(self._typed)
        self.typed = False
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Date sent"), self.day)
        form.addRow(_("Reference"), self.reference)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        heading = QLabel(_("Mark “{case}” sent? Its letter is then frozen: only the public "
                           "summary, the update and the reply can still change.").format(
                               case=_isolate(label)), self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(form)
        self.items = QListWidget(self)
        self.items.setWordWrap(True)
        self.items.setAccessibleName(_("Open to-do items"))
        self.force = QCheckBox(self)
        if open_items:
            title = QLabel(_("Still open on the checklist ({n}):").format(n=len(open_items)),
                           self)
            title.setBuddy(self.items)
            layout.addWidget(title)
            for text in open_items:
                self.items.addItem(text)
                set_item_text(self.items.item(self.items.count() - 1), text)
            layout.addWidget(self.items, 1)
            self.force.setText(_("Send it anyway, with these items open"))
            layout.addWidget(self.force)
        else:
            self.items.hide()
            self.force.hide()
            self.force.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.day.dateChanged.connect(self._update)
        self.reference.textChanged.connect(self._update)
        self.force.toggled.connect(self._update)
        self.resize(560, 420 if open_items else 220)
        self._update()
        self.day.setFocus()

    def _typed(self) -> None:
        self.typed = True

    def _update(self, *_args: object) -> None:
        day = _iso(self.day.date())
        if not self.typed:
            suggestion = self.suggest(day)
            if self.reference.text() != suggestion:
                self.reference.blockSignals(True)
                self.reference.setText(suggestion)
                self.reference.blockSignals(False)
            self.hint.setText(_("The next free number in this workspace: type the registry's "
                                "number if it gave another."))
        else:
            self.hint.setText(_("The registry's number, as it gave it."))
        reference = self.reference.text().strip()
        self.ok.setText(_("Mark sent as {reference} on {date}").format(
            reference=_isolate(reference or "—"), date=_isolate(day.isoformat())))
        self.ok.setEnabled(bool(reference) and self.force.isChecked())

    def choice(self) -> SendChoice:
        return SendChoice(_iso(self.day.date()), self.reference.text().strip(),
                          bool(self.items.count()))


class ReopenDialog(QDialog):
    """Reopen a sent letter: the reason is required and kept in the case's history."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reopen the sent letter"))
        layout = QVBoxLayout(self)
        note = QLabel(_("“{case}” has been sent. Reopening lets you correct its letter; mark it "
                        "sent again afterwards. Why must it change?").format(
                            case=_isolate(label)), self)
        note.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(_("Reason for reopening"))
        self.reason.setPlaceholderText(_("e.g. the registry gave another reference"))
        note.setBuddy(self.reason)
        layout.addWidget(note)
        layout.addWidget(self.reason, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Reopen"))
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        self.ok.setEnabled(False)
        self.resize(480, 240)
        self.reason.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        # Ctrl+Enter accepts from inside the multi-line reason, where Enter starts a line.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok.isEnabled():
            self.accept()
            return
        super().keyPressEvent(event)

    def reason_text(self) -> str:
        return " ".join(self.reason.toPlainText().split())


@dataclass(frozen=True)
class HolderRecord:
    mandate: str
    name: str
    gender: str
    start: date
    end: date | None


@dataclass(frozen=True)
class RenewalRecord:
    mandate: str
    number: str
    adopted: date
    body: str


class RecordDialog(QDialog):
    """Record who holds a mandate, or its latest renewing resolution, in the workspace's own
    reference data (what `commdraft add-holder` / `add-reference` do on the command line)."""

    def __init__(self, reference: ReferenceData, mandate_ids: list[str], selected: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record a holder or renewal"))
        lang = current_language()
        self.mandate = QComboBox(self)
        self.mandate.setAccessibleName(_("Mandate"))
        ordered = list(dict.fromkeys(mandate_ids + sorted(
            (m for m in reference.mandates if m not in mandate_ids),
            key=lambda m: reference.mandates[m].title_in(lang))))
        for mid in ordered:
            title = reference.mandates[mid].title_in(lang)
            self.mandate.addItem(title, mid)
            self.mandate.setItemData(self.mandate.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.mandate.setCurrentIndex(max(self.mandate.findData(selected), 0))
        self.mandate.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mandate.setMinimumContentsLength(30)
        self.tabs = QTabWidget(self)
        holder = QWidget(self.tabs)
        form = QFormLayout(holder)
        self.name = QLineEdit(holder)
        self.name.setAccessibleName(_("Name of the holder"))
        self.gender = QComboBox(holder)
        self.gender.setAccessibleName(_("Gender of the holder"))
        for code, text in (("female", _("female")), ("male", _("male")),
                           ("unspecified", _("unspecified"))):
            self.gender.addItem(text, code)
        self.start = date_edit(holder)
        self.start.setDate(QDate.currentDate())
        self.start.setAccessibleName(_("In office from"))
        self.has_end = QCheckBox(_("Left office on"), holder)
        self.end = date_edit(holder)
        self.end.setEnabled(False)
        self.end.setAccessibleName(_("Left office on"))
        self.has_end.toggled.connect(self.end.setEnabled)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Gender"), self.gender)
        form.addRow(_("In office from"), self.start)
        form.addRow(self.has_end, self.end)
        renewal = QWidget(self.tabs)
        form2 = QFormLayout(renewal)
        self.number = QLineEdit(renewal)
        self.number.setPlaceholderText("58/12")
        self.number.setAccessibleName(_("Resolution number"))
        self.number.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.adopted = date_edit(renewal)
        self.adopted.setDate(QDate.currentDate())
        self.adopted.setAccessibleName(_("Adopted on"))
        self.body = QComboBox(renewal)
        self.body.setAccessibleName(_("Adopted by"))
        for code, text in (("HRC", _("Human Rights Council")),
                           ("CHR", _("Commission on Human Rights")),
                           ("GA", _("General Assembly"))):
            self.body.addItem(text, code)
        form2.addRow(_("Resolution number"), self.number)
        form2.addRow(_("Adopted on"), self.adopted)
        form2.addRow(_("Adopted by"), self.body)
        self.tabs.addTab(holder, _("Holder"))
        self.tabs.addTab(renewal, _("Renewal"))
        note = QLabel(_("Kept in this workspace's own reference data; the shipped data is not "
                        "changed."), self)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(_("Mandate"), self.mandate)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for signal in (self.name.textChanged, self.number.textChanged, self.tabs.currentChanged):
            signal.connect(self._update)
        self._update()
        self.name.setFocus()

    def _update(self, *_args: object) -> None:
        holder = self.tabs.currentIndex() == 0
        text = self.name.text() if holder else self.number.text()
        self.ok.setEnabled(bool(text.strip()))

    def record(self) -> HolderRecord | RenewalRecord:
        mandate = self.mandate.currentData()
        if self.tabs.currentIndex() == 0:
            end = _iso(self.end.date()) if self.has_end.isChecked() else None
            return HolderRecord(mandate, " ".join(self.name.text().split()),
                                self.gender.currentData(), _iso(self.start.date()), end)
        return RenewalRecord(mandate, self.number.text().strip(), _iso(self.adopted.date()),
                             self.body.currentData())
