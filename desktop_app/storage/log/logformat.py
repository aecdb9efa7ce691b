"""The line format of a log file (see logstorage.py): sealing, checking, applying records.

A line is ``<crc32 of the sealed record, 8 lowercase hex> <sealed record>\\n``. The checksum
covers the sealed bytes, so damage is found before any decryption is tried; a line whose
checksum is right but which does not open or parse was written that way (or tampered with),
and is always damage, never a torn append.

The first line is a header ``{"log": 1, "epoch": <random>}``; every other line is one record:

    {"t": table, "id": doc_id, "doc": {...}}    put a document (replaces an older version)
    {"t": table, "id": doc_id, "del": 1}        delete a document
    {"t": table, "new": 1} / {"t": table, "drop": 1}   create an empty table / drop a table

A log of format 2 (``{"log": 2, ...}``) may also hold, as written by a compaction of the index:

    {"t": table, "docs": {doc_id: {...}, ...}}  put many documents in one line

Reading ten thousand documents as forty lines rather than ten thousand saves half the time of
a cold open (the per-line checksum, parse and checks). Case files are never written so, so an
older commdraft that shares a workspace reads every case file; it only rebuilds the index,
which is a cache of them.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.codec import PLAIN, Codec

FORMAT = 1
#: The format of a log that holds many-document lines (see the module docstring).
CHUNKED_FORMAT = 2
#: Documents per many-document line: about 150 KB of index, so damage is still found by line.
CHUNK_DOCS = 256

Tables = dict[str, dict[str, dict[str, Any]]]
#: Reads a record (UTF-8 bytes or text). orjson, not json: a cold open of 10,000 cases reads
#: 10,000 index lines, and orjson parses them three times faster (benchmarks/store.py). It is
#: stricter than json (no NaN, no integer beyond 64 bits, no invalid UTF-8), none of which a
#: record of ours holds; its errors are JSONDecodeError (a ValueError) as json's are.
loads: Callable[[bytes | bytearray | memoryview | str], Any] = orjson.loads


class TornLine(Exception):
    """A line whose checksum does not match: torn if it is the last one, else damage."""


def encode_record(record: dict[str, Any]) -> bytes:
    # Compact, and non-ASCII kept as UTF-8: Arabic or Chinese text stays readable and small.
    # json.dumps escapes control characters, so a record never holds a newline byte.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def seal_line(record: dict[str, Any], codec: Codec, aad: bytes) -> bytes:
    sealed = codec.seal(encode_record(record), aad)
    if b"\n" in sealed:
        raise ValueError(f"{codec!r} sealed a log line with a newline in it")
    return b"%08x %s\n" % (zlib.crc32(sealed), sealed)


def open_line(line: bytes, line_no: int, codec: Codec, aad: bytes, path: Path) -> dict[str, Any]:
    """The record of ``line`` (without its newline). Raises TornLine for a bad checksum and
    StoreCorruptError for anything else wrong."""
    sealed = line[9:]
    if len(line) < 10 or line[8:9] != b" ":
        raise TornLine("the line has no checksum")
    if b"%08x" % zlib.crc32(sealed) != line[:8]:
        raise TornLine("the line's checksum does not match its content")
    # From here the bytes are those written: any failure is damage or a wrong key.
    try:
        plain = codec.open(sealed, aad)
    except Exception as exc:  # the codec's own errors (wrong key, forged token...)
        raise StoreCorruptError(
            path,
            f"cannot be opened ({type(exc).__name__}: {exc}); its checksum is right, so "
            "the key is wrong or the line was altered",
            line=line_no,
        ) from None
    try:
        record = loads(plain)
    except (UnicodeDecodeError, json.JSONDecodeError, orjson.JSONDecodeError) as exc:
        raise StoreCorruptError(path, f"is not valid JSON ({exc})", line=line_no) from None
    # The common case checked inline: a cold open reads tens of thousands of lines.
    if line_no == 1 or type(record) is not dict or "doc" not in record:
        check_record(record, line_no, path)
    elif (
        type(record.get("t")) is not str
        or type(record.get("id")) is not str
        or type(record["doc"]) is not dict
    ):
        raise StoreCorruptError(path, "is not a log record", line=line_no)
    return record  # type: ignore[no-any-return]


def check_record(record: Any, line_no: int, path: Path) -> None:
    if line_no == 1:
        if not (isinstance(record, dict) and isinstance(record.get("epoch"), str)):
            raise StoreCorruptError(path, "is not a commdraft log (no header)", line=1)
        if record.get("log") not in (FORMAT, CHUNKED_FORMAT):
            raise StoreCorruptError(
                path, f"is a log of format {record.get('log')!r}, not {FORMAT} or "
                f"{CHUNKED_FORMAT}", line=1
            )
        return
    ok = isinstance(record, dict) and isinstance(record.get("t"), str)
    if ok and "docs" in record:
        ok = _is_chunk(record)
    elif ok and "id" in record:
        ok = isinstance(record["id"], str) and (
            isinstance(record.get("doc"), dict) or record.get("del") == 1
        )
    elif ok:
        ok = record.get("new") == 1 or record.get("drop") == 1
    if not ok:
        raise StoreCorruptError(path, "is not a log record", line=line_no)


def _is_chunk(record: dict[str, Any]) -> bool:
    docs = record["docs"]
    return type(docs) is dict and all(type(doc) is dict for doc in docs.values())


def apply_record(
    tables: Tables,
    sizes: dict[tuple[str, str], int],
    record: dict[str, Any],
    size: int,
    keys: set[tuple[str, str]] | None,
) -> int:
    """Apply one record to ``tables``; return the change in live bytes."""
    name = record["t"]
    if "docs" in record:
        return _apply_many(tables, sizes, name, record["docs"], size, keys)
    if "id" in record:
        key = (name, record["id"])
        if keys is not None:
            keys.add(key)
        if "doc" in record:
            table = tables.get(name)
            if table is None:
                table = tables[name] = {}
            table[key[1]] = record["doc"]
            old = sizes.get(key, 0)
            sizes[key] = size
            return size - old
        if key in sizes:
            del tables[name][key[1]]
            return -sizes.pop(key)
        return 0
    if record.get("new"):
        tables.setdefault(name, {})
        return 0
    freed = 0  # drop
    for doc_id in tables.pop(name, {}):
        freed += sizes.pop((name, doc_id))
        if keys is not None:
            keys.add((name, doc_id))
    return -freed


def _apply_many(
    tables: Tables,
    sizes: dict[tuple[str, str], int],
    name: str,
    docs: dict[str, dict[str, Any]],
    size: int,
    keys: set[tuple[str, str]] | None,
) -> int:
    table = tables.get(name)
    if table is None:
        table = tables[name] = {}
    # Each document is counted a share of the line: what compaction needs is the total.
    share, change = size // max(len(docs), 1), 0
    for doc_id in docs:
        key = (name, doc_id)
        change += share - sizes.get(key, 0)
        sizes[key] = share
        if keys is not None:
            keys.add(key)
    table.update(docs)
    return change


def chunk_records(name: str, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The many-document records that put ``docs`` into table ``name``."""
    items = list(docs.items())
    return [
        {"t": name, "docs": dict(items[at:at + CHUNK_DOCS])}
        for at in range(0, len(items), CHUNK_DOCS)
    ]


