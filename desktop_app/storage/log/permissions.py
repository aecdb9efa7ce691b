"""Confidential by default: what the store creates is for its owner only, whatever the umask.

Folders are created ``0700`` and files ``0600`` (owner read and write, nobody else anything):
the letters in a workspace are confidential until published. The mode is set explicitly after
creating, because a umask only ever takes bits away (a umask of 0277 would leave a file the
owner cannot write). Windows has no such modes (a folder's ACL is inherited from its parent):
there, these functions create what they are asked to and change nothing else.

Existing stores are tightened when opened by their owner (see :func:`tighten`): a folder made
0700 shuts everyone else out of all it holds, so the folders are enough; files are tightened
as the store touches them. A store that belongs to someone else (a colleague's, on a shared
drive) is left as it is.

The workspace layer uses :func:`private_folder` for the workspace root.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
#: Whether the OS has POSIX modes to set.
POSIX = os.name == "posix"
_O_BINARY = getattr(os, "O_BINARY", 0)


def _ours(st: os.stat_result) -> bool:
    return not POSIX or st.st_uid == os.geteuid()


def private_folder(path: Path | str, *, parents: bool = True) -> bool:
    """Create ``path`` (and, with ``parents``, missing parents) as private folders; return
    whether ``path`` was created. An existing folder is left as it is (see :func:`tighten`)."""
    path = Path(path)
    try:
        os.mkdir(path, PRIVATE_FOLDER)
    except FileExistsError:
        if not path.is_dir():
            raise
        return False
    except FileNotFoundError:
        if not parents or path.parent == path:
            raise
        private_folder(path.parent, parents=True)
        return private_folder(path, parents=False)
    _set_mode(path, PRIVATE_FOLDER)
    return True


def open_private(path: Path | str, flags: int) -> int:
    """``os.open`` that creates a missing file as ``0600`` (flags get O_CREAT); the caller
    closes the descriptor. A file of ours found looser is tightened on the way."""
    fd = os.open(path, flags | os.O_CREAT | _O_BINARY, PRIVATE_FILE)
    if POSIX:
        try:
            fix_descriptor(fd, os.fstat(fd))
        except BaseException:
            os.close(fd)
            raise
    return fd


def fix_descriptor(fd: int, st: os.stat_result) -> None:
    """Make the open file ``fd`` (``st`` its fstat) 0600 if it is ours and not already."""
    if POSIX and stat.S_IMODE(st.st_mode) != PRIVATE_FILE and _ours(st):
        try:
            os.fchmod(fd, PRIVATE_FILE)
        except OSError:
            pass  # e.g. a share that ignores modes: the write itself goes on


def write_private(path: Path | str, data: bytes) -> None:
    """Write a small file (not atomically: markers and notes that may be lost) as 0600."""
    fd = open_private(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def is_loose(st: os.stat_result) -> bool:
    """Whether a file or folder with this stat lets anyone but its owner in."""
    return POSIX and bool(stat.S_IMODE(st.st_mode) & 0o077)


def tighten(path: Path | str, st: os.stat_result | None = None) -> bool:
    """Make an existing file 0600 or folder 0700 if it is ours and lets others in; return
    whether its mode was changed. Missing files, others' files and refusals are left alone."""
    if not POSIX:
        return False
    try:
        if st is None:
            st = os.stat(path, follow_symlinks=False)
        if not is_loose(st) or not _ours(st) or stat.S_ISLNK(st.st_mode):
            return False
        os.chmod(path, PRIVATE_FOLDER if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE)
    except OSError:
        return False
    return True


def _set_mode(path: Path, mode: int) -> None:
    if POSIX:
        try:
            os.chmod(path, mode)
        except OSError:
            pass
