"""Saves refused as conflicts, kept on the server in ``commdraft.conflicts`` so that no edit is
lost, and the ConflictError that says so.

A kept record is known by an opaque label, ``conflict:<n>`` (``ConflictError.kept_as``);
``read_conflict(label)`` reads it back (a person reads only the records their own refused saves
kept; administrators read all). ``conflict_path(label)`` writes it, on demand, to a file in a
private temporary folder of the store (0700, removed when the store is closed), for a person
to open: the server holds the record, the file is a copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

from desktop_app.storage.errors import CaseExistsError, ConflictError
from desktop_app.storage.postgres.errors import unknown_conflict
from desktop_app.storage.postgres.server import Conn

_LABEL = re.compile(r"conflict:([1-9][0-9]{0,17})")


def serial_of(label: object) -> int:
    """The number a label names; ValueError for anything that is not a label."""
    match = _LABEL.fullmatch(label) if isinstance(label, str) else None
    if match is None:
        raise ValueError(f"{label!r} is not the label of a kept conflict")
    return int(match.group(1))


def keep(conn: Conn, mine: dict[str, Any], base: int | None) -> str:
    row = conn.execute(
        "INSERT INTO commdraft.conflicts (case_id, base_revision, record) VALUES (%s, %s, %s) "
        "RETURNING serial",
        (mine["id"], base, Jsonb(mine)),
    ).fetchone()
    assert row is not None
    return f"conflict:{row[0]}"


def read(conn: Conn, label: str) -> dict[str, Any]:
    row = conn.execute("SELECT record FROM commdraft.conflicts WHERE serial = %s",
                       (serial_of(label),)).fetchone()
    if row is None:
        raise unknown_conflict(label)
    record: dict[str, Any] = row[0]
    return record


class ConflictFiles:
    """The private folder copies of kept records are written to (made when first needed)."""

    def __init__(self) -> None:
        self._folder: Path | None = None

    def write(self, label: str, record: dict[str, Any]) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="commdraft-conflicts-"))
        path = self._folder / f"conflict-{serial_of(label)}.json"
        text = json.dumps(record, ensure_ascii=False, indent=2)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    def remove(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _label(record: dict[str, Any] | None, case_id: str) -> str:
    return str((record or {}).get("reference") or case_id)


def error(mine: dict[str, Any], base: int | None, latest: dict[str, Any] | None, kept: str,
          *, trashed: bool, where: str) -> ConflictError:
    """The error of a refused save (``latest``: revision, saved_at and record, the record
    None when this person may not read it)."""
    case_id = mine["id"]
    current = latest["record"] if latest else None
    details: dict[str, Any] = dict(case_id=case_id, base_revision=base, current=current,
                                   mine=mine, kept_as=kept)
    label = _label(current or mine, case_id)
    kept_words = f"your version was kept on the server as {kept}"
    if base is None and latest is not None:
        return CaseExistsError(
            f"a case with id {case_id!r} already exists in the team store at {where} (revision "
            f"{latest['revision']}, saved {latest['saved_at']}); nothing was changed and "
            f"{kept_words}",
            **details, code="case.exists",
            params={"case": case_id, "revision": latest["revision"],
                    "saved": latest["saved_at"]},
        )
    if latest is None:
        gone = "was deleted (it is in the trash)" if trashed else "does not exist"
        return ConflictError(
            f"case {case_id!r} {gone}, so revision {base} cannot be saved over; {kept_words}",
            **details, code="conflict.deleted" if trashed else "conflict.gone",
            params={"case": label, "revision": base},
        )
    return ConflictError(
        f"case {case_id!r} was saved elsewhere since you opened it: you edited revision {base}, "
        f"the store has revision {latest['revision']} (saved {latest['saved_at']}). Nothing "
        f"was overwritten; {kept_words}",
        **details, code="conflict.saved_elsewhere",
        params={"case": label, "revision": base, "current": latest["revision"],
                "saved": latest["saved_at"]},
    )
