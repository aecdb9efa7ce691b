"""Errors the core raises; each says what is wrong and where."""

from __future__ import annotations


class CommdraftError(Exception):
    """Base of every error the program reports to a user (exit code 1 on the CLI)."""


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
    """A status change the lifecycle rules refuse; ``reasons`` lists why."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        self.reasons = list(reasons or [])
        text = message if not self.reasons else message + ": " + "; ".join(self.reasons)
        super().__init__(text)


class DuplicateReferenceError(CommdraftError):
    """A reference that another case already carries."""
