"""Damaged case files, set aside so that one damaged case never takes the others down.

A case file that cannot be read (a bad line that is not a torn last line, a wrong shape, fewer
revisions or bytes than the index knew were saved) is moved, as it is, to
``store/quarantine/<id>--<time>.log``: its bytes are never decoded, changed or deleted, so an
encrypted store's stay encrypted, and a person can look at them. A note beside it,
``<id>--<time>.json`` (sealed by the store's codec like a conflict file), says where the damage
is and why, and the case's reference as last known (so that it is not handed out again).

The note is written first, then the file moved (one rename): a crash in between leaves a note
without a file, which is ignored. The case then leaves the index and the case list;
``FileCaseStore.damaged()`` lists it, ``get()`` says it is damaged (file and line), and
``FileCaseStore.restore_case()`` puts back the newest readable copy a backup holds. A store
that cannot be written (read-only) only flags the case, in memory.

A torn last line is not damage: it is an interrupted save, which the log format ignores.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.atomic import atomic_write_bytes, fsync_folder
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import (
    CASE_SUFFIX,
    FILE_TIME_PATTERN,
    StoreLayout,
    file_time,
    now,
)
from desktop_app.storage.log.permissions import private_folder

NOTE_SUFFIX = ".json"
#: A quarantined file re-sealed whole by a re-encoding (see reencode.py): its content is the
#: original bytes, sealed by the store's codec like a conflict file.
SEALED_SUFFIX = ".sealed"
_NAME = re.compile(
    rf"^(?P<id>.+)--(?P<time>{FILE_TIME_PATTERN})(?P<suffix>{re.escape(CASE_SUFFIX)}|"
    rf"{re.escape(SEALED_SUFFIX)})$"
)


@dataclass(frozen=True)
class DamagedCase:
    """A case whose file cannot be read: set aside, not in the case list.

    ``path`` is where its damaged bytes are now (``store/quarantine/...``, or still
    ``store/cases/<id>.log`` when the store could not move it, e.g. read-only); ``line`` is the
    1-based line of the damage (None for a whole-file problem); ``reason`` says what is wrong,
    in English. ``reference`` and ``revision`` are the case's as last known (None if unknown).
    """

    case_id: str
    path: Path
    line: int | None
    reason: str
    found_at: str
    reference: str | None = None
    revision: int | None = None
    quarantined: bool = True

    def error(self) -> StoreCorruptError:
        where = "was set aside" if self.quarantined else "is set aside (in memory only)"
        return StoreCorruptError(
            self.path,
            f"{self.reason}; case {self.case_id!r} {where}, and its damaged bytes are kept as "
            "they were",
            line=self.line,
            case_id=self.case_id,
        )


def note_aad(name: str) -> bytes:
    return f"quarantine/{name}".encode()


def set_aside(
    layout: StoreLayout,
    codec: Codec,
    case_id: str,
    damage: StoreCorruptError,
    known: dict[str, Any] | None,
) -> DamagedCase:
    """Move the damaged file of ``case_id`` to quarantine/ with its note (under the store
    lock); return what :func:`listed` will say of it. Raises OSError if it could not be
    moved; the file is then where it was, and no note is left."""
    private_folder(layout.quarantine, parents=False)
    stem = f"{case_id}--{file_time()}"
    target = layout.quarantine / f"{stem}{CASE_SUFFIX}"
    note_path = layout.quarantine / f"{stem}{NOTE_SUFFIX}"
    found_at = now()
    reference = known.get("reference") if known else None
    revision = known.get("revision") if known else None
    note = {
        "case": case_id,
        "file": f"cases/{case_id}{CASE_SUFFIX}",
        "line": damage.line,
        "reason": damage.problem,
        "found_at": found_at,
        "reference": reference,
        "revision": revision,
    }
    text = json.dumps(note, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        atomic_write_bytes(note_path, codec.seal(text, note_aad(note_path.name)))
        noted = True
    except OSError:
        noted = False  # a full disk: the move needs no space, and matters more than the note
    try:
        os.replace(layout.case(case_id), target)
    except OSError:
        if noted:
            note_path.unlink(missing_ok=True)
        raise
    fsync_folder(layout.cases)
    fsync_folder(layout.quarantine)
    return DamagedCase(case_id, target, damage.line, damage.problem, found_at,
                       reference if isinstance(reference, str) else None,
                       revision if isinstance(revision, int) else None)


def listed(layout: StoreLayout, codec: Codec) -> list[DamagedCase]:
    """Every file in quarantine/, oldest first (several per case if it was damaged again)."""
    try:
        names = sorted(os.listdir(layout.quarantine))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found: list[DamagedCase] = []
    for name in names:
        match = _NAME.match(name)
        if match is None:
            continue
        stem = name[: -len(match["suffix"])]
        note = _read_note(layout.quarantine / f"{stem}{NOTE_SUFFIX}", codec)
        line = note.get("line")
        reference = note.get("reference")
        revision = note.get("revision")
        found.append(DamagedCase(
            match["id"],
            layout.quarantine / name,
            line if isinstance(line, int) and not isinstance(line, bool) else None,
            str(note.get("reason") or "it could not be read (its note is missing or damaged)"),
            str(note.get("found_at") or match["time"]),
            reference if isinstance(reference, str) else None,
            revision if isinstance(revision, int) and not isinstance(revision, bool) else None,
        ))
    return found


def _read_note(path: Path, codec: Codec) -> dict[str, Any]:
    try:
        note = json.loads(codec.open(path.read_bytes(), note_aad(path.name)))
    except Exception:  # missing, damaged, or sealed with another key: the file says enough
        return {}
    return note if isinstance(note, dict) else {}


def folder_key(layout: StoreLayout) -> tuple[int, int] | None:
    """What tells whether quarantine/ changed (its inode and mtime); None if there is none."""
    try:
        st = os.stat(layout.quarantine)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_mtime_ns)
