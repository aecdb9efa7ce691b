"""The in-memory index of a store, kept in line with ``index.log`` and with the case files.

The case files are the truth and the index a cache of them. A save appends to its case file,
then to the index; a crash between the two leaves the index behind, which is repaired:

- at open, every case file's size, mtime and inode is compared with what the index recorded,
  and only the files that differ are read again;
- by the next writer of any process, which finds the ``.pending`` marker the dead writer left
  and re-reads that one case.

A damaged or missing index is rebuilt from the case files and said so in ``notices``. A case
file that cannot be read, or holds less than the index says was saved in it (a revision, or
bytes), was truncated or damaged: it is not rebuilt around, but set aside (quarantine.py) with
the damaged bytes kept, and the other cases go on. A case file holding no saved revision at all
(a first save cut short) is removed.

A store that cannot be written (a read-only workspace) makes the same repairs in memory only
(``writable`` False): the files are left as they are.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index.documents import (
    FOLD_VERSION,
    file_stat_of,
    is_index_document,
    strip_marks,
    summary_document,
)
from desktop_app.storage.index.listing import IndexView
from desktop_app.storage.index.sweep import sweep_cases
from desktop_app.storage.index.tables import CASES, META, index_log
from desktop_app.storage.log import casefile, quarantine
from desktop_app.storage.log.casefile import CaseLog
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import StoreLayout, file_time, now
from desktop_app.storage.log.logformat import Changes
from desktop_app.storage.log.permissions import write_private
from desktop_app.storage.log.quarantine import DamagedCase

log = logging.getLogger(__name__)



class IndexCache:
    """Index documents by case id. Methods named ``*_locked`` need the store's write lock."""

    def __init__(self, layout: StoreLayout, codec: Codec) -> None:
        self.layout = layout
        self.codec = codec
        self.storage = index_log(layout.index, codec)
        self.view = IndexView(lambda: self.storage.table(CASES))
        #: Repairs made (e.g. the index rebuilt), for the user interface to show.
        self.notices: list[str] = []
        #: False for a store that cannot be written: repairs are made in memory only.
        self.writable = True
        #: Damaged cases left in cases/ (the store is read-only, or the move failed), by id.
        self.flagged: dict[str, DamagedCase] = {}

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

    def compact_if_due_locked(self) -> None:
        """See LogStorage.compact_if_due (at open, under the lock)."""
        self.storage.compact_if_due()

    def sync_in_memory(self) -> None:
        """A read-only store's :meth:`sync_locked`: catch up with index.log, and bring what
        was read in line with the case files in memory (no lock, nothing written)."""
        if self.is_current():
            return
        try:
            changes = self.storage.refresh()
            self._absorb(changes)
        except StoreCorruptError as exc:
            self._rebuild_locked(damaged=exc)
            return
        if not self.storage.exists:
            self._rebuild_locked(damaged=None)
            return
        if changes.full:
            self.heal_all_locked()
        self._heal_pending_locked()

    def _rebuild_locked(self, damaged: StoreCorruptError | None) -> None:
        kept = None
        if damaged is not None and self.writable:
            kept = self.layout.root / f"index.damaged-{file_time()}.log"
            os.replace(self.layout.index, kept)  # kept for a person to look at, not reused
        count = self.heal_all_locked(rebuild=True)
        if damaged is None and not count:
            return  # a new store: nothing to tell
        where = f"line {damaged.line}: " if damaged is not None and damaged.line else ""
        problem = damaged.problem if damaged else ""
        if damaged is None:
            what = "was missing"
        elif kept is not None:
            what = f"was damaged ({where}{problem}; kept as {kept.name})"
        else:
            what = f"is damaged ({where}{problem})"
        how = "rebuilt" if self.writable else "rebuilt in memory (the workspace is read-only)"
        notice = (
            f"{self.layout.index} {what}: the index is only a cache, so it was {how} from "
            f"the {count} case files in {self.layout.cases}; no case was lost"
        )
        log.warning(notice)
        self.notices.append(notice)

    def heal_all_locked(
        self, *, rebuild: bool = False, tighten_files: bool = False,
        remove_leftovers: bool = False,
    ) -> int:
        """Bring the index in line with every case file (sweep.py); return how many cases
        there are."""
        return sweep_cases(self, rebuild=rebuild, tighten_files=tighten_files,
                           remove_leftovers=remove_leftovers)

    def _apply(
        self,
        puts: list[tuple[str, str, dict[str, Any]]] | None = None,
        deletes: list[tuple[str, str]] | None = None,
    ) -> None:
        if self.writable:
            self.storage.apply(puts=puts or (), deletes=deletes or ())
        else:
            self.storage.assume(puts=puts or (), deletes=deletes or ())

    def _replace(self, tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        tables = {**tables, META: {"fold": {"version": FOLD_VERSION}}}  # summaries made now
        if self.writable:
            self.storage.replace_all(tables)
        else:
            self.storage.adopt(tables)

    # ----------------------------------------------------------------- damaged cases
    def set_aside_locked(
        self, case_id: str, damage: StoreCorruptError, known: dict[str, Any] | None, *,
        move: bool = True,
    ) -> DamagedCase:
        """Move a damaged case file to quarantine/ (a writable store, under the lock) or flag
        it in memory (``move`` False: without the lock); say so in ``notices``. The caller
        updates the index."""
        damage = damage.of_case(case_id)
        entry = None
        if self.writable and move:
            try:
                entry = quarantine.set_aside(self.layout, self.codec, case_id, damage, known)
            except OSError as exc:
                log.warning("could not move the damaged %s aside: %s", damage.path, exc)
        if entry is None:
            reference, revision = (known.get("reference"), known.get("revision")) if known else (
                None, None)
            entry = DamagedCase(case_id, damage.path, damage.line, damage.problem, now(),
                                reference, revision, quarantined=False)
            self.flagged[case_id] = entry
        else:
            self.flagged.pop(case_id, None)
        where = f"{damage.path}, line {damage.line}" if damage.line else str(damage.path)
        kept = (f"moved as it was to {self.layout.display(entry.path)}" if entry.quarantined
                else "left where it is")
        notice = (
            f"case {case_id!r} is damaged ({where}: {damage.problem}): it was set aside and "
            f"{kept}; the other cases are not affected. Restore it from a backup"
        )
        log.warning(notice)
        self.notices.append(notice)
        return entry

    def set_aside_case_locked(
        self, case_id: str, damage: StoreCorruptError, *, move: bool = True
    ) -> DamagedCase:
        """:meth:`set_aside_locked` for one case found damaged when read, and its index
        entry dropped (on disk if the file was moved, else in memory)."""
        entry = self.set_aside_locked(case_id, damage, self.docs.get(case_id), move=move)
        if entry.quarantined:
            self.drop_locked(case_id)
        elif case_id in self.docs:
            self.storage.assume(deletes=[(CASES, case_id)])
            self.view.update(self.docs, {case_id})
        return entry

    def _remove_empty_locked(self, case_id: str) -> None:
        """Remove a case file that holds no saved revision (a first save cut short)."""
        if not self.writable:
            return
        try:
            os.unlink(self.layout.case(case_id))
        except OSError:
            pass

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
        try:
            write_private(self.layout.pending, case_id.encode("utf-8"))
        except OSError:
            # A full disk: leave no empty marker behind (it would make the next writer read
            # every case file), and let the save fail before anything else is written.
            try:
                self.layout.pending.unlink(missing_ok=True)
            except OSError:
                pass
            raise

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
        if self.writable:
            self.clear_pending()

    # ----------------------------------------------------------------- writing
    def put_locked(self, doc: dict[str, Any]) -> None:
        """Append one summary. On an error the index (file and memory) is as it was."""
        self._apply(puts=[(CASES, doc["id"], doc)])
        self.view.update(self.docs, {doc["id"]})

    def refold_locked(self) -> None:
        """Bring the search texts of an index folded by an older :func:`fold` in line, once
        (one pass over the texts, no case file read); the index then records the version."""
        marker = self.storage.table(META).get("fold")
        if marker is not None and marker.get("version") == FOLD_VERSION:
            return
        docs = self.docs
        puts = [(CASES, i, {**d, "search": strip_marks(d["search"])}) for i, d in docs.items()
                if strip_marks(d["search"]) != d["search"]]
        self._apply(puts=[*puts, (META, "fold", {"version": FOLD_VERSION})])
        self.view.update(self.docs, {case_id for _, case_id, _ in puts})

    def drop_locked(self, case_id: str) -> None:
        if case_id in self.docs:
            self._apply(deletes=[(CASES, case_id)])
            self.view.update(self.docs, {case_id})

    def update_entry_locked(self, case_id: str) -> None:
        """Re-read one case file into the index, or drop its entry if the file is gone (or
        holds no saved revision: it is removed); a damaged one is set aside."""
        stat = casefile.stat_key(self.layout.case(case_id))
        known = self.docs.get(case_id)
        if stat is None:
            self.drop_locked(case_id)
        elif known is None or file_stat_of(known) != stat:
            try:
                fresh = self._summarise(case_id, stat, known)
            except StoreCorruptError as exc:
                self.set_aside_case_locked(case_id, exc)
                return
            self.flagged.pop(case_id, None)
            if fresh is None:
                self.drop_locked(case_id)
                if known is None:
                    self._remove_empty_locked(case_id)
            else:
                self.put_locked(fresh)

