"""Errors of the case store; each says what is wrong and where (a file, a case id, a lock)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import CommdraftError, DuplicateReferenceError

if TYPE_CHECKING:
    from desktop_app.storage.backups import BackupInfo

__all__ = [
    "CaseExistsError",
    "CaseNotFoundError",
    "ConflictError",
    "DuplicateReferenceError",
    "PassphraseRequiredError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "StoreWriteError",
]


class StoreError(CommdraftError):
    """Base of every error the case store raises."""


class StoreCorruptError(StoreError):
    """A store file that cannot be read; it is left as it is, for a person to look at.

    ``line`` is the 1-based line of a log file where the damage is (None for a whole-file
    problem). :func:`~desktop_app.storage.open_store` adds ``backup``, the newest backup, and
    says so in the message.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        backup: BackupInfo | None = None,
        advice: str = "",
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.backup = backup
        self.advice = advice
        where = f"{self.path}, line {line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {problem}{advice}")

    def with_backup(self, backup: BackupInfo | None, advice: str) -> StoreCorruptError:
        """The same error, with the newest backup and what to do told in the message."""
        return StoreCorruptError(
            self.path, self.problem, line=self.line, backup=backup, advice=advice
        )


class StoreVersionError(StoreError):
    """The workspace was written by a newer commdraft; it is refused and left untouched."""


class PassphraseRequiredError(StoreError):
    """The store is encrypted and was opened without a way to unlock it (``codec_factory``)."""


class StoreWriteError(StoreError):
    """The disk refused a write (full, read-only, no permission, over quota...).

    Nothing was half-applied: the store is as it was before the call, and the caller's record
    is unchanged, so the user's text can be kept and saved again. ``errno`` is the OS's code.
    """

    def __init__(self, message: str, *, path: Path | None, errno: int | None) -> None:
        self.path = path
        self.errno = errno
        super().__init__(message)


class StoreLockedError(StoreError):
    """The store's write lock could not be taken in time."""

    def __init__(self, lock_path: Path, timeout: float, holder: str | None = None) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        self.holder = holder
        who = f" (it is held by {holder})" if holder else ""
        super().__init__(
            f"could not lock {lock_path} within {timeout:g} s{who}: another commdraft (another "
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
