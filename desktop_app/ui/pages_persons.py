"""Step 2: the persons concerned — names, gender, the two consents, public name, role."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.domain.case import (
    Case,
    Person,
    new_id,
)
from desktop_app.ui.step_base import (
    StepPage,
    header_tooltips,
)
from desktop_app.ui.tr import N_, _

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class PersonsPage(StepPage):
    KEY = "persons"
    TITLE = N_("Persons concerned")
    GUIDANCE = N_(
        "List each person or organisation the letter is about, with the role that introduces "
        "them (\"woman human rights defender and founder of ...\"). Gender gives the honorific "
        "(Ms., Mr.).\n\n"
        "Two consents: to be named to the Government, and to be named in public. Without the "
        "second, the public summary never shows the name: it shows the public name you give "
        "here, or the initials. Without the first, the letter itself uses them too.")

    COLUMNS = (N_("Name"), N_("Kind"), N_("Gender"), N_("Role"), N_("Named to the State"),
               N_("Named in public"), N_("Public name"))

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((0, 170), (1, 110), (2, 110), (3, 260), (4, 60), (5, 60)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self.notify)
        self.layout_.addWidget(self.table)
        self.fields["persons"] = self.table
        row = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_person)
        self.remove_button.clicked.connect(self.remove_person)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.ids: list[str] = []
        self.lang = "en"
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        header_tooltips(self.table)
        self.table.setAccessibleName(_("Persons concerned"))
        self.add_button.setText(_("Add person"))
        self.remove_button.setText(_("Remove person"))

    def _combo(self, choices: list[tuple[str, str]], value: str, name: str) -> QComboBox:
        combo = QComboBox(self.table)
        combo.setAccessibleName(name)
        for code, label in choices:
            combo.addItem(_(label), code)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        combo.currentIndexChanged.connect(self.notify)
        return combo

    def _check(self, on: bool) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                      | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        return item

    def _append(self, person: Person) -> None:
        was_loading, self.loading = self.loading, True  # a half-built row is not an edit
        self.table.blockSignals(True)
        try:
            self._append_row(person)
        finally:
            self.table.blockSignals(False)
            self.loading = was_loading

    def _append_row(self, person: Person) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.ids.append(person.id)
        self.table.setItem(row, 0, QTableWidgetItem(person.name))
        self.table.setCellWidget(row, 1, self._combo(
            [("person", N_("person")), ("organisation", N_("organisation"))], person.kind,
            _("Kind of {name}").format(name=person.name)))
        self.table.setCellWidget(row, 2, self._combo(
            [("female", N_("female")), ("male", N_("male")), ("unspecified", N_("unspecified"))],
            person.gender, _("Gender of {name}").format(name=person.name)))
        self.table.setItem(row, 3, QTableWidgetItem(person.role.get(self.lang, "")))
        self.table.setItem(row, 4, self._check(person.consent_state))
        self.table.setItem(row, 5, self._check(person.consent_public))
        self.table.setItem(row, 6, QTableWidgetItem(person.public_name or ""))

    def add_person(self) -> None:
        if self.frozen:
            return
        self._append(Person(id=new_id(), name=_("New person")))
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        name = self.table.item(self.table.rowCount() - 1, 0)
        assert name is not None  # _append() filled the row
        self.table.editItem(name)
        self.notify()

    def remove_person(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and not self.frozen:
            self.table.removeRow(row)
            del self.ids[row]
            self.notify()

    def load_case(self, case: Case) -> None:
        self.lang = case.source_language
        self.persons = {p.id: p for p in case.persons}
        self.table.setRowCount(0)
        self.ids = []
        for person in case.persons:
            self._append(person)
        self._apply_frozen()

    def set_frozen(self, frozen: bool) -> None:
        """A sent letter names its persons as it did; whether and how the public summary names
        them (consent to be named in public, public name) stays editable."""
        super().set_frozen(frozen)
        self._apply_frozen()

    def _apply_frozen(self) -> None:
        blocked = self.table.blockSignals(True)
        try:
            for row in range(self.table.rowCount()):
                for column in (0, 3):
                    item = self.table.item(row, column)
                    if item is not None:
                        flags = item.flags()
                        item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable if self.frozen
                                      else flags | Qt.ItemFlag.ItemIsEditable)
                item = self.table.item(row, 4)
                if item is not None:
                    flags = item.flags()
                    item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable if self.frozen
                                  else flags | Qt.ItemFlag.ItemIsUserCheckable)
                for column in (1, 2):
                    widget = self.table.cellWidget(row, column)
                    if widget is not None:
                        widget.setEnabled(not self.frozen)
        finally:
            self.table.blockSignals(blocked)
        self.add_button.setEnabled(not self.frozen)
        self.remove_button.setEnabled(not self.frozen)

    def store(self, case: Case) -> None:
        old = {p.id: p for p in case.persons}
        persons = []
        for row, pid in enumerate(self.ids):
            name = self._text(row, 0)
            if not name:
                continue
            person = old.get(pid) or Person(id=pid, name=name)
            person.name = name
            person.kind = self._choice(row, 1)
            person.gender = self._choice(row, 2)
            role = self._text(row, 3)
            person.role = {**person.role, self.lang: role}
            person.consent_state = self._ticked(row, 4)
            person.consent_public = self._ticked(row, 5)
            public = self._text(row, 6)
            person.public_name = public or None
            persons.append(person)
        case.persons = persons

    # A row is built whole by _append_row: its check boxes and combo boxes are always there.
    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _ticked(self, row: int, column: int) -> bool:
        item = self.table.item(row, column)
        assert item is not None
        return item.checkState() == Qt.CheckState.Checked

    def _choice(self, row: int, column: int) -> str:
        combo = self.table.cellWidget(row, column)
        assert isinstance(combo, QComboBox)
        value: str = combo.currentData()
        return value

    def focus_field(self, field: str) -> bool:
        import re

        match = re.match(r"persons\[(\d+)\]\.?(\w*)", field)
        if not match:
            self.table.setFocus()
            return True
        row = int(match.group(1))
        column = {"name": 0, "kind": 1, "gender": 2, "role": 3, "consent_state": 4,
                  "consent_public": 5, "public_name": 6}.get(match.group(2), 0)
        self.table.setCurrentCell(row, column)
        self.table.setFocus()
        return True
