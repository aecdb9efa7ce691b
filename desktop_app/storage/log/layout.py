"""Where the store keeps what, its ``meta.json`` with the schema version, and its timestamps.

Layout of ``<workspace>/store/`` (schema 2)::

    meta.json            {"schema_version": 2, "keep_backups": 10, "encryption": {...}?, ...}
                         plain JSON (it says how to unlock the rest); a newer version is refused
    .lock                the write lock (filelock); held for every change
    .lock.owner          pid, host and time of the lock's holder, for "locked by ..." messages
    .pending             id of the case being changed; a leftover means its writer died
    index.log            log (see logstorage.py), table "cases": one summary per case (a cache)
    cases/<id>.log       log, table "revisions": one document per save of the case (the truth)
    conflicts/<id>-r<base>-<time>.json   a save refused as a conflict (sealed JSON)
    trash/<id>--<time>.log               a deleted case's log, moved there as it was
    backups/<time>/      copies of all of the above; backups/.partial-<time>/ while being made
                         (and backups/.partial-<time>.lock, held by the process making it)
    quarantine/<id>--<time>.log   a damaged case file, set aside as it was (quarantine.py),
                                  with its note <id>--<time>.json (sealed JSON)

Folders are 0700 and files 0600 (permissions.py).

Schema 1 had ``index.json`` and ``cases/<id>.json`` (whole-file TinyDB JSON); see
``migrations.py``. Every log line and sealed file is bound to its name relative to the store
root (:func:`case_aad` and friends), which is also its name inside a backup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import StoreCorruptError, StoreVersionError
from desktop_app.storage.log.atomic import atomic_write_bytes

SCHEMA_VERSION = 2
STORE_FOLDER = "store"
DEFAULT_KEEP_BACKUPS = 10
CASE_SUFFIX = ".log"


@dataclass(frozen=True)
class StoreLayout:
    root: Path

    @classmethod
    def of_workspace(cls, workspace: Path | str) -> StoreLayout:
        return cls(Path(workspace) / STORE_FOLDER)

    @property
    def workspace(self) -> Path:
        return self.root.parent

    @property
    def meta(self) -> Path:
        return self.root / "meta.json"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    @property
    def lock_owner(self) -> Path:
        return self.root / ".lock.owner"

    @property
    def pending(self) -> Path:
        return self.root / ".pending"

    @property
    def index(self) -> Path:
        return self.root / "index.log"

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def conflicts(self) -> Path:
        return self.root / "conflicts"

    @property
    def trash(self) -> Path:
        return self.root / "trash"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    def case(self, case_id: str) -> Path:
        return self.cases / f"{case_id}{CASE_SUFFIX}"

    @property
    def folders(self) -> tuple[Path, ...]:
        """Folders a store always has; temp files of interrupted writes are looked for in
        these and in :attr:`quarantine` (made when first needed)."""
        return (self.root, self.cases, self.conflicts, self.trash)

    @property
    def private_folders(self) -> tuple[Path, ...]:
        """Every folder of the store, for making an existing store private."""
        return (*self.folders, self.backups, self.quarantine)

    def display(self, path: Path) -> str:
        """``path`` as a user reads it in a message: relative to the workspace when inside."""
        try:
            return path.relative_to(self.workspace).as_posix()
        except ValueError:
            return str(path)


INDEX_AAD = "index.log"


def case_aad(case_id: str) -> str:
    # The case's own name even when its log sits in trash/ or a backup: moving a case file
    # keeps it readable, but a line cannot be moved into another case's file.
    return f"cases/{case_id}{CASE_SUFFIX}"


def conflict_aad(name: str) -> str:
    return f"conflicts/{name}"


def now() -> str:
    """An ISO timestamp in UTC, as revisions record it."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def file_time() -> str:
    """A timestamp for file names: sortable, and without ':' (not allowed on Windows)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


FILE_TIME_PATTERN = r"\d{8}T\d{12}Z"


def parse_file_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def read_meta(path: Path) -> dict[str, Any] | None:
    """The store's meta.json, checked; None when the store has none yet.

    A newer schema raises StoreVersionError before anything else is looked at or created.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreCorruptError(path, f"is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise StoreCorruptError(path, "is not a JSON object")
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreCorruptError(path, f"has no valid schema_version (got {version!r})")
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"{path} says schema_version {version}, but this commdraft reads up to "
            f"{SCHEMA_VERSION}: the workspace was made by a newer commdraft. Update commdraft to "
            "open it; nothing was changed.",
            params={"version": version, "supported": SCHEMA_VERSION},
        )
    keep = meta.get("keep_backups", DEFAULT_KEEP_BACKUPS)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise StoreCorruptError(path, f"keep_backups must be a number >= 1, not {keep!r}")
    encryption = meta.get("encryption")
    if encryption is not None and not isinstance(encryption, dict):
        raise StoreCorruptError(path, "encryption must be an object")
    checked: dict[str, Any] = meta
    return checked


def new_meta(*, encryption: dict[str, Any] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "created_at": now(),
        "created_by": "commdraft",
        "keep_backups": DEFAULT_KEEP_BACKUPS,
    }
    if encryption is not None:
        meta["encryption"] = encryption
    return meta


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    atomic_write_bytes(path, json.dumps(meta, indent=2, ensure_ascii=False).encode("utf-8"))
