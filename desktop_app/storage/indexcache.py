"""The in-memory index of a store, kept in line with ``index.log`` and with the case files.

The case files are the truth and the index a cache of them. A save appends to its case file,
then to the index; a crash between the two leaves the index behind, which is repaired:

- at open, every case file's size, mtime and inode is compared with what the index recorded,
  and only the files that differ are read again;
- by the next writer of any process, which finds the ``.pending`` marker the dead writer left
  and re-reads that one case.

A damaged or missing index is rebuilt from the case files and said so in ``notices``. A case
file that holds less than the index says was saved in it (a revision, or bytes) was truncated
or damaged: that is StoreCorruptError, not something to rebuild around.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage import casefile
from desktop_app.storage.casefile import CaseLog
from desktop_app.storage.codec import Codec
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index import file_stat_of, is_index_document, summary_document
from desktop_app.storage.layout import CASE_SUFFIX, INDEX_AAD, StoreLayout, file_time
from desktop_app.storage.listing import IndexView
from desktop_app.storage.logstorage import Changes, LogStorage

log = logging.getLogger(__name__)

CASES = "cases"


class IndexCache:
    """Index documents by case id. Methods named ``*_locked`` need the store's write lock."""

    def __init__(self, layout: StoreLayout, codec: Codec) -> None:
        self.layout = layout
        self.codec = codec
        self.storage = LogStorage(layout.index, codec=codec, aad=INDEX_AAD)
        self.view = IndexView()
        #: Repairs made (e.g. the index rebuilt), for the user interface to show.
        self.notices: list[str] = []

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        """Index documents by case id: live objects, never modify them."""
        return self.storage.table(CASES)

    # ----------------------------------------------------------------- reading
    def is_current(self) -> bool:
        """Whether index.log is still what we read, with nothing appended (one stat)."""
        return self.storage.is_current()

    def reload(self) -> bool:
        """Catch up with index.log without the lock; False if it is missing or damaged and
        needs a rebuild (which writes, so needs the lock)."""
        try:
            self._absorb(self.storage.refresh())
        except StoreCorruptError:
            return False
        return self.storage.exists

    def _absorb(self, changes: Changes) -> None:
        """Check what a refresh brought in and update the views."""
        docs = self.docs
        if changes.full:
            for case_id, doc in docs.items():
                self._check(case_id, doc)
            self.view.rebuild(docs)
        elif changes.keys:
            ids = {case_id for _, case_id in changes.keys}
            for case_id in ids:
                if case_id in docs:
                    self._check(case_id, docs[case_id])
            self.view.update(docs, ids)

    def _check(self, case_id: str, doc: Any) -> None:
        if not is_index_document(doc) or doc["id"] != case_id:
            self.storage.invalidate()  # its state holds the bad entry: read again after repair
            raise StoreCorruptError(
                self.layout.index, f"entry {case_id!r} of table {CASES!r} is not a case summary"
            )

    # ----------------------------------------------------------------- repairing
    def sync_locked(self) -> None:
        """Catch up with other processes' writes, and repair what a dead writer left."""
        if not self.is_current():
            try:
                self._absorb(self.storage.refresh())
            except StoreCorruptError as exc:
                self._rebuild_locked(damaged=exc)
            else:
                if not self.storage.exists:
                    self._rebuild_locked(damaged=None)
        self._heal_pending_locked()

    def _rebuild_locked(self, damaged: StoreCorruptError | None) -> None:
        kept = None
        if damaged is not None:
            kept = self.layout.root / f"index.damaged-{file_time()}.log"
            os.replace(self.layout.index, kept)  # kept for a person to look at, not reused
        count = self.heal_all_locked(rebuild=True)
        if damaged is None and not count:
            return  # a new store: nothing to tell
        where = f"line {damaged.line}: " if damaged is not None and damaged.line else ""
        what = (
            f"was damaged ({where}{damaged.problem if damaged else ''}; kept as {kept.name})"
            if damaged is not None and kept is not None
            else "was missing"
        )
        notice = (
            f"{self.layout.index} {what}: the index is only a cache, so it was rebuilt from "
            f"the {count} case files in {self.layout.cases}; no case was lost"
        )
        log.warning(notice)
        self.notices.append(notice)

    def heal_all_locked(self, *, rebuild: bool = False) -> int:
        """Bring the index in line with every case file; return how many cases there are.

        Every case file is checked before anything is written: a damaged one raises
        StoreCorruptError with the index as it was.
        """
        known = {} if rebuild else self.docs
        puts: dict[str, dict[str, Any]] = {}
        seen: set[str] = set()
        with os.scandir(self.layout.cases) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(CASE_SUFFIX) or name.startswith("."):
                    continue
                case_id = name[: -len(CASE_SUFFIX)]
                doc = known.get(case_id)
                if doc is None and _case_id_of(name) is None:
                    continue  # not a name the store writes (a person's copy...)
                st = entry.stat()
                # DirEntry.inode(), not st_ino: on Windows the scandir stat has no inode.
                if (
                    doc is not None
                    and doc["file_size"] == st.st_size
                    and doc["file_mtime_ns"] == st.st_mtime_ns
                    and doc["file_ino"] == entry.inode()
                ):
                    seen.add(case_id)  # the common case at open: nothing to read
                    continue
                stat = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": entry.inode()}
                fresh = self._summarise(case_id, stat, doc)
                if fresh is not None:
                    puts[case_id] = fresh
                    seen.add(case_id)
        gone = [case_id for case_id in known if case_id not in seen]
        if rebuild:
            self.storage.replace_all({CASES: puts})
            self.view.rebuild(self.docs)
        elif puts or gone:
            self.storage.apply(
                puts=[(CASES, i, d) for i, d in puts.items()], deletes=[(CASES, i) for i in gone]
            )
            self.view.update(self.docs, set(puts) | set(gone))
        return len(seen)

    def _summarise(
        self, case_id: str, stat: dict[str, int], known: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The index document of a case file; None if it holds no save (its first append
        was interrupted). Raises StoreCorruptError if it holds less than the index knew."""
        case = CaseLog(self.layout.case(case_id), case_id, self.codec)
        latest = case.latest()
        if known is not None:
            saved = known["revision"]
            recorded = file_stat_of(known)
            if latest is None or latest["revision"] < saved:
                has = f"ends at revision {latest['revision']}" if latest else "holds no revision"
                raise StoreCorruptError(
                    case.path,
                    f"{has}, but revision {saved} of this case was saved: the file was "
                    f"truncated or damaged after its last good line",
                    line=case.storage.good_lines,
                )
            if recorded["ino"] == stat["ino"] and case.storage.end < recorded["size"]:
                raise StoreCorruptError(
                    case.path,
                    f"is shorter ({case.storage.end} bytes of whole lines) than when revision "
                    f"{saved} was saved ({recorded['size']} bytes): it was truncated or damaged",
                    line=case.storage.good_lines + 1,
                )
        if latest is None:
            return None
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
        """Append one summary. On an error the index (file and memory) is as it was."""
        self.storage.apply(puts=[(CASES, doc["id"], doc)])
        self.view.update(self.docs, {doc["id"]})

    def drop_locked(self, case_id: str) -> None:
        if case_id in self.docs:
            self.storage.apply(deletes=[(CASES, case_id)])
            self.view.update(self.docs, {case_id})

    def update_entry_locked(self, case_id: str) -> None:
        """Re-read one case file into the index, or drop its entry if the file is gone."""
        stat = casefile.stat_key(self.layout.case(case_id))
        known = self.docs.get(case_id)
        if stat is None:
            self.drop_locked(case_id)
        elif known is None or file_stat_of(known) != stat:
            fresh = self._summarise(case_id, stat, known)
            if fresh is None:
                self.drop_locked(case_id)
            else:
                self.put_locked(fresh)


def _case_id_of(name: str) -> str | None:
    """The case id a file in cases/ stands for; None for anything else (temp files...)."""
    if not name.endswith(CASE_SUFFIX) or name.startswith("."):
        return None
    case_id = name[: -len(CASE_SUFFIX)]
    try:
        return casefile.check_case_id(case_id)
    except CaseFormatError:
        return None

