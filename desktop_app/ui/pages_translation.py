"""The translation step: source and translation side by side, text by text, with what is stale.

Every text of the case (topic, summary line, each paragraph, each question, each person's role)
is a row of the list on the left, with its state in words: missing, stale (the source changed
since it was translated), not checked, source removed, up to date. Selecting a row shows the
source text and its translation next to each other; writing the translation records it as made
from the source as it is now (``domain.translation``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from desktop_app.domain import translation
from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.domain.sending import LETTER_UNITS, frozen_languages, is_frozen
from desktop_app.domain.translation import NEEDS_WORK, Unit, UnitState
from desktop_app.ui.preview import LANGUAGE_NAMES
from desktop_app.ui.step_base import StepPage, redline_html
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.tr import N_, _, ngettext
from desktop_app.ui.unit_words import SECTION_WORDS, STATE_COLOURS, STATE_WORDS

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData


class TranslationPage(StepPage):
    KEY = "translation"
    TITLE = N_("Translation")
    GUIDANCE = N_(
        "Choose the language to translate into. Each text of the case is listed with its state: "
        "to translate, stale (the source was changed after it was translated), or up to date. "
        "Select one to see the source and the translation side by side; what you write is "
        "recorded as translated from the source as it is now.\n\n"
        "If the translation of a stale text still says what the source says, mark it as checked. "
        "After paragraphs were added to or removed from the source, \"Realign\" puts every "
        "translated paragraph back beside the paragraph it was made from.")

    export_xliff_requested = Signal(str)  # the target language
    import_xliff_requested = Signal()

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(reference, parent)
        self.case: Case | None = None
        #: Edits not yet written into the case: (language, unit key) -> text.
        self.pending: dict[tuple[str, str], str] = {}
        self.units: list[Unit] = []
        self.current_key: str | None = None

        top = QHBoxLayout()
        self.lang_label = QLabel(self)
        self.lang = QComboBox(self)
        self.lang_label.setBuddy(self.lang)
        self.lang.currentIndexChanged.connect(self._language_changed)
        self.only_work = QCheckBox(self)
        self.only_work.setChecked(True)  # what a translator comes to the page for
        self.only_work.toggled.connect(self._fill)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        top.addWidget(self.lang_label)
        top.addWidget(self.lang)
        top.addWidget(self.only_work)
        top.addStretch(1)
        self.export_xliff = QPushButton(self)
        self.import_xliff = QPushButton(self)
        self.export_xliff.clicked.connect(
            lambda: self.export_xliff_requested.emit(self.target_lang() or ""))
        self.import_xliff.clicked.connect(self.import_xliff_requested)
        # Two short rows rather than one long one: the page fits the editor's column at the
        # default window size in every language (Arabic and Russian labels run long).
        second = QHBoxLayout()
        second.addWidget(self.counts, 1)
        second.addWidget(self.export_xliff)
        second.addWidget(self.import_xliff)
        self.layout_.addLayout(top)
        self.layout_.addLayout(second)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(split)
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(150)
        self.list.currentItemChanged.connect(self._select)
        panes = QWidget(split)
        grid = QGridLayout(panes)
        grid.setContentsMargins(0, 0, 0, 0)
        self.source_label = QLabel(panes)
        self.target_label = QLabel(panes)
        self.source = QPlainTextEdit(panes)
        self.source.setReadOnly(True)
        self.source.setTabChangesFocus(True)
        self.target = QPlainTextEdit(panes)
        self.target.setTabChangesFocus(True)
        for edit in (self.source, self.target):  # the page fits its column, however narrow
            edit.setMinimumWidth(80)
        self.target.textChanged.connect(self._edited)
        self.target_label.setBuddy(self.target)
        self.state = QLabel(panes)
        self.state.setWordWrap(True)
        # For a stale text: what changed in the source since it was translated, word by word.
        self.changes = QTextBrowser(panes)
        self.changes.setMaximumHeight(110)
        self.changes.hide()
        #: Set by the window: (case, lang, key) -> the source text the translation was made
        #: from, looked up in the case's history (None: not found).
        self.previous_source: Callable[[Case, str, str], str | None] | None = None
        for label in (self.source_label, self.target_label):
            label.setWordWrap(True)
        grid.addWidget(self.source_label, 0, 0)
        grid.addWidget(self.target_label, 0, 1)
        grid.addWidget(self.source, 1, 0)
        grid.addWidget(self.target, 1, 1)
        grid.addWidget(self.state, 2, 0, 1, 2)
        grid.addWidget(self.changes, 3, 0, 1, 2)
        buttons = QGridLayout()
        self.previous = QPushButton(panes)
        self.next = QPushButton(panes)
        self.checked = QPushButton(panes)
        self.realign = QPushButton(panes)
        self.previous.clicked.connect(lambda: self._move(-1))
        self.next.clicked.connect(lambda: self._move(+1))
        self.checked.clicked.connect(self._mark_checked)
        self.realign.clicked.connect(self._realign)
        for i, button in enumerate((self.previous, self.next, self.checked, self.realign)):
            buttons.addWidget(button, i // 2, i % 2)
        grid.addLayout(buttons, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        split.addWidget(self.list)
        split.addWidget(panes)
        split.setStretchFactor(1, 2)
        split.setSizes([170, 560])
        self.layout_.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+Shift+Down"), self, lambda: self._move(+1))
        QShortcut(QKeySequence("Ctrl+Shift+Up"), self, lambda: self._move(-1))
        QShortcut(QKeySequence("Ctrl+Shift+K"), self, self._mark_checked)
        self.fields["text"] = self.target
        self.retranslate()

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.lang_label.setText(_("Translate into"))
        self.lang.setAccessibleName(_("Language of the translation"))
        self.only_work.setText(_("Only what needs work"))
        self.list.setAccessibleName(_("Texts to translate"))
        self.source.setAccessibleName(_("Source text"))
        self.target.setAccessibleName(_("Translation"))
        self.previous.setText(_("Previous to do"))
        self.next.setText(_("Next to do"))
        self.previous.setToolTip("Ctrl+Shift+Up")
        self.next.setToolTip("Ctrl+Shift+Down")
        self.checked.setText(_("Mark as checked"))
        self.checked.setToolTip(_("The translation still says what the source says") +
                                " (Ctrl+Shift+K)")
        self.realign.setText(_("Realign paragraphs"))
        self.export_xliff.setText(_("XLIFF out…"))
        self.export_xliff.setToolTip(_("Write this translation as an XLIFF file for a "
                                       "translation tool"))
        self.import_xliff.setText(_("XLIFF in…"))
        self.import_xliff.setToolTip(_("Read a translated XLIFF file back into the case"))
        self._fill_languages()
        self._fill()

    def _fill_languages(self) -> None:
        current = self.target_lang()
        source = self.case.source_language if self.case else "en"
        self.lang.blockSignals(True)
        self.lang.clear()
        for lang in LANGUAGES:
            if lang != source:
                self.lang.addItem(LANGUAGE_NAMES[lang], lang)
        index = self.lang.findData(current)
        if index < 0 and self.case is not None:
            existing = [lang for lang in self.case.text if lang != source]
            index = self.lang.findData(existing[0]) if existing else 0
        self.lang.setCurrentIndex(max(index, 0))
        self.lang.blockSignals(False)

    def target_lang(self) -> str | None:
        return self.lang.currentData() if self.lang.count() else None

    # ------------------------------------------------------------------ the page protocol
    def load_case(self, case: Case) -> None:
        self.case = case
        self.pending.clear()
        self._fill_languages()
        self._fill()

    def store(self, case: Case) -> None:
        if not self.pending:
            return
        for (lang, key), text in self.pending.items():
            translation.set_translation(case, lang, key, text)
        self.pending.clear()
        self._refresh_states()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        # The source may have changed on another step: states are recomputed when shown.
        super().showEvent(event)
        self._fill()

    # ------------------------------------------------------------------ the list
    def _label(self, unit: Unit) -> str:
        template = _(SECTION_WORDS.get(unit.section, unit.section))
        if unit.section in ("persons", "person names") and self.case is not None:
            person_id = unit.key.split(".")[1]
            name = next((p.name for p in self.case.persons if p.id == person_id), person_id)
            return template.format(name=name)
        return template.format(n=(unit.index or 0) + 1)

    def _fill(self, *_args: object) -> None:
        if self.case is None or (lang := self.target_lang()) is None:
            return
        self.units = translation.units(self.case, lang)
        keep = self.current_key
        self.list.blockSignals(True)
        self.list.clear()
        for unit in self.units:
            if self.only_work.isChecked() and unit.state not in NEEDS_WORK and \
                    unit.key != keep:
                continue
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, unit.key)
            self._paint(item, unit)
        self.list.blockSignals(False)
        self._show_counts()
        row = next((i for i in range(self.list.count())
                    if self.list.item(i).data(Qt.ItemDataRole.UserRole) == keep), 0)
        if self.list.count():
            self.list.setCurrentRow(row)
            self._select(self.list.currentItem(), None)
        else:
            self._show(None)

    def _paint(self, item: QListWidgetItem, unit: Unit) -> None:
        excerpt = " ".join((unit.source or unit.target).split())
        if len(excerpt) > 32:
            excerpt = excerpt[:31] + "…"
        mark = "✓" if unit.state is UnitState.CURRENT else "•"
        item.setText(f"{mark} {self._label(unit)} — {_(STATE_WORDS[unit.state])}\n{excerpt}")
        item.setForeground(QColor(STATE_COLOURS[unit.state]))
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{self._label(unit)}: {_(STATE_WORDS[unit.state])}")

    def _show_counts(self) -> None:
        counts = {state: sum(u.state is state for u in self.units) for state in UnitState}
        total = len(self.units)
        done = counts[UnitState.CURRENT]
        parts = [ngettext("{done} of {total} text up to date", "{done} of {total} texts up to date",
                          total).format(done=done, total=total)]
        for state in (UnitState.STALE, UnitState.MISSING, UnitState.UNCHECKED, UnitState.ORPHAN):
            if counts[state]:
                parts.append(f"{counts[state]} {_(STATE_WORDS[state])}")
        self.counts.setText(" · ".join(parts))

    def _unit(self, key: str | None) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)

    def _select(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.current_key = key
        self._show(self._unit(key))

    def _show(self, unit: Unit | None) -> None:
        lang = self.target_lang()
        source_lang = self.case.source_language if self.case else "en"
        self.source_label.setText(_("Source ({language})").format(
            language=LANGUAGE_NAMES[source_lang]))
        self.target_label.setText(_("Translation ({language})").format(
            language=LANGUAGE_NAMES[lang]) if lang else "")
        right_to_left = lang == "ar"
        self.target.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left
                                       else Qt.LayoutDirection.LeftToRight)
        self.source.setLayoutDirection(Qt.LayoutDirection.RightToLeft if source_lang == "ar"
                                       else Qt.LayoutDirection.LeftToRight)
        self.target.blockSignals(True)
        self.source.setPlainText(unit.source if unit else "")
        self.target.setPlainText(self.pending.get((lang, unit.key), unit.target)
                                 if unit and lang else "")
        self.target.blockSignals(False)
        self.target.setEnabled(unit is not None)
        frozen = unit is not None and self._frozen_unit(unit)
        self.target.setReadOnly(frozen)
        self.checked.setEnabled(unit is not None and not frozen and unit.state in (
            UnitState.STALE, UnitState.UNCHECKED))
        state = _(STATE_WORDS[unit.state]) if unit else _("Nothing to translate yet.")
        if frozen:
            state += " — " + _("part of the letter as sent: frozen")
        self.state.setText(state)
        case = self.case
        self.realign.setEnabled(not (case is not None and is_frozen(case)
                                     and lang in frozen_languages(case)))
        self._show_changes(unit)

    def _frozen_unit(self, unit: Unit) -> bool:
        """A unit of the full letter in a language the letter was sent in."""
        case = self.case
        return (case is not None and is_frozen(case) and unit.section in LETTER_UNITS
                and self.target_lang() in frozen_languages(case))

    def _show_changes(self, unit: Unit | None) -> None:
        """A stale text: the source as it was translated against the source now, word by word
        (looked up off the interface thread: the history may hold thousands of revisions)."""
        self.changes.hide()
        self.changes.clear()
        lang, case = self.target_lang(), self.case
        if unit is None or unit.state is not UnitState.STALE or lang is None or case is None \
                or self.previous_source is None:
            return
        lookup, key, source = self.previous_source, unit.key, unit.source
        snapshot = Case.from_dict(case.to_dict())

        def found(old: str | None) -> None:
            if self.current_key != key or self.target_lang() != lang:
                return  # the translator moved on meanwhile
            if old is None:
                self.changes.setPlainText(_("The source text this translation was made from is "
                                            "not in the case's history (imported with it)."))
            else:
                self.changes.setHtml("<p><b>" + html.escape(_("What changed in the source:"))
                                     + "</b></p><p>" + redline_html(old, source) + "</p>")
            self.changes.show()

        run_in_background(lambda: lookup(snapshot, lang, key), found, lambda _exc: None,
                          owner=self.changes)

    # ------------------------------------------------------------------ actions
    def _edited(self) -> None:
        lang = self.target_lang()
        if self.current_key is None or lang is None or self.target.isReadOnly():
            return
        self.pending[(lang, self.current_key)] = self.target.toPlainText()
        self.notify()

    def _refresh_states(self) -> None:
        if self.case is None or (lang := self.target_lang()) is None:
            return
        self.units = translation.units(self.case, lang)
        for i in range(self.list.count()):
            item = self.list.item(i)
            unit = self._unit(item.data(Qt.ItemDataRole.UserRole))
            if unit is not None:
                self._paint(item, unit)
        self._show_counts()
        unit = self._unit(self.current_key)
        if unit is not None:
            self.state.setText(_(STATE_WORDS[unit.state]))
            self.checked.setEnabled(unit.state in (UnitState.STALE, UnitState.UNCHECKED))

    def _language_changed(self, *_args: object) -> None:
        if self.pending and self.case is not None:
            self.changed.emit()  # the editor stores (into the previous language) and saves
        self.current_key = None
        self._fill()

    def _move(self, step: int) -> None:
        """Go to the previous or next text that needs work."""
        rows = range(self.list.currentRow() + step, self.list.count() if step > 0 else -1, step)
        for row in rows:
            unit = self._unit(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            if unit is not None and unit.state in NEEDS_WORK:
                self.list.setCurrentRow(row)
                self.target.setFocus()
                return

    def _mark_checked(self) -> None:
        if self.case is None or self.current_key is None or self.target_lang() is None \
                or not self.checked.isEnabled():
            return
        lang, key = self.target_lang(), self.current_key
        self.perform(lambda case: self.operations.mark_checked(case, lang, [key]))

    def _realign(self) -> None:
        if self.case is None or self.target_lang() is None:
            return
        lang = self.target_lang()
        self.perform(lambda case: self.operations.realign(case, lang))
