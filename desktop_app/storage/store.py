"""The file store of a workspace: ``<workspace>/store/``, on TinyDB with append-only logs.

One log per case (every revision of it) plus an index of summaries, so a save appends one
line to its case file and one to the index, whatever the number of cases. Every change happens
under one file lock; revisions are checked against the case file on disk under that lock, so
two processes cannot both win a save. See ``layout.py`` for the files, ``logstorage.py`` for
the log format and ``indexcache.py`` for how the index stays in line with the case files.
Opening (and migrating, and creating) is in ``opening.py``.

A damaged case file never takes the other cases down: it is set aside (``quarantine.py``),
listed by :meth:`FileCaseStore.damaged`, and put back from a backup by
:meth:`FileCaseStore.restore_case`. A store that cannot be written (a read-only workspace) is
opened for reading (:attr:`FileCaseStore.read_only`): every change then raises StoreWriteError.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CaseFormatError, DuplicateReferenceError, ReferenceFormatError
from desktop_app.storage import backups, casefile, conflicts, quarantine
from desktop_app.storage.atomic import atomic_copy, fsync_folder
from desktop_app.storage.casefile import CaseLog
from desktop_app.storage.codec import Codec
from desktop_app.storage.errors import (
    CaseExistsError,
    CaseNotFoundError,
    ConflictError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreWriteError,
)
from desktop_app.storage.faults import read_only_error, writing
from desktop_app.storage.index import (
    ReferenceKey,
    reference_key,
    summary_document,
    try_reference_key,
)
from desktop_app.storage.indexcache import IndexCache
from desktop_app.storage.layout import (
    CASE_SUFFIX,
    DEFAULT_KEEP_BACKUPS,
    FILE_TIME_PATTERN,
    SCHEMA_VERSION,
    StoreLayout,
    file_time,
    now,
    read_meta,
    write_meta,
)
from desktop_app.storage.locking import StoreLock
from desktop_app.storage.logformat import loads
from desktop_app.storage.quarantine import DamagedCase
from desktop_app.storage.repository import CaseQuery, CaseSummary, RevisionInfo

log = logging.getLogger(__name__)

#: Case logs kept in memory between calls; a case read again reads only what was appended.
_CACHED_CASES = 32
#: The deepest nesting of objects and lists a record may have (a case has about 6): beyond
#: it, reading the file back could hit Python's recursion limit.
MAX_RECORD_DEPTH = 64


class FileCaseStore:
    """A :class:`~desktop_app.storage.repository.CaseRepository` in a workspace folder.

    Open it with :func:`~desktop_app.storage.open_store`. Several processes may open one
    workspace; one object may be shared by threads (its methods take one mutex).
    """

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
    def transaction(self) -> Iterator[FileCaseStore]:
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
                yield self

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

    def _revisions(self, case_id: str) -> builtins.list[dict[str, Any]]:
        try:
            casefile.check_case_id(case_id)
        except CaseFormatError:
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r}: not a case id", code="case.not_an_id"
            ) from None
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
        return backups.with_case_backup(self.layout, self.codec, entry.error(), entry.case_id)

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

    def damaged(self) -> builtins.list[DamagedCase]:
        """Cases whose file is damaged, set aside, by case id: not in :meth:`list`;
        :meth:`get` raises StoreCorruptError naming the file and line, and
        :meth:`restore_case` puts back the newest readable copy a backup holds."""
        with self._mutex:
            self.refresh()
            found = self._damaged_now()
            return [found[case_id] for case_id in sorted(found)]

    def get(self, case_id: str) -> dict[str, Any]:
        # The case file itself, not the index: always the latest save of any process.
        with self._mutex:
            self._check_open()
            return casefile.copy_record(self._revisions(case_id)[-1])

    def find(self, key: str) -> dict[str, Any] | None:
        with self._mutex:
            self.refresh()
            key = key.strip()
            if key in self._index.docs:
                try:
                    return self.get(key)
                except CaseNotFoundError:
                    pass  # deleted by another process since the index was read
            wanted = try_reference_key(key)
            if wanted is not None:
                for case_id in sorted(self._index.view.reference_owners(self._index.docs, wanted)):
                    return self.get(case_id)
            damaged = self._damaged_now()
            for entry in damaged.values():  # a damaged case is not silently "not found"
                if entry.case_id == key or (
                    wanted is not None and try_reference_key(entry.reference) == wanted
                ):
                    raise self._damage_error(entry)
            return None

    def history(self, case_id: str) -> builtins.list[RevisionInfo]:
        with self._mutex:
            self._check_open()
            return [RevisionInfo(d["revision"], d["saved_at"]) for d in self._revisions(case_id)]

    def get_revision(self, case_id: str, revision: int) -> dict[str, Any]:
        with self._mutex:
            self._check_open()
            revisions = self._revisions(case_id)
            # Revisions are 1..n without gaps, so the n-th is at n - 1; checked, not trusted.
            if 1 <= revision <= len(revisions) and revisions[revision - 1]["revision"] == revision:
                return casefile.copy_record(revisions[revision - 1])
            for doc in revisions:
                if doc["revision"] == revision:
                    return casefile.copy_record(doc)
            first, last = revisions[0]["revision"], revisions[-1]["revision"]
            raise CaseNotFoundError(
                case_id,
                f"case {case_id!r} has no revision {revision} "
                f"(it has revisions {first} to {last})",
                code="case.no_such_revision",
                params={"revision": revision, "first": first, "last": last},
            )

    def list(self, query: CaseQuery | None = None) -> builtins.list[CaseSummary]:
        with self._mutex:
            self.refresh()
            return self._index.view.select(self._index.docs, query)

    def references(self) -> builtins.list[str]:
        """References of the cases, and of the damaged cases set aside (a damaged letter's
        number is not handed out again)."""
        with self._mutex:
            self.refresh()
            found = {d["reference"] for d in self._index.docs.values() if d.get("reference")}
            found.update(e.reference for e in self._damaged_now().values() if e.reference)
            return sorted(found)

    def read_conflict(self, path: Path | str) -> dict[str, Any]:
        """A record kept in conflicts/ by a refused save (opened through the store's codec)."""
        return conflicts.read(self.codec, Path(path))

    # ----------------------------------------------------------------- writing
    def save(self, record: dict[str, Any], *, base_revision: int | None) -> dict[str, Any]:
        # Our own copy, as the file will hold it: the caller's record is never changed, and
        # what could not be read back is refused here, before anything is written.
        stored = _storable_copy(record)
        case_id = casefile.check_case_id(stored.get("id"))
        if base_revision is not None and (not isinstance(base_revision, int) or base_revision < 1):
            raise ValueError(
                f"base_revision must be None (a new case) or >= 1, not {base_revision!r}"
            )
        ref_key = _record_reference_key(stored)
        with self._changing("save"):
            case = self._case(case_id)
            try:
                latest = case.latest()  # from disk under the lock: the truth, not a cache
            except StoreCorruptError as exc:
                self._cases.pop(case_id, None)
                damaged = self._index.set_aside_case_locked(case_id, exc)
                raise self._conflict_damaged(stored, base_revision, damaged) from None
            if latest is None:
                damaged_entry = self._damaged_entry(case_id)
                if damaged_entry is not None:
                    raise self._conflict_damaged(stored, base_revision, damaged_entry)
            stored_revision = latest["revision"] if latest else None
            if stored_revision != base_revision:
                raise self._conflict(stored, base_revision, latest)
            if base_revision is None:
                self._check_id_is_new(case_id)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, stored["reference"])
            stored["revision"] = (stored_revision or 0) + 1
            saved_at = now()
            _check_readable(case, stored, saved_at)
            # If anything below fails the marker stays, and the next writer re-reads this
            # one case into the index: correct whatever state the files were left in.
            self._index.mark_pending(case_id)
            before = case.storage.end
            case.append(stored["revision"], saved_at, stored)
            try:
                stat = casefile.stat_key(case.path)
                assert stat is not None  # we have just written it, under the lock
                self._index.put_locked(summary_document(stored, saved_at=saved_at, file_stat=stat))
            except BaseException:
                try:
                    case.storage.rollback(before)  # the save failed as a whole: no revision
                except OSError:
                    pass  # the marker stays: the next writer makes the index match the file
                raise
            self._index.clear_pending()
        return stored

    def delete(self, case_id: str, *, base_revision: int) -> None:
        with self._changing("delete the case"):
            latest = self._revisions(case_id)[-1]
            if latest["revision"] != base_revision:
                raise ConflictError(
                    f"case {case_id!r} was saved elsewhere since revision {base_revision} "
                    f"(the store has revision {latest['revision']}, saved {latest['saved_at']}): "
                    "it was not deleted",
                    case_id=case_id,
                    base_revision=base_revision,
                    current=casefile.copy_record(latest),
                    mine=None,
                    kept_at=None,
                    code="conflict.not_deleted",
                    params={"case": latest["record"].get("reference") or case_id,
                            "revision": base_revision, "current": latest["revision"],
                            "saved": latest["saved_at"]},
                )
            self._index.mark_pending(case_id)
            path = self.layout.case(case_id)
            trashed = self.trash_dir / f"{case_id}--{file_time()}{CASE_SUFFIX}"
            _move(path, trashed)
            self._cases.pop(case_id, None)
            try:
                self._index.drop_locked(case_id)
            except BaseException:
                _move_back(trashed, path)
                raise
            self._index.clear_pending()

    def restore_deleted(self, case_id: str) -> dict[str, Any]:
        with self._changing("restore the case"):
            casefile.check_case_id(case_id)
            existing = self._latest_locked(case_id)
            if existing:
                raise CaseExistsError(
                    f"case {case_id!r} exists (revision {existing['revision']}): "
                    "a deleted copy cannot be restored over it",
                    case_id=case_id,
                    base_revision=None,
                    current=casefile.copy_record(existing),
                    mine=None,
                    kept_at=None,
                    code="case.exists_no_restore",
                    params={"case": existing["record"].get("reference") or case_id,
                            "revision": existing["revision"]},
                )
            trashed = self._trashed(case_id)
            if not trashed:
                raise CaseNotFoundError(case_id, f"no deleted case {case_id!r} in {self.trash_dir}",
                                        code="case.no_deleted")
            latest = CaseLog(trashed[-1], case_id, self.codec).latest()
            if latest is None:
                raise StoreCorruptError(trashed[-1], "holds no revision")
            record = casefile.copy_record(latest)
            self._check_id_is_new(case_id)
            ref_key = _record_reference_key(record)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, record["reference"])
            self._index.mark_pending(case_id)
            path = self.layout.case(case_id)
            _move(trashed[-1], path)
            self._cases.pop(case_id, None)
            try:
                self._index.update_entry_locked(case_id)
            except BaseException:
                _move_back(path, trashed[-1])
                raise
            self._index.clear_pending()
            return record

    def _latest_locked(self, case_id: str) -> dict[str, Any] | None:
        """The latest revision of a case, under the lock; a damaged case is set aside and
        its damage raised."""
        try:
            return self._case(case_id).latest()
        except StoreCorruptError as exc:
            self._cases.pop(case_id, None)
            raise self._damage_error(self._index.set_aside_case_locked(case_id, exc)) from None

    def restore_case(self, case_id: str) -> backups.BackupInfo:
        """Put back a damaged (or lost) case from the newest backup holding a readable copy
        of it; return that backup. Only this case's file and index entry change, under the
        lock; the damaged file stays in quarantine/ for a person to look at.

        A case that reads well is not replaced (StoreError ``case.not_damaged``); when no
        backup has a readable copy, StoreError ``case.no_backup_copy``. Saves made since
        that backup are in the damaged file only (up to the damaged line).
        """
        try:
            casefile.check_case_id(case_id)
        except CaseFormatError:
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r}: not a case id", code="case.not_an_id"
            ) from None
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
        if not self.list():
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
        from desktop_app.storage.reencode import reencode_store

        with self._changing("re-encode the store"):
            reencode_store(self, new_codec, encryption)
        self.backup()

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

    def __enter__(self) -> FileCaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _storable_copy(record: Any) -> dict[str, Any]:
    """A deep copy that is exactly what the file will hold (tuples become lists), or
    CaseFormatError for what the file could not hold and give back the same: anything but an
    object at the top, keys that are not text, NaN and infinities (not JSON), text that is not
    Unicode (a lone surrogate: half of an emoji), nesting deeper than MAX_RECORD_DEPTH, values
    JSON has no form for."""
    if not isinstance(record, dict):
        raise CaseFormatError("(record)", f"must be an object, not {type(record).__name__}")
    _check_shape(record)
    try:
        data = json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")
        copy: dict[str, Any] = loads(data.decode("utf-8"))
    except UnicodeEncodeError:
        raise CaseFormatError(
            "(record)", "holds a broken character (an unpaired surrogate); nothing was saved"
        ) from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise CaseFormatError(
            "(record)", f"cannot be stored as JSON ({exc}); nothing was saved"
        ) from None
    return copy


