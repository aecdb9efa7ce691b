"""Steps 3 to 8: the letter's sections, the legal framework, the questions, the summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
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

EXAMPLE_NOTE = N_("Separate paragraphs with a blank line.")


class SectionPage(StepPage):
    """One section of the letter, in the case's source language."""

    SECTION = ""
    LABEL = ""

    def __init__(self, reference, parent: QWidget | None = None) -> None:
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

    def __init__(self, reference, parent: QWidget | None = None) -> None:
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

    def __init__(self, reference, parent: QWidget | None = None) -> None:
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


class QuestionsPage(StepPage):
    KEY = "questions"
    TITLE = N_("Questions")
    GUIDANCE = N_(
        "Tick the standard questions, then write the ones this case needs, one per paragraph "
        "(a blank line between two questions). The letter numbers them: standard questions "
        "first, in the order ticked (the number before a ticked question), then yours. Ask for "
        "what the Government can answer: facts, legal basis, measures taken.")

    def __init__(self, reference, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.standard = QListWidget(self)
        self.standard.setWordWrap(True)
        self.order: list[str] = []
        self.audience = "government"
        self.standard.itemChanged.connect(self._ticked)
        self.custom = ParagraphEdit(self)
        self.custom.textChanged.connect(self.notify)
        self.standard_label, self.custom_label = QLabel(self), QLabel(self)
        self.standard_label.setBuddy(self.standard)
        self.custom_label.setBuddy(self.custom)
        self.custom_label.setWordWrap(True)
        for widget in (self.standard_label, self.standard, self.custom_label, self.custom):
            self.layout_.addWidget(widget)
        self.fields["standard_questions"] = self.standard
        self.fields["text.en.questions"] = self.custom
        self.lang = "en"
        self.retranslate()

    def retranslate(self) -> None:
        self.standard_label.setText(_("Standard questions"))
        self.custom_label.setText(_("Questions for this case (one per paragraph, a blank line "
                                    "between two):"))
        self.standard.setAccessibleName(_("Standard questions"))
        self.custom.setAccessibleName(_("Questions for this case"))
        self.custom.setPlaceholderText(_("Please indicate …"))
        self._fill_standard(self.audience)

    def _fill_standard(self, audience: str) -> None:
        """The audience's standard questions, and any ticked one of another audience (a
        letter never asks a question that the list does not show)."""
        lang = current_language()
        self.standard.blockSignals(True)
        self.standard.clear()
        shown = list(self.reference.questions_for(audience))
        ids = {q.id for q in shown}
        shown += [self.reference.questions[qid] for qid in self.order
                  if qid not in ids and qid in self.reference.questions]
        for question in shown:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, question.id)
            item.setData(LABEL_ROLE, question.text_in(lang))
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable if self.frozen else flags)
            item.setCheckState(Qt.CheckState.Checked if question.id in self.order
                               else Qt.CheckState.Unchecked)
            self.standard.addItem(item)
        self.standard.blockSignals(False)
        number_ticks(self.standard, self.order)

    def _ticked(self, item: QListWidgetItem) -> None:
        if self.frozen:
            return
        record_tick(self.order, item)
        number_ticks(self.standard, self.order)
        self.notify()

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        self.custom.setReadOnly(frozen)
        self._fill_standard(self.audience)

    def recipient_changed(self, case: Case) -> None:
        """Governments and companies are asked different standard questions."""
        audience = "government" if case.recipient.type == "state" else "company"
        if audience != self.audience:
            self.audience = audience
            self._fill_standard(audience)

    def load_case(self, case: Case) -> None:
        self.order = list(case.standard_questions)
        self.audience = "government" if case.recipient.type == "state" else "company"
        self._fill_standard(self.audience)
        if case.source_language != self.lang:
            self.fields[f"text.{case.source_language}.questions"] = self.fields.pop(
                f"text.{self.lang}.questions")
            self.lang = case.source_language
        self.custom.set_paragraphs(case.texts(case.source_language).questions)

    def store(self, case: Case) -> None:
        case.standard_questions = list(self.order)
        texts = case.text.setdefault(case.source_language, case.texts(case.source_language))
        texts.questions = self.custom.paragraphs()


class SummaryPage(StepPage):
    KEY = "summary"
    TITLE = N_("Public summary")
    GUIDANCE = N_(
        "The shorter version published after 60 days. Give its topic, an update if things have "
        "moved since the letter was sent, then shortened background, allegations and concerns. "
        "\"Start from the full text\" copies the letter's sections here for you to cut.\n\n"
        "Persons who did not consent to be named in public are replaced by their public name "
        "or initials when the summary is produced, wherever their name appears.")

    PARTS = (("background", N_("Background (shortened)")),
             ("allegations", N_("Allegations (shortened)")),
             ("concerns", N_("Concerns (shortened)")))

    def __init__(self, reference, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.lang = "en"
        self.topic = QLineEdit(self)
        self.topic.textEdited.connect(self.notify)
        self.add_row("topic", self.topic, "text.en.topic")
        self.update_edit = ParagraphEdit(self)
        self.update_edit.textChanged.connect(self.notify)
        self.add_row("update", self.update_edit, "text.en.update")
        self.parts: dict[str, ParagraphEdit] = {}
        for key, _label in self.PARTS:
            edit = ParagraphEdit(self)
            edit.textChanged.connect(self.notify)
            self.parts[key] = edit
            self.add_row(key, edit, f"text.en.public.{key}")
        self.fields["text.en.public"] = self.parts["background"]
        self.start = QPushButton(self)
        self.start.clicked.connect(self.start_from_full_text)
        self.layout_.addWidget(self.start)
        self.full: dict[str, list[str]] = {}
        self.retranslate()

    def retranslate(self) -> None:
        for key, text in (("topic", _("Topic")), ("update", _("Update (optional)"))):
            self.labels[key].setText(text)
        self.topic.setAccessibleName(_("Topic"))
        self.update_edit.setAccessibleName(_("Update"))
        for key, label in self.PARTS:
            self.labels[key].setText(_(label))
            self.parts[key].setAccessibleName(_(label))
        self.start.setText(_("Start from the full text"))

    def start_from_full_text(self) -> None:
        if any(e.paragraphs() for e in self.parts.values()):
            answer = QMessageBox.question(
                self, _("Start from the full text"),
                _("Replace the shortened sections with the letter's full sections?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        for key, edit in self.parts.items():
            edit.set_paragraphs(self.full.get(key, []))
        self.notify()

    def load_case(self, case: Case) -> None:
        self.lang = case.source_language
        texts = case.texts(self.lang)
        self.topic.setText(texts.topic)
        self.update_edit.set_paragraphs(texts.update)
        for key, edit in self.parts.items():
            edit.set_paragraphs(getattr(texts.public, key))
        self.full = {k: list(getattr(texts, k)) for k, _label in self.PARTS}

    def store(self, case: Case) -> None:
        texts = case.text.setdefault(self.lang, case.texts(self.lang))
        texts.topic = self.topic.text().strip()
        texts.update = self.update_edit.paragraphs()
        for key, edit in self.parts.items():
            setattr(texts.public, key, edit.paragraphs())
        self.full = {k: list(getattr(texts, k)) for k, _label in self.PARTS}
