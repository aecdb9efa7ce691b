"""Where the store keeps what, its ``meta.json`` with the schema version, and its timestamps.

Layout of ``<workspace>/store/``::

    meta.json            {"schema_version": 1, ...}; a newer version is refused untouched
    .lock                the write lock (filelock); held for every change
    .pending             id of the case being changed; a leftover means its writer died
    index.json           TinyDB, table "cases": one summary per case (a cache)
    cases/<id>.json      TinyDB, table "revisions": every save of one case (the truth)
    conflicts/<id>-r<base>-<time>.json   a save refused as a conflict, kept for the user
    trash/<id>--<time>.json              a deleted case file, as it was
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.storage.atomic import atomic_write_bytes
from desktop_app.storage.errors import StoreCorruptError, StoreVersionError

SCHEMA_VERSION = 1
STORE_FOLDER = "store"


@dataclass(frozen=True)
class StoreLayout:
    root: Path

    @classmethod
    def of_workspace(cls, workspace: Path | str) -> StoreLayout:
        return cls(Path(workspace) / STORE_FOLDER)

    @property
    def meta(self) -> Path:
        return self.root / "meta.json"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    @property
    def pending(self) -> Path:
        return self.root / ".pending"

    @property
    def index(self) -> Path:
        return self.root / "index.json"

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def conflicts(self) -> Path:
        return self.root / "conflicts"

    @property
    def trash(self) -> Path:
        return self.root / "trash"

    def case(self, case_id: str) -> Path:
        return self.cases / f"{case_id}.json"

    @property
    def folders(self) -> tuple[Path, ...]:
        return (self.root, self.cases, self.conflicts, self.trash)


def now() -> str:
    """An ISO timestamp in UTC, as revisions record it."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def file_time() -> str:
    """A timestamp for file names: sortable, and without ':' (not allowed on Windows)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


FILE_TIME_PATTERN = r"\d{8}T\d{12}Z"


def read_meta(path: Path) -> dict[str, Any] | None:
    """The store's meta.json, checked; None when the store has none yet."""
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
            "open it; nothing was changed."
        )
    checked: dict[str, Any] = meta
    return checked


def write_meta(path: Path) -> None:
    meta = {"schema_version": SCHEMA_VERSION, "created_at": now(), "created_by": "commdraft"}
    atomic_write_bytes(path, json.dumps(meta, indent=2).encode("utf-8"))