def _check_shape(record: dict[str, Any]) -> None:
    """Depth and keys, walked without recursion (a hostile record may be nested deeper than
    Python's stack)."""
    stack: builtins.list[tuple[Any, int, str]] = [(record, 1, "(record)")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_RECORD_DEPTH:
            raise CaseFormatError(
                where, f"nested more than {MAX_RECORD_DEPTH} levels deep; nothing was saved"
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise CaseFormatError(
                        where, f"has a key that is not text ({key!r}); nothing was saved"
                    )
                if isinstance(item, dict | builtins.list | tuple):
                    stack.append((item, depth + 1, key))
        elif isinstance(value, builtins.list | tuple):
            for item in value:
                if isinstance(item, dict | builtins.list | tuple):
                    stack.append((item, depth + 1, where))


def _check_readable(case: CaseLog, record: dict[str, Any], saved_at: str) -> None:
    """The revision document checked as the loader will check it: a last guard before
    anything is written (``record`` is from :func:`_storable_copy`)."""
    doc = {"revision": record["revision"], "saved_at": saved_at, "record": record}
    try:
        casefile.check_revision(case.path, str(record["revision"]), doc, case.case_id)
    except StoreCorruptError as exc:
        raise CaseFormatError("(record)", f"would not read back ({exc.problem})") from None


def _record_reference_key(record: dict[str, Any]) -> ReferenceKey | None:
    reference = record.get("reference")
    if reference is None or (isinstance(reference, str) and not reference.strip()):
        return None
    if not isinstance(reference, str):
        raise CaseFormatError("reference", "must be text or null")
    try:
        return reference_key(reference)
    except ReferenceFormatError as exc:
        raise CaseFormatError("reference", str(exc)) from None


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)
    fsync_folder(target.parent)
    fsync_folder(source.parent)


def _move_back(source: Path, target: Path) -> None:
    """Undo a move whose index update failed; if even that fails the .pending marker stays,
    and the next writer makes the index match wherever the file is."""
    try:
        _move(source, target)
    except OSError:
        pass
