"""Reading schema 1 files (whole-file TinyDB JSON), for the migration to schema 2 only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.casefile import REVISIONS, check_revision
from desktop_app.storage.maintenance.tinystorage import AtomicJSONStorage

V1_CASE_SUFFIX = ".json"
V1_INDEX = "index.json"


def read_v1_revisions(path: Path, case_id: str) -> list[dict[str, Any]]:
    """Every revision document of a schema 1 case file, oldest first."""
    tables = AtomicJSONStorage(path).read()
    if tables is None:
        raise StoreCorruptError(path, "is empty (the store never writes an empty case file)")
    table = tables.get(REVISIONS)
    if not isinstance(table, dict) or not table:
        raise StoreCorruptError(path, f"has no {REVISIONS!r} table with at least one revision")
    docs = [check_revision(path, doc_id, doc, case_id) for doc_id, doc in table.items()]
    docs.sort(key=lambda d: d["revision"])
    return docs