FileStat = tuple[int, int, int]  # (inode, size, mtime_ns)


@dataclass
class Changes:
    """What a refresh found: ``full`` (read whole: anything may have changed) or the
    ``(table, doc_id)`` keys put or deleted since the previous read."""

    full: bool = False
    keys: set[tuple[str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return self.full or bool(self.keys)


def stat_of(path: Path) -> FileStat | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def parse_lines(
    data: bytes, codec: Codec, aad: bytes, path: Path, *, first_line: int,
    apply: Callable[[dict[str, Any], int], None],
) -> tuple[int, int, int]:
    """Call ``apply`` with each record of ``data`` and its line's size; return the offset
    after the last good line, the number of that line, and the size of the header line
    (when ``data`` starts the file, else 0). Raises before returning on damage."""
    pos, line_no, size, head = 0, first_line, len(data), 0
    find = data.find
    # A plain store's common line read inline (a cold open of 10,000 cases reads 10,000 lines;
    # the general way costs a third more): the checksum over a view (no copy), orjson on the
    # same view, the record's shape; anything unusual takes the general way, which says what.
    plain = codec is PLAIN
    view, crc32, hexdigits = memoryview(data), zlib.crc32, b"%08x"
    while pos < size:
        newline = find(b"\n", pos)
        if newline < 0:
            break  # no newline: an append cut short; ignored, cut off by the next one
        line_no += 1
        if plain and line_no > 1 and newline - pos > 9 and data[pos + 8] == 32:
            body = view[pos + 9:newline]
            if hexdigits % crc32(body) == data[pos:pos + 8]:
                try:
                    record = loads(body)
                except ValueError:
                    record = None
                if type(record) is dict and type(record.get("t")) is str and (
                    (type(record.get("id")) is str and type(record.get("doc")) is dict)
                    or ("docs" in record and _is_chunk(record))
                ):
                    apply(record, newline + 1 - pos)
                    pos = newline + 1
                    continue
        try:
            record = open_line(data[pos:newline], line_no, codec, aad, path)
        except TornLine as torn:
            if find(b"\n", newline + 1) < 0:
                line_no -= 1
                break  # the last line: an interrupted append, as above
            raise StoreCorruptError(
                path,
                f"{torn} and it is not the last line, so it is damage, not an "
                "interrupted save",
                line=line_no,
            ) from None
        if line_no == 1:
            head = newline + 1
        else:
            apply(record, newline + 1 - pos)
        pos = newline + 1
    return pos, line_no, head
