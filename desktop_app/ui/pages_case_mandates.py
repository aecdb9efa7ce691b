"""The mandates of step 1: search, choose (lead first), reorder, the resolution cited, a
holder or renewal to record; and the earlier communications' table buttons.

A mixin of :class:`~desktop_app.ui.pages_case.CasePage`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.ui.step_base import (
    filter_items,
    move_current_item,
    remove_current_item,
    set_item_text,
    visible_current,
)
from desktop_app.ui.tr import _

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QTableWidget

    from desktop_app.ui.step_base import StepPage as _Page
else:
    _Page = object  # mixed into CasePage, a StepPage


class MandatesMixin(_Page):
    if TYPE_CHECKING:  # given by CasePage
        record_requested: Signal
        related: QTableWidget

    def _mandate_picker(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.mandate_search = QLineEdit(box)
        self.mandate_search.textChanged.connect(self._filter_mandates)
        self.available = QListWidget(box)
        self.chosen = QListWidget(box)
        for widget in (self.available, self.chosen):
            widget.setMaximumHeight(130)
        # Not-yet-operational mandates cannot sign; ended ones come last, with their end date
        # (a letter written while they ran still needs them).
        mandates = [m for m in self.reference.mandates.values() if m.status != "not_started"]
        for mandate in sorted(mandates, key=lambda m: m.status == "ended"):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, mandate.id)
            self.available.addItem(item)
        for widget in (self.available, self.chosen):
            widget.setWordWrap(True)
        self.available.itemActivated.connect(lambda _item: self._add_mandate())
        self.chosen.itemActivated.connect(lambda _item: self._remove_mandate())
        self.mandate_buttons = {}
        buttons = QWidget(box)
        column = QGridLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        for i, (key, slot) in enumerate((
                ("add", self._add_mandate), ("remove", self._remove_mandate),
                ("up", lambda: self._move(-1)), ("down", lambda: self._move(1)),
                ("record", self._record), ("cite", self._choose_resolution))):
            button = QPushButton(buttons)
            button.clicked.connect(slot)
            column.addWidget(button, i // 2, i % 2)
            self.mandate_buttons[key] = button
        #: Per mandate, a resolution this letter cites instead of the one in force on its date.
        self.resolutions: dict[str, str] = {}
        self.chosen_label = QLabel(box)
        self.chosen_label.setBuddy(self.chosen)
        grid.addWidget(self.mandate_search, 0, 0)
        grid.addWidget(self.available, 1, 0)
        grid.addWidget(buttons, 2, 0)
        grid.addWidget(self.chosen_label, 3, 0)
        grid.addWidget(self.chosen, 4, 0)
        return box

    def _filter_mandates(self, text: str) -> None:
        filter_items(self.available, text)

    def chosen_ids(self) -> list[str]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.chosen.count())]

    def _add_mandate(self) -> None:
        item = visible_current(self.available)
        if self.frozen or item is None or item.data(Qt.ItemDataRole.UserRole) in self.chosen_ids():
            return
        copy = QListWidgetItem()
        copy.setData(Qt.ItemDataRole.UserRole, item.data(Qt.ItemDataRole.UserRole))
        set_item_text(copy, item.text())
        self.chosen.addItem(copy)
        self.notify()

    def _choose_resolution(self) -> None:
        """For the exceptional letter: cite another resolution of the selected mandate than
        the latest one adopted by the letter's date."""
        from PySide6.QtWidgets import QInputDialog

        item = visible_current(self.chosen) or (self.chosen.item(0) if self.chosen.count()
                                                else None)
        if item is None or self.frozen:
            return
        mandate = self.reference.mandates.get(item.data(Qt.ItemDataRole.UserRole))
        if mandate is None:
            return
        automatic = _("The latest adopted by the letter's date (usual)")
        choices = [automatic] + [r.number for r in reversed(mandate.resolutions)]
        current = self.resolutions.get(mandate.id)
        chosen, ok = QInputDialog.getItem(
            self, _("Resolution cited"),
            _("Resolution the letter cites for {mandate}:").format(mandate=item.text()),
            choices, choices.index(current) if current in choices else 0, False)
        if not ok:
            return
        if chosen == automatic:
            self.resolutions.pop(mandate.id, None)
        else:
            self.resolutions[mandate.id] = chosen
        self.notify()

    def _record(self) -> None:
        """Ask the window to record a holder or renewal of the selected (or lead) mandate."""
        item = visible_current(self.chosen) or visible_current(self.available)
        if item is None and self.chosen.count():
            item = self.chosen.item(0)
        self.record_requested.emit(item.data(Qt.ItemDataRole.UserRole) if item else "")

    def _remove_mandate(self) -> None:
        if not self.frozen and remove_current_item(self.chosen):
            self.notify()

    def _move(self, step: int) -> None:
        if not self.frozen and move_current_item(self.chosen, step):
            self.notify()

    def _add_related(self) -> None:
        row = self.related.rowCount()
        self.related.insertRow(row)
        self.related.setCurrentCell(row, 0)
        self.related.editItem(self.related.item(row, 0) or QTableWidgetItem())

    def _remove_related(self) -> None:
        row = self.related.currentRow()
        if row >= 0:
            self.related.removeRow(row)
            self.notify()
