"""The last step, "Review and export": the checklist of what is still missing or inconsistent
(select an item to go to the field), the case's status, export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.domain.completeness import Missing
from desktop_app.domain.lifecycle import TRANSITIONS
from desktop_app.ui.case_table import STATUS_LABELS
from desktop_app.ui.tr import N_, _, describe

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData


class ChecklistPage(QWidget):
    """The last step: what is still missing (click to go there), status, export."""

    KEY = "review"
    TITLE = N_("Review and export")
    GUIDANCE = N_(
        "Everything still missing or inconsistent is listed here: select an item to jump to the "
        "field. When the list is empty the letter is complete. Move the case along (review, "
        "approval, sending) and export the documents from here.")

    jump = Signal(str, str)  # section, field
    status_requested = Signal(str)
    export_requested = Signal()

    # Given to every page by CaseEditor.set_operations; the checklist runs no operation.
    operations: Any
    perform: Callable[[Callable[[Any], Any]], Any]

    def __init__(self, parent: QWidget | None = None,
                 reference: ReferenceData | None = None) -> None:
        super().__init__(parent)
        self.reference = reference  # names the mandates in the items' messages
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.items = QListWidget(self)
        self.items.setWordWrap(True)
        self.items.itemActivated.connect(self._activate)
        self.items.itemClicked.connect(self._activate)
        layout.addWidget(self.heading)
        layout.addWidget(self.items, 1)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        row = QGridLayout()  # three to a row: the page fits a narrow column
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(("in_review", "approved", "sent", "published", "draft")):
            button = QPushButton(self)
            button.clicked.connect(lambda _c=False, k=key: self.status_requested.emit(k))
            row.addWidget(button, i // 3, i % 3)
            self.buttons[key] = button
        layout.addLayout(row)
        self.export = QPushButton(self)
        self.export.clicked.connect(self.export_requested)
        layout.addWidget(self.export)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Still missing or inconsistent"))
        self.heading.setBuddy(self.items)
        self.items.setAccessibleName(_("Still missing or inconsistent"))
        for key, text in (("in_review", _("Submit for review")), ("approved", _("Approve")),
                          ("sent", _("Mark sent…")), ("published", _("Mark published")),
                          ("draft", _("Back to draft"))):
            self.buttons[key].setText(text)
        self.export.setText(_("Export documents…"))

    def show_missing(self, items: list[Missing], titles: dict[str, str],
                     replaced: Sequence[tuple[str, str, str]] = ()) -> None:
        """The checklist, then every name a document replaces for want of consent
        (section, field to jump to, the replacement in words), for the drafter to read."""
        self.items.clear()
        if not [item for item in items if item.kind != "info"]:
            self.items.addItem(QListWidgetItem(_("Nothing missing: the letter is complete.")))
        for item in items:
            mark = {"inconsistent": "!", "info": "ℹ"}.get(item.kind, "•")
            entry = QListWidgetItem(f"{mark} {titles.get(item.section, item.section)}: "
                                    f"{describe(item, self.reference)}")
            entry.setData(Qt.ItemDataRole.UserRole, (item.section, item.field))
            entry.setToolTip(entry.text())
            self.items.addItem(entry)
        if replaced:
            heading = QListWidgetItem(_("Names replaced for want of consent (read each as the "
                                        "document prints it):"))
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.items.addItem(heading)
        for section, field, text in replaced:
            entry = QListWidgetItem(f"→ {text}")
            entry.setData(Qt.ItemDataRole.UserRole, (section, field))
            entry.setToolTip(text)
            self.items.addItem(entry)

    def show_status(self, case: Case) -> None:
        allowed = TRANSITIONS.get(case.status, ())
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)
        self.status.setText(_("Status: {status}. Reference: {reference}.").format(
            status=_(STATUS_LABELS.get(case.status, case.status)),
            reference=case.reference or "—"))

    def _activate(self, entry: QListWidgetItem) -> None:
        data = entry.data(Qt.ItemDataRole.UserRole)
        if data:
            self.jump.emit(*data)

    def load(self, case: Case) -> None:
        self.show_status(case)

    def store(self, case: Case) -> None:
        """The review step edits nothing."""

    def focus_field(self, field: str) -> bool:
        return False
