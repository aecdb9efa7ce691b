"""Steps 7 and 8: the questions to the Government (standard and the case's own) and the
public summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.domain.case import Case
from desktop_app.ui.step_base import (
    LABEL_ROLE,
    ParagraphEdit,
    StepPage,
    number_ticks,
    record_tick,
)
from desktop_app.ui.tr import N_, _, current_language

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData


class QuestionsPage(StepPage):
    KEY = "questions"
    TITLE = N_("Questions")
    GUIDANCE = N_(
        "Tick the standard questions, then write the ones this case needs, one per paragraph "
        "(a blank line between two questions). The letter numbers them: standard questions "
        "first, in the order ticked (the number before a ticked question), then yours. Ask for "
        "what the Government can answer: facts, legal basis, measures taken.")

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
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

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
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
