"""The case list: searchable, sortable, filterable, with the 60-day deadline at a glance."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.case_table import COLUMNS, STATUS_LABELS, CaseFilter, CaseTableModel
from desktop_app.ui.tr import _, ngettext

if TYPE_CHECKING:
    from desktop_app.storage import CaseSummary


class CaseListPanel(QWidget):
    """Search field, filters and the table; emits the id of the case the user opens."""

    case_selected = Signal(str)
    restore_requested = Signal(str)  # the id of a damaged case to restore from a backup

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        # Cases the store set aside as damaged: said above the list, with a way to restore one.
        self.damaged: list[Any] = []
        self.damaged_note = QLabel(self)
        self.damaged_note.setWordWrap(True)
        self.damaged_note.setStyleSheet("background: #fff4ce; color: #3b2e00; padding: 6px;")
        self.restore_button = QPushButton(self)
        self.restore_button.clicked.connect(self._restore_first)
        self.damaged_note.hide()
        self.restore_button.hide()
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._refilter(self.proxy.set_text, text))
        #: True while a filter changes: the rows under the cursor move, and that is not the
        #: user choosing another case.
        self.filtering = False
        #: The case the window shows: current again when a filter lets it back in.
        self.open_id: str | None = None
        self.combos: dict[str, QComboBox] = {}
        bar = QGridLayout()  # two by two: the list keeps a narrow column
        for i, key in enumerate(("state", "kind", "status", "year")):
            combo = QComboBox(self)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._filter_changed(k))
            self.combos[key] = combo
            bar.addWidget(combo, i // 2, i % 2)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the next field; it does not walk cell by cell (which opened
        # the next case at the end of each row).
        self.table.setTabKeyNavigation(False)
        # Fixed row heights and set column widths: "resize to contents" would ask the model for
        # every cell of every row on each layout (half a million calls at 10,000 cases).
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 44, 110, 150, 80, 86, 86, 170, 86)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.damaged_note)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.search)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search cases: reference, State, name, topic…"))
        self.search.setAccessibleName(_("Search cases"))
        self.table.setAccessibleName(_("Cases"))
        for key, label in (("state", _("State")), ("kind", _("Kind")), ("status", _("Status")),
                           ("year", _("Year"))):
            self.combos[key].setAccessibleName(_("Filter by {what}").format(what=label))
        self._fill_filters()
        self.set_damaged(self.damaged)
        # Headers, statuses, deadlines and mandate titles are words: shown again in the new
        # language (the rows themselves do not change).
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1,
                                                         len(COLUMNS) - 1))

    def set_damaged(self, damaged: list[Any]) -> None:
        """Show the cases set aside as damaged (``storage`` DamagedCase records)."""
        self.damaged = list(damaged)
        if not self.damaged:
            self.damaged_note.hide()
            self.restore_button.hide()
            return
        first = self.damaged[0]
        where = f"\u2068{first.path.name}\u2069" + (
            _(", line {n}").format(n=first.line) if first.line else "")
        self.damaged_note.setText(ngettext(
            "{n} case could not be read and was set aside; the others are fine. {case} "
            "({where}).",
            "{n} cases could not be read and were set aside; the others are fine. {case} "
            "({where}) and others.", len(self.damaged)).format(
                n=len(self.damaged), case=f"\u2068{first.reference or first.case_id}\u2069",
                where=where))
        self.restore_button.setText(_("Restore {case} from a backup…").format(
            case=f"\u2068{first.reference or first.case_id}\u2069"))
        self.damaged_note.show()
        self.restore_button.show()

    def _restore_first(self) -> None:
        if self.damaged:
            self.restore_requested.emit(self.damaged[0].case_id)

    def set_rows(self, rows: list[CaseSummary]) -> None:
        current = self.current_id()
        self.filtering = True
        try:
            self.model.set_rows(rows)
            if self.proxy.sorted_by is not None:
                self.model.sort(*self.proxy.sorted_by)
            self._fill_filters()
            if current:
                self.select(current)
        finally:
            self.filtering = False

    def _fill_filters(self) -> None:
        rows = self.model.rows
        values = {
            "state": sorted({r.state for r in rows if r.state}),
            "kind": ["UA", "AL", "OL"],
            "status": list(STATUS_LABELS),
            "year": sorted({str(r.year) for r in rows if r.year}, reverse=True),
        }
        titles = {"state": _("All States"), "kind": _("All kinds"), "status": _("All statuses"),
                  "year": _("All years")}
        for key, combo in self.combos.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(titles[key], "")
            for value in values[key]:
                label = _(STATUS_LABELS[value]) if key == "status" else value
                combo.addItem(label, value)
            index = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _filter_changed(self, key: str) -> None:
        self._refilter(self.proxy.set_filter, key, self.combos[key].currentData() or "")

    def _refilter(self, change: Callable[..., None], *args: str) -> None:
        """Apply a filter without opening anything: the open case stays current when it is
        still listed; otherwise no row is current (Enter or Space act on nothing unseen)."""
        current = self.open_id or self.current_id()
        self.filtering = True
        try:
            change(*args)
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
            if current:
                self.select(current)
        finally:
            self.filtering = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.filtering:
            self.case_selected.emit(self.proxy.data(current, Qt.ItemDataRole.UserRole))

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.proxy.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, case_id: str) -> None:
        """Make ``case_id`` the current row (the window calls it for the case it opened)."""
        self.open_id = case_id
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)


__all__ = ["CaseListPanel", "CaseTableModel"]
