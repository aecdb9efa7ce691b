"""Backups of a store: ``store/backups/<time>/``, whole copies of the store's files.

A backup is written into ``backups/.partial-<time>/`` and renamed to ``<time>`` only when
every file is in it and synced: an interrupted backup is never mistaken for one (its folder is
removed by a later backup or open). The store lock is held only to list the files, not to
copy them (see :func:`copy_store`). The newest ``keep_backups`` (meta.json, default 10) are
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
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.notices import Notice
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
DELETING = ".deleting-"
#: A partial backup folder older than this is an interrupted backup, not one in progress.
PARTIAL_MAX_AGE = 3600.0
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


#: A snapshot entry: (path relative to the store root, size, inode) when it was taken.
Snapshot = list[tuple[Path, int, int]]


def snapshot(root: Path) -> Snapshot:
    """The store files and their sizes now; taken under the lock, copied after it."""
    found: Snapshot = []
    for relative in store_files(root):
        try:
            st = os.stat(root / relative)
        except FileNotFoundError:
            continue
        found.append((relative, st.st_size, st.st_ino))
    return found


def copy_file(source: Path, target: Path, size: int | None) -> bool:
    """Copy ``source`` (its first ``size`` bytes; all if None) to the new file ``target``;
    False if the source is gone."""
    try:
        fin = open(source, "rb")  # noqa: SIM115  (closed by the with below)
    except FileNotFoundError:
        return False
    with fin, open(target, "xb") as fout:
        if size is None:
            shutil.copyfileobj(fin, fout, 1 << 20)
        else:
            while size > 0:
                chunk = fin.read(min(size, 1 << 20))
                if not chunk:
                    break
                fout.write(chunk)
                size -= len(chunk)
    return True


def _make_durable(target: Path, copied: list[Path]) -> None:
    """A backup that a power loss can empty is no backup. One sync() of everything is far
    faster than an fsync per file (10,000 case files: 3 s against 10 s here)."""
    if hasattr(os, "sync"):
        os.sync()
    else:  # Windows
        for path in copied:
            with open(path, "rb+") as handle:
                os.fsync(handle.fileno())
    for folder in _FOLDERS:
        fsync_folder(target / folder)
    fsync_folder(target)


def copy_store(source: Path, target: Path, files: Snapshot | None = None) -> int:
    """Copy the store files of ``source`` (as listed by ``files``, default all of them now)
    into the new folder ``target``; return the number of files copied.

    With a snapshot taken under the lock, the copy needs no lock: logs only grow, so the
    first ``size`` bytes of a file are what it held at the snapshot. A file replaced since
    (a compacted index) is copied whole, and one gone (a case deleted since) is left out.
    """
    target.mkdir()
    for folder in _FOLDERS:
        (target / folder).mkdir()
    copied: list[Path] = []
    for relative, size, inode in files if files is not None else snapshot(source):
        path = source / relative
        try:
            same = os.stat(path).st_ino == inode
        except FileNotFoundError:
            continue
        if copy_file(path, target / relative, size if same else None):
            copied.append(target / relative)
    _make_durable(target, copied)
    return len(copied)


def make_backup(
    layout: StoreLayout,
    *,
    keep: int,
    reason: str,
    hold: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> Path:
    """Back the store up and drop the oldest backups beyond ``keep``; return the new one.

    ``hold`` takes the store lock; it is held only to list the files and to prune, not while
    copying (seconds at 10,000 cases), so other windows go on saving meanwhile. A caller that
    already holds the lock (a migration) passes the default.
    """
    with hold():
        layout.backups.mkdir(exist_ok=True)
        remove_partials(layout)
        files = snapshot(layout.root)
    name = file_time()
    partial = layout.backups / f"{PARTIAL}{name}"
    try:
        copy_store(layout.root, partial, files)
        note = {"created": now(), "cases": count_cases(partial), "reason": reason}
        atomic_write_bytes(partial / NOTE, json.dumps(note, indent=2).encode("utf-8"))
        final = layout.backups / name
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    fsync_folder(layout.backups)
    with hold():
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
        doomed = old.path.with_name(f"{DELETING}{old.path.name}")
        try:
            os.replace(old.path, doomed)
        except FileNotFoundError:
            continue  # pruned by another process
        shutil.rmtree(doomed, ignore_errors=True)


def remove_partials(layout: StoreLayout) -> None:
    """Remove what interrupted backups and prunes left (under the store lock). A backup
    copies without the lock, so a partial folder is only taken for dead once it is older
    than any backup takes."""
    try:
        entries = list(os.scandir(layout.backups))
    except FileNotFoundError:
        return
    stale = time.time() - PARTIAL_MAX_AGE
    for entry in entries:
        if entry.name.startswith(DELETING) or (
            entry.name.startswith(PARTIAL) and entry.stat().st_mtime < stale
        ):
            shutil.rmtree(entry.path, ignore_errors=True)


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
        coded = Notice("store.no_backup")
    else:
        advice = (
            f". Nothing was changed. The newest backup is {newest.describe(layout)}: "
            "restoring it keeps the damaged store beside it as store.damaged-<time>"
        )
        coded = Notice("store.backup_available", {
            "backup": layout.display(newest.path), "made": newest.created.isoformat(),
            "count": newest.cases})
    return damage.with_backup(newest, advice, [coded])
