"""One case file: ``cases/<id>.log``, a log (logstorage.py) whose ``revisions`` table holds
every save of the case.

It is a TinyDB file (``TinyDB(path, storage=LogStorage)`` reads it); the store appends to it
through the storage directly. Each document is ``{"revision": n, "saved_at": iso, "record": {...}}`` under doc id ``n``. A
save appends one line, so it costs the same whether the case has 2 revisions or 2,000 (the
user interface autosaves every few seconds), and never touches any other case.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import CASE_SUFFIX, case_aad
from desktop_app.storage.log.logstorage import LogStorage

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


def case_id_of_file(name: str) -> str | None:
    """The case id a file in cases/ stands for; None for anything else (temp files...)."""
    if not name.endswith(CASE_SUFFIX) or name.startswith("."):
        return None
    try:
        return check_case_id(name[: -len(CASE_SUFFIX)])
    except CaseFormatError:
        return None


def stat_key(path: Path) -> dict[str, int] | None:
    """What tells whether a file changed: a replace gives a new inode, an edit a new size or
    mtime. None when the file is missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": st.st_ino}


def check_revision(path: Path, doc_id: str, doc: Any, case_id: str) -> dict[str, Any]:
    """A revision document as this module writes it, or StoreCorruptError naming the file: a
    case file is the truth, so it is never guessed at, repaired or overwritten."""
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
            path, f"{where}.record.id is {record.get('id')!r}, not {case_id!r} as the file name says"
        )
    if record.get("revision") != revision:
        raise StoreCorruptError(path, f"{where}.record.revision is not {revision}")
    return doc


def copy_record(doc: dict[str, Any]) -> dict[str, Any]:
    """The case record of a revision document, as a copy the caller may change freely
    (revisions are cached: handing out the cached dict would let a caller alter history)."""
    record: dict[str, Any] = json.loads(json.dumps(doc["record"], ensure_ascii=False))
    return record


class CaseLog:
    """A case's log and its revisions, checked and in order; kept by the store between calls
    so that reading a case again reads only what other processes appended since."""

    def __init__(self, path: Path, case_id: str, codec: Codec) -> None:
        self.case_id = case_id
        self.storage = LogStorage(path, codec=codec, aad=case_aad(case_id))
        self._revisions: list[dict[str, Any]] = []
        self._built = False  # whether _revisions reflects the storage's state

    @property
    def path(self) -> Path:
        return self.storage.path

    def revisions(self) -> list[dict[str, Any]]:
        """Every revision, oldest first; [] when there is no such case file. Live documents:
        never modify them (see :func:`copy_record`)."""
        changes = self.storage.refresh()
        table = self.storage.table(REVISIONS)
        if not self._built or changes.full or any(i not in table for _, i in changes.keys):
            # A header and a torn line is a first save cut short (they are written together):
            # no revision was ever saved, as with an empty file. A header alone is damage.
            if self.storage.exists and not table and not self.storage.torn:
                raise StoreCorruptError(self.path, f"has no {REVISIONS!r} with a revision in it")
            docs = [check_revision(self.path, i, d, self.case_id) for i, d in table.items()]
            docs.sort(key=lambda d: d["revision"])
            self._revisions, self._built = docs, True
        elif changes.keys:
            for _, doc_id in sorted(changes.keys, key=lambda k: int(k[1])):
                doc = check_revision(self.path, doc_id, table[doc_id], self.case_id)
                if self._revisions and doc["revision"] <= self._revisions[-1]["revision"]:
                    self._built = False  # out of order: not ours; check it all again
                    return self.revisions()
                self._revisions.append(doc)
        return self._revisions

    def latest(self) -> dict[str, Any] | None:
        revisions = self.revisions()
        return revisions[-1] if revisions else None

    def append(self, revision: int, saved_at: str, record: dict[str, Any]) -> None:
        """Add one revision: one line appended and fsynced. Straight to the storage rather
        than through a TinyDB table, whose insert copies and compares every revision in
        memory: an autosaved case gathers thousands."""
        table = self.storage.table(REVISIONS)
        if str(revision) in table:
            raise ValueError(f"{self.path} already has revision {revision}")
        doc = {"revision": revision, "saved_at": saved_at, "record": record}
        self.storage.apply(puts=[(REVISIONS, str(revision), doc)])
        if self._built:  # the storage took it in; so do the checked revisions
            stored = self.storage.table(REVISIONS)[str(revision)]
            if self._revisions and revision <= self._revisions[-1]["revision"]:
                self._built = False
            else:
                self._revisions.append(check_revision(self.path, str(revision), stored, self.case_id))
