"""The in-memory index of a store, kept in line with ``index.json`` and with the case files.

The case files are the truth and the index a cache of them. A save writes its case file,
then the index; a crash between the two leaves the index behind, which is repaired:

- at open, every case file's size, mtime and inode is compared with what the index recorded,
  and only the files that differ are read again;
- by the next writer of any process, which finds the ``.pending`` marker the dead writer left
  and re-reads that one case.

A damaged or missing index is rebuilt from the case files and said so in ``notices``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage import casefile, indexfile
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index import ReferenceKey, document_reference_key, summary_document
from desktop_app.storage.layout import StoreLayout, file_time

log = logging.getLogger(__name__)


class IndexCache:
    """``docs`` by case id. Methods named ``*_locked`` need the store's write lock."""

    def __init__(self, layout: StoreLayout) -> None:
        self.layout = layout
        self.docs: dict[str, dict[str, Any]] = {}
        self._stat: dict[str, int] | None = None  # of index.json when docs were read
        #: Repairs made (e.g. the index rebuilt), for the user interface to show.
        self.notices: list[str] = []

    # ----------------------------------------------------------------- reading
    def is_current(self) -> bool:
        """Whether index.json is still the file we read (one stat)."""
        current = casefile.stat_key(self.layout.index)
        return current is not None and current == self._stat

    def reload(self) -> bool:
        """Read index.json again without the lock; False if it is missing or damaged and
        needs a rebuild (which writes, so needs the lock)."""
        # Stat before reading: if a writer replaces the file in between, we keep the older
        # stat with the newer content, and merely read it once more next time.
        current = casefile.stat_key(self.layout.index)
        try:
            docs = indexfile.read_index(self.layout.index) if current else None
        except StoreCorruptError:
            return False
        if docs is None:
            return False
        self.docs, self._stat = docs, current
        return True

    def reference_owner(self, key: ReferenceKey, *, other_than: str) -> dict[str, Any] | None:
        for doc in self.docs.values():
            if doc["id"] != other_than and document_reference_key(doc) == key:
                return doc
        return None

    # ----------------------------------------------------------------- repairing
    def sync_locked(self) -> None:
        """Catch up with other processes' writes, and repair what a dead writer left."""
        if not self.is_current():
            try:
                docs = indexfile.read_index(self.layout.index)
            except StoreCorruptError as exc:
                self._rebuild_locked(damaged=exc)
            else:
                if docs is None:
                    self._rebuild_locked(damaged=None)
                else:
                    self.docs, self._stat = docs, casefile.stat_key(self.layout.index)
        self._heal_pending_locked()

    def _rebuild_locked(self, damaged: StoreCorruptError | None) -> None:
        if damaged is not None:
            kept = self.layout.root / f"index.damaged-{file_time()}.json"
            os.replace(self.layout.index, kept)  # kept for a person to look at, not reused
        self.docs = {}
        count = self.heal_all_locked(force_write=True)
        if damaged is None and not count:
            return  # a new store: nothing to tell
        what = f"was damaged ({damaged.problem}; kept as {kept.name})" if damaged else "was missing"
        notice = (
            f"{self.layout.index} {what}: the index is only a cache, so it was rebuilt from "
            f"the {count} case files in {self.layout.cases}; no case was lost"
        )
        log.warning(notice)
        self.notices.append(notice)

    def heal_all_locked(self, *, force_write: bool = False) -> int:
        """Bring the index in line with every case file; return how many there are."""
        seen: set[str] = set()
        changed = force_write
        with os.scandir(self.layout.cases) as entries:
            for entry in entries:
                if not entry.name.endswith(".json") or entry.name.startswith("."):
                    continue
                case_id = entry.name[: -len(".json")]
                seen.add(case_id)
                st = entry.stat()
                # DirEntry.inode(), not st_ino: on Windows the scandir stat has no inode.
                stat = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": entry.inode()}
                known = self.docs.get(case_id)
                if known is None or known.get("file") != stat:
                    self.docs[case_id] = self._summarise(case_id, stat)
                    changed = True
        for gone in set(self.docs) - seen:
            del self.docs[gone]
            changed = True
        if changed:
            indexfile.write_index(self.layout.index, self.docs)
            self._stat = casefile.stat_key(self.layout.index)
        return len(seen)

    def _summarise(self, case_id: str, stat: dict[str, int]) -> dict[str, Any]:
        path = self.layout.case(case_id)
        revisions = casefile.read_revisions(path, case_id)
        if not revisions:  # only if someone removed it without the lock
            raise StoreCorruptError(path, "disappeared while being read")
        latest = revisions[-1]
        return summary_document(latest["record"], saved_at=latest["saved_at"], file_stat=stat)

    # .pending is not fsynced: it only has to outlive a killed process. After a power loss
    # every process opens the store again, and opening checks every case file anyway.
    def mark_pending(self, case_id: str) -> None:
        self.layout.pending.write_text(case_id, encoding="utf-8")

    def clear_pending(self) -> None:
        self.layout.pending.unlink(missing_ok=True)

    def _heal_pending_locked(self) -> None:
        try:
            case_id = self.layout.pending.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError):
            case_id = ""
        try:
            casefile.check_case_id(case_id)
        except CaseFormatError:
            self.heal_all_locked()  # a torn marker: check everything
        else:
            self.update_entry_locked(case_id)
        self.clear_pending()

    # ----------------------------------------------------------------- writing
    def put_locked(self, doc: dict[str, Any]) -> None:
        known = doc["id"] in self.docs
        self.docs[doc["id"]] = doc
        indexfile.put_entry(self.layout.index, doc, known=known)
        self._stat = casefile.stat_key(self.layout.index)

    def update_entry_locked(self, case_id: str) -> None:
        """Re-read one case file into the index, or drop its entry if the file is gone."""
        stat = casefile.stat_key(self.layout.case(case_id))
        if stat is None:
            if case_id in self.docs:
                del self.docs[case_id]
                indexfile.drop_entry(self.layout.index, case_id)
                self._stat = casefile.stat_key(self.layout.index)
        elif self.docs.get(case_id, {}).get("file") != stat:
            self.put_locked(self._summarise(case_id, stat))
