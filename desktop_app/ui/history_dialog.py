"""A case's history: every revision, when it was saved and, on a team server, by whom."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.tr import _

if TYPE_CHECKING:
    from desktop_app.storage import RevisionInfo


def local_time(iso: str) -> str:
    """A save's UTC timestamp in the computer's time zone, written as the interface language
    writes dates (pages_review.when: "3 December 2026, 15:38")."""
    from desktop_app.ui.pages_review import when

    try:
        return when(datetime.fromisoformat(iso).astimezone().isoformat())
    except ValueError:
        return iso


class HistoryDialog(QDialog):
    """The revisions of one case, newest first (read-only)."""

    def __init__(self, title: str, revisions: list[RevisionInfo], on_server: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of {case}").format(case=title))
        self.resize(560, 420)
        note = QLabel(
            _("Every save is kept. On a team server each revision records who saved it.")
            if on_server else
            _("Every save is kept. A workspace folder does not record who saved a revision; "
              "a team server does."), self)
        note.setWordWrap(True)
        self.table = QTableWidget(len(revisions), 3, self)
        self.table.setHorizontalHeaderLabels([_("Revision"), _("Saved at"), _("Saved by")])
        self.table.setAccessibleName(_("Revisions"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, info in enumerate(reversed(revisions)):
            # The time isolated (first strong isolate): in Arabic the date and the hour stay
            # in order, whatever the direction of the month's name.
            when = "\u2068" + local_time(info.saved_at) + "\u2069"
            cells = (str(info.revision), when, info.saved_by or "—")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
