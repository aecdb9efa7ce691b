"""The small interfaces a store offers beside :class:`CaseRepository`, and :class:`Store`, all
of them at once: what :func:`~desktop_app.storage.open_store` gives back.

The rest of the program (workspace, command line, windows) types a store as :class:`Store`, or
as the one protocol it needs, and imports only ``desktop_app.storage``: never a module inside
it, never files, TinyDB or codecs. :class:`~desktop_app.storage.store.FileCaseStore` offers
them all; a server-backed store would too.
"""

from __future__ import annotations

import builtins
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from desktop_app.storage.log.quarantine import DamagedCase
from desktop_app.storage.maintenance.backups import BackupInfo
from desktop_app.storage.repository import CaseRepository

__all__ = ["Backups", "ChangeFeed", "Conflicts", "Encryption", "Imports", "Store"]


class Backups(Protocol):
    """Copies of the store, and damaged cases put back from them."""

    def backup(self) -> Path:
        """Back the store up now; return the backup's folder."""
        ...

    def backup_if_due(self, max_age: timedelta = ...) -> Path | None:
        """Back up if the newest backup is older than ``max_age`` (a day) and the store holds
        a case; None when none was made (never for a read-only store)."""
        ...

    def list_backups(self) -> builtins.list[BackupInfo]:
        """Complete backups, newest first."""
        ...

    def damaged(self) -> builtins.list[DamagedCase]:
        """Cases whose file is damaged, set aside (not in ``list()``), by id."""
        ...

    def restore_case(self, case_id: str) -> BackupInfo:
        """Put a damaged case back from the newest backup holding a readable copy of it."""
        ...

    @property
    def keep_backups(self) -> int: ...

    def set_keep_backups(self, keep: int) -> None: ...


class Encryption(Protocol):
    """Encryption at rest of the whole store."""

    @property
    def encrypted(self) -> bool:
        """Whether the store's files are encrypted (opened with a passphrase)."""
        ...

    def set_passphrase(self, passphrase: str | None) -> None:
        """Re-encode every file of the store: encrypted with a key made from ``passphrase``
        (a new one each time), or plainly when None. Backups made before are removed and a new
        one is made; other windows must open the store again."""
        ...


class ChangeFeed(Protocol):
    """Other processes' changes, caught up with on demand."""

    def refresh(self) -> bool:
        """Catch up with other processes' saves; whether anything changed (one stat when
        nothing did)."""
        ...

    def check_files(self) -> None:
        """Compare what was read with every file of the store, if opening left that for
        later (``open_store(..., check_files=False)``): a case changed, removed or damaged
        behind the store's back is then listed as it is, or set aside. Any change waits for
        it; reads do not. A server store has no files of its own to check."""
        ...

    @property
    def notices(self) -> builtins.list[str]:
        """Repairs made while opening or using the store (e.g. the index rebuilt), in
        English, for the log."""
        ...

    @property
    def read_only(self) -> bool:
        """Whether the store was opened for reading only (every change raises
        StoreWriteError)."""
        ...


class Conflicts(Protocol):
    """Records kept aside by refused saves (``ConflictError.kept_as``)."""

    def read_conflict(self, kept_as: str) -> dict[str, Any]:
        """The record a refused save kept, by the error's ``kept_as``."""
        ...

    def conflict_path(self, kept_as: str) -> Path:
        """Where that record is, for a person to open it (a file of the workspace)."""
        ...


class Imports(Protocol):
    """Cases copied in from another store with their whole history (``store copy``)."""

    def import_history(
        self, case_id: str, revisions: builtins.list[tuple[dict[str, Any], str]]
    ) -> dict[str, Any]:
        """Add a case with every revision it had elsewhere: (record, saved_at) pairs, oldest
        first, numbered 1..n; refuses an id or a reference the store has. Returns the latest
        record."""
        ...


class Store(CaseRepository, Backups, Encryption, ChangeFeed, Conflicts, Imports, Protocol):
    """Everything a store offers: what :func:`~desktop_app.storage.open_store` returns."""
