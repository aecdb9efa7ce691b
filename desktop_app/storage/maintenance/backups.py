"""Backups of a store: ``store/backups/<time>/``, whole copies of the store's files.

A backup is written into ``backups/.partial-<time>/`` and renamed to ``<time>`` only when
every file is in it and synced: an interrupted backup is never mistaken for one. The process
making it holds ``backups/.partial-<time>.lock`` (an OS lock, released when it dies), so the
next open or backup removes the folder of an interrupted one at once, and never one still being
written. The store lock is held only to list the files, not to copy them (see
:func:`copy_store`). The newest ``keep_backups`` (meta.json, default 10) are
kept. Files are copied as they are on disk, so an encrypted store's backups are encrypted and
its lines stay bound to the same names (``cases/x.log`` in the store is ``cases/x.log`` in the
backup). ``backup.json`` in each says when it was made, of how many cases and why.

Restoring (:func:`restore_backup`) lives in ``swap.py``: it replaces the whole store folder;
restoring one case (:func:`find_case_copy`) in ``FileCaseStore.restore_case``. Empty case files
(a first save that failed) are not copied, and damaged cases set aside (quarantine/) are not
part of a backup: the newest backup holding a readable copy of such a case is kept beyond
``keep_backups`` (see :func:`prune`).
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

from filelock import FileLock, Timeout

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.atomic import atomic_write_bytes, fsync_folder, is_leftover
from desktop_app.storage.log.casefile import CaseLog
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import (
    CASE_SUFFIX,
    FILE_TIME_PATTERN,
    StoreLayout,
    file_time,
    now,
    parse_file_time,
)
from desktop_app.storage.log.permissions import PRIVATE_FILE, open_private, private_folder

NOTE = "backup.json"
PARTIAL = ".partial-"
DELETING = ".deleting-"
#: The lock its maker holds on a partial backup: ``.partial-<time>.lock``.
CLAIM_SUFFIX = ".lock"
#: A partial backup folder without a lock (made by an older commdraft) is taken for an
#: interrupted backup, not one in progress, once older than this.
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
    """The store files and their sizes now; taken under the lock, copied after it. An empty
    case file (a first save that failed, or a crash before its first line) holds no case and
    is left out."""
    found: Snapshot = []
    for relative in store_files(root):
        try:
            st = os.stat(root / relative)
        except FileNotFoundError:
            continue
        if st.st_size == 0 and relative.parts[0] == "cases":
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
    with fin, os.fdopen(open_private(target, os.O_WRONLY | os.O_EXCL), "wb") as fout:
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
    if not private_folder(target, parents=False):
        raise FileExistsError(f"{target} exists")
    for folder in _FOLDERS:
        private_folder(target / folder, parents=False)
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
    protect: Callable[[], set[Path]] = set,
) -> Path:
    """Back the store up and drop the oldest backups beyond ``keep`` (but those in
    ``protect()``, called under the lock); return the new one.

    ``hold`` takes the store lock; it is held only to list the files and to prune, not while
    copying (seconds at 10,000 cases), so other windows go on saving meanwhile. A caller that
    already holds the lock (a migration) passes the default.
    """
    with hold():
        private_folder(layout.backups, parents=False)
        remove_partials(layout)
        files = snapshot(layout.root)
        name = file_time()
        partial = layout.backups / f"{PARTIAL}{name}"
        claim = _claim(partial)  # under the store lock: no remover sees the folder unclaimed
    try:
        copy_store(layout.root, partial, files)
        note = {"created": now(), "cases": count_cases(partial), "reason": reason}
        atomic_write_bytes(partial / NOTE, json.dumps(note, indent=2).encode("utf-8"))
        final = layout.backups / name
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        _unclaim(claim)
    fsync_folder(layout.backups)
    with hold():
        prune(layout, keep, protect())
    return final


def _claim_path(partial: Path) -> Path:
    return partial.with_name(partial.name + CLAIM_SUFFIX)


def _lock(path: Path) -> FileLock:
    return FileLock(str(path), timeout=0, mode=PRIVATE_FILE, thread_local=False)


def _claim(partial: Path) -> FileLock:
    """Hold the OS lock that says ``partial`` is being written (taken before it exists)."""
    lock = _lock(_claim_path(partial))
    lock.acquire()
    return lock


def _unclaim(lock: FileLock) -> None:
    lock.release(force=True)
    try:
        os.unlink(lock.lock_file)
    except OSError:
        pass  # removed meanwhile by remove_partials, which took the released lock


def _is_claimed(partial: Path) -> bool | None:
    """Whether a live process is writing ``partial``; None when it has no claim file (an
    older commdraft's backup). A claim found dead is taken, and kept by the caller's
    remove."""
    claim = _claim_path(partial)
    if not claim.exists():
        return None
    lock = _lock(claim)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return True  # cannot tell (e.g. the lock file cannot be opened): leave it
    lock.release(force=True)
    return False


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


def prune(layout: StoreLayout, keep: int, protect: set[Path] | frozenset[Path] = frozenset()) -> None:
    """Remove the backups beyond the newest ``keep``, but those in ``protect``."""
    for old in list_backups(layout)[keep:]:
        if old.path in protect:
            continue
        # Renamed first: a crash while deleting leaves a leftover, not a half backup.
        doomed = old.path.with_name(f"{DELETING}{old.path.name}")
        try:
            os.replace(old.path, doomed)
        except FileNotFoundError:
            continue  # pruned by another process
        shutil.rmtree(doomed, ignore_errors=True)


def remove_partials(layout: StoreLayout) -> list[Path]:
    """Remove what interrupted backups and prunes left (under the store lock); return what
    was removed. A backup copies without the store lock, but holds a lock of its own on its
    partial folder while it does: a folder whose lock is free was left by a process that
    died. One without a lock file is taken for dead once older than any backup takes."""
    try:
        entries = list(os.scandir(layout.backups))
    except FileNotFoundError:
        return []
    stale = time.time() - PARTIAL_MAX_AGE
    removed: list[Path] = []
    for entry in entries:
        name = entry.name
        if name.startswith(DELETING):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
        elif name.startswith(PARTIAL) and not name.endswith(CLAIM_SUFFIX):
            claimed = _is_claimed(Path(entry.path))
            try:
                dead = claimed is False or (claimed is None and entry.stat().st_mtime < stale)
            except FileNotFoundError:
                continue
            if dead:
                shutil.rmtree(entry.path, ignore_errors=True)
                _claim_path(Path(entry.path)).unlink(missing_ok=True)
                removed.append(Path(entry.path))
        elif name.startswith(PARTIAL) and name.endswith(CLAIM_SUFFIX):
            folder = Path(entry.path[: -len(CLAIM_SUFFIX)])
            if not folder.exists() and _is_claimed(folder) is False:
                Path(entry.path).unlink(missing_ok=True)  # its backup finished or never began
    return removed


@dataclass(frozen=True)
class CaseCopy:
    """A readable copy of one case in a backup: its file and its latest revision."""

    backup: BackupInfo
    path: Path
    revision: int
    saved_at: str
    record: dict[str, Any]


def find_case_copy(layout: StoreLayout, codec: Codec, case_id: str) -> CaseCopy | None:
    """The newest backup's readable copy of ``case_id`` (newest backup first); None if none
    has one. Each copy is read whole and checked, as the store reads a case."""
    for info in list_backups(layout):
        path = info.path / "cases" / f"{case_id}{CASE_SUFFIX}"
        try:
            latest = CaseLog(path, case_id, codec).latest()
        except (StoreCorruptError, OSError):
            continue
        if latest is not None:
            return CaseCopy(info, path, latest["revision"], latest["saved_at"], latest["record"])
    return None
