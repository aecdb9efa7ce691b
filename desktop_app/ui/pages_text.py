"""Steps 3 to 8: the letter's sections, the legal framework, the questions, the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.ui.step_base import (
    LABEL_ROLE,
    ParagraphEdit,
    StepPage,
    filter_items,
    number_ticks,
    record_tick,
)
from desktop_app.ui.tr import N_, _, current_language

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData

EXAMPLE_NOTE = N_("Separate paragraphs with a blank line.")


class SectionPage(StepPage):
    """One section of the letter, in the case's source language."""

    SECTION = ""
    LABEL = ""

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.lang = "en"
        self.extra_line: QLineEdit | None = None
        if self.SECTION == "background":
            self.extra_line = QLineEdit(self)
            self.extra_line.textEdited.connect(self.notify)
            self.add_row("summary", self.extra_line, "text.en.summary")
        self.editor = ParagraphEdit(self)
        self.editor.textChanged.connect(self.notify)
        self.add_row("section", self.editor, f"text.en.{self.SECTION}")
        self.retranslate()

    def retranslate(self) -> None:
        label = _(self.LABEL)
        self.labels["section"].setText(label)
        self.editor.setAccessibleName(label)
        self.editor.setPlaceholderText(_(EXAMPLE_NOTE))
        if self.extra_line is not None:
            self.labels["summary"].setText(_("The information concerns…"))
            self.extra_line.setAccessibleName(_("What the information concerns"))
            self.extra_line.setPlaceholderText(
                _("the reported surveillance of … and the risk that …"))

    def _rekey(self, lang: str) -> None:
        for key in list(self.fields):
            if key.startswith("text."):
                widget = self.fields.pop(key)
                parts = key.split(".")
                parts[1] = lang
                self.fields[".".join(parts)] = widget

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        self.editor.setReadOnly(frozen)
        if self.extra_line is not None:
            self.extra_line.setReadOnly(frozen)

    def load_case(self, case: Case) -> None:
        if case.source_language != self.lang:
            self._rekey(case.source_language)
            self.lang = case.source_language
        texts = case.texts(self.lang)
        self.editor.set_paragraphs(getattr(texts, self.SECTION))
        if self.extra_line is not None:
            self.extra_line.setText(texts.summary)

    def store(self, case: Case) -> None:
        texts = case.text.setdefault(self.lang, case.texts(self.lang))
        setattr(texts, self.SECTION, self.editor.paragraphs())
        if self.extra_line is not None:
            texts.summary = self.extra_line.text().strip()


class BackgroundPage(SectionPage):
    KEY = SECTION = "background"
    TITLE = N_("Background")
    LABEL = N_("Background")
    GUIDANCE = N_(
        "First say in one line what the information concerns: it completes the sentence "
        "\"... information we have received concerning ...\".\n\n"
        "Then who the persons are and what they do, their organisation, and anything earlier "
        "that explains the case. Earlier communications you listed in the first step are cited "
        "by reference automatically: no need to repeat them.")


class AllegationsPage(SectionPage):
    KEY = SECTION = "allegations"
    TITLE = N_("Allegations")
    LABEL = N_("Allegations")
    GUIDANCE = N_(
        "A chronology, one event per paragraph, with dates. Write in neutral, attributed "
        "language: the letter reports what was alleged, it never says that the facts are "
        "proven.\n\nExample: \"On 26 October 2023, the couple reportedly applied for "
        "international protection. According to the information received, the authorities "
        "extended the time limit for a decision on 24 April 2024.\"")


