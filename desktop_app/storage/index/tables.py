"""The index as a TinyDB table: filters and searches of the case list are TinyDB queries.

The index documents live in memory (``IndexCache``, read from ``index.log`` by LogStorage).
:class:`LiveTables` is a TinyDB storage that hands TinyDB those documents as they are (no
copy, no file read), so that a :class:`~tinydb.table.Table` reads, filters and searches them
with TinyDB's own ``search(Query()...)``, ``get`` and ``count``, and its query cache answers a
repeated query until the index changes.

Reads that are not a query stay outside TinyDB: the whole list is kept sorted case by case
(listing.py), and a reference's owner or a folded id are dict lookups, because rebuilding them
from ``Table.all()`` at every call costs tens of milliseconds at 10,000 cases.

Writes do not go through TinyDB: ``Table.insert``/``upsert`` read the whole table and write it
whole (``Storage.read``/``write``), which for a log means copying and diffing every document:
at 10,000 cases that is tens of milliseconds per save, over the budget. The store appends one
line through ``LogStorage.apply`` instead, and then clears the table's query cache
(:meth:`IndexView.update`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb.queries import QueryInstance
from tinydb.storages import Storage
from tinydb.table import Table

from desktop_app.storage.index.documents import fold
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import INDEX_AAD
from desktop_app.storage.log.logstorage import LogStorage
from desktop_app.storage.repository import CaseQuery

#: The table of case summaries in index.log.
CASES = "cases"
#: The index's own facts (e.g. how its search texts are folded), beside the summaries.
META = "meta"
#: Queries whose results TinyDB keeps until the index changes (a search box's last terms).
QUERY_CACHE = 16

Tables = dict[str, dict[str, dict[str, Any]]]


def index_log(path: Path, codec: Codec) -> LogStorage:
    """The storage of ``index.log``: many summaries a line once compacted (logformat.py)."""
    return LogStorage(path, codec=codec, aad=INDEX_AAD, chunked=True)


class LiveTables(Storage):
    """A TinyDB storage over documents kept in memory by someone else: ``read`` hands them
    out as they are (never modify them); ``write`` is refused (see the module docstring)."""

    def __init__(self, source: Callable[[], Tables]) -> None:
        super().__init__()
        self._source = source

    def read(self) -> Tables | None:
        return self._source()

    def write(self, data: Tables) -> None:
        raise TypeError("the index is written through its log (IndexCache), not through TinyDB")


class CaseTable(Table):
    """The cases of the index, by case id (TinyDB's ids are numbers by default)."""

    document_id_class = str  # type: ignore[assignment]


def case_table(source: Callable[[], dict[str, dict[str, Any]]]) -> CaseTable:
    """A TinyDB table over the index documents ``source`` gives, by case id."""
    return CaseTable(LiveTables(lambda: {CASES: source()}), CASES, cache_size=QUERY_CACHE)


def condition(query: CaseQuery | None) -> QueryInstance | None:
    """The TinyDB query for a :class:`CaseQuery` over index documents (None: every case).

    State and kind compare without regard to case; ``text`` is folded (NFKC, casefold, no accents) and
    looked for in each document's precomputed ``search`` text. One :class:`QueryInstance`
    testing a document once, rather than ``Query().state.test(...) & Query()["search"]...``:
    TinyDB's path-resolving queries cost several calls per field per document, 2-4 times as
    much (measured at 10,000 cases: 10-11 ms for one field on a quiet machine, 25-48 ms with
    other jobs running, against 30 ms for the whole filter). Its hash is the normalised
    query, so TinyDB's query cache answers a repeated one.
    """
    if query is None:
        return None
    state = (query.state or "").strip().upper()
    kind = (query.kind or "").strip().upper()
    status = query.status or None
    year = query.year
    text = fold((query.text or "").strip())
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    if state:
        tests.append(lambda doc: (doc.get("state") or "").upper() == state)
    if kind:
        tests.append(lambda doc: (doc.get("kind") or "").upper() == kind)
    if status:
        tests.append(lambda doc: doc.get("status") == status)
    if year is not None:
        tests.append(lambda doc: doc.get("year") == year)
    if text:
        tests.append(lambda doc: text in doc.get("search", ""))
    if not tests:
        return None
    key = ("case_query", state, kind, status, year, text)
    if len(tests) == 1:
        return QueryInstance(tests[0], key)
    return QueryInstance(lambda doc: all(test(doc) for test in tests), key)
