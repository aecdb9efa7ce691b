"""Backups of a store: ``store/backups/<time>/``, whole copies of the store's files.

A backup is written into ``backups/.partial-<time>/`` and renamed to ``<time>`` only when
every file is in it and synced: an interrupted backup is never mistaken for one (its folder is
removed by the next backup or open). The newest ``keep_backups`` (meta.json, default 10) are
kept. Files are copied as they are on disk, so an encrypted store's backups are encrypted and
its lines stay bound to the same names (``cases/x.log`` in the store is ``cases/x.log`` in the
backup). ``backup.json`` in each says when it was made, of how many cases and why.

Restoring (:func:`restore_backup`) lives in ``swap.py``: it replaces the whole store folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.storage.atomic import atomic_write_bytes, fsync_folder, is_leftover
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.layout import (
    CASE_SUFFIX,
    FILE_TIME_PATTERN,
    StoreLayout,
    file_time,
    now,
    parse_file_time,
)

NOTE = "backup.json"
PARTIAL = ".partial-"
_NAME = re.compile(FILE_TIME_PATTERN)
#: Top-level files of a store that a backup holds (index.json and *.json cases: schema 1).
_TOP_FILES = ("meta.json", "index.log", "index.json")
_FOLDERS = ("cases", "conflicts", "trash")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC
    cases: int

    def describe(self, layout: StoreLayout) -> str:
        return (
            f"{layout.display(self.path)} (made {self.created:%Y-%m-%d %H:%M} UTC, "
            f"{self.cases} case{'s' if self.cases != 1 else ''})"
        )


def store_files(root: Path) -> Iterator[Path]:
    """The files of the store at ``root`` worth keeping, relative to it: not the lock, the
    markers, temp files, damaged copies or the backups themselves."""
    for name in _TOP_FILES:
        if (root / name).is_file():
            yield Path(name)
    for folder in _FOLDERS:
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and not is_leftover(entry.name):
                yield Path(folder) / entry.name


def count_cases(root: Path) -> int:
    try:
        names = os.listdir(root / "cases")
    except FileNotFoundError:
        return 0
    return sum(
        1 for n in names if not n.startswith(".") and n.endswith((CASE_SUFFIX, ".json"))
    )


def copy_file(source: Path, target: Path) -> None:
    """Copy with fsync: a backup that a power loss can empty is no backup."""
    with open(source, "rb") as fin, open(target, "xb") as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)
        fout.flush()
        os.fsync(fout.fileno())


def copy_store(source: Path, target: Path) -> int:
    """Copy the store files of ``source`` into the new folder ``target``; return the number
    of files. Folders are fsynced so the copies' names survive a power loss too."""
    target.mkdir()
    for folder in _FOLDERS:
        (target / folder).mkdir()
    count = 0
    for relative in store_files(source):
        copy_file(source / relative, target / relative)
        count += 1
    for folder in _FOLDERS:
        fsync_folder(target / folder)
    fsync_folder(target)
    return count


def make_backup(layout: StoreLayout, *, keep: int, reason: str) -> Path:
    """Back the store up (the caller holds the store lock) and drop the oldest beyond
    ``keep``; return the backup's folder."""
    layout.backups.mkdir(exist_ok=True)
    remove_partials(layout)
    name = file_time()
    partial = layout.backups / f"{PARTIAL}{name}"
    try:
        copy_store(layout.root, partial)
        note = {"created": now(), "cases": count_cases(partial), "reason": reason}
        atomic_write_bytes(partial / NOTE, json.dumps(note, indent=2).encode("utf-8"))
        final = layout.backups / name
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    fsync_folder(layout.backups)
    prune(layout, keep)
    return final


def list_backups(where: StoreLayout | Path | str) -> list[BackupInfo]:
    """Complete backups of a store (its layout, or its workspace folder), newest first."""
    layout = where if isinstance(where, StoreLayout) else StoreLayout.of_workspace(where)
    try:
        names = [n for n in os.listdir(layout.backups) if _NAME.fullmatch(n)]
    except FileNotFoundError:
        return []
    found: list[BackupInfo] = []
    for name in sorted(names, reverse=True):
        path = layout.backups / name
        try:
            note = json.loads((path / NOTE).read_text(encoding="utf-8"))
            created = datetime.fromisoformat(note["created"])
            cases = int(note["cases"])
        except (OSError, ValueError, KeyError, TypeError):
            created, cases = parse_file_time(name), count_cases(path)
        found.append(BackupInfo(path, created, cases))
    return found


def newest_backup(layout: StoreLayout) -> BackupInfo | None:
    backups = list_backups(layout)
    return backups[0] if backups else None


def prune(layout: StoreLayout, keep: int) -> None:
    for old in list_backups(layout)[keep:]:
        # Renamed first: a crash while deleting leaves a leftover, not a half backup.
        doomed = old.path.with_name(f"{PARTIAL}{old.path.name}")
        os.replace(old.path, doomed)
        shutil.rmtree(doomed, ignore_errors=True)


def remove_partials(layout: StoreLayout) -> None:
    """Remove what interrupted backups left (under the store lock: a live backup's folder
    looks the same)."""
    try:
        names = os.listdir(layout.backups)
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(PARTIAL):
            shutil.rmtree(layout.backups / name, ignore_errors=True)


def with_newest_backup(layout: StoreLayout, damage: StoreCorruptError) -> StoreCorruptError:
    """``damage`` saying that nothing was changed, and which backup can be restored."""
    try:
        newest = newest_backup(layout)
    except OSError:
        newest = None
    if newest is None:
        advice = (
            ". Nothing was changed. There is no backup of this store to restore; keep the "
            "workspace as it is and ask for help"
        )
    else:
        advice = (
            f". Nothing was changed. The newest backup is {newest.describe(layout)}: "
            "restoring it keeps the damaged store beside it as store.damaged-<time>"
        )
    return damage.with_backup(newest, advice)
