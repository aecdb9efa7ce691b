"""Errors of the case store; each says what is wrong and where (a file, a case id, a lock).

Each is coded (``code``, ``params``: see ``desktop_app.domain.errors``): the window and the
command line say it in the user's language (``desktop_app.workspace.messages``); ``str(exc)``
is the English sentence for logs. A file the user may have to act on (a damaged store file, a
backup) is a parameter; the file a refused save was kept in is not shown, only said to be in
the workspace's conflicts folder.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from desktop_app.domain.errors import CommdraftError, DuplicateReferenceError
from desktop_app.domain.notices import Notice

__all__ = [
    "CODES",
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


#: Every code the store's errors carry (``desktop_app.workspace.messages`` has their words).
CODES = (
    "store.write_failed", "store.write_failed_no_file", "conflict.not_kept", "store.locked",
    "store.locked_by", "case.exists", "conflict.saved_elsewhere", "conflict.deleted",
    "conflict.gone", "conflict.not_deleted", "case.exists_no_restore", "case.not_found",
    "case.in_trash", "case.not_an_id", "case.no_such_revision", "case.no_deleted",
    "reference.taken", "store.damaged", "store.damaged_line", "store.backup_available",
    "store.no_backup", "store.newer_version", "store.passphrase_required",
    "store.wrong_passphrase", "store.cannot_decrypt", "store.replaced", "store.none",
    "store.exists", "store.closed", "store.no_backups", "store.not_a_backup",
    # one damaged case, set aside (quarantine.py), and restoring it alone from a backup
    "case.damaged", "case.damaged_line", "store.case_backup_available", "store.no_case_backup",
    "case.no_backup_copy", "case.not_damaged", "conflict.damaged",
    # a workspace that can be read but not written
    "store.read_only",
)


class BackupLike(Protocol):
    """What an error says of a backup (:class:`~desktop_app.storage.BackupInfo` is one):
    declared here so that this module imports nothing else of the store."""

    @property
    def path(self) -> Path: ...

    @property
    def created(self) -> datetime: ...

    @property
    def cases(self) -> int: ...


class StoreError(CommdraftError):
    """Base of every error the case store raises."""


class StoreCorruptError(StoreError):
    """A store file that cannot be read; it is left as it is, for a person to look at.

    ``line`` is the 1-based line of a log file where the damage is (None for a whole-file
    problem). :func:`~desktop_app.storage.open_store` adds ``backup``, the newest backup, and
    says so in the message. ``case_id`` is set when the file is one case's log: that case is
    set aside (see quarantine.py) and the others go on.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        backup: BackupLike | None = None,
        advice: str = "",
        details: list[Notice] | None = None,
        case_id: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.backup = backup
        self.advice = advice
        self.case_id = case_id
        where = f"{self.path}, line {line}" if line is not None else str(self.path)
        params: dict[str, Any] = {"file": str(self.path)}
        if line is not None:
            params["line"] = line
        prefix = "store"
        if case_id is not None:
            params["case"] = case_id
            prefix = "case"
        super().__init__(
            f"{where}: {problem}{advice}",
            code=f"{prefix}.damaged" if line is None else f"{prefix}.damaged_line",
            params=params,
            details=details,
        )

    def with_backup(
        self, backup: BackupLike | None, advice: str, details: list[Notice] | None = None
    ) -> StoreCorruptError:
        """The same error, with the newest backup and what to do told in the message
        (``details``: the same advice, coded)."""
        return StoreCorruptError(
            self.path, self.problem, line=self.line, backup=backup, advice=advice,
            details=details, case_id=self.case_id,
        )

    def of_case(self, case_id: str) -> StoreCorruptError:
        """The same error, known to be the damage of one case's log."""
        return StoreCorruptError(
            self.path, self.problem, line=self.line, backup=self.backup, advice=self.advice,
            details=list(self.details), case_id=case_id,
        )


class StoreVersionError(StoreError):
    """The workspace was written by a newer commdraft; it is refused and left untouched."""

    code = "store.newer_version"


class PassphraseRequiredError(StoreError):
    """The store is encrypted and was opened without a way to unlock it (``codec_factory``)."""

    code = "store.passphrase_required"


class StoreWriteError(StoreError):
    """The disk refused a write (full, read-only, no permission, over quota...).

    Nothing was half-applied: the store is as it was before the call, and the caller's record
    is unchanged, so the user's text can be kept and saved again. ``errno`` is the OS's code.
    """

    def __init__(self, message: str, *, path: Path | None, errno: int | None,
                 code: str | None = None, params: dict[str, Any] | None = None) -> None:
        self.path = path
        self.errno = errno
        super().__init__(message, code=code, params=params)


class StoreLockedError(StoreError):
    """The store's write lock could not be taken in time."""

    def __init__(self, lock_path: Path, timeout: float, holder: str | None = None,
                 holder_info: dict[str, Any] | None = None) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        self.holder = holder
        who = f" (it is held by {holder})" if holder else ""
        params: dict[str, Any] = {"seconds": timeout}
        if holder_info:
            params.update(pid=holder_info.get("pid"), host=holder_info.get("host"))
        super().__init__(
            f"could not lock {lock_path} within {timeout:g} s{who}: another commdraft (another "
            "window, process or colleague on a shared drive) may be writing to this workspace; "
            "try again in a moment",
            code="store.locked_by" if holder_info else "store.locked",
            params=params,
        )


class CaseNotFoundError(StoreError):
    """No case (or no such revision of a case) in the store."""

    def __init__(self, case_id: str, message: str, *, code: str = "case.not_found",
                 params: dict[str, Any] | None = None) -> None:
        self.case_id = case_id
        super().__init__(message, code=code, params={"case": case_id, **(params or {})})

    @classmethod
    def no_revision(cls, case_id: str, revision: int, first: int, last: int) -> CaseNotFoundError:
        """The case is there, but not that revision of it (it has ``first`` to ``last``)."""
        return cls(
            case_id,
            f"case {case_id!r} has no revision {revision} (it has revisions {first} to {last})",
            code="case.no_such_revision",
            params={"revision": revision, "first": first, "last": last},
        )


class ConflictError(StoreError):
    """A save (or delete) based on a revision that is no longer the stored one.

    Nothing stored is changed. ``mine`` is what the caller tried to save and ``kept_as`` the
    label it was kept under in the workspace's conflicts folder, so no edit is lost (an opaque
    name, not a path: ``store.read_conflict(kept_as)`` reads it back, ``store.conflict_path``
    says where it is); ``current`` is the stored record (None when the case was deleted
    meanwhile).
    """

    def __init__(
        self,
        message: str,
        *,
        case_id: str,
        base_revision: int | None,
        current: dict[str, Any] | None,
        mine: dict[str, Any] | None,
        kept_as: str | None = None,
        kept_at: Path | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.case_id = case_id
        self.base_revision = base_revision
        self.current = current
        self.mine = mine
        if kept_as is None and kept_at is not None:
            kept_as = Path(kept_at).name
        self.kept_as = kept_as
        self._kept_at = Path(kept_at) if kept_at is not None else None
        super().__init__(message, code=code, params=params)

    @property
    def kept_at(self) -> Path | None:
        """Deprecated: the file ``kept_as`` names (use ``store.conflict_path(kept_as)``)."""
        return self._kept_at


class CaseExistsError(ConflictError):
    """A create (``base_revision=None``) for an id the store already holds."""
