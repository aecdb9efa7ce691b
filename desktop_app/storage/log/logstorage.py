"""A log-structured TinyDB storage: a save appends the documents it changed, never the file.

The file is a sequence of lines (logformat.py has the format): a header, then one record per
line, each putting or deleting one document of one table.

A record is compact UTF-8 JSON sealed by a :class:`~desktop_app.storage.log.codec.Codec` (the
identity, or encryption bound to the file's name). ``read()`` replays the lines;
``write(data)`` diffs ``data`` against the last state read or written and appends only what
changed, then fsyncs: a save costs the same whatever the size of the file.

Damage: a last line without its newline or with a wrong checksum is an append that was
interrupted (a crash, a kill) and never returned to its caller: it is ignored, and cut off by
the next append. A bad line anywhere else is damage and raises StoreCorruptError with its line
number; nothing is ever repaired by guessing.

Other processes' appends are read incrementally: the byte offset read so far is kept with the
file's inode and header line. A compaction (the log rewritten with one line per live document
when it is over twice its live size) gives a new inode and a new random epoch, and readers
then read it again whole. A ``chunked`` log (the index) is written by compaction with many
documents a line, and compacted also once it has gathered many one-document lines (a
checkpoint: see ``_loose_limit``), so that a cold open reads few lines whatever the history.

Writes (``write``, ``apply``, ``compact``) must be made under the store's lock; reads need none.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from desktop_app.storage.errors import StoreCorruptError, StoreError
from desktop_app.storage.log.appending import append_at
from desktop_app.storage.log.atomic import atomic_write_bytes
from desktop_app.storage.log.codec import PLAIN, Codec
from desktop_app.storage.log.logformat import (
    CHUNKED_FORMAT,
    FORMAT,
    Changes,
    FileStat,
    Tables,
    apply_record,
    chunk_records,
    encode_record,
    loads,
    parse_lines,
    seal_line,
    stat_of,
)
from desktop_app.storage.log.nogc import collector_paused

log = logging.getLogger(__name__)

#: Compact when the file is over this many times its live size, and over COMPACT_MIN_BYTES.
COMPACT_RATIO = 2
COMPACT_MIN_BYTES = 256 * 1024
#: A chunked log is also compacted past this many one-document lines, and past an eighth of
#: its documents: a checkpoint costs one rewrite every thousand saves or more, and keeps a
#: cold open of the index near the time of reading its documents in many-document lines.
CHECKPOINT_LINES = 1024
_O_BINARY = getattr(os, "O_BINARY", 0)
#: How often an unlocked reader re-reads before calling a bad line damage: a read racing an
#: append that cuts a torn tail can see a line made of both.
_READ_ATTEMPTS = 3


class LogStorage(Storage):
    """TinyDB storage over one log file (see the module docstring). ``aad`` is the file's name
    relative to the store root, what an encrypting codec binds each line to (default: its name).
    """

    def __init__(
        self, path: str | os.PathLike[str], *, codec: Codec = PLAIN, aad: str | None = None,
        chunked: bool = False, **kwargs: Any,
    ) -> None:
        # No file is created here: opening a store to read must not write anything.
        super().__init__()
        self.path = Path(path)
        self.codec = codec
        self.aad = (aad if aad is not None else self.path.name).encode("utf-8")
        self.chunked = chunked
        self._reset()
        self._loaded = False

    def _reset(self) -> None:
        self._tables: Tables = {}
        self._sizes: dict[tuple[str, str], int] = {}  # bytes of each live document's line
        self._live = 0  # bytes of the header and of the live documents' lines
        self._loose = 0  # one-document lines (puts, deletes) since the file was written whole
        self._end = 0  # offset just after the last good line
        self._lines = 0  # good lines so far, for line numbers in errors
        self._head = b""  # the header line as on disk: tells a replaced file from ours
        self._stat: FileStat | None = None  # of the file when last read or written
        self._adopted = False  # the state was set in memory (adopt), not read from the file

    # ----------------------------------------------------------------- state
    @property
    def tables(self) -> Tables:
        """The documents as last read or written. Live objects: never modify them."""
        return self._tables

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return self._tables.get(name) or {}

    @property
    def exists(self) -> bool:
        """Whether the file held a header when last read (a torn first write does not count)."""
        return self._end > 0

    @property
    def end(self) -> int:
        """Offset after the last good line: the file's size unless its tail is torn."""
        return self._end

    @property
    def stat(self) -> FileStat | None:
        return self._stat

    @property
    def torn(self) -> bool:
        """Whether the file had an interrupted append after its last good line."""
        return self._stat is not None and self._stat[1] > self._end

    @property
    def good_lines(self) -> int:
        """How many whole, good lines the file had when last read (the header included)."""
        return self._lines

    @property
    def live_bytes(self) -> int:
        return self._live

    def is_current(self) -> bool:
        """One stat: whether the file is still the one read, with nothing appended."""
        return self._loaded and not self.torn and stat_of(self.path) == self._stat

    def invalidate(self) -> None:
        """Forget what was read: the next refresh reads the file whole."""
        self._loaded = False

    # ----------------------------------------------------------------- reading
    def refresh(self) -> Changes:
        """Catch up with the file: nothing (one stat), its new tail, or all of it."""
        for attempt in range(_READ_ATTEMPTS):
            try:
                return self._refresh_once(whole=attempt > 0)
            except StoreCorruptError:
                if attempt == _READ_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def _refresh_once(self, *, whole: bool) -> Changes:
        if not whole and self.is_current():
            return Changes()
        try:
            handle = open(self.path, "rb")  # noqa: SIM115  (closed below, on every path)
        except FileNotFoundError:
            had = self._end > 0 or not self._loaded
            self._reset()
            self._loaded = True
            return Changes(full=had)
        with handle:
            # Stat before reading: if an append lands in between, the stat is older than the
            # data and the next check reads again, rather than missing the append.
            st = os.fstat(handle.fileno())
            stat: FileStat = (st.st_ino, st.st_size, st.st_mtime_ns)
            if (
                not whole
                and self._loaded
                and not self._adopted
                and self._stat is not None
                and self._end > 0
                and stat[0] == self._stat[0]
                and stat[1] >= self._end
                and handle.read(len(self._head)) == self._head
            ):
                handle.seek(self._end)
                return self._apply_tail(handle.read(), stat)
            handle.seek(0)
            data = handle.read()
        return self._apply_whole(data, stat)

    def _apply_whole(self, data: bytes, stat: FileStat) -> Changes:
        # Built apart and swapped in at the end: a damaged file leaves the state as it was.
        # No list of records in between either: each line's dicts are dropped as soon as
        # applied, so the collector never walks them (see index.py for why that matters).
        tables: Tables = {}
        sizes: dict[tuple[str, str], int] = {}
        live = loose = 0

        def apply(record: dict[str, Any], size: int) -> None:
            nonlocal live, loose
            live += apply_record(tables, sizes, record, size, None)
            loose += "docs" not in record

        with collector_paused():
            end, lines, head = parse_lines(data, self.codec, self.aad, self.path,
                                           first_line=0, apply=apply)
        self._reset()
        self._tables, self._sizes, self._live = tables, sizes, live + head
        self._loose = loose
        self._head = data[:head]
        self._end, self._lines, self._stat, self._loaded = end, lines, stat, True
        return Changes(full=True)

    def _apply_tail(self, data: bytes, stat: FileStat) -> Changes:
        records: list[tuple[dict[str, Any], int]] = []
        end, lines, _ = parse_lines(
            data, self.codec, self.aad, self.path, first_line=self._lines, apply=lambda r, size: records.append((r, size))
        )
        changes = Changes()
        for record, size in records:
            self._live += apply_record(self._tables, self._sizes, record, size, changes.keys)
            self._loose += "docs" not in record
        self._end += end
        self._lines = lines
        self._stat = stat
        return changes

    # ----------------------------------------------------------------- TinyDB's interface
    def read(self) -> Tables | None:
        self.refresh()
        if not self.exists:
            return None
        # Copies one level deep: TinyDB replaces tables and updates documents in place, and
        # the state must stay what is on disk for write() to diff against.
        return {name: {i: dict(d) for i, d in docs.items()} for name, docs in self._tables.items()}

    def write(self, data: Tables) -> None:
        records: list[dict[str, Any]] = []
        for name, docs in data.items():
            old = self._tables.get(name)
            if old is None and not docs:
                records.append({"t": name, "new": 1})
            for doc_id, doc in docs.items():
                doc_id = str(doc_id)
                if old is None or old.get(doc_id) != doc:
                    records.append({"t": name, "id": doc_id, "doc": dict(doc)})
            if old:
                records += [{"t": name, "id": i, "del": 1} for i in old.keys() - docs.keys()]
        records += [{"t": name, "drop": 1} for name in self._tables.keys() - data.keys()]
        if records:
            self._append(records)

    def close(self) -> None:
        pass  # no handle is kept open between calls

    # ----------------------------------------------------------------- in memory only
    # A read-only store repairs what it reads in memory; the file is left as it is.
    def assume(
        self,
        puts: Iterable[tuple[str, str, dict[str, Any]]] = (),
        deletes: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Put and delete documents in memory only; a full re-read of the file forgets it."""
        for t, i, d in puts:
            self._live += apply_record(self._tables, self._sizes, {"t": t, "id": i, "doc": d},
                                       0, None)
        for t, i in deletes:
            if i in self.table(t):
                self._live += apply_record(self._tables, self._sizes, {"t": t, "id": i, "del": 1},
                                           0, None)

    def adopt(self, tables: Tables) -> None:
        """Take ``tables`` as the state without writing (an index rebuilt in memory). The file
        is left as it is, and read again whole once it changes."""
        self._reset()
        self._tables = {name: dict(docs) for name, docs in tables.items()}
        self._sizes = {(name, i): 0 for name, docs in tables.items() for i in docs}
        self._stat = stat_of(self.path)
        self._end = self._stat[1] if self._stat else 0  # not torn: nothing to cut off
        self._loaded = self._adopted = True

    # ----------------------------------------------------------------- writing
    def apply(
        self,
        puts: Iterable[tuple[str, str, dict[str, Any]]] = (),
        deletes: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Put and delete documents in one append (the store's path; no diff needed)."""
        records: list[dict[str, Any]] = [{"t": t, "id": i, "doc": d} for t, i, d in puts]
        records += [{"t": t, "id": i, "del": 1} for t, i in deletes if i in self.table(t)]
        if records:
            self._append(records)

    def _line(self, record: dict[str, Any]) -> bytes:
        return seal_line(record, self.codec, self.aad)

    def _header(self) -> bytes:
        form = CHUNKED_FORMAT if self.chunked else FORMAT
        return self._line({"log": form, "epoch": secrets.token_hex(8)})

    def _append(self, records: list[dict[str, Any]]) -> None:
        lines = [self._line(r) for r in records]
        if not self._loaded:
            self.refresh()
        head = self._head if self._end else self._header()
        if not self._end:
            lines.insert(0, head)
        data = b"".join(lines)
        try:
            stat = append_at(self.path, data, end=self._end, known=self._stat)
        except StoreError:
            raise  # refused before writing: the state is still what the file holds
        except BaseException:
            self._loaded = False  # undone, or perhaps not: read the file again
            raise
        if not self._end:
            self._head, self._live, self._lines = head, len(head), 1
            lines = lines[1:]
        for record, line in zip(records, lines, strict=True):
            # The state holds what the file holds (a copy through JSON: tuples become lists,
            # and the caller's later changes to its objects do not leak in).
            if "doc" in record:
                record = {**record, "doc": loads(encode_record(record["doc"]))}
            self._live += apply_record(self._tables, self._sizes, record, len(line), None)
        self._end = stat[1]
        self._lines += len(records)
        self._loose += len(records)
        self._stat = stat
        self._maybe_compact()

    def rollback(self, end: int) -> None:
        """Cut the file back to ``end`` (an :attr:`end` taken before an append), undoing a
        save whose other half failed; the next refresh reads the file again."""
        self._loaded = False
        if end == 0:  # the append made the file: undo that too, no empty file left behind
            self.path.unlink(missing_ok=True)
            return
        fd = os.open(self.path, os.O_WRONLY | _O_BINARY)
        try:
            os.ftruncate(fd, end)
            os.fsync(fd)
        finally:
            os.close(fd)

    # ----------------------------------------------------------------- compaction
    def _loose_limit(self) -> int:
        documents = sum(len(docs) for docs in self._tables.values())
        return max(CHECKPOINT_LINES, documents // 8)

    def _maybe_compact(self) -> None:
        size = self._stat[1] if self._stat else 0
        if size > COMPACT_MIN_BYTES and (
            size > COMPACT_RATIO * self._live
            or (self.chunked and self._loose > self._loose_limit())
        ):
            try:
                self.replace_all(self._tables)
            except OSError as exc:
                # The append that got here succeeded; compaction only saves space, so a full
                # disk must not turn that save into an error. It is tried again next time.
                log.warning("could not compact %s: %s", self.path, exc)

    def compact_if_due(self) -> None:
        """Compact now if the next save would (under the lock): at open, an index written a
        summary a line (by an older commdraft, or by saves since the last checkpoint) is
        read in many-summary lines from the next open on, not after the next save."""
        if self._loaded and not self._adopted:
            self._maybe_compact()

    def compact(self) -> None:
        self.replace_all(self._tables)

    def replace_all(self, tables: Tables) -> None:
        """Write a fresh log holding exactly ``tables`` (one line per document, or many when
        ``chunked``), atomically: a crash leaves the old file or the new one."""
        head = self._header()
        records: list[dict[str, Any]] = []
        for name, docs in tables.items():
            if not docs:
                records.append({"t": name, "new": 1})
            elif self.chunked:
                records += chunk_records(name, docs)
            else:
                records += [{"t": name, "id": i, "doc": doc} for i, doc in docs.items()]
        lines = [self._line(record) for record in records]
        data = head + b"".join(lines)
        atomic_write_bytes(self.path, data)
        stat = stat_of(self.path)
        self._reset()
        for record, line in zip(records, lines, strict=True):
            apply_record(self._tables, self._sizes, record, len(line), None)
        for name in tables:
            self._tables.setdefault(name, {})
        self._head, self._end, self._lines, self._live = head, len(data), len(lines) + 1, len(data)
        self._stat, self._loaded = stat, True
