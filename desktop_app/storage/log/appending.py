"""One append to a log file, all or nothing: written at the end of the last good line, fsynced,
and cut back off (or the new file removed) if anything fails on the way."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.storage.errors import StoreError
from desktop_app.storage.log.atomic import fsync_folder, write_all
from desktop_app.storage.log.logformat import FileStat
from desktop_app.storage.log.permissions import PRIVATE_FILE, fix_descriptor

_O_BINARY = getattr(os, "O_BINARY", 0)


def append_at(path: Path, data: bytes, *, end: int, known: FileStat | None) -> FileStat:
    """Write ``data`` at offset ``end`` of ``path`` (cutting off a torn tail past it), fsync,
    and return the file's stat after. ``known`` is the stat the caller read the file with
    (None: no file); a file changed since is refused. On failure the append is undone (a
    file that held no good line is removed) and the error raised: the caller must then read
    the file again rather than trust what it held in memory."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | _O_BINARY, PRIVATE_FILE)
    try:
        st = os.fstat(fd)
        fix_descriptor(fd, st)  # 0600 whatever the umask; an older looser file tightened
        created = not end
        if (known and st.st_ino != known[0]) or st.st_size != (known[1] if known else 0):
            raise StoreError(
                f"{path} was changed by another process since it was read: "
                "writes must hold the store lock"
            )
        try:
            if st.st_size != end:
                os.ftruncate(fd, end)  # the torn tail of an interrupted append
            os.lseek(fd, end, os.SEEK_SET)
            write_all(fd, data)
            os.fsync(fd)
        except BaseException as exc:
            _undo(path, fd, exc, end=end, remove=created)
            raise
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if created:
        fsync_folder(path.parent)  # the new file's name must survive a power loss
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _undo(path: Path, fd: int, exc: BaseException, *, end: int, remove: bool) -> None:
    """Cut a failed append off, so no reader sees a save that is reported as failed; a file
    that held no good line before it (a new case) is removed, not left empty."""
    if isinstance(exc, OSError) and exc.filename is None:
        exc.filename = str(path)  # os.write/fsync errors do not say which file
    try:
        os.ftruncate(fd, end)
        if remove:
            # Under the store lock, so no other writer uses this file meanwhile; a reader
            # that has it open reads what it held: nothing.
            os.unlink(path)
            return
        os.fsync(fd)
    except OSError:
        # The file may hold the line after all: the caller reads it again. It hears of the
        # first error, the one that says what went wrong.
        pass
