"""A file that cannot be written or read, said as one sentence: what, where, what to do.

The operating system's errors (a full disk, a read-only folder, a missing permission) reach the
user through these coded errors instead of a traceback; ``workspace.messages`` has their words.
Writers write to a temporary file and move it into place, so a failure leaves no partial file.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.domain.errors import CommdraftError

CODES = ("file.disk_full", "file.no_permission", "file.write_failed", "file.unreadable",
         "file.failed")

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class FileWriteError(CommdraftError):
    """A file could not be written; nothing was left under its name."""


def write_error(exc: OSError, target: Path | str) -> FileWriteError:
    where = str(exc.filename or target)
    if exc.errno in _FULL:
        return FileWriteError(
            f"{where} could not be written: the disk is full. Free some space, or choose "
            "another folder, and try again; nothing was written",
            code="file.disk_full", params={"file": where})
    if exc.errno in _DENIED:
        return FileWriteError(
            f"{where} could not be written: the folder is read-only or you may not write in it. "
            "Choose another folder; nothing was written",
            code="file.no_permission", params={"file": where})
    reason = exc.strerror or type(exc).__name__
    return FileWriteError(f"{where} could not be written ({reason}); nothing was written",
                          code="file.write_failed", params={"file": where, "reason": reason})


def read_error(exc: OSError, source: Path | str) -> CommdraftError:
    where = str(exc.filename or source)
    reason = exc.strerror or type(exc).__name__
    return CommdraftError(f"{where} cannot be read ({reason})", code="file.unreadable",
                          params={"file": where, "reason": reason})


@contextmanager
def writing(target: Path | str) -> Iterator[None]:
    """Turn the operating system's refusal to write ``target`` into a :class:`FileWriteError`."""
    try:
        yield
    except OSError as exc:
        raise write_error(exc, target) from None


def os_error(exc: OSError) -> CommdraftError:
    """An operating-system error that reached the top without a file operation named: the
    file and the system's reason (a full disk still says what to do)."""
    where = str(exc.filename or "")
    if exc.errno in _FULL:
        return write_error(exc, where)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return CommdraftError(f"{where or 'a file'} could not be used ({reason})", code="file.failed",
                          params={"file": where or "?", "reason": reason})
