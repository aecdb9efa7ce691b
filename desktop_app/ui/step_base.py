"""The drafting steps are data plus small page classes: a key (the "what is missing" section),
a title and a guidance text (marked with N_, translated when shown), load() and store()."""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.domain.sending import is_frozen


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; single line breaks are kept inside one."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def text_of(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def filter_items(widget: QListWidget, text: str) -> None:
    """Hide the rows that do not hold every word typed (in their text or their id).

    The current row never stays on a hidden item, where Space, Enter or a button would act on
    something the user cannot see: it moves to the first visible row, or to none."""
    words = text.casefold().split()
    first = None
    for i in range(widget.count()):
        item = widget.item(i)
        label = f"{item.text()} {item.data(Qt.ItemDataRole.UserRole) or ''}".casefold()
        item.setHidden(not all(word in label for word in words))
        if first is None and not item.isHidden():
            first = item
    current = widget.currentItem()
    if current is None or current.isHidden():
        if first is None:
            widget.setCurrentRow(-1)
            widget.clearSelection()
        else:
            widget.setCurrentItem(first)


def visible_current(widget: QListWidget) -> QListWidgetItem | None:
    """The current item, if the user can see it (a filter may hide it)."""
    item = widget.currentItem()
    return item if item is not None and not item.isHidden() else None


def set_item_text(item: QListWidgetItem, text: str) -> None:
    """A list item's text, with the same text as its tooltip: a narrow column clips long
    mandate titles and clauses, the tooltip shows them whole."""
    item.setText(text)
    item.setToolTip(text)


#: Where a checkable row keeps its label without the tick number.
LABEL_ROLE = Qt.ItemDataRole.UserRole + 1


def number_ticks(widget: QListWidget, order: list[str]) -> None:
    """Show each ticked row's place in ``order`` ("2. ICCPR 19 …"): the letter prints them in
    the order ticked, so the list says so instead of reordering anything out of sight."""
    blocked = widget.blockSignals(True)
    try:
        for i in range(widget.count()):
            item = widget.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            label = item.data(LABEL_ROLE) or item.text()
            ticked = item.checkState() == Qt.CheckState.Checked and key in order
            set_item_text(item, f"{order.index(key) + 1}. {label}" if ticked else label)
    finally:
        widget.blockSignals(blocked)


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
    if row < 0 or widget.item(row).isHidden():
        return False
    widget.takeItem(row)
    return True


def move_current_item(widget: QListWidget, step: int) -> bool:
    """Move the selected row of an ordered list up (-1) or down (+1); True when it moved."""
    row = widget.currentRow()
    target = row + step
    if row < 0 or widget.item(row).isHidden() or not 0 <= target < widget.count():
        return False
    widget.insertItem(target, widget.takeItem(row))
    widget.setCurrentRow(target)
    return True


def redline_html(before: str, after: str) -> str:
    """Word by word: deletions struck through in red, insertions underlined in green."""
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append('<s style="color:#cf222e">' + html.escape(" ".join(a[i1:i2])) + "</s>")
        if j2 > j1:
            out.append('<u style="color:#1a7f37">' + html.escape(" ".join(b[j1:j2])) + "</u>")
    return " ".join(out)


def header_tooltips(table: QTableWidget) -> None:
    """Each column header of a QTableWidget carries its text as a tooltip: narrow columns
    ("Named in public") are clipped, and the tooltip says what they are."""
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        if item is not None:
            item.setToolTip(item.text())


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    """A date field as ISO digits (2024-08-20) with a calendar: Western digits in every
    interface language, as UN documents write dates, Arabic included (Qt would otherwise show
    Arabic-Indic digits)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    # An ISO date reads left to right in every language (a right-to-left field shows
    # "20-08-2024" for 2024-08-20): direction and locale before the format, which Qt parses
    # for the direction it has then.
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    western_digits(edit)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def western_digits(edit: QDateEdit) -> None:
    """Digits 0-9 in the field and its calendar; month names stay in the interface language
    (for Arabic a locale that writes Western digits: Qt has no numbering-system option)."""
    from desktop_app.ui.tr import current_language

    edit.setLocale(QLocale.c())
    edit.setDisplayFormat(edit.displayFormat() or "yyyy-MM-dd")  # re-parsed for the locale
    calendar = edit.calendarWidget()
    if calendar is not None:
        lang = current_language()
        calendar.setLocale(QLocale("ar_TN") if lang == "ar" else QLocale(lang))


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
        #: The workspace's in-memory operations and the editor's way of running them (set by
        #: ``CaseEditor.set_operations``): a page never changes the case behind the others.
        self.operations: Any = None
        self.perform: Callable[[Callable[[Any], Any]], Any] = self._perform_alone
        #: The case is sent: what this page shows of the letter is read-only.
        self.frozen = False
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

    def _perform_alone(self, action: Callable[[Any], Any]) -> Any:
        """A page outside an editor (a test): run on its own case, show it again."""
        case = getattr(self, "case", None)  # the pages that show a case keep it
        if case is None:
            return None
        self.store(case)
        result = action(case)
        self.load(case)
        self.notify()
        return result

    def notify(self, *_args: object) -> None:
        if not self.loading:
            self.changed.emit()

    # -- the page protocol
    def load(self, case: Case) -> None:
        self.loading = True
        try:
            self.load_case(case)
            self.set_frozen(is_frozen(case))  # widgets change state: not an edit either
        finally:
            self.loading = False

    def load_case(self, case: Case) -> None:
        raise NotImplementedError

    def store(self, case: Case) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Re-read every label's text (after a change of interface language)."""

    def set_frozen(self, frozen: bool) -> None:
        """Make what belongs to the sent letter read-only (pages override for their widgets);
        read-only, not disabled, so that the text can still be selected and copied."""
        self.frozen = frozen

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
