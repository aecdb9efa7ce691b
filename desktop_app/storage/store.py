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
import logging
import os
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import (
    CaseExistsError,
    CaseNotFoundError,
    ConflictError,
    StoreCorruptError,
)
from desktop_app.storage.index.documents import (
    ReferenceKey,
    document_reference_key,
    summary_document,
    try_reference_key,
)
from desktop_app.storage.log import casefile
from desktop_app.storage.log.atomic import move_back, move_file
from desktop_app.storage.log.casefile import CaseLog
from desktop_app.storage.log.layout import (
    CASE_SUFFIX,
    file_time,
    now,
)
from desktop_app.storage.maintenance import conflicts
from desktop_app.storage.records import (
    MAX_RECORD_DEPTH,  # noqa: F401  (re-exported)
    check_imported,
    check_readable,
    record_reference_key,
    storable_copy,
)
from desktop_app.storage.repository import CaseQuery, CaseSummary, RevisionInfo
from desktop_app.storage.store_upkeep import StoreUpkeep

log = logging.getLogger(__name__)


class FileCaseStore(StoreUpkeep):
    """A :class:`~desktop_app.storage.repository.CaseRepository` in a workspace folder, with
    the :mod:`~desktop_app.storage.protocols` of a store (backups, encryption, a change feed,
    conflicts): a :class:`~desktop_app.storage.protocols.Store`.

    Open it with :func:`~desktop_app.storage.open_store`. Several processes may open one
    workspace; one object may be shared by threads (its methods take one mutex).
    """

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
            raise CaseNotFoundError.no_revision(case_id, revision, first, last)

    def list(self, query: CaseQuery | None = None) -> builtins.list[CaseSummary]:
        with self._mutex:
            self.refresh()
            return self._index.view.select(self._index.docs, query)

    def references(self, *, state: str | None = None, year: int | None = None) -> builtins.list[str]:
        """References of the cases, and of the damaged cases set aside (a damaged letter's
        number is not handed out again); of one State and year when both are given."""
        def wanted(key: ReferenceKey | None) -> bool:
            return state is None or year is None or (
                key is not None and key[0] == state and key[2] == year)

        with self._mutex:
            self.refresh()
            # The index's own reference keys: no reference is parsed again per call.
            found = {d["reference"] for d in self._index.docs.values()
                     if d.get("reference") and wanted(document_reference_key(d))}
            found.update(e.reference for e in self._damaged_now().values()
                         if e.reference and wanted(try_reference_key(e.reference)))
        return sorted(found)

    def conflict_path(self, kept_as: str) -> Path:
        """Where the record a ConflictError kept (``error.kept_as``) is."""
        return conflicts.path_of(self.layout, kept_as)

    def read_conflict(self, kept_as: str | Path) -> dict[str, Any]:
        """A record kept in conflicts/ by a refused save (opened through the store's codec),
        by its label (``error.kept_as``) or, deprecated, by its file."""
        if isinstance(kept_as, Path) or "/" in kept_as or os.sep in kept_as:
            path = Path(kept_as)
        else:
            path = self.conflict_path(kept_as)
        return conflicts.read(self.codec, path)

    # ----------------------------------------------------------------- writing
    def save(self, record: dict[str, Any], *, base_revision: int | None) -> dict[str, Any]:
        # Our own copy, as the file will hold it: the caller's record is never changed, and
        # what could not be read back is refused here, before anything is written.
        stored = storable_copy(record)
        case_id = casefile.check_case_id(stored.get("id"))
        if base_revision is not None and (not isinstance(base_revision, int) or base_revision < 1):
            raise ValueError(
                f"base_revision must be None (a new case) or >= 1, not {base_revision!r}"
            )
        ref_key = record_reference_key(stored)
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
            check_readable(case, stored, saved_at)
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

    def import_history(
        self, case_id: str, revisions: builtins.list[tuple[dict[str, Any], str]]
    ) -> dict[str, Any]:
        """Add a case with every revision it had in another store: ``revisions`` are
        (record, saved_at) pairs, oldest first, numbered 1..n in their ``revision``. For
        ``commdraft store copy``; refuses an id or a reference the store already has
        (CaseExistsError, DuplicateReferenceError). Returns the latest record."""
        stored = [storable_copy(record) for record, _ in revisions]
        check_imported(case_id, stored)
        latest = stored[-1]
        ref_key = record_reference_key(latest)
        with self._changing("copy the case"):
            case = self._case(case_id)
            if case.latest() is not None:
                raise CaseExistsError(
                    f"case {case_id!r} is already in this store: it was not copied",
                    case_id=case_id, base_revision=None, current=self.get(case_id), mine=None,
                    kept_as=None,
                )
            self._check_id_is_new(case_id)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, latest["reference"])
            self._index.mark_pending(case_id)
            for record, (_, saved_at) in zip(stored, revisions, strict=True):
                case.append(record["revision"], saved_at, record)
            stat = casefile.stat_key(case.path)
            assert stat is not None  # just written, under the lock
            self._index.put_locked(
                summary_document(latest, saved_at=revisions[-1][1], file_stat=stat))
            self._index.clear_pending()
        return casefile.copy_record({"record": latest})

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
                    kept_as=None,
                    code="conflict.not_deleted",
                    params={"case": latest["record"].get("reference") or case_id,
                            "revision": base_revision, "current": latest["revision"],
                            "saved": latest["saved_at"]},
                )
            self._index.mark_pending(case_id)
            path = self.layout.case(case_id)
            trashed = self.trash_dir / f"{case_id}--{file_time()}{CASE_SUFFIX}"
            move_file(path, trashed)
            self._cases.pop(case_id, None)
            try:
                self._index.drop_locked(case_id)
            except BaseException:
                move_back(trashed, path)
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
                    kept_as=None,
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
            ref_key = record_reference_key(record)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, record["reference"])
            self._index.mark_pending(case_id)
            path = self.layout.case(case_id)
            move_file(trashed[-1], path)
            self._cases.pop(case_id, None)
            try:
                self._index.update_entry_locked(case_id)
            except BaseException:
                move_back(path, trashed[-1])
                raise
            self._index.clear_pending()
            return record

