"""Upkeep of a file store: damaged cases and restoring them, backups, re-encoding.

These are the :class:`~desktop_app.storage.protocols.Backups` and
:class:`~desktop_app.storage.protocols.Encryption` sides of
:class:`~desktop_app.storage.store.FileCaseStore`.
"""

from __future__ import annotations

import builtins
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import (
    StoreCorruptError,
    StoreError,
)
from desktop_app.storage.index.documents import (
    try_reference_key,
)
from desktop_app.storage.log import quarantine
from desktop_app.storage.log.atomic import atomic_copy
from desktop_app.storage.log.codec import PLAIN, Codec, PlainCodec
from desktop_app.storage.log.faults import writing
from desktop_app.storage.log.layout import (
    DEFAULT_KEEP_BACKUPS,
    read_meta,
    write_meta,
)
from desktop_app.storage.log.quarantine import DamagedCase
from desktop_app.storage.maintenance import backups
from desktop_app.storage.maintenance.reencode import reencode_store
from desktop_app.storage.store_base import StoreBase

log = logging.getLogger(__name__)


class StoreUpkeep(StoreBase):
    """Damaged cases, backups and re-encoding of a store (see the module docstring)."""

    def damaged(self) -> builtins.list[DamagedCase]:
        """Cases whose file is damaged, set aside, by case id: not in :meth:`list`;
        :meth:`get` raises StoreCorruptError naming the file and line, and
        :meth:`restore_case` puts back the newest readable copy a backup holds."""
        with self._mutex:
            self.refresh()
            found = self._damaged_now()
            return [found[case_id] for case_id in sorted(found)]

    def restore_case(self, case_id: str) -> backups.BackupInfo:
        """Put back a damaged (or lost) case from the newest backup holding a readable copy
        of it; return that backup. Only this case's file and index entry change, under the
        lock; the damaged file stays in quarantine/ for a person to look at.

        A case that reads well is not replaced (StoreError ``case.not_damaged``); when no
        backup has a readable copy, StoreError ``case.no_backup_copy``. Saves made since
        that backup are in the damaged file only (up to the damaged line).
        """
        self._checked_id(case_id)
        with self._changing("restore the case"):
            path = self.layout.case(case_id)
            try:
                latest = self._case(case_id).latest()
            except StoreCorruptError as exc:
                self._cases.pop(case_id, None)
                self._index.set_aside_case_locked(case_id, exc)
                latest = None
            if latest is not None:
                raise StoreError(
                    f"case {case_id!r} is not damaged (it reads well, revision "
                    f"{latest['revision']}): it was not replaced by a backup copy; nothing was "
                    "changed",
                    code="case.not_damaged",
                    params={"case": latest["record"].get("reference") or case_id,
                            "revision": latest["revision"]},
                )
            copy = backups.find_case_copy(self.layout, self.codec, case_id)
            if copy is None:
                where = self._damaged_entry(case_id)
                kept = f"; the damaged file is kept at {where.path}" if where else ""
                raise StoreError(
                    f"no backup in {self.backups_dir} holds a readable copy of case "
                    f"{case_id!r}: nothing was changed{kept}",
                    code="case.no_backup_copy", params={"case": case_id},
                )
            reference = copy.record.get("reference")
            ref_key = try_reference_key(reference)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, str(reference))
            if path.exists():
                # Damaged, and not movable when first found: set aside now, or fail (the
                # damaged bytes are never overwritten).
                damage = StoreCorruptError(path, "was damaged and replaced by a backup copy")
                quarantine.set_aside(self.layout, self.codec, case_id, damage,
                                     self._index.docs.get(case_id))
                self._index.flagged.pop(case_id, None)
            self._index.mark_pending(case_id)
            atomic_copy(copy.path, path)
            self._cases.pop(case_id, None)
            self._index.update_entry_locked(case_id)
            self._index.clear_pending()
            log.info("case %r restored from %s", case_id, copy.backup.path)
            return copy.backup

    # ----------------------------------------------------------------- backups
    @property
    def keep_backups(self) -> int:
        keep: int = self._meta.get("keep_backups", DEFAULT_KEEP_BACKUPS)
        return keep

    def set_keep_backups(self, keep: int) -> None:
        """How many backups to keep (stored in meta.json); older ones go at the next backup."""
        if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
            raise ValueError(f"keep_backups must be a number >= 1, not {keep!r}")
        with self._changing("change the settings"):
            meta = {**(read_meta(self.layout.meta) or self._meta), "keep_backups": keep}
            write_meta(self.layout.meta, meta)
            self._meta = meta

    def backup(self) -> Path:
        """Copy the store to ``store/backups/<time>/`` now; return that folder."""
        # Not under the mutex: the copy takes seconds at 10,000 cases, and the interface
        # thread must go on listing meanwhile (make_backup takes the lock only briefly).
        with writing(self.layout, "back up the store"):
            self._check_open()
            self._check_writable("back up the store")
            return backups.make_backup(
                self.layout, keep=self.keep_backups, reason="requested", hold=self.transaction,
                protect=self._backups_to_keep,
            )

    def _backups_to_keep(self) -> set[Path]:
        """The backups that hold the newest readable copy of a damaged case: kept beyond
        ``keep_backups``, or the case could no longer be restored (under the lock)."""
        keep: set[Path] = set()
        for case_id in self._damaged_now():
            copy = backups.find_case_copy(self.layout, self.codec, case_id)
            if copy is not None:
                keep.add(copy.backup.path)
        return keep

    def backup_if_due(self, max_age: timedelta = timedelta(days=1)) -> Path | None:
        """Back up if the newest backup is older than ``max_age`` (or there is none) and the
        store holds a case; e.g. at start-up, off the interface thread. Never for a
        read-only store."""
        if self.read_only:
            return None
        newest = backups.newest_backup(self.layout)
        if newest is not None and datetime.now(UTC) - newest.created < max_age:
            return None
        with self._mutex:
            self.refresh()
            if not self._index.docs:
                return None
        return self.backup()

    def list_backups(self) -> builtins.list[backups.BackupInfo]:
        """Complete backups, newest first."""
        return backups.list_backups(self.layout)

    def reencode(self, new_codec: Codec, encryption: dict[str, Any] | None) -> None:
        """Rewrite every file of the store through ``new_codec`` (e.g. to encrypt it, with
        ``encryption`` the meta.json entry that unlocks it; None to store plainly). Backups
        made with the old codec are removed and a new one is made. Other windows must open
        the store again."""
        with self._changing("re-encode the store"):
            meta = reencode_store(self.layout, self.meta, self.codec, new_codec, encryption)
            self._reset(new_codec, meta)
        self.backup()


    # ----------------------------------------------------------------- encryption
    @property
    def encrypted(self) -> bool:
        """Whether the store's files are encrypted (it was opened with its passphrase)."""
        return not isinstance(self.codec, PlainCodec)

    def set_passphrase(self, passphrase: str | None) -> None:
        """Encrypt the store with a new key made from ``passphrase``, or store it plainly
        (None): see :meth:`reencode`."""
        if passphrase is None:
            self.reencode(PLAIN, None)
            return
        # Here, not at the top: ``cryptography`` costs start-up time a plain store never needs.
        from desktop_app.storage.log.crypto import new_encryption

        codec, entry = new_encryption(passphrase)
        self.reencode(codec, entry)
