"""Errors in the window's words: one sentence in the interface language, never a traceback.

A coded error (``CommdraftError``) is said by ``workspace.messages``; an operating-system error
(a full disk, a read-only folder) is turned into its coded form first; anything else is named
for what it is, with the reassurance that the case itself was not touched by the failed action.
"""

from __future__ import annotations

import logging
from typing import Any

from desktop_app.domain.errors import CommdraftError
from desktop_app.ui.tr import _, describe
from desktop_app.workspace.fileerrors import os_error

log = logging.getLogger(__name__)


def error_text(exc: BaseException, reference: Any = None) -> str:
    if isinstance(exc, OSError):
        exc = os_error(exc)
    if isinstance(exc, CommdraftError):
        return describe(exc, reference)
    log.error("unexpected error", exc_info=exc)
    return _("Something unexpected went wrong ({error}). The case itself was not changed by "
             "this action.").format(error=f"{type(exc).__name__}: {exc}"[:300])


def show_error(parent: Any, title: str, exc: BaseException, reference: Any = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, error_text(exc, reference))
