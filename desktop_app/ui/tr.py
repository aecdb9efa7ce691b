"""Interface language: the ``ui`` gettext catalog, Qt's own translations and layout direction.

Strings are marked with ``N_()`` where they are defined and translated by ``_()`` when shown,
so switching language at run time only needs widgets to re-read their texts
(``QEvent.LanguageChange`` → ``retranslate()``).
"""

from __future__ import annotations

import gettext

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop_app.i18n import N_, is_rtl, translations

__all__ = ["N_", "_", "current_language", "describe", "ngettext", "set_language"]

_catalog: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_qt_translator: QTranslator | None = None


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog.ngettext(singular, plural, n)


def qt_translator() -> QTranslator | None:
    """Qt's own catalog for the interface language, when one is installed."""
    return _qt_translator


def current_language() -> str:
    return _language


def describe(item: object, reference: object = None) -> str:
    """A message of the core — checklist item, coded error or notice, any other error — in
    the interface language (``desktop_app.workspace.messages.describe``); ``reference`` (the
    workspace's reference data) names mandates by their titles."""
    from desktop_app.workspace.messages import describe as in_words

    return in_words(item, _language, reference)


def set_language(lang: str, app: QCoreApplication | None = None) -> None:
    """Switch the interface language: catalog, Qt's translator, locale and direction."""
    global _catalog, _language, _qt_translator
    try:
        _catalog = translations("ui", lang)
    except Exception:  # noqa: BLE001 - a language without a ui catalog falls back to English
        _catalog = gettext.NullTranslations()
    _language = lang
    QLocale.setDefault(QLocale(lang))
    app = app or QApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    # Qt's own dialogs and buttons (OK, Cancel, the file dialog) in the same language. The
    # locale form finds qtbase_zh_CN for "zh", which a plain "qtbase_zh" would not.
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang != "en" and translator.load(QLocale(lang), "qtbase", "_", path):
        app.installTranslator(translator)
        _qt_translator = translator  # kept referenced: Qt does not own it
    from PySide6.QtCore import Qt

    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl(lang)
                                    else Qt.LayoutDirection.LeftToRight)
