"""Steps 3 to 8: the letter's sections, the legal framework, the questions, the summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
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
    ParagraphEdit,
    StepPage,
    filter_items,
    move_current_item,
    record_tick,
    remove_current_item,
)
from desktop_app.ui.tr import N_, _

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
    KEY = SECTION = "concerns"
    TITLE = N_("Concerns")
    LABEL = N_("Concerns")
    GUIDANCE = N_(
        "What worries the experts, and why. The letter already opens this part by saying that "
        "the accuracy of the information is not prejudged: start with the concern itself.\n\n"
        "Example: \"We are seriously concerned at the reported risk that ... may be returned to "
        "a country where ...\"")


class LegalPage(StepPage):
    KEY = "legal_framework"
    TITLE = N_("Legal framework")
    GUIDANCE = N_(
        "Tick the provisions the annex should cite. Each clause is written once, in every "
        "language, and the annex lists them in the order you tick them. Select a clause to read "
        "its text.")

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
            item = QListWidgetItem(f"{clause.instrument} {clause.article} — {clause.title_in('en')}")
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

    def _filter(self, text: str) -> None:
        filter_items(self.list, text)

    def _ticked(self, item: QListWidgetItem) -> None:
        record_tick(self.order, item)
        self.notify()

    def _show(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.text.setPlainText(self.reference.clause(item.data(Qt.ItemDataRole.UserRole))
                                   .text_in("en"))

    def load_case(self, case: Case) -> None:
        self.order = [c for c in case.legal_framework]
        chosen = set(self.order)
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)  # a clause's text is on show from the start

    def store(self, case: Case) -> None:
        case.legal_framework = list(self.order)


class QuestionsPage(StepPage):
    KEY = "questions"
    TITLE = N_("Questions")
    GUIDANCE = N_(
        "Tick the standard questions, then add the ones this case needs. The letter numbers "
        "them: standard questions first, in the order ticked, then yours in the order shown. "
        "Ask for what the Government can answer: facts, legal basis, measures taken.")

    def __init__(self, reference, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.standard = QListWidget(self)
        self.order: list[str] = []
        self.audience = "government"
        self.standard.itemChanged.connect(self._ticked)
        self.custom = QListWidget(self)
        self.custom.itemChanged.connect(self.notify)
        self.standard_label, self.custom_label = QLabel(self), QLabel(self)
        self.standard_label.setBuddy(self.standard)
        self.custom_label.setBuddy(self.custom)
        for widget in (self.standard_label, self.standard, self.custom_label, self.custom):
            self.layout_.addWidget(widget)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, slot in (("add", self._add), ("remove", self._remove),
                          ("up", lambda: self._move(-1)), ("down", lambda: self._move(1))):
            button = QPushButton(self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.layout_.addLayout(buttons)
        self.fields["standard_questions"] = self.standard
        self.fields["text.en.questions"] = self.custom
        self.retranslate()

    def retranslate(self) -> None:
        self.standard_label.setText(_("Standard questions"))
        self.custom_label.setText(_("Questions for this case (double-click to edit)"))
        self.standard.setAccessibleName(_("Standard questions"))
        self.custom.setAccessibleName(_("Questions for this case"))
        for key, text in (("add", _("Add question")), ("remove", _("Remove question")),
                          ("up", _("Move up")), ("down", _("Move down"))):
            self.buttons[key].setText(text)

    def _fill_standard(self, audience: str) -> None:
        self.standard.blockSignals(True)
        self.standard.clear()
        for question in self.reference.questions_for(audience):
            item = QListWidgetItem(question.text_in("en"))
            item.setData(Qt.ItemDataRole.UserRole, question.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if question.id in self.order
                               else Qt.CheckState.Unchecked)
            self.standard.addItem(item)
        self.standard.blockSignals(False)

    def _ticked(self, item: QListWidgetItem) -> None:
        record_tick(self.order, item)
        self.notify()

    def _editable(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _add(self) -> None:
        item = self._editable(_("Please indicate …"))
        self.custom.addItem(item)
        self.custom.setCurrentItem(item)
        self.custom.editItem(item)
        self.notify()

    def _remove(self) -> None:
        if remove_current_item(self.custom):
            self.notify()

    def _move(self, step: int) -> None:
        if move_current_item(self.custom, step):
            self.notify()

    def load_case(self, case: Case) -> None:
        self.order = list(case.standard_questions)
        self.audience = "government" if case.recipient.type == "state" else "company"
        self._fill_standard(self.audience)
        self.custom.clear()
        for question in case.texts(case.source_language).questions:
            self.custom.addItem(self._editable(question))

    def store(self, case: Case) -> None:
        case.standard_questions = list(self.order)
        texts = case.text.setdefault(case.source_language, case.texts(case.source_language))
        texts.questions = [self.custom.item(i).text().strip() for i in range(self.custom.count())
                           if self.custom.item(i).text().strip()]


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
