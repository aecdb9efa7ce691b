"""Crash-safe file replacement: after a kill or power loss a file is either old or new, never torn.

The new content goes to a temp file in the same folder (so the rename stays on one file
system), is flushed and fsynced, then renamed over the target; the folder is fsynced so the
rename itself survives a power loss. A write interrupted before the rename leaves only a temp
file, which :func:`cleanup_leftovers` recognises by its name and removes.

The temp file, and so the new file, is ``0600`` (see permissions.py) unless ``mode`` says
otherwise: store files and case exports hold confidential letters.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from desktop_app.storage.log.permissions import PRIVATE_FILE, open_private

#: ``.<target name>.<16 hex>.tmp``: hidden, and distinct from any file the store writes itself.
_TEMP_RE = re.compile(r"^\..+\.[0-9a-f]{16}\.tmp$")

# On Windows a replace fails while another process has the target open (a reader, an
# antivirus scanner); the handle is short-lived, so retry briefly before giving up.
_REPLACE_ATTEMPTS = 10 if sys.platform == "win32" else 1
_REPLACE_PAUSE = 0.05


def temp_name(target: str) -> str:
    return f".{target}.{secrets.token_hex(8)}.tmp"


def is_leftover(name: str) -> bool:
    """Whether ``name`` is a temp file of :func:`atomic_write_bytes`."""
    return bool(_TEMP_RE.match(name))


def atomic_write_bytes(path: Path | str, data: bytes, *, mode: int = PRIVATE_FILE) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves old or new content.

    The new file is ``mode`` (0600 by default) whatever the umask; pass e.g. ``0o644`` for a
    file meant to be shared."""
    _atomic_write(Path(path), mode, lambda handle: handle.write(data))


def atomic_copy(source: Path | str, target: Path | str) -> None:
    """Replace ``target`` with a copy of the bytes of ``source`` (0600), as atomically as
    :func:`atomic_write_bytes`; FileNotFoundError if ``source`` is missing."""
    with open(source, "rb") as fin:
        _atomic_write(Path(target), PRIVATE_FILE,
                      lambda handle: shutil.copyfileobj(fin, handle, 1 << 20))


def _atomic_write(path: Path, mode: int, fill: Callable[[BinaryIO], object]) -> None:
    temp = path.with_name(temp_name(path.name))
    # O_EXCL: never write through a file someone else created under the same random name.
    fd = open_private(temp, os.O_WRONLY | os.O_EXCL)
    try:
        if mode != PRIVATE_FILE and os.name == "posix":
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(temp, path)
    except BaseException:
        # Also on KeyboardInterrupt: the temp file must not outlive a failed write.
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    fsync_folder(path.parent)


def _replace(source: Path, target: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE)


def fsync_folder(folder: Path | str) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems (and network shares) refuse fsync on a folder; the rename has
        # still happened, only its durability across a power loss is up to the OS.
        pass
    finally:
        os.close(fd)


def cleanup_leftovers(folder: Path | str) -> list[Path]:
    """Remove temp files left by interrupted writes in ``folder``; return what was removed.

    Call it only while holding the store's write lock: a live writer's temp file is
    indistinguishable from a dead one's.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if is_leftover(entry.name) and remove_leftover(entry):
            removed.append(Path(entry.path))
    return removed


def remove_leftover(entry: os.DirEntry[str]) -> bool:
    """Remove the temp file ``entry`` (found by :func:`is_leftover`), if it is a file still
    there; under the store's write lock only (see :func:`cleanup_leftovers`)."""
    if not entry.is_file(follow_symlinks=False):
        return False
    try:
        os.unlink(entry.path)
    except FileNotFoundError:
        return False
    return True


def move_file(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` and sync both folders."""
    os.replace(source, target)
    fsync_folder(target.parent)
    fsync_folder(source.parent)


def move_back(source: Path, target: Path) -> None:
    """Undo a move whose index update failed; if even that fails the .pending marker stays,
    and the next writer makes the index match wherever the file is."""
    try:
        move_file(source, target)
    except OSError:
        pass


def write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
