"""Settings: workspace folder, interface language, default document languages, the user's
name and initials (used for comments and revisions in the review round trip)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.domain.languages import LANGUAGES
from desktop_app.i18n import available_languages
from desktop_app.ui.preview import LANGUAGE_NAMES
from desktop_app.ui.settings import Settings
from desktop_app.ui.tr import _


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, current_workspace: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        self.workspace = QLineEdit(settings.workspace or str(current_workspace or ""), self)
        self.workspace.setAccessibleName(_("Workspace folder"))
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        folder = QWidget(self)
        row = QHBoxLayout(folder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.workspace, 1)
        row.addWidget(browse)
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Interface language"))
        translated = set(available_languages("ui"))
        for code in LANGUAGES:
            label = LANGUAGE_NAMES[code]
            if code not in translated:
                label += " " + _("(not translated yet: English)")
            self.language.addItem(label, code)
        self.language.setCurrentIndex(self.language.findData(settings.interface_language))
        self.documents: dict[str, QCheckBox] = {}
        docs = QWidget(self)
        docs_row = QHBoxLayout(docs)
        docs_row.setContentsMargins(0, 0, 0, 0)
        for code in LANGUAGES:
            box = QCheckBox(LANGUAGE_NAMES[code], self)
            box.setChecked(code in settings.document_languages)
            self.documents[code] = box
            docs_row.addWidget(box)
        self.store = QLineEdit(settings.store or "", self)
        self.store.setAccessibleName(_("Team store (server)"))
        self.store.setPlaceholderText(_("empty: the workspace folder's own store"))
        self.store.setToolTip(_("A branch's PostgreSQL server, e.g. "
                                "postgresql://name@server/commdraft; your password comes from "
                                "your .pgpass file or your certificate, never from here."))
        self.name = QLineEdit(settings.user_name, self)
        self.name.setAccessibleName(_("Your name"))
        self.initials = QLineEdit(settings.user_initials, self)
        self.initials.setAccessibleName(_("Your initials"))
        self.initials.setMaxLength(6)
        note = QLabel(_("A new workspace folder or team store is opened the next time commdraft starts."), self)
        note.setWordWrap(True)
        form = QFormLayout(self)
        for label, widget in ((_("Workspace folder"), folder),
                              (_("Team store (server)"), self.store),
                              (_("Interface language"), self.language),
                              (_("Document languages"), docs), (_("Your name"), self.name),
                              (_("Your initials"), self.initials)):
            title = QLabel(label, self)
            title.setBuddy(widget)
            form.addRow(title, widget)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Workspace folder"),
                                                  self.workspace.text())
        if chosen:
            self.workspace.setText(chosen)

    def apply(self) -> bool:
        """Copy the dialog into the settings; True when the interface language changed."""
        old_language = self.settings.interface_language
        self.settings.workspace = self.workspace.text().strip() or None
        self.settings.store = self.store.text().strip() or None
        self.settings.interface_language = self.language.currentData()
        self.settings.document_languages = [c for c, b in self.documents.items()
                                            if b.isChecked()] or ["en"]
        self.settings.user_name = self.name.text().strip()
        self.settings.user_initials = self.initials.text().strip()
        return old_language != self.settings.interface_language
