"""The file store of a workspace: ``<workspace>/store/``, on TinyDB with atomic writes.

One TinyDB file per case (every revision of it) plus an index of summaries, so a save reads
and writes one case's history and the index, never the other cases. Every change happens
under one file lock; revisions are checked against the case file on disk under that lock, so
two processes cannot both win a save. See ``layout.py`` for the files and ``indexcache.py``
for how the index stays in line with the case files after a crash.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CaseFormatError, DuplicateReferenceError, ReferenceFormatError
from desktop_app.storage import casefile
from desktop_app.storage.atomic import atomic_write_bytes, cleanup_leftovers, fsync_folder
from desktop_app.storage.errors import CaseExistsError, CaseNotFoundError, ConflictError, StoreError
from desktop_app.storage.index import (
    ReferenceKey,
    document_reference_key,
    query_filter,
    reference_key,
    summary_document,
    to_summary,
    try_reference_key,
)
from desktop_app.storage.indexcache import IndexCache
from desktop_app.storage.layout import (
    FILE_TIME_PATTERN,
    SCHEMA_VERSION,
    StoreLayout,
    file_time,
    now,
    read_meta,
    write_meta,
)
from desktop_app.storage.locking import StoreLock
from desktop_app.storage.repository import CaseQuery, CaseSummary, RevisionInfo

__all__ = ["SCHEMA_VERSION", "FileCaseStore", "open_store"]


class FileCaseStore:
    """A :class:`~desktop_app.storage.repository.CaseRepository` in a workspace folder.

    Open it with :func:`open_store`. Several processes may open one workspace; one object may
    be shared by threads (its methods take one mutex).
    """

    def __init__(self, layout: StoreLayout, *, lock_timeout: float) -> None:
        self.layout = layout
        self._lock = StoreLock(layout.lock, lock_timeout)
        self._mutex = threading.RLock()
        self._index = IndexCache(layout)
        self._closed = False

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
    def notices(self) -> builtins.list[str]:
        """Repairs made while opening or using the store (e.g. the index rebuilt)."""
        return self._index.notices

    def _open(self) -> None:
        with self._mutex, self._lock:
            if read_meta(self.layout.meta) is None:
                write_meta(self.layout.meta)
            for folder in self.layout.folders:
                folder.mkdir(exist_ok=True)
                # Safe only under the lock: a live writer's temp file looks like a dead one's.
                cleanup_leftovers(folder)
            self._index.sync_locked()
            self._index.heal_all_locked()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store at {self.root} is closed")

    @contextmanager
    def transaction(self) -> Iterator[FileCaseStore]:
        """Hold the write lock; nested calls (a ``save`` inside) reuse it."""
        with self._mutex:
            self._check_open()
            with self._lock:
                if self._lock.depth == 1:
                    # Another process may have written, or died writing, since we last looked.
                    self._index.sync_locked()
                yield self

    def refresh(self) -> bool:
        """Reload the index if another process replaced it; one stat when it did not."""
        with self._mutex:
            self._check_open()
            if self._index.is_current():
                return False
            if not self._index.reload():
                with self.transaction():  # missing or damaged: the rebuild needs the lock
                    pass
            return True

    # ----------------------------------------------------------------- reading
    def _revisions(self, case_id: str) -> builtins.list[dict[str, Any]]:
        try:
            casefile.check_case_id(case_id)
        except CaseFormatError:
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r}: not a case id"
            ) from None
        revisions = casefile.read_revisions(self.layout.case(case_id), case_id)
        if not revisions:
            where = " (it is in the trash: restore it to use it)" if self._trashed(case_id) else ""
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r} in {self.cases_dir}{where}"
            )
        return revisions

    def get(self, case_id: str) -> dict[str, Any]:
        # The case file itself, not the index: always the latest save of any process.
        with self._mutex:
            self._check_open()
            return casefile.record_of(self._revisions(case_id)[-1])

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
                for doc in self._index.docs.values():
                    if document_reference_key(doc) == wanted:
                        return self.get(doc["id"])
            return None

    def history(self, case_id: str) -> builtins.list[RevisionInfo]:
        with self._mutex:
            self._check_open()
            return [RevisionInfo(d["revision"], d["saved_at"]) for d in self._revisions(case_id)]

    def get_revision(self, case_id: str, revision: int) -> dict[str, Any]:
        with self._mutex:
            self._check_open()
            revisions = self._revisions(case_id)
            for doc in revisions:
                if doc["revision"] == revision:
                    return casefile.record_of(doc)
            raise CaseNotFoundError(
                case_id,
                f"case {case_id!r} has no revision {revision} "
                f"(it has revisions {revisions[0]['revision']} to {revisions[-1]['revision']})",
            )

    def list(self, query: CaseQuery | None = None) -> builtins.list[CaseSummary]:
        with self._mutex:
            self.refresh()
            wanted = query_filter(query)
            docs = [d for d in self._index.docs.values() if wanted(d)]
            docs.sort(key=lambda d: (d["saved_at"], d["id"]), reverse=True)
            return [to_summary(d) for d in docs]

    def references(self) -> builtins.list[str]:
        with self._mutex:
            self.refresh()
            return sorted(d["reference"] for d in self._index.docs.values() if d.get("reference"))

    # ----------------------------------------------------------------- writing
    def save(self, record: dict[str, Any], *, base_revision: int | None) -> dict[str, Any]:
        stored = _json_copy(record)
        case_id = casefile.check_case_id(stored.get("id"))
        if base_revision is not None and (not isinstance(base_revision, int) or base_revision < 1):
            raise ValueError(
                f"base_revision must be None (a new case) or >= 1, not {base_revision!r}"
            )
        ref_key = _record_reference_key(stored)
        with self.transaction():
            path = self.layout.case(case_id)
            revisions = casefile.read_revisions(path, case_id)  # from disk: the truth, not a cache
            latest = revisions[-1] if revisions else None
            stored_revision = latest["revision"] if latest else None
            if stored_revision != base_revision:
                raise self._conflict(stored, base_revision, latest)
            if base_revision is None:
                self._check_id_is_new(case_id)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, stored["reference"])
            stored["revision"] = (stored_revision or 0) + 1
            saved_at = now()
            self._index.mark_pending(case_id)
            casefile.append_revision(path, stored["revision"], saved_at, stored)
            stat = casefile.stat_key(path)
            assert stat is not None  # we have just written it, under the lock
            self._index.put_locked(summary_document(stored, saved_at=saved_at, file_stat=stat))
            self._index.clear_pending()
        return stored  # our own copy: the caller's record is never changed

    def delete(self, case_id: str, *, base_revision: int) -> None:
        with self.transaction():
            latest = self._revisions(case_id)[-1]
            if latest["revision"] != base_revision:
                raise ConflictError(
                    f"case {case_id!r} was saved elsewhere since revision {base_revision} "
                    f"(the store has revision {latest['revision']}, saved {latest['saved_at']}): "
                    "it was not deleted",
                    case_id=case_id,
                    base_revision=base_revision,
                    current=latest["record"],
                    mine=None,
                    kept_at=None,
                )
            self._index.mark_pending(case_id)
            _move(self.layout.case(case_id), self.trash_dir / f"{case_id}--{file_time()}.json")
            self._index.update_entry_locked(case_id)
            self._index.clear_pending()

    def restore_deleted(self, case_id: str) -> dict[str, Any]:
        with self.transaction():
            casefile.check_case_id(case_id)
            path = self.layout.case(case_id)
            existing = casefile.read_revisions(path, case_id)
            if existing:
                raise CaseExistsError(
                    f"case {case_id!r} exists (revision {existing[-1]['revision']}): "
                    "a deleted copy cannot be restored over it",
                    case_id=case_id,
                    base_revision=None,
                    current=existing[-1]["record"],
                    mine=None,
                    kept_at=None,
                )
            trashed = self._trashed(case_id)
            if not trashed:
                raise CaseNotFoundError(case_id, f"no deleted case {case_id!r} in {self.trash_dir}")
            record = casefile.record_of(casefile.read_revisions(trashed[-1], case_id)[-1])
            self._check_id_is_new(case_id)
            ref_key = _record_reference_key(record)
            if ref_key is not None:
                self._check_reference_free(case_id, ref_key, record["reference"])
            self._index.mark_pending(case_id)
            _move(trashed[-1], path)
            self._index.update_entry_locked(case_id)
            self._index.clear_pending()
            return record

    def _trashed(self, case_id: str) -> builtins.list[Path]:
        """Deleted copies of a case, oldest first."""
        pattern = re.compile(re.escape(case_id) + "--" + FILE_TIME_PATTERN + r"\.json")
        try:
            names = [n for n in os.listdir(self.trash_dir) if pattern.fullmatch(n)]
        except FileNotFoundError:
            return []
        return [self.trash_dir / n for n in sorted(names)]

    def _conflict(
        self, mine: dict[str, Any], base: int | None, latest: dict[str, Any] | None
    ) -> ConflictError:
        """Keep the refused record in conflicts/ and say where; the stored case is not touched."""
        case_id = mine["id"]
        stem = f"{case_id}-r{base or 0}-{file_time()}"
        kept = self.conflicts_dir / f"{stem}.json"
        for n in range(2, 1000):  # under the lock, so checking first is race-free
            if not kept.exists():
                break
            kept = self.conflicts_dir / f"{stem}-{n}.json"
        # Pretty and complete: it is a case file a person can read and import again.
        atomic_write_bytes(kept, json.dumps(mine, ensure_ascii=False, indent=2).encode("utf-8"))
        current = latest["record"] if latest else None
        details: dict[str, Any] = dict(
            case_id=case_id, base_revision=base, current=current, mine=mine, kept_at=kept
        )
        if base is None and latest is not None:
            return CaseExistsError(
                f"a case with id {case_id!r} already exists (revision {latest['revision']}, "
                f"saved {latest['saved_at']}); nothing was changed and your record was kept at "
                f"{kept}",
                **details,
            )
        if latest is None:
            gone = (
                "was deleted (it is in the trash)" if self._trashed(case_id) else "does not exist"
            )
            return ConflictError(
                f"case {case_id!r} {gone}, so revision {base} cannot be saved over; "
                f"your version was kept at {kept}",
                **details,
            )
        return ConflictError(
            f"case {case_id!r} was saved elsewhere since you opened it: you edited revision "
            f"{base}, the store has revision {latest['revision']} (saved {latest['saved_at']}). "
            f"Nothing was overwritten; your version was kept at {kept}",
            **details,
        )

    def _check_id_is_new(self, case_id: str) -> None:
        # On Windows and macOS "Ab.json" and "ab.json" are one file.
        folded = case_id.casefold()
        for other in self._index.docs:
            if other != case_id and other.casefold() == folded:
                raise CaseFormatError(
                    "id",
                    f"{case_id!r} differs from the existing case {other!r} only in letter case",
                )

    def _check_reference_free(self, case_id: str, key: ReferenceKey, reference: str) -> None:
        owner = self._index.reference_owner(key, other_than=case_id)
        if owner is not None:
            raise DuplicateReferenceError(
                f"reference {reference} is already used by case {owner['id']!r} "
                f"({owner['reference']}): numbers are shared by all kinds; nothing was saved"
            )

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        with self._mutex:
            self._closed = True
            self._lock.force_release()

    def __enter__(self) -> FileCaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _json_copy(record: Any) -> dict[str, Any]:
    """A deep copy that is exactly what the file will hold (tuples become lists)."""
    if not isinstance(record, dict):
        raise CaseFormatError("(record)", f"must be an object, not {type(record).__name__}")
    try:
        copy: dict[str, Any] = json.loads(json.dumps(record, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise CaseFormatError("(record)", f"cannot be stored as JSON ({exc})") from None
    return copy


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


def open_store(
    workspace: Path | str, *, create: bool = True, lock_timeout: float = 10.0
) -> FileCaseStore:
    """Open (or create) the case store of a workspace folder, repairing what a crash left."""
    layout = StoreLayout.of_workspace(workspace)
    # Checked before anything is created, even the lock file: a newer store is left untouched.
    if read_meta(layout.meta) is None:
        if not create:
            raise StoreError(f"there is no commdraft store in {workspace} (no {layout.meta})")
        layout.root.mkdir(parents=True, exist_ok=True)
    store = FileCaseStore(layout, lock_timeout=lock_timeout)
    try:
        store._open()
    except BaseException:
        store.close()
        raise
    return store
