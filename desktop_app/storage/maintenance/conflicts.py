"""Saves refused as conflicts: kept in ``conflicts/`` so that no edit is ever lost.

The refused record is written whole (pretty JSON, sealed by the store's codec: with the plain
codec a case file a person can read and import again) under
``<id>-r<base revision>-<time>.json``, and the ConflictError says where.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import (
    CaseExistsError,
    ConflictError,
    StoreCorruptError,
    StoreWriteError,
)
from desktop_app.storage.log.atomic import atomic_write_bytes
from desktop_app.storage.log.casefile import copy_record
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.faults import describe, reason_params
from desktop_app.storage.log.layout import StoreLayout, conflict_aad, file_time
from desktop_app.storage.log.quarantine import DamagedCase


def keep(layout: StoreLayout, codec: Codec, mine: dict[str, Any], base: int | None) -> Path:
    """Write the refused record (under the store lock); return its file."""
    stem = f"{mine['id']}-r{base or 0}-{file_time()}"
    kept = layout.conflicts / f"{stem}.json"
    for n in range(2, 1000):  # under the lock, so checking first is race-free
        if not kept.exists():
            break
        kept = layout.conflicts / f"{stem}-{n}.json"
    text = json.dumps(mine, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        atomic_write_bytes(kept, codec.seal(text, conflict_aad(kept.name).encode("utf-8")))
    except OSError as exc:
        raise StoreWriteError(
            f"cannot save case {mine['id']!r}: it was saved elsewhere since revision "
            f"{base}, and your version could not be kept aside either: {describe(exc)} "
            f"({layout.display(kept)}). Nothing was changed; keep your text open and "
            "copy it somewhere safe",
            path=kept,
            errno=exc.errno,
            code="conflict.not_kept",
            params={"case": _label(mine), "revision": base or 0, **reason_params(exc)},
        ) from exc
    return kept


def path_of(layout: StoreLayout, label: str) -> Path:
    """The file a ConflictError's ``kept_as`` names: a plain file name in conflicts/ (anything
    else, a path or ``..``, is refused with ValueError)."""
    if not label or label != Path(label).name or label.startswith(".") or "\\" in label:
        raise ValueError(f"{label!r} is not the label of a kept conflict")
    return layout.conflicts / label


def read(codec: Codec, path: Path) -> dict[str, Any]:
    try:
        data = codec.open(path.read_bytes(), conflict_aad(path.name).encode("utf-8"))
        kept: dict[str, Any] = json.loads(data)
    except OSError:
        raise
    except Exception as exc:
        raise StoreCorruptError(path, f"cannot be read ({exc})") from None
    return kept


def error(
    mine: dict[str, Any],
    base: int | None,
    latest: dict[str, Any] | None,
    kept: Path,
    *,
    trashed: bool,
) -> ConflictError:
    """The error that tells the caller what happened and where its record is."""
    case_id = mine["id"]
    current = copy_record(latest) if latest else None
    details: dict[str, Any] = dict(
        case_id=case_id, base_revision=base, current=current, mine=mine, kept_as=kept.name,
        kept_at=kept,
    )
    label = _label(current or mine)
    if base is None and latest is not None:
        return CaseExistsError(
            f"a case with id {case_id!r} already exists (revision {latest['revision']}, "
            f"saved {latest['saved_at']}); nothing was changed and your record was kept at "
            f"{kept}",
            **details,
            code="case.exists",
            params={"case": case_id, "revision": latest["revision"],
                    "saved": latest["saved_at"]},
        )
    if latest is None:
        gone = "was deleted (it is in the trash)" if trashed else "does not exist"
        return ConflictError(
            f"case {case_id!r} {gone}, so revision {base} cannot be saved over; "
            f"your version was kept at {kept}",
            **details,
            code="conflict.deleted" if trashed else "conflict.gone",
            params={"case": label, "revision": base},
        )
    return ConflictError(
        f"case {case_id!r} was saved elsewhere since you opened it: you edited revision "
        f"{base}, the store has revision {latest['revision']} (saved {latest['saved_at']}). "
        f"Nothing was overwritten; your version was kept at {kept}",
        **details,
        code="conflict.saved_elsewhere",
        params={"case": label, "revision": base, "current": latest["revision"],
                "saved": latest["saved_at"]},
    )


def damaged_error(
    mine: dict[str, Any], base: int | None, kept: Path, damaged: DamagedCase, layout: StoreLayout
) -> ConflictError:
    """A save of a case whose file is damaged and set aside: refused, the record kept."""
    case_id = mine["id"]
    where = layout.display(damaged.path)
    return ConflictError(
        f"case {case_id!r} is damaged and was set aside ({where}), so it cannot be saved "
        f"over; your version was kept at {kept}. Restore the case from a backup, then bring "
        "your version back from the conflicts folder",
        case_id=case_id,
        base_revision=base,
        current=None,
        mine=mine,
        kept_as=kept.name,
        kept_at=kept,
        code="conflict.damaged",
        params={"case": _label(mine), "revision": base or 0, "file": where},
    )


def _label(record: dict[str, Any]) -> str:
    """A case as its user knows it: its reference once it has one, else its id."""
    return str(record.get("reference") or record.get("id") or "?")
