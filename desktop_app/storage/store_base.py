"""The state and the locking of a file store, shared by its reading, writing and upkeep.

See ``store.py`` for the store itself; this module holds what its parts stand on.
"""

from __future__ import annotations

import builtins
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from desktop_app.domain.errors import CaseFormatError, DuplicateReferenceError
from desktop_app.storage.errors import (
    CaseNotFoundError,
    ConflictError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreWriteError,
)
from desktop_app.storage.index.cache import IndexCache
from desktop_app.storage.index.documents import (
    ReferenceKey,
    try_reference_key,
)
from desktop_app.storage.log import casefile, quarantine
from desktop_app.storage.log.casefile import CaseLog
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.faults import read_only_error, writing
from desktop_app.storage.log.layout import (
    CASE_SUFFIX,
    FILE_TIME_PATTERN,
    SCHEMA_VERSION,
    StoreLayout,
    read_meta,
)
from desktop_app.storage.log.locking import StoreLock
from desktop_app.storage.log.quarantine import DamagedCase
from desktop_app.storage.maintenance import advice, conflicts

log = logging.getLogger(__name__)

#: Case logs kept in memory between calls; a case read again reads only what was appended.
_CACHED_CASES = 32


class StoreBase:
    """What every part of :class:`~desktop_app.storage.store.FileCaseStore` stands on: its
    state, the lock and the mutex, the cache of case logs, what is known of damaged cases, and
    the checks a change makes. Methods named ``*_locked`` need the store's write lock."""

    def __init__(self, layout: StoreLayout, *, lock_timeout: float, codec: Codec) -> None:
        self.layout = layout
        self.codec = codec
        self._lock = StoreLock(layout.lock, lock_timeout)
        self._mutex = threading.RLock()
        self._index = IndexCache(layout, codec)
        self._cases: OrderedDict[str, CaseLog] = OrderedDict()
        self._meta: dict[str, Any] = {}
        self._root_inode: int | None = None
        self._closed = False
        #: Why the store cannot be written, when it was opened read-only (see opening.py).
        self._read_only: StoreWriteError | None = None
        self._quarantine_seen: tuple[tuple[int, int] | None, builtins.list[DamagedCase]] = (
            None, [])
        #: Opened with check_files=False: the case files are still to be compared with the
        #: index, by the first change or by :meth:`check_files`.
        self._files_due = False

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def cases_dir(self) -> Path:
        return self.layout.cases

    @property
    def conflicts_dir(self) -> Path:
        return self.layout.conflicts

    @property
    def trash_dir(self) -> Path:
        return self.layout.trash

    @property
    def backups_dir(self) -> Path:
        return self.layout.backups

    @property
    def quarantine_dir(self) -> Path:
        return self.layout.quarantine

    @property
    def read_only(self) -> bool:
        """Whether the store was opened for reading only (the workspace cannot be written):
        cases can be listed and read; every change raises StoreWriteError."""
        return self._read_only is not None

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._meta)

    @property
    def notices(self) -> builtins.list[str]:
        """Repairs made while opening or using the store (e.g. the index rebuilt)."""
        return self._index.notices

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store at {self.root} is closed", code="store.closed")

    def _check_writable(self, action: str) -> None:
        if self._read_only is not None:
            raise read_only_error(self.layout, action, self._read_only)

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """Hold the write lock; nested calls (a ``save`` inside) reuse it. A read-only store
        raises StoreWriteError (nothing can be changed)."""
        with self._mutex:
            self._check_open()
            self._check_writable("save")
            with self._lock:
                if self._lock.depth == 1:
                    self._follow_replaced_store()
                    # Another process may have written, or died writing, since we last looked.
                    self._index.sync_locked()
                    if self._files_due:
                        self._check_files_locked()
                yield self

    def check_files(self) -> None:
        """Compare every case file with the index, if opening left it for later (see
        :class:`~desktop_app.storage.protocols.ChangeFeed`); nothing when it was done."""
        with self._mutex:
            if self._files_due:
                with self.transaction():
                    pass

    def _check_files_locked(self) -> None:
        self._files_due = False
        try:
            self._index.heal_all_locked(tighten_files=True, remove_leftovers=True)
        except BaseException:
            self._files_due = True
            raise

    @contextmanager
    def _changing(self, action: str) -> Iterator[None]:
        """Hold the lock for a change; errors of the disk said as ``action`` failing."""
        with self._mutex, writing(self.layout, action):
            self._check_open()
            self._check_writable(action)
            with self.transaction():
                yield

    def _follow_replaced_store(self) -> None:
        """After a restore or re-encode by another process, forget everything read."""
        inode = os.stat(self.root).st_ino
        if self._root_inode is not None and inode != self._root_inode:
            meta = read_meta(self.layout.meta) or {}
            # Another key, or an older schema (a backup from before a migration) that only
            # opening migrates: this handle cannot go on, the user opens the workspace again.
            if (
                meta.get("encryption") != self._meta.get("encryption")
                or meta.get("schema_version") != SCHEMA_VERSION
            ):
                self.close()
                raise StoreError(
                    f"the store at {self.root} was re-encoded or restored from an older backup "
                    "by another window or process: open it again", code="store.replaced"
                )
            self._reset(self.codec, meta)
        self._root_inode = inode

    def refresh(self) -> bool:
        """Catch up with other processes' saves; one stat when there were none."""
        with self._mutex:
            self._check_open()
            if self._index.is_current():
                return False
            if self.read_only:
                self._index.sync_in_memory()  # repairs in memory: nothing can be written
                return True
            if not self._index.reload():
                with self.transaction():  # missing or damaged: the rebuild needs the lock
                    pass
            return True

    # ----------------------------------------------------------------- reading
    def _case(self, case_id: str) -> CaseLog:
        case = self._cases.pop(case_id, None)
        if case is None:
            case = CaseLog(self.layout.case(case_id), case_id, self.codec)
        self._cases[case_id] = case  # most recently used last
        while len(self._cases) > _CACHED_CASES:
            self._cases.popitem(last=False)
        return case

    @staticmethod
    def _checked_id(case_id: str) -> None:
        """A case id asked for that cannot be one is a case that is not there."""
        try:
            casefile.check_case_id(case_id)
        except CaseFormatError:
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r}: not a case id", code="case.not_an_id"
            ) from None

    def _revisions(self, case_id: str) -> builtins.list[dict[str, Any]]:
        self._checked_id(case_id)
        try:
            revisions = self._case(case_id).revisions()
        except StoreCorruptError as exc:
            revisions = self._read_damaged(case_id, exc)
        if not revisions:
            damaged = self._damaged_entry(case_id)
            if damaged is not None:
                raise self._damage_error(damaged) from None
            trashed = bool(self._trashed(case_id))
            where = " (it is in the trash: restore it to use it)" if trashed else ""
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r} in {self.cases_dir}{where}",
                code="case.in_trash" if trashed else "case.not_found",
            )
        return revisions

    def _read_damaged(
        self, case_id: str, damage: StoreCorruptError
    ) -> builtins.list[dict[str, Any]]:
        """A case file read without the lock was found damaged: read it again under the lock
        (the read may have raced a write) and set it aside if it is; raises the damage."""
        self._cases.pop(case_id, None)
        entry = None
        if not self.read_only:
            try:
                with self.transaction():
                    try:
                        return self._case(case_id).revisions()
                    except StoreCorruptError as again:
                        self._cases.pop(case_id, None)
                        entry = self._index.set_aside_case_locked(case_id, again)
            except (StoreLockedError, StoreWriteError) as exc:
                log.warning("could not set the damaged case %r aside: %s", case_id, exc)
        if entry is None:  # read-only, or the lock was not to be had: in memory only
            entry = self._index.set_aside_case_locked(case_id, damage, move=False)
        raise self._damage_error(entry)

    def _damage_error(self, entry: DamagedCase) -> StoreCorruptError:
        return advice.with_case_backup(self.layout, self.codec, entry.error(), entry.case_id)

    def _quarantined(self) -> builtins.list[DamagedCase]:
        """What quarantine/ holds (read again only when the folder changed)."""
        key = quarantine.folder_key(self.layout)
        if key is None:
            return []
        seen, entries = self._quarantine_seen
        if seen != key:
            entries = quarantine.listed(self.layout, self.codec)
            self._quarantine_seen = (key, entries)
        return entries

    def _damaged_now(self) -> dict[str, DamagedCase]:
        """Damaged cases set aside and not restored since, by id (as the index is now)."""
        live = self._index.docs
        found: dict[str, DamagedCase] = {}
        for entry in self._quarantined():  # oldest first: the newest of a case wins
            if entry.case_id not in live:
                found[entry.case_id] = entry
        for case_id, entry in self._index.flagged.items():
            if case_id not in live:
                found[case_id] = entry
        return found

    def _damaged_entry(self, case_id: str) -> DamagedCase | None:
        if case_id in self._index.docs:
            return None
        return self._index.flagged.get(case_id) or next(
            (e for e in reversed(self._quarantined()) if e.case_id == case_id), None
        )

    def _latest_locked(self, case_id: str) -> dict[str, Any] | None:
        """The latest revision of a case, under the lock; a damaged case is set aside and
        its damage raised."""
        try:
            return self._case(case_id).latest()
        except StoreCorruptError as exc:
            self._cases.pop(case_id, None)
            raise self._damage_error(self._index.set_aside_case_locked(case_id, exc)) from None

    def _conflict_damaged(
        self, mine: dict[str, Any], base: int | None, damaged: DamagedCase
    ) -> ConflictError:
        """A save of a damaged case: refused, the record kept in conflicts/."""
        kept = conflicts.keep(self.layout, self.codec, mine, base)
        return conflicts.damaged_error(mine, base, kept, damaged, self.layout)

    def _trashed(self, case_id: str) -> builtins.list[Path]:
        """Deleted copies of a case, oldest first."""
        pattern = re.compile(re.escape(case_id) + "--" + FILE_TIME_PATTERN + re.escape(CASE_SUFFIX))
        try:
            names = [n for n in os.listdir(self.trash_dir) if pattern.fullmatch(n)]
        except FileNotFoundError:
            return []
        return [self.trash_dir / n for n in sorted(names)]

    def _conflict(
        self, mine: dict[str, Any], base: int | None, latest: dict[str, Any] | None
    ) -> ConflictError:
        """Keep the refused record in conflicts/ and say where; the stored case is not touched."""
        kept = conflicts.keep(self.layout, self.codec, mine, base)
        return conflicts.error(mine, base, latest, kept, trashed=bool(self._trashed(mine["id"])))

    def _check_id_is_new(self, case_id: str) -> None:
        # On Windows and macOS "Ab.log" and "ab.log" are one file.
        for other in sorted(self._index.view.ids_folding_to(self._index.docs, case_id)):
            if other != case_id:
                raise CaseFormatError(
                    "id",
                    f"{case_id!r} differs from the existing case {other!r} only in letter case",
                )

    def _check_reference_free(self, case_id: str, key: ReferenceKey, reference: str) -> None:
        for owner in sorted(self._index.view.reference_owners(self._index.docs, key) - {case_id}):
            doc = self._index.docs[owner]
            raise DuplicateReferenceError(
                f"reference {reference} is already used by case {owner!r} "
                f"({doc['reference']}): numbers are shared by all kinds; nothing was saved",
                code="reference.taken",
                params={"reference": reference, "other": doc["reference"]},
            )
        for entry in self._damaged_now().values():
            if entry.case_id != case_id and try_reference_key(entry.reference) == key:
                raise DuplicateReferenceError(
                    f"reference {reference} is already used by case {entry.case_id!r} "
                    f"({entry.reference}), which is damaged and set aside: numbers are shared "
                    "by all kinds; nothing was saved",
                    code="reference.taken",
                    params={"reference": reference, "other": entry.reference},
                )

    def _reset(self, codec: Codec, meta: dict[str, Any]) -> None:
        """Forget everything read: the store folder was replaced (by :meth:`reencode`)."""
        self.codec = codec
        self._meta = meta
        self._index = IndexCache(self.layout, codec)
        self._cases.clear()
        self._quarantine_seen = (None, [])
        self._root_inode = os.stat(self.root).st_ino

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        with self._mutex:
            self._closed = True
            self._lock.force_release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

