"""One case file: ``cases/<id>.json``, a TinyDB file whose ``revisions`` table holds every save.

Each document is ``{"revision": n, "saved_at": iso, "record": {...}}`` under doc id ``n``, so
a save reads and writes this case's history only, whatever the number of cases.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.tinystorage import AtomicJSONStorage

REVISIONS = "revisions"
#: A case id is a file name: the domain's id rule, minus a leading dot (hidden files, and the
#: temp files of atomic writes start with one).
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")


def check_case_id(case_id: Any) -> str:
    if not isinstance(case_id, str) or not _SAFE_ID.match(case_id):
        raise CaseFormatError(
            "id",
            f"{case_id!r} cannot name a case file: use 1-64 letters, digits, '-', '_' or '.', "
            "not starting with '.'",
        )
    return case_id


def stat_key(path: Path) -> dict[str, int] | None:
    """What tells whether a file changed: a replace gives a new inode, an edit a new size or
    mtime. None when the file is missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": st.st_ino}


def read_revisions(path: Path, case_id: str) -> list[dict[str, Any]]:
    """Every revision document in the file, oldest first; [] when the file does not exist.

    Anything but the shape this module writes raises StoreCorruptError naming the file: a case
    file is the truth, so it is never guessed at, repaired or overwritten.
    """
    if not path.exists():
        return []
    tables = AtomicJSONStorage(path).read()
    if tables is None:
        raise StoreCorruptError(path, "is empty (the store never writes an empty case file)")
    table = tables.get(REVISIONS)
    if not isinstance(table, dict) or not table:
        raise StoreCorruptError(path, f"has no {REVISIONS!r} table with at least one revision")
    docs: list[dict[str, Any]] = []
    for doc_id, doc in table.items():
        where = f"{REVISIONS}[{doc_id}]"
        if not isinstance(doc, dict):
            raise StoreCorruptError(path, f"{where} is not an object")
        revision = doc.get("revision")
        if not isinstance(revision, int) or isinstance(revision, bool) or str(revision) != doc_id:
            raise StoreCorruptError(path, f"{where}.revision must be the number {doc_id}")
        if not isinstance(doc.get("saved_at"), str):
            raise StoreCorruptError(path, f"{where}.saved_at must be a timestamp")
        record = doc.get("record")
        if not isinstance(record, dict):
            raise StoreCorruptError(path, f"{where}.record must be an object")
        if record.get("id") != case_id:
            raise StoreCorruptError(
                path,
                f"{where}.record.id is {record.get('id')!r}, not {case_id!r} as the file name says",
            )
        if record.get("revision") != revision:
            raise StoreCorruptError(path, f"{where}.record.revision is not {revision}")
        docs.append(doc)
    docs.sort(key=lambda d: d["revision"])
    return docs


def record_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The case record a revision document holds (checked by :func:`read_revisions`)."""
    record: dict[str, Any] = doc["record"]
    return record


def append_revision(path: Path, revision: int, saved_at: str, record: dict[str, Any]) -> None:
    """Add one revision; the whole file is replaced atomically (see AtomicJSONStorage)."""
    db = TinyDB(path, storage=AtomicJSONStorage)
    try:
        doc = {"revision": revision, "saved_at": saved_at, "record": record}
        db.table(REVISIONS).insert(Document(doc, doc_id=revision))
    finally:
        db.close()
