"""Replacing a whole store folder: restoring a backup, re-encoding (encrypting) a store.

The new store is built beside the old one in ``<workspace>/.store.staged-<time>/``; a
``.complete`` file written last says it is whole and what to call the old store. Then, under
the old store's lock: its ``backups/`` moves into the new folder (backups outlive a restore),
``store`` is renamed to the old name, and the new folder to ``store``.

A crash before ``.complete`` leaves a staged folder that the next open removes. A crash after
it is finished by the next open (:func:`recover`), even between the two renames, when there is
no ``store`` folder at all: a restore the user asked for is never half done.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import nullcontext
from pathlib import Path

from desktop_app.storage.errors import StoreError
from desktop_app.storage.log.atomic import atomic_write_bytes, fsync_folder
from desktop_app.storage.log.faults import writing
from desktop_app.storage.log.layout import StoreLayout, file_time
from desktop_app.storage.log.locking import StoreLock
from desktop_app.storage.maintenance.backups import copy_store, list_backups

STAGED = ".store.staged-"
OLD = ".store.old-"
DAMAGED = "store.damaged-"
COMPLETE = ".complete"


def new_staged_folder(layout: StoreLayout) -> Path:
    return layout.workspace / f"{STAGED}{file_time()}"


def mark_complete(staged: Path, *, old_name: str, delete_old: bool) -> None:
    note = {"old": old_name, "delete_old": delete_old}
    atomic_write_bytes(staged / COMPLETE, json.dumps(note).encode("utf-8"))


def switch(layout: StoreLayout, staged: Path) -> Path:
    """Put the complete ``staged`` store in place of the current one (whose lock the caller
    holds, if it exists); return where the old store went."""
    note = json.loads((staged / COMPLETE).read_text(encoding="utf-8"))
    old = layout.workspace / note["old"]
    if layout.root.exists():
        if layout.backups.exists() and not (staged / "backups").exists():
            os.replace(layout.backups, staged / "backups")
        os.replace(layout.root, old)
    try:
        os.replace(staged, layout.root)
    except FileNotFoundError:
        if not layout.root.exists():
            raise
        # Another process's recover() made this very rename while we were between ours.
    (layout.root / COMPLETE).unlink(missing_ok=True)
    fsync_folder(layout.workspace)
    if note["delete_old"]:
        shutil.rmtree(old, ignore_errors=True)
    return Path(old)


def _leftovers(workspace: Path) -> tuple[list[Path], list[Path]]:
    try:
        names = sorted(os.listdir(workspace))
    except FileNotFoundError:
        return [], []
    staged = [workspace / n for n in names if n.startswith(STAGED)]
    old = [workspace / n for n in names if n.startswith(OLD)]
    return staged, old


def recover(layout: StoreLayout, lock_timeout: float) -> None:
    """Finish or clear what an interrupted restore or re-encode left (one listdir if none)."""
    staged, old = _leftovers(layout.workspace)
    if not staged and not old:
        return
    complete = [s for s in staged if (s / COMPLETE).exists()]
    if complete and not layout.meta.exists():
        _finish_without_store(layout, complete[-1], lock_timeout)
    if not layout.root.exists():
        return
    with StoreLock(layout.lock, lock_timeout):
        staged, old = _leftovers(layout.workspace)  # again: another process may have worked
        for folder in staged:
            if (folder / COMPLETE).exists():
                switch(layout, folder)  # the user asked for it: roll forward
            else:
                shutil.rmtree(folder, ignore_errors=True)  # never finished staging
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)


def _finish_without_store(layout: StoreLayout, staged: Path, lock_timeout: float) -> None:
    """The crash fell between the two renames: there is no store, only the staged one."""
    try:
        os.replace(staged, layout.root)  # also replaces an empty folder
    except FileNotFoundError:
        return  # another process finished it
    except OSError:
        # ``store`` exists but holds no meta.json: the shell a waiting lock created. Move it
        # aside under its own lock, then put the staged store in.
        with StoreLock(layout.lock, lock_timeout):
            if layout.meta.exists():
                return
            os.replace(layout.root, layout.workspace / f"{OLD}{file_time()}")
            os.replace(staged, layout.root)
    (layout.root / COMPLETE).unlink(missing_ok=True)
    fsync_folder(layout.workspace)


def restore_backup(
    workspace: Path | str, backup: Path | None = None, *, lock_timeout: float = 10.0
) -> Path:
    """Put a backup (by default the newest) in place of the store, which is moved to
    ``store.damaged-<time>/`` beside it and never deleted; return that folder.

    Works when the store cannot be opened (damaged files, damaged meta.json). The store's
    backups stay with the restored store.
    """
    layout = StoreLayout.of_workspace(workspace)
    if backup is None:
        backups = list_backups(layout)
        if not backups:
            raise StoreError(f"there is no backup in {layout.backups} to restore",
                             code="store.no_backups", params={"folder": str(layout.backups)})
        backup = backups[0].path
    backup = Path(backup)
    if not (backup / "meta.json").is_file():
        raise StoreError(f"{backup} is not a store backup (it has no meta.json)",
                         code="store.not_a_backup", params={"file": str(backup)})
    lock = StoreLock(layout.lock, lock_timeout) if layout.root.exists() else nullcontext()
    with writing(layout, "restore the backup"), lock:
        staged = new_staged_folder(layout)
        try:
            copy_store(backup, staged)
            mark_complete(staged, old_name=f"{DAMAGED}{file_time()}", delete_old=False)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        return switch(layout, staged)
