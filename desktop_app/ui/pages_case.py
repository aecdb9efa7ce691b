"""Step 1: the case and its recipient, the mandates, dates and earlier communications
(the persons concerned are step 2, ``pages_persons``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.domain.case import (
    INSTRUMENT_STAGES,
    Case,
    Instrument,
    Recipient,
    Related,
)
from desktop_app.domain.errors import ReferenceFormatError
from desktop_app.domain.references import parse_citation
from desktop_app.ui.pages_case_mandates import MandatesMixin
from desktop_app.ui.pages_persons import PersonsPage, _parse_day
from desktop_app.ui.step_base import (
    StepPage,
    date_edit,
    header_tooltips,
    set_item_text,
    western_digits,
)
from desktop_app.ui.tr import N_, _, current_language

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData

#: Step 2 is importable from here too.
__all__ = ["KIND_LABELS", "STAGE_LABELS", "CasePage", "PersonsPage"]

KIND_LABELS = {"UA": N_("Urgent appeal (UA)"), "AL": N_("Allegation letter (AL)"),
               "OL": N_("Other letter (OL)")}
STAGE_LABELS = {"bill": N_("bill (draft law)"), "law": N_("law in force"), "policy": N_("policy"),
                "decree": N_("decree"), "regulation": N_("regulation")}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CasePage(MandatesMixin, StepPage):
    record_requested = Signal(str)  # a mandate id: record its holder or renewal

    KEY = "case"
    TITLE = N_("Case and recipient")
    GUIDANCE = N_(
        "Choose the kind of letter: an urgent appeal for a violation that is happening or about "
        "to happen, an allegation letter for one that has happened, another letter for a law or "
        "policy. Address it to a State, or to a company, organisation or group by name.\n\n"
        "Add the signing mandates with the lead mandate first: the \"Mandates of\" line, the "
        "opening and the signatures follow this order. The reference is allocated when the "
        "letter is marked sent, never before.\n\n"
        "Earlier communications about the same persons are cited by their reference; the letter "
        "mentions them for you. The source of the information stays in the case and is never "
        "printed.")

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.kind = QComboBox(self)
        for code in KIND_LABELS:
            self.kind.addItem(code, code)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.add_row("kind", self.kind)
        # An other letter (OL) presents the text it comments on: title, stage, date.
        self.instrument_title = QLineEdit(self)
        self.instrument_title.textEdited.connect(self.notify)
        self.add_row("instrument_title", self.instrument_title, "instrument.title")
        self.instrument_stage = QComboBox(self)
        for code in INSTRUMENT_STAGES:
            self.instrument_stage.addItem(code, code)
        self.instrument_stage.currentIndexChanged.connect(self.notify)
        self.add_row("instrument_stage", self.instrument_stage, "instrument.stage")
        self.instrument_date = date_edit(self)
        self.instrument_date.dateChanged.connect(self.notify)
        self.add_row("instrument_date", self.instrument_date, "instrument.date")
        self.recipient_type = QComboBox(self)
        self.recipient_type.addItem("", "state")
        self.recipient_type.addItem("", "other")
        self.recipient_type.currentIndexChanged.connect(self._type_changed)
        self.add_row("recipient_type", self.recipient_type, "recipient.type")
        self.state = QComboBox(self)
        self.state.setEditable(True)
        self.state.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.state.addItem("", None)
        self.state_codes = [code for code, _state in sorted(
            reference.states.items(), key=lambda kv: kv[1].form("en"))]
        for code in self.state_codes:
            self.state.addItem(f"{reference.states[code].form('en')} — {code}", code)
        completer, typed = self.state.completer(), self.state.lineEdit()
        assert completer is not None and typed is not None  # an editable combo box has both
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.state.currentIndexChanged.connect(self.notify)
        typed.editingFinished.connect(self._state_typed)
        for combo in (self.kind, self.recipient_type, self.state):
            # Long State names must not widen the whole page: the popup shows them in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.add_row("state", self.state, "recipient.state")
        self.other_name = QLineEdit(self)
        self.other_name.textEdited.connect(self.notify)
        self.add_row("other_name", self.other_name, "recipient.name")
        self.add_row("mandates", self._mandate_picker(), "mandates")
        self.sent = QLabel(self)
        self.sent.setWordWrap(True)
        self.sent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_row("sent", self.sent, "dates.sent")
        self.replied = QCheckBox(self)
        self.reply = date_edit(self)
        self.reply_kind = QComboBox(self)
        self.reply_kind.addItem("", "substantive")
        self.reply_kind.addItem("", "acknowledgement")
        self.reply_kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reply_kind.setMinimumContentsLength(10)
        reply_row = QWidget(self)
        row = QHBoxLayout(reply_row)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.replied, self.reply, self.reply_kind):
            row.addWidget(widget)
        self.replied.toggled.connect(self._reply_toggled)
        self.reply.dateChanged.connect(self.notify)
        self.reply_kind.currentIndexChanged.connect(self.notify)
        self.add_row("reply", reply_row, "dates.reply")
        self.fields["dates.reply_kind"] = self.reply_kind
        self.related = QTableWidget(0, 3, self)
        self.related.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.related.itemChanged.connect(self.notify)
        self.related.setMaximumHeight(120)
        related_box = QWidget(self)
        grid = QGridLayout(related_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.related, 0, 0, 1, 2)
        self.add_related = QPushButton(self)
        self.remove_related = QPushButton(self)
        self.add_related.clicked.connect(self._add_related)
        self.remove_related.clicked.connect(self._remove_related)
        grid.addWidget(self.add_related, 1, 0)
        grid.addWidget(self.remove_related, 1, 1)
        grid.setColumnStretch(0, 1)
        self.add_row("related", related_box, "related")
        self.press = QCheckBox(self)
        self.press.toggled.connect(self.notify)
        self.add_row("press", self.press, "press_release")
        self.source = QLineEdit(self)
        self.source.textEdited.connect(self.notify)
        self.add_row("source", self.source, "source")
        self.retranslate()

    def retranslate(self) -> None:
        labels = {"kind": _("Kind of letter"), "instrument_title": _("Text concerned"),
                  "instrument_stage": _("Stage"), "instrument_date": _("Date of the text"),
                  "recipient_type": _("Addressed to"),
                  "state": _("State"), "other_name": _("Recipient's name"),
                  "mandates": _("Mandates (lead first)"), "sent": _("Sent"),
                  "reply": _("Reply"), "related": _("Earlier communications"),
                  "press": _("Press release"), "source": _("Source (confidential)")}
        for key, text in labels.items():
            self.labels[key].setText(text)
            self.fields_by_key(key).setAccessibleName(text)
        for index, code in enumerate(KIND_LABELS):
            self.kind.setItemText(index, _(KIND_LABELS[code]))
        for index, code in enumerate(INSTRUMENT_STAGES):
            self.instrument_stage.setItemText(index, _(STAGE_LABELS[code]))
        self.instrument_title.setPlaceholderText(_("the title of the bill, law or policy"))
        self.recipient_type.setItemText(0, _("A State"))
        self.recipient_type.setItemText(1, _("A company, organisation or group"))
        self.mandate_search.setPlaceholderText(_("Search mandates…"))
        self.mandate_search.setAccessibleName(_("Search mandates"))
        self.available.setAccessibleName(_("Mandates to choose from"))
        self.chosen.setAccessibleName(_("Signing mandates, lead first"))
        self.chosen_label.setText(_("Chosen, lead first (double-click to remove):"))
        for key, text in (("add", _("Add")), ("remove", _("Remove")), ("up", _("Move up")),
                          ("down", _("Move down")),
                          ("record", _("Record a holder or renewal…")),
                          ("cite", _("Resolution cited…"))):
            self.mandate_buttons[key].setText(text)
        self.mandate_buttons["record"].setToolTip(
            _("Who holds the selected mandate, or its latest renewing resolution, when the "
              "checklist says the data lacks them"))
        self.replied.setText(_("received on"))
        self.reply.setAccessibleName(_("Date of the reply"))
        self.reply_kind.setItemText(0, _("substantive reply"))
        self.reply_kind.setItemText(1, _("acknowledgement of receipt only"))
        self.reply_kind.setAccessibleName(_("Kind of reply"))
        self.related.setHorizontalHeaderLabels([_("Reference"), _("Date sent"), _("Reply")])
        header_tooltips(self.related)
        self.related.setAccessibleName(_("Earlier communications"))
        self.add_related.setText(_("Add earlier communication"))
        self.remove_related.setText(_("Remove"))
        self.press.setText(_("The experts intend to issue a press release"))
        self._name_in_interface_language()
        self.source.setPlaceholderText(_("Who gave the information: never printed"))

    def fields_by_key(self, key: str) -> QWidget:
        return self.labels[key].buddy()

    def set_frozen(self, frozen: bool) -> None:
        """A sent letter's kind, recipient, mandates and earlier communications are fixed;
        the reply and the confidential source stay editable."""
        super().set_frozen(frozen)
        self.instrument_title.setReadOnly(frozen)
        for dated in (self.instrument_stage, self.instrument_date):
            dated.setEnabled(not frozen)
        for widget in (self.kind, self.recipient_type, self.state, self.press,
                       self.mandate_search, self.available, self.add_related,
                       self.remove_related):
            widget.setEnabled(not frozen)
        self.state.setEnabled(not frozen and self.recipient_type.currentData() == "state")
        self.other_name.setReadOnly(frozen)
        for key in ("add", "remove", "up", "down", "cite"):
            self.mandate_buttons[key].setEnabled(not frozen)
        self.related.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if frozen
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)

    # -- behaviour
    def _state_typed(self) -> None:
        """"Kazakh" then Enter or Tab: the one State whose name holds what was typed is
        chosen; otherwise the field shows the chosen State again (nothing silently changes)."""
        typed = self.state.currentText().strip().casefold()
        if not typed or typed == self.state.itemText(self.state.currentIndex()).casefold():
            return
        found = [i for i in range(1, self.state.count())
                 if typed in self.state.itemText(i).casefold()]
        exact = [i for i in found if self.state.itemText(i).casefold().startswith(typed)]
        choice = found if len(found) == 1 else exact if len(exact) == 1 else []
        if choice:
            self.state.setCurrentIndex(choice[0])
            completer = self.state.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None:
                popup.hide()
        else:
            self.state.setEditText(self.state.itemText(self.state.currentIndex()))

    def _kind_changed(self) -> None:
        self._show_instrument()
        self.notify()

    def _show_instrument(self) -> None:
        shown = self.kind.currentData() == "OL"
        for key in ("instrument_title", "instrument_stage", "instrument_date"):
            self.labels[key].setVisible(shown)
            self.fields_by_key(key).setVisible(shown)

    def _type_changed(self) -> None:
        is_state = self.recipient_type.currentData() == "state"
        self.state.setEnabled(is_state and not self.frozen)
        # Only one of the two is asked for: Tab skips the other.
        self.other_name.setEnabled(not is_state)
        self.notify()

    def _reply_toggled(self, on: bool) -> None:
        self.reply.setEnabled(on)
        self.reply_kind.setEnabled(on)
        self.notify()

    def _name_in_interface_language(self) -> None:
        """Mandates and States in the interface language, as the reference data names them."""
        lang = current_language()
        model = self.state.model()
        self.state.blockSignals(True)
        for index, code in enumerate(self.state_codes, start=1):
            model.setData(model.index(index, 0),
                          f"{self.reference.states[code].form(lang, 'short')} — {code}")
        self.state.blockSignals(False)
        for widget in (self.available, self.chosen):
            for row in range(widget.count()):
                item = widget.item(row)
                mandate = self.reference.mandates.get(item.data(Qt.ItemDataRole.UserRole))
                if mandate is not None:
                    title = mandate.title_in(lang)
                    set_item_text(item, f"{title} (–\u2068{mandate.ended.isoformat()}\u2069)"
                                  if mandate.ended else title)
        western_digits(self.reply)

    # -- load / store
    def load_case(self, case: Case) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(case.kind), 0))
        instrument = case.instrument or Instrument()
        self.instrument_title.setText(instrument.title)
        self.instrument_stage.setCurrentIndex(
            max(self.instrument_stage.findData(instrument.stage), 0))
        self.instrument_date.setDate(_qdate(instrument.date or date.today()))
        self._show_instrument()
        self.recipient_type.setCurrentIndex(0 if case.recipient.type == "state" else 1)
        self.state.setEnabled(case.recipient.type == "state")
        self.other_name.setEnabled(case.recipient.type != "state")
        self.state.setCurrentIndex(max(self.state.findData(case.recipient.state), 0))
        self.other_name.setText(case.recipient.name or "")
        self.resolutions = dict(case.resolutions)
        self.chosen.clear()
        for mid in case.mandates:
            mandate = self.reference.mandates.get(mid)
            item = QListWidgetItem()
            set_item_text(item, mandate.title_in(current_language()) if mandate else mid)
            item.setData(Qt.ItemDataRole.UserRole, mid)
            self.chosen.addItem(item)
        if case.dates.sent:
            self.sent.setText(_("{date}, reference {reference}").format(
                date=f"\u2068{case.dates.sent.isoformat()}\u2069",
                reference=f"\u2068{case.reference or '—'}\u2069"))
        else:
            self.sent.setText(_("not sent yet: the reference is allocated when it is"))
        has_reply = case.dates.reply is not None
        self.replied.setChecked(has_reply)
        self.reply.setEnabled(has_reply)
        self.reply_kind.setEnabled(has_reply)
        self.reply.setDate(_qdate(case.dates.reply or date.today()))
        self.reply_kind.setCurrentIndex(max(self.reply_kind.findData(case.dates.reply_kind), 0))
        self.related.setRowCount(0)
        for rel in case.related:
            row = self.related.rowCount()
            self.related.insertRow(row)
            for col, value in enumerate((rel.reference, rel.date, rel.reply)):
                text = value.isoformat() if isinstance(value, date) else (value or "")
                self.related.setItem(row, col, QTableWidgetItem(text))
        self.press.setChecked(case.press_release)
        self.source.setText(case.source)

    def store(self, case: Case) -> None:
        case.kind = self.kind.currentData()
        title = self.instrument_title.text().strip()
        if case.kind == "OL" or title:
            day = _pydate(self.instrument_date.date())
            was = case.instrument
            if was is None and not title:
                case.instrument = None  # nothing entered yet: no date invented either
            else:
                case.instrument = Instrument(title, self.instrument_stage.currentData(), day,
                                             dict(was.extra) if was else {})
        else:
            case.instrument = None
        if self.recipient_type.currentData() == "state":
            case.recipient = Recipient("state", self.state.currentData(), None)
        else:
            case.recipient = Recipient("other", None, self.other_name.text().strip() or None)
        case.mandates = self.chosen_ids()
        case.resolutions = {m: n for m, n in self.resolutions.items() if m in case.mandates}
        if self.replied.isChecked():
            case.dates.reply = _pydate(self.reply.date())
            case.dates.reply_kind = self.reply_kind.currentData()
        else:
            case.dates.reply, case.dates.reply_kind = None, None
        related = []
        for row in range(self.related.rowCount()):
            cells = [(item.text().strip() if (item := self.related.item(row, c)) is not None
                      else "") for c in range(3)]
            try:
                parse_citation(cells[0])
            except ReferenceFormatError:
                continue  # an unfinished row: kept on screen, saved once it reads as a reference
            related.append(Related(cells[0], _parse_day(cells[1]), _parse_day(cells[2])))
        case.related = related
        case.press_release = self.press.isChecked()
        case.source = self.source.text()

