"""The case list's table: its columns, the deadline column's words, the model over the
store's summaries and the filter (search text, State, kind, status, year)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QWidget,
)

from desktop_app.domain.deadlines import publication_date
from desktop_app.domain.references import normalise
from desktop_app.ui.tr import N_, _, ngettext

if TYPE_CHECKING:
    from desktop_app.storage import CaseSummary

COLUMNS = (
    ("reference", N_("Reference")), ("kind", N_("Kind")), ("recipient", N_("State or recipient")),
    ("lead", N_("Lead mandate")), ("status", N_("Status")), ("sent", N_("Sent")),
    ("publication", N_("Publication")), ("deadline", N_("Deadline")), ("reply", N_("Reply")),
)
STATUS_LABELS = {"draft": N_("draft"), "in_review": N_("in review"), "approved": N_("approved"),
                 "sent": N_("sent"), "published": N_("published")}


def deadline_text(row: CaseSummary, today: date) -> tuple[str, str]:
    """The deadline column: words first (colour is only a second signal), and a tone."""
    if not row.sent:
        return "", "none"
    sent = date.fromisoformat(row.sent)
    days = (publication_date(sent) - today).days
    if row.reply:
        return _("replied"), "done"
    if days > 0:
        return ngettext("{n} day to publication", "{n} days to publication", days).format(
            n=days), "soon" if days <= 14 else "none"
    overdue = -days
    return ngettext("no reply, published {n} day ago", "no reply, published {n} days ago",
                    overdue).format(n=overdue), "overdue"


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.today = date.today()
        #: How a mandate id is shown: its title in the interface language (set by the window,
        #: which has the reference data); the id until then.
        self.mandate_title: Callable[[str], str] = lambda mandate_id: mandate_id

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = date.today()
        self.endResetModel()

    def update_row(self, row: CaseSummary) -> bool:
        """Replace one case's row in place; False when the case is not listed."""
        index = self.row_of(row.id)
        if index < 0:
            return False
        self.rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))
        return True

    def rowCount(self,  # noqa: N802
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self,  # noqa: N802
                    parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(COLUMNS[section][1])  # the tooltip shows a header its column clips
        return None

    def value(self, row: CaseSummary, key: str) -> str:
        if key == "reference":
            # An old reference's internal file codes are kept in the case, not listed.
            return normalise(row.reference) if row.reference else _("(draft)")
        if key == "kind":
            return row.kind or ""
        if key == "recipient":
            return row.state or row.recipient_name or ""
        if key == "lead":
            return self.mandate_title(row.lead_mandate) if row.lead_mandate else ""
        if key == "status":
            return _(STATUS_LABELS.get(row.status, row.status)) if row.status else ""
        if key == "sent":
            return row.sent or ""
        if key == "publication":
            return (publication_date(date.fromisoformat(row.sent)).isoformat()
                    if row.sent else "")
        if key == "deadline":
            return deadline_text(row, self.today)[0]
        if key == "reply":
            return row.reply or ""
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.value(row, key)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and key == "deadline":
            tone = deadline_text(row, self.today)[1]
            colours = {"overdue": "#b00020", "soon": "#9a6700", "done": "#1a7f37"}
            return QBrush(QColor(colours[tone])) if tone in colours else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(COLUMNS[index.column()][1])}: {self.value(row, key)}"
        return None

    def sort_key(self, row: CaseSummary, key: str) -> tuple[int, int | str]:
        if key == "deadline":
            if not row.sent:
                return (1, 0)
            return (0, (publication_date(date.fromisoformat(row.sent)) - self.today).days)
        return (0, self.value(row, key).casefold())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python, once: a proxy's lessThan would call data() a million times."""
        key = COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: self.sort_key(r, key),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def row_of(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == case_id), -1)


class CaseFilter(QSortFilterProxyModel):
    """Free text over every column plus the filters of the bar (State, kind, status, year)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.filters: dict[str, str] = {}
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model sorts itself (fast, in Python); the proxy keeps its order.
        self.sorted_by = (column, order)
        if column >= 0:
            self.sourceModel().sort(column, order)

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.casefold().strip()))

    def set_filter(self, key: str, value: str) -> None:
        def change() -> None:
            if value:
                self.filters[key] = value
            else:
                self.filters.pop(key, None)

        self._refilter(change)

    def _refilter(self, change: Callable[[], object]) -> None:
        # Qt 6.9 brought begin/endFilterChange and deprecated invalidateRowsFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        # Set on a CaseTableModel by the case list, and only there (no isinstance per row).
        model = cast(CaseTableModel, self.sourceModel())
        row = model.rows[source_row]
        for key, value in self.filters.items():
            actual = {"state": row.state or "", "kind": row.kind, "status": row.status,
                      "year": str(row.year or "")}[key]
            if actual != value:
                return False
        if not self.text:
            return True
        haystack = " ".join([model.value(row, k) for k, _label in COLUMNS] + [row.topic or ""]
                            + [model.mandate_title(m) for m in row.mandates]).casefold()
        return all(word in haystack for word in self.text.split())
