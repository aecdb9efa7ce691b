"""Crash-safe file replacement: after a kill or power loss a file is either old or new, never torn.

The new content goes to a temp file in the same folder (so the rename stays on one file
system), is flushed and fsynced, then renamed over the target; the folder is fsynced so the
rename itself survives a power loss. A write interrupted before the rename leaves only a temp
file, which :func:`cleanup_leftovers` recognises by its name and removes.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import time
from pathlib import Path

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


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves old or new content."""
    path = Path(path)
    temp = path.with_name(temp_name(path.name))
    # O_EXCL: never write through a file someone else created under the same random name.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
        if is_leftover(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            removed.append(Path(entry.path))
    return removed
