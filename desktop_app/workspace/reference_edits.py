"""A workspace's own reference data: holders, mandates and clauses the user adds.

They are written to ``<workspace>/reference/<file>.json`` and merged over the packaged data at
load (see ``desktop_app.reference.loader.overlay_file``): the packaged files are never edited,
and an update of them never overwrites what the user added. Each change is validated by
loading the merged data before it is kept; a change that does not load is undone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CommdraftError
from desktop_app.reference import ReferenceData, clear_reference_cache, load_reference
from desktop_app.storage import atomic_write_bytes

FILES = {"mandate": "mandates.json", "clause": "clauses.json", "question": "questions.json"}


def _read_list(path: Path) -> list[Any]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommdraftError(f"{path}: cannot be read ({exc}); fix or remove it") from None
    if not isinstance(data, list):
        raise CommdraftError(f"{path}: must be a list of entries")
    return data


def _write_list(path: Path, entries: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def upsert_entry(folder: Path, kind: str, entry: dict[str, Any]) -> ReferenceData:
    """Add or update one entry of the workspace's own data; returns the reloaded data."""
    if kind not in FILES:
        raise CommdraftError(f"unknown kind of reference data {kind!r}")
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise CommdraftError(f"a {kind} entry is a JSON object with an \"id\"")
    path = folder / FILES[kind]
    before = path.read_bytes() if path.exists() else None
    current = _read_list(path)

    def same(e: Any) -> bool:
        return isinstance(e, dict) and e.get("id") == entry["id"]

    entries = [e for e in current if not same(e)]
    old = next((e for e in current if same(e)), None)
    if old is not None:
        from desktop_app.reference.loader import overlay_entry

        entry = overlay_entry(old, entry)
    _write_list(path, [*entries, entry])
    return _reload_or_undo(folder, path, before, kind)


def add_holder(folder: Path, mandate_id: str, name: str, gender: str, start: date,
               end: date | None = None) -> ReferenceData:
    """Record who holds (or held) a mandate, e.g. a Working Group's new Chair."""
    if mandate_id not in load_reference(folder if folder.is_dir() else None).mandates:
        raise CommdraftError(f"unknown mandate {mandate_id!r}; see `commdraft mandates`")
    holder = {"name": name, "gender": gender, "from": start.isoformat(),
              "to": end.isoformat() if end else None}
    return upsert_entry(folder, "mandate", {"id": mandate_id, "holders": [holder]})


def _reload_or_undo(folder: Path, path: Path, before: bytes | None, kind: str) -> ReferenceData:
    clear_reference_cache()
    data = load_reference(folder)
    try:
        getattr(data, FILES[kind].removesuffix(".json"))
    except CommdraftError:
        if before is None:
            path.unlink()
        else:
            atomic_write_bytes(path, before)
        clear_reference_cache()
        raise
    return data
