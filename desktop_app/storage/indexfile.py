"""``index.json``: a TinyDB file whose ``cases`` table is keyed by case id.

It is a cache of the case files (see ``store.py``), so a damaged index is rebuilt rather than
reported as lost data. Keys are case ids rather than TinyDB's counters: a save updates its
own entry, and two processes never compete for "the next id".
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index import is_index_document
from desktop_app.storage.tinystorage import AtomicJSONStorage

CASES = "cases"


class _CaseKeyedTable(Table):
    document_id_class = str  # type: ignore[assignment]  # case ids, not counters


class _IndexDB(TinyDB):
    table_class = _CaseKeyedTable


def read_index(path: Path) -> dict[str, dict[str, Any]] | None:
    """The index documents by case id; None when there is no index file yet."""
    if not path.exists():
        return None
    tables = AtomicJSONStorage(path).read()
    if tables is None:
        raise StoreCorruptError(path, "is empty")
    table = tables.get(CASES, {})
    docs: dict[str, dict[str, Any]] = {}
    for key, doc in table.items():
        if not is_index_document(doc) or doc["id"] != key:
            raise StoreCorruptError(path, f"entry {key!r} of table {CASES!r} is not a case summary")
        docs[key] = doc
    return docs


def put_entry(path: Path, doc: dict[str, Any], *, known: bool) -> None:
    """Add or replace one case's entry. TinyDB re-reads the file first, so entries another
    process wrote since our last read are kept.

    ``known``: whether the caller believes the entry exists. Right, it costs one read and one
    write of the index; wrong, it still ends correct, with one more of each.
    """

    def replace(entry: MutableMapping[str, Any]) -> None:
        entry.clear()
        entry.update(doc)

    db = _IndexDB(path, storage=AtomicJSONStorage)
    try:
        table = db.table(CASES)
        if known:
            if not table.update(replace, doc_ids=[doc["id"]]):
                table.insert(Document(doc, doc_id=doc["id"]))
        else:
            try:
                table.insert(Document(doc, doc_id=doc["id"]))
            except ValueError:  # TinyDB's "already exists"
                table.update(replace, doc_ids=[doc["id"]])
    finally:
        db.close()


def drop_entry(path: Path, case_id: str) -> None:
    db = _IndexDB(path, storage=AtomicJSONStorage)
    try:
        db.table(CASES).remove(doc_ids=[case_id])  # type: ignore[list-item]  # str keys, see above
    finally:
        db.close()


def write_index(path: Path, docs: dict[str, dict[str, Any]]) -> None:
    """Write the whole index in one atomic replace (after a rebuild or a repair at open)."""
    AtomicJSONStorage(path).write({CASES: docs})