class ConcernsPage(SectionPage):
    """The concerns, and for an urgent appeal the urgent request: what the experts ask the
    Government to do at once (see a doctor, reach a lawyer, stop a transfer)."""

    KEY = SECTION = "concerns"
    TITLE = N_("Concerns")
    LABEL = N_("Concerns")

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.urgent = ParagraphEdit(self)
        self.urgent.textChanged.connect(self.notify)
        self.add_row("urgent", self.urgent, "text.en.urgent_request")
        self.kind = "AL"
        self.retranslate()
        self._show_urgent()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "urgent"):
            self.labels["urgent"].setText(_("Urgent request (UA)"))
            self.urgent.setAccessibleName(_("Urgent request"))
            self.urgent.setPlaceholderText(_(
                "What must be done at once, e.g. that she be given access to the medical care "
                "she needs, in a separate paragraph for each step."))

    def _show_urgent(self) -> None:
        shown = self.kind == "UA" or bool(self.urgent.paragraphs())
        self.urgent.setVisible(shown)
        self.labels["urgent"].setVisible(shown)

    def kind_changed(self, case: Case) -> None:
        self.kind = case.kind
        self._show_urgent()

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        self.urgent.setReadOnly(frozen)

    def load_case(self, case: Case) -> None:
        super().load_case(case)
        self.kind = case.kind
        self.urgent.set_paragraphs(case.texts(self.lang).urgent_request)
        self._show_urgent()

    def store(self, case: Case) -> None:
        super().store(case)
        texts = case.text.setdefault(self.lang, case.texts(self.lang))
        texts.urgent_request = self.urgent.paragraphs()

    GUIDANCE = N_(
        "What worries the experts, and why. The letter already opens this part by saying that "
        "the accuracy of the information is not prejudged: start with the concern itself.\n\n"
        "Example: \"We are seriously concerned at the reported risk that ... may be returned to "
        "a country where ...\"\n\n"
        "An urgent appeal also says what must be done at once: write it under \"Urgent "
        "request\", one step per paragraph; the letter asks for it where it calls for immediate "
        "steps. For an other letter (a law or a policy), write here the comments on the text's "
        "compatibility with international standards.")


class LegalPage(StepPage):
    KEY = "legal_framework"
    TITLE = N_("Legal framework")
    GUIDANCE = N_(
        "Tick the provisions the annex should cite. Each clause is written once, in every "
        "language, and the annex lists them in the order you tick them (the number before a "
        "ticked clause). Select a clause to read its text.")

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.search = QLineEdit(self)
        self.search.textChanged.connect(self._filter)
        self.layout_.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.list = QListWidget(split)
        self.text = QTextBrowser(split)
        self.layout_.addWidget(split, 1)
        self.order: list[str] = []
        for clause in reference.clauses.values():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, clause.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._ticked)
        self.list.currentItemChanged.connect(self._show)
        self.fields["legal_framework"] = self.list
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search clauses: instrument, article, subject…"))
        self.search.setAccessibleName(_("Search clauses"))
        self.list.setAccessibleName(_("Legal-framework clauses"))
        self.text.setAccessibleName(_("Text of the selected clause"))
        lang = current_language()
        for i in range(self.list.count()):
            item = self.list.item(i)
            clause = self.reference.clause(item.data(Qt.ItemDataRole.UserRole))
            item.setData(LABEL_ROLE,
                         f"{clause.instrument} {clause.article} — {clause.title_in(lang)}")
        number_ticks(self.list, self.order)
        self._show(self.list.currentItem())

    def _filter(self, text: str) -> None:
        filter_items(self.list, text)

    def _ticked(self, item: QListWidgetItem) -> None:
        if self.frozen:
            return
        record_tick(self.order, item)
        number_ticks(self.list, self.order)
        self.notify()

    def _show(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            self.text.clear()
            return
        clause = self.reference.clause(item.data(Qt.ItemDataRole.UserRole))
        self.text.setPlainText(clause.text_in(current_language()))

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        for i in range(self.list.count()):
            item = self.list.item(i)
            flags = item.flags()
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable if frozen
                          else flags | Qt.ItemFlag.ItemIsUserCheckable)

    def load_case(self, case: Case) -> None:
        self.order = [c for c in case.legal_framework]
        chosen = set(self.order)
        blocked = self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(blocked)
        number_ticks(self.list, self.order)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)  # a clause's text is on show from the start

    def store(self, case: Case) -> None:
        case.legal_framework = list(self.order)

