"""What a team store leaves to the server, and the records its refused saves kept.

Backups are the server's (pg_dump and pg_restore, by its administrator) and so is encryption
(TLS on the connection, the server's own disk encryption): ``backup()``, ``restore_case()``,
``set_keep_backups()`` and ``set_passphrase()`` raise StoreError (``store.server_backups``,
``store.server_encryption``); ``backup_if_due()`` gives None, ``list_backups()`` and
``damaged()`` nothing (a server has no damaged case files to set aside), ``keep_backups`` 0.
"""

from __future__ import annotations

import builtins
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop_app.storage.log.quarantine import DamagedCase
from desktop_app.storage.maintenance.backups import BackupInfo
from desktop_app.storage.postgres import conflicts
from desktop_app.storage.postgres.errors import no_backups, no_passphrase
from desktop_app.storage.postgres.reading import ServerReading


class ServerUpkeep(ServerReading):
    """Backups, encryption and kept conflicts of a team store (see the module docstring)."""

    def read_conflict(self, kept_as: str) -> dict[str, Any]:
        """The record a refused save kept on the server, by its label (``error.kept_as``)."""
        conflicts.serial_of(kept_as)
        return self._read(lambda conn: conflicts.read(conn, kept_as))

    def conflict_path(self, kept_as: str) -> Path:
        """A copy of that record in a file (written now, in the store's private temporary
        folder, removed when the store is closed), for a person to open."""
        record = self.read_conflict(kept_as)
        with self._mutex:
            return self._files.write(kept_as, record)

    # ----------------------------------------------------------------- the server's work
    def backup(self) -> Path:
        raise no_backups(self.server)

    def backup_if_due(self, max_age: timedelta = timedelta(days=1)) -> Path | None:
        return None

    def list_backups(self) -> builtins.list[BackupInfo]:
        return []

    def damaged(self) -> builtins.list[DamagedCase]:
        return []

    def restore_case(self, case_id: str) -> BackupInfo:
        raise no_backups(self.server)

    @property
    def keep_backups(self) -> int:
        return 0

    def set_keep_backups(self, keep: int) -> None:
        raise no_backups(self.server)

    @property
    def encrypted(self) -> bool:
        """False: a team store has no passphrase (TLS and the server's disk encryption)."""
        return False

    def set_passphrase(self, passphrase: str | None) -> None:
        raise no_passphrase(self.server)
