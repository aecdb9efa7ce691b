"""Errors the core raises; each says what is wrong and where.

An error may be *coded*: ``code`` and ``params`` say what is wrong without words, and the
window and the command line choose the words in the user's language
(``desktop_app.workspace.messages.describe``). ``str(exc)`` stays an English sentence, for
logs and for the errors that are not coded yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.domain.notices import Notice


class CommdraftError(Exception):
    """Base of every error the program reports to a user (exit code 1 on the CLI).

    ``code`` (None: not coded yet) and ``params`` (plain values: text, numbers, ISO dates,
    lists of ids) say what is wrong; ``details`` are further coded sentences that follow the
    message (what to do next, e.g. which backup to restore)."""

    code: str | None = None
    params: Mapping[str, Any] = {}
    details: Sequence[Notice] = ()

    def __init__(self, *args: object, code: str | None = None,
                 params: Mapping[str, Any] | None = None,
                 details: Sequence[Notice] | None = None) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code
        if params is not None:
            self.params = dict(params)
        if details is not None:
            self.details = tuple(details)

    @property
    def notice(self) -> Notice | None:
        """The error as a coded message; None when it is not coded."""
        if self.code is None:
            return None
        return Notice(self.code, dict(self.params), str(self))


class CaseFormatError(CommdraftError):
    """A case record or case file has a wrong field. ``path`` names it (``persons[1].gender``)."""

    def __init__(self, path: str, reason: str, *, source: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{path}: {reason}")


class ReferenceFormatError(CommdraftError):
    """A communication reference that cannot be read."""


class TransitionError(CommdraftError):
    """A status change the lifecycle rules refuse; ``reasons`` lists why, each a coded
    :class:`Notice` (code ``status.refused``, params ``status``: the status refused)."""

    def __init__(self, message: str, reasons: Sequence[Notice | str] | None = None, *,
                 target: str | None = None) -> None:
        self.reasons = [r if isinstance(r, Notice) else Notice("text", {}, r)
                        for r in reasons or []]
        self.target = target
        text = message if not self.reasons else (
            message + ": " + "; ".join(str(r) for r in self.reasons))
        super().__init__(text, code="status.refused", params={"status": target or ""})


class DuplicateReferenceError(CommdraftError):
    """A reference that another case already carries."""
