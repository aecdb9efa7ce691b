"""What ``list()``, reference checks and id checks read: views of the index kept in memory.

Filters and searches are TinyDB queries on the index's table (tables.py); the rows below give
their hits in order, and the whole list, without sorting 10,000 summaries per call.

At 10,000 cases, building 10,000 summaries and sorting them costs tens of milliseconds, too
much for every keystroke of a search box. The rows are built once, sorted newest first, and
then kept up to date case by case: a save moves one row, it does not rebuild the list. The
reference and folded-id maps make the checks of a save a dict lookup, not a scan. All three
are built on first use, so that opening a store pays only for reading the index.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from operator import itemgetter
from typing import Any, Final

from desktop_app.storage.index.documents import (
    ReferenceKey,
    document_reference_key,
    to_summary,
)
from desktop_app.storage.index.tables import case_table, condition
from desktop_app.storage.log.nogc import collector_paused
from desktop_app.storage.repository import CaseQuery, CaseSummary

#: Past this many changed cases at once, rebuilding the views is cheaper than moving rows.
_REBUILD_AFTER = 64

#: A row: (sort key (saved_at, id), summary). Tuples, not objects: they are the cheapest thing
#: to build 10,000 of. (Filters run on the documents, through TinyDB: tables.py.)
Row = tuple[tuple[str, str], CaseSummary]
_KEY: Final = 0
_SUMMARY: Final = 1
_row_key = itemgetter(_KEY)


#: The fields of an index document a row needs, read in one call (summary_document writes
#: them all; an older document missing one takes the slower way, through to_summary).
_FIELDS = itemgetter(
    "id", "revision", "reference", "kind", "state", "recipient_name", "status", "year",
    "mandates", "sent", "reply", "topic", "saved_at",
)
_new_tuple = tuple.__new__


def _row(doc: dict[str, Any]) -> Row:
    # Built for every case by the first list() after a cold open: one itemgetter call and a
    # tuple, about 2.5 µs a row where keyword lookups and a dataclass cost 6.
    try:
        (case_id, revision, reference, kind, state, recipient_name, status, year,
         mandates_text, sent, reply, topic, saved_at) = _FIELDS(doc)
    except KeyError:
        return ((doc["saved_at"], doc["id"]), to_summary(doc))
    mandates = tuple(mandates_text.split("\n")) if mandates_text else ()
    summary = _new_tuple(CaseSummary, (
        case_id, revision, reference, kind, state, recipient_name, status, year, mandates,
        mandates[0] if mandates else None, sent, reply, topic or "", saved_at,
    ))
    return ((saved_at, case_id), summary)


class IndexView:
    """Rows for listing, owners of references, ids by folded form; each built when first
    needed from the index documents, then updated case by case. ``table`` is the TinyDB
    table of the documents ``source`` gives (the index's, as they are now)."""

    def __init__(self, source: Callable[[], dict[str, dict[str, Any]]] | None = None) -> None:
        docs: dict[str, dict[str, Any]] = {}
        self.table = case_table(source or (lambda: docs))
        self.rebuild({})

    def rebuild(self, docs: dict[str, dict[str, Any]]) -> None:
        self.table.clear_cache()
        self._rows: list[Row] | None = None
        self._row_of: dict[str, Row] = {}
        self._refs: dict[ReferenceKey, set[str]] | None = None
        self._ref_of: dict[str, ReferenceKey] = {}
        self._folded: dict[str, set[str]] | None = None

    def update(self, docs: dict[str, dict[str, Any]], case_ids: set[str]) -> None:
        """Bring the views in line with ``docs`` for these cases (put or deleted)."""
        self.table.clear_cache()
        if len(case_ids) > _REBUILD_AFTER:
            self.rebuild(docs)
            return
        for case_id in case_ids:
            self._unindex(case_id)
            doc = docs.get(case_id)
            if doc is not None:
                self._index(case_id, doc)

    def _index(self, case_id: str, doc: dict[str, Any]) -> None:
        if self._refs is not None:
            key = document_reference_key(doc)
            if key is not None:
                self._refs.setdefault(key, set()).add(case_id)
                self._ref_of[case_id] = key
        if self._folded is not None:
            self._folded.setdefault(case_id.casefold(), set()).add(case_id)
        if self._rows is not None:
            row = _row(doc)
            insort(self._rows, row, key=_row_key)
            self._row_of[case_id] = row

    def _unindex(self, case_id: str) -> None:
        key = self._ref_of.pop(case_id, None)
        if key is not None and self._refs is not None:
            self._refs[key].discard(case_id)
            if not self._refs[key]:
                del self._refs[key]
        if self._folded is not None:
            folded = self._folded.get(case_id.casefold())
            if folded is not None:
                folded.discard(case_id)
                if not folded:
                    del self._folded[case_id.casefold()]
        row = self._row_of.pop(case_id, None)
        if row is not None and self._rows is not None:
            at = bisect_left(self._rows, row[_KEY], key=_row_key)
            while self._rows[at] is not row:  # equal keys: find ours among them
                at += 1
            del self._rows[at]

    # ----------------------------------------------------------------- reading
    def rows(self, docs: dict[str, dict[str, Any]]) -> list[Row]:
        if self._rows is None:
            with collector_paused():  # 10,000 rows of tuples, none of them garbage
                rows = [_row(doc) for doc in docs.values()]
            rows.sort(key=_row_key)
            self._rows = rows
            self._row_of = {row[_KEY][1]: row for row in rows}
        return self._rows

    def select(self, docs: dict[str, dict[str, Any]], query: CaseQuery | None) -> list[CaseSummary]:
        """Summaries matching ``query`` (a TinyDB search of the table), most recently saved
        first."""
        rows = self.rows(docs)
        wanted = condition(query)
        limit = query.limit if query is not None else None
        if wanted is None:
            newest = reversed(rows) if limit is None else reversed(rows[max(len(rows) - limit, 0):])
            return [row[_SUMMARY] for row in newest]
        row_of = self._row_of
        hits = [row_of[str(doc.doc_id)] for doc in self.table.search(wanted)]
        hits.sort(key=_row_key, reverse=True)
        return [row[_SUMMARY] for row in hits[:limit]]

    def reference_owners(self, docs: dict[str, dict[str, Any]], key: ReferenceKey) -> set[str]:
        if self._refs is None:
            self._refs, self._ref_of = {}, {}
            for case_id, doc in docs.items():
                ref = document_reference_key(doc)
                if ref is not None:
                    self._refs.setdefault(ref, set()).add(case_id)
                    self._ref_of[case_id] = ref
        return self._refs.get(key, set())

    def ids_folding_to(self, docs: dict[str, dict[str, Any]], case_id: str) -> set[str]:
        if self._folded is None:
            self._folded = {}
            for other in docs:
                self._folded.setdefault(other.casefold(), set()).add(other)
        return self._folded.get(case_id.casefold(), set())

