"""Schema migrations: an ordered registry of ``N -> N+1`` steps, run at open under the lock.

Opening a store of an older schema:

1. checks that every old file can be read (a damaged store is reported, nothing changed);
2. backs the store up (``backups/<time>/``, see backups.py);
3. runs each step from the store's schema up to :data:`SCHEMA_VERSION`. A step writes the new
   files beside the old ones, switches by rewriting ``meta.json`` atomically, and only then
   removes the old files.

A crash before the switch leaves the old store (plus new files that the next attempt simply
writes again); a crash after it leaves the new store plus old files that the next open removes
(:func:`finish`). Either way the store opens, and reopening a migrated store migrates nothing.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.storage.index.documents import summary_document
from desktop_app.storage.index.tables import CASES, index_log
from desktop_app.storage.log.casefile import REVISIONS, check_case_id, stat_key
from desktop_app.storage.log.codec import PLAIN
from desktop_app.storage.log.layout import (
    DEFAULT_KEEP_BACKUPS,
    FILE_TIME_PATTERN,
    SCHEMA_VERSION,
    StoreLayout,
    case_aad,
    now,
    write_meta,
)
from desktop_app.storage.log.logstorage import LogStorage
from desktop_app.storage.maintenance import backups, legacy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    source: int  # the schema it reads; it writes source + 1
    check: Callable[[StoreLayout], None]  # raises StoreCorruptError; writes nothing
    apply: Callable[[StoreLayout, dict[str, Any]], dict[str, Any]]  # returns the new meta
    finish: Callable[[StoreLayout], None]  # removes the old files; safe to run again


# --------------------------------------------------------------------------- 1 -> 2
_V1_TRASH = re.compile(rf"^(?P<id>.+)--(?P<time>{FILE_TIME_PATTERN})\.json$")


def _v1_cases(layout: StoreLayout) -> list[str]:
    names = os.listdir(layout.cases) if layout.cases.exists() else []
    ids = []
    for name in sorted(names):
        if name.endswith(legacy.V1_CASE_SUFFIX) and not name.startswith("."):
            ids.append(check_case_id(name[: -len(legacy.V1_CASE_SUFFIX)]))
    return ids


def _v1_trash(layout: StoreLayout) -> list[tuple[str, str]]:
    names = os.listdir(layout.trash) if layout.trash.exists() else []
    return [(m["id"], name) for name in sorted(names) if (m := _V1_TRASH.match(name))]


def _check_v1(layout: StoreLayout) -> None:
    for case_id in _v1_cases(layout):
        legacy.read_v1_revisions(layout.cases / f"{case_id}.json", case_id)
    for case_id, name in _v1_trash(layout):
        legacy.read_v1_revisions(layout.trash / name, case_id)


def _write_case_log(path: Any, case_id: str, revisions: list[dict[str, Any]]) -> None:
    # Written whole and atomically (not appended): a crashed attempt leaves no half file
    # for the next attempt to trip over.
    storage = LogStorage(path, codec=PLAIN, aad=case_aad(case_id))
    storage.replace_all({REVISIONS: {str(d["revision"]): d for d in revisions}})


def _apply_v1(layout: StoreLayout, meta: dict[str, Any]) -> dict[str, Any]:
    summaries: dict[str, dict[str, Any]] = {}
    for case_id in _v1_cases(layout):
        revisions = legacy.read_v1_revisions(layout.cases / f"{case_id}.json", case_id)
        _write_case_log(layout.case(case_id), case_id, revisions)
        stat = stat_key(layout.case(case_id))
        assert stat is not None
        latest = revisions[-1]
        summaries[case_id] = summary_document(
            latest["record"], saved_at=latest["saved_at"], file_stat=stat
        )
    for case_id, name in _v1_trash(layout):
        revisions = legacy.read_v1_revisions(layout.trash / name, case_id)
        _write_case_log(layout.trash / (name[: -len(".json")] + ".log"), case_id, revisions)
    index_log(layout.index, PLAIN).replace_all({CASES: summaries})
    # Conflicts were pretty JSON in schema 1 and are the same, sealed by the plain codec, now.
    new = {
        **meta,
        "schema_version": 2,
        "keep_backups": meta.get("keep_backups", DEFAULT_KEEP_BACKUPS),
        "migrated_at": now(),
    }
    write_meta(layout.meta, new)  # the switch: from here on the store is schema 2
    return new


def _finish_v1(layout: StoreLayout) -> None:
    for case_id in _v1_cases(layout):
        (layout.cases / f"{case_id}.json").unlink(missing_ok=True)
    for _, name in _v1_trash(layout):
        (layout.trash / name).unlink(missing_ok=True)
    # Last: its presence is what tells finish() that there is something left to remove.
    (layout.root / legacy.V1_INDEX).unlink(missing_ok=True)
    (layout.root / ".pending").unlink(missing_ok=True)  # a schema 1 writer's marker


#: Ordered by source schema; each step's target is the next one's source.
MIGRATIONS: tuple[Migration, ...] = (Migration(1, _check_v1, _apply_v1, _finish_v1),)


def steps_from(version: int) -> list[Migration]:
    steps = [m for m in MIGRATIONS if m.source >= version]
    if [m.source for m in steps] != list(range(version, SCHEMA_VERSION)):
        raise AssertionError(f"no migration path from schema {version} to {SCHEMA_VERSION}")
    return steps


def migrate_locked(layout: StoreLayout, meta: dict[str, Any]) -> dict[str, Any]:
    """Bring the store (whose lock the caller holds) to SCHEMA_VERSION; return its meta."""
    version = meta["schema_version"]
    if version == SCHEMA_VERSION:
        finish(layout)
        return meta
    steps = steps_from(version)
    steps[0].check(layout)  # later steps read what earlier ones write: checked as written
    keep = meta.get("keep_backups", DEFAULT_KEEP_BACKUPS)
    made = backups.make_backup(
        layout, keep=keep, reason=f"before migrating from schema {version} to {SCHEMA_VERSION}"
    )
    log.info("backed up %s to %s before migrating it", layout.root, made)
    for step in steps:
        meta = step.apply(layout, meta)
        step.finish(layout)
    return meta


def finish(layout: StoreLayout) -> None:
    """Remove the old files a migration that crashed after its switch left behind."""
    if (layout.root / legacy.V1_INDEX).exists():
        _finish_v1(layout)
