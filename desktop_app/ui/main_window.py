"""The main window: case list, guided editor, live preview; autosave that never loses work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from desktop_app.ui.case_list import CaseListPanel
from desktop_app.ui.presenter import error_text
from desktop_app.ui.settings import Settings
from desktop_app.ui.tr import _
from desktop_app.ui.window_cases import CaseActionsMixin
from desktop_app.ui.window_round_trips import RoundTripsMixin
from desktop_app.ui.window_saving import AutosaveMixin

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence

    from desktop_app.domain.case import Case
    from desktop_app.ui.editor import CaseEditor
    from desktop_app.ui.preview import PreviewPane
    from desktop_app.workspace.core import Workspace


class MainWindow(AutosaveMixin, CaseActionsMixin, RoundTripsMixin, QMainWindow):
    review_copy_written = Signal(str)  # the path of a copy for comment, once written
    AUTOSAVE_MS = 1500  # within the two seconds promised to the user
    # How often other windows' and people's saves are looked for: a team server's change
    # notices (LISTEN/NOTIFY) are read without a round trip, a folder store costs one stat.
    WATCH_MS = 500

    def __init__(self, workspace: Workspace | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__()
        self.workspace: Workspace | None = None
        self.settings = settings or Settings()
        self.case: Case | None = None
        self.dirty = False
        self.last_error: str | None = None
        self.saved_at: str | None = None
        self.editor: CaseEditor | None = None
        self.preview: PreviewPane | None = None
        self.case_list = CaseListPanel(self)
        # Until the workspace is open the window already shows its frame and the list: the
        # editor and the preview need the reference data and the store, and come with them.
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.case_list)
        self.split.addWidget(self.placeholder)
        self.setCentralWidget(self.split)
        self.indicator = QLabel(self)
        self.statusBar().addPermanentWidget(self.indicator)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(self.AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self.case_list.case_selected.connect(self.open_case)
        self.case_list.restore_requested.connect(self.restore_damaged)
        self.actions_: dict[str, QAction] = {}
        self.retranslate()
        self.resize(1440, 880)
        if workspace is not None:
            self.attach(workspace)

    def attach(self, workspace: Workspace) -> None:
        """Give the window its workspace: the editor, the preview and the case list."""
        from desktop_app.ui.editor import CaseEditor
        from desktop_app.ui.preview import PreviewPane

        self.workspace = workspace
        self.case_list.model.mandate_title = self._mandate_title
        self.reload_list()  # the list first: it needs only the store's index
        self.case_list.repaint()
        self.editor = CaseEditor(workspace.reference, workspace.check, self)
        self.preview = PreviewPane(workspace.preview, self)
        # The preview opens on the user's first document language (Settings).
        first = self.preview.lang.findData(self.settings.document_languages[0]) \
            if self.settings.document_languages else -1
        if first >= 0:
            self.preview.lang.setCurrentIndex(first)
        self.placeholder.hide()
        self.placeholder.setParent(None)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.preview)
        self.split.setSizes([280, 800, 360])
        self.split.setStretchFactor(1, 1)
        self.editor.changed.connect(self._edited)
        self.editor.reopen_requested.connect(self.reopen_sent)
        self.editor.record_requested.connect(self.record_reference)
        self.editor.translation.previous_source = workspace.previous_source
        self.editor.set_operations(workspace)
        self.editor.replacements = self._replacements
        self.editor.checklist.status_requested.connect(self.change_status)
        self.editor.checklist.export_requested.connect(self.export)
        self.editor.legal.export_requested.connect(self.export_for_review)
        self.editor.legal.import_requested.connect(self.import_reviewed)
        self.editor.translation.export_xliff_requested.connect(self.export_xliff)
        self.editor.translation.import_xliff_requested.connect(self.import_xliff)
        self.editor.legal.redline_requested.connect(
            lambda: self.export_for_review(redline=True))
        self._build_actions()
        self.retranslate()
        self._backup_when_due()
        self.watch = QTimer(self)
        self.watch.setInterval(self.WATCH_MS)
        self.watch.timeout.connect(self.catch_up)
        self.watch.start()

    def _replacements(self, case: Case) -> list[tuple[str, str, str]]:
        """The names the letter and the summary replace for want of consent, in words, with
        the step and field each comes from."""
        from desktop_app.ui.unit_words import SECTION_WORDS
        from desktop_app.workspace.documents import consent_replacements

        assert self.workspace is not None  # set by attach(), which gives the editor this
        lang, out, seen = case.source_language, [], set()
        for variant, document in (("full", _("Letter")), ("short", _("Public summary"))):
            for found in consent_replacements(self.workspace, case, lang, variant):
                head, _dot, index = found.key.rpartition(".") if found.key else ("", "", "")
                section = head if index.isdigit() else (found.key or "")
                where = _(SECTION_WORDS[section]).format(n=int(index) + 1, name="") \
                    if section in SECTION_WORDS and index.isdigit() else ""
                text = f"{document}{' — ' + where if where else ''}: “{found.original}” → " \
                       f"“{found.replacement}”"
                if text in seen:
                    continue
                seen.add(text)
                step = ("summary" if section.startswith("public.") or section in ("topic",
                        "update") else "persons" if section.startswith("persons")
                        else "background" if section == "summary" else section)
                out.append((step, f"text.{lang}.{section}", text))
        return out

    def _mandate_title(self, mandate_id: str) -> str:
        """A mandate as the interface language names it (never its internal id)."""
        from desktop_app.ui.tr import current_language

        mandate = self.workspace.reference.mandates.get(mandate_id) if self.workspace else None
        return mandate.title_in(current_language()) if mandate is not None else mandate_id

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        """Menus and shortcuts, built with the workspace (QAction/QKeySequence cost ~50 ms of
        start-up in PySide6's enum set-up, which the first paint should not wait for)."""
        from PySide6.QtGui import QAction, QKeySequence

        if self.actions_:
            return
        editor = self.editor
        assert editor is not None  # built by attach(), after the editor
        spec: list[tuple[str, QKeySequence | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("new", QKeySequence.StandardKey.New, self.new_case),
            ("save", QKeySequence.StandardKey.Save, self.save_now),
            ("find", QKeySequence.StandardKey.Find, self.focus_search),
            ("export", QKeySequence("Ctrl+E"), self.export),
            ("import", QKeySequence("Ctrl+I"), self.import_case),
            ("export_case", QKeySequence("Ctrl+Shift+E"), self.export_case),
            ("duplicate", QKeySequence("Ctrl+D"), self.duplicate_case),
            ("delete", QKeySequence.StandardKey.Delete, self.delete_case),
            ("next", QKeySequence("Ctrl+PgDown"), lambda: editor.step(1)),
            ("previous", QKeySequence("Ctrl+PgUp"), lambda: editor.step(-1)),
            ("history", QKeySequence("Ctrl+H"), self.show_history),
            ("settings", QKeySequence("Ctrl+,"), self.open_settings),
            ("quit", QKeySequence.StandardKey.Quit, self.close),
        ]
        for key, shortcut, slot in spec:
            action = QAction(self)
            action.setShortcut(shortcut)
            if key == "delete":
                action.setShortcut(QKeySequence("Ctrl+Shift+Delete"))
            if key == "quit" and action.shortcut().isEmpty():
                # Some platforms bind no key to Quit (Windows, Qt's offscreen plugin).
                action.setShortcut(QKeySequence("Ctrl+Q"))
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_[key] = action
        self.file_menu = self.menuBar().addMenu("")
        for key in ("new", "duplicate", "delete", "import", "export_case", "export", "save",
                    "history", "settings", "quit"):
            self.file_menu.addAction(self.actions_[key])
        self.go_menu = self.menuBar().addMenu("")
        for key in ("find", "next", "previous"):
            self.go_menu.addAction(self.actions_[key])

    def retranslate(self) -> None:
        where: object = "…"
        if self.workspace is not None:  # the team server, when the cases are kept on one
            where = self.workspace.server or self.workspace.root
        self.setWindowTitle(_("commdraft — {workspace}").format(workspace=where))
        self.placeholder.setText(_("Opening the workspace…"))
        self.indicator.setAccessibleName(_("Save state"))
        self._retranslate_actions()
        self.case_list.retranslate()
        if self.editor is not None:
            self.editor.retranslate()
        if self.preview is not None:
            self.preview.retranslate()
        self._show_state()

    def _retranslate_actions(self) -> None:
        if not self.actions_:
            return
        self.file_menu.setTitle(_("&File"))
        self.go_menu.setTitle(_("&Go"))
        names = {"new": _("&New case"), "save": _("&Save now"), "find": _("&Find a case"),
                 "export": _("&Export documents…"), "import": _("&Import case file…"),
                 "export_case": _("Export case &file…"), "duplicate": _("&Duplicate case"),
                 "delete": _("De&lete case…"), "next": _("Next step"),
                 "previous": _("Previous step"), "settings": _("Se&ttings…"),
                 "history": _("Case &history…"),
                 "quit": _("&Quit")}
        for key, text in names.items():
            self.actions_[key].setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_history(self) -> None:
        """Every revision of the open case: when, and (on a team server) who saved it."""
        from desktop_app.domain.errors import CommdraftError
        from desktop_app.ui.history_dialog import HistoryDialog
        from desktop_app.ui.presenter import show_error

        if self.workspace is None or self.case is None:
            return
        try:
            revisions = self.workspace.store.history(self.case.id)
        except CommdraftError as exc:
            show_error(self, _("Could not read the history"), exc, self.workspace.reference)
            return
        title = self.case.reference or self.case.id
        HistoryDialog(title, revisions, self.workspace.server is not None, self).exec()

    def open_settings(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        from desktop_app.ui.settings_dialog import SettingsDialog
        from desktop_app.ui.tr import set_language

        root = self.workspace.root if self.workspace is not None else None
        dialog = SettingsDialog(self.settings, root, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.apply():
            set_language(self.settings.interface_language, QApplication.instance())
            self.retranslate()
        try:
            self.settings.save()
        except OSError as exc:
            self.statusBar().showMessage(
                _("Settings not saved: {error}").format(error=error_text(exc)))

    def focus_search(self) -> None:
        self.case_list.search.setFocus()
        self.case_list.search.selectAll()



















