"""The drafting steps are data plus small page classes: a key (the "what is missing" section),
a title and a guidance text (marked with N_, translated when shown), load() and store()."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case import Case


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; single line breaks are kept inside one."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def text_of(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def filter_items(widget: QListWidget, text: str) -> None:
    """Hide the rows that do not hold every word typed (in their text or their id)."""
    words = text.casefold().split()
    for i in range(widget.count()):
        item = widget.item(i)
        label = f"{item.text()} {item.data(Qt.ItemDataRole.UserRole) or ''}".casefold()
        item.setHidden(not all(word in label for word in words))


def record_tick(order: list[str], item: QListWidgetItem) -> None:
    """Keep ``order`` (ids, in the order ticked) in step with a checkable row."""
    key = item.data(Qt.ItemDataRole.UserRole)
    if item.checkState() == Qt.CheckState.Checked and key not in order:
        order.append(key)
    elif item.checkState() != Qt.CheckState.Checked and key in order:
        order.remove(key)


def remove_current_item(widget: QListWidget) -> bool:
    """Remove the selected row of an ordered list; True when something was removed."""
    row = widget.currentRow()
    if row < 0:
        return False
    widget.takeItem(row)
    return True


def move_current_item(widget: QListWidget, step: int) -> bool:
    """Move the selected row of an ordered list up (-1) or down (+1); True when it moved."""
    row = widget.currentRow()
    target = row + step
    if row < 0 or not 0 <= target < widget.count():
        return False
    widget.insertItem(target, widget.takeItem(row))
    widget.setCurrentRow(target)
    return True


class ParagraphEdit(QPlainTextEdit):
    """A plain-text editor for a list of paragraphs (blank line between them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.toPlainText())

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        text = text_of(paragraphs)
        if text != self.toPlainText():
            self.setPlainText(text)


class StepPage(QWidget):
    KEY = ""
    TITLE = ""
    GUIDANCE = ""

    changed = Signal()

    def __init__(self, reference: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = reference
        self.loading = False
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)

    # -- building helpers
    def add_row(self, key: str, widget: QWidget, field: str | None = None) -> QWidget:
        label = QLabel(self)
        label.setBuddy(widget)
        self.labels[key] = label
        self.form.addRow(label, widget)
        self.fields[field or key] = widget
        return widget

    def notify(self, *_args: object) -> None:
        if not self.loading:
            self.changed.emit()

    # -- the page protocol
    def load(self, case: Case) -> None:
        self.loading = True
        try:
            self.load_case(case)
        finally:
            self.loading = False

    def load_case(self, case: Case) -> None:
        raise NotImplementedError

    def store(self, case: Case) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Re-read every label's text (after a change of interface language)."""

    def focus_field(self, field: str) -> bool:
        """Put the keyboard focus on the widget of ``field`` (a case-record path)."""
        best = None
        for key, widget in self.fields.items():
            if field == key or field.startswith(key + ".") or field.startswith(key + "["):
                if best is None or len(key) > len(best[0]):
                    best = (key, widget)
        if best is None:
            return False
        best[1].setFocus()
        return True
