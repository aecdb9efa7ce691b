"""Errors of the case store; each says what is wrong and where (a file, a case id, a lock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CommdraftError, DuplicateReferenceError

__all__ = [
    "CaseExistsError",
    "CaseNotFoundError",
    "ConflictError",
    "DuplicateReferenceError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
]


class StoreError(CommdraftError):
    """Base of every error the case store raises."""


class StoreCorruptError(StoreError):
    """A store file that cannot be read; it is left as it is, for a person to look at."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class StoreVersionError(StoreError):
    """The workspace was written by a newer commdraft; it is refused and left untouched."""


class StoreLockedError(StoreError):
    """The store's write lock could not be taken in time."""

    def __init__(self, lock_path: Path, timeout: float) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        super().__init__(
            f"could not lock {lock_path} within {timeout:g} s: another commdraft (another "
            "window, process or colleague on a shared drive) may be writing to this workspace; "
            "try again in a moment"
        )


class CaseNotFoundError(StoreError):
    """No case (or no such revision of a case) in the store."""

    def __init__(self, case_id: str, message: str) -> None:
        self.case_id = case_id
        super().__init__(message)


class ConflictError(StoreError):
    """A save (or delete) based on a revision that is no longer the stored one.

    Nothing stored is changed. ``mine`` is what the caller tried to save and ``kept_at`` the
    file it was kept in, so no edit is lost; ``current`` is the stored record (None when the
    case was deleted meanwhile).
    """

    def __init__(
        self,
        message: str,
        *,
        case_id: str,
        base_revision: int | None,
        current: dict[str, Any] | None,
        mine: dict[str, Any] | None,
        kept_at: Path | None,
    ) -> None:
        self.case_id = case_id
        self.base_revision = base_revision
        self.current = current
        self.mine = mine
        self.kept_at = kept_at
        super().__init__(message)


class CaseExistsError(ConflictError):
    """A create (``base_revision=None``) for an id the store already holds."""
