"""Turning the OS's refusals to write into errors a person can act on.

A full disk, a read-only or unplugged drive, a lost permission on a shared folder or a used-up
quota all arrive as OSError with an errno. The store undoes what it had begun (see
``logstorage.py``), then raises StoreWriteError saying what could not be done, why, and which
file, e.g. "cannot save: the disk is full (store/cases/x.log)".
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.storage.errors import StoreWriteError
from desktop_app.storage.layout import StoreLayout

_REASONS: dict[int, str] = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission to write there was denied",
    errno.EPERM: "the system did not permit the write",
    errno.EIO: "the disk reported an input/output error (was it unplugged?)",
    errno.ENOENT: "a folder of the store has disappeared",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "the disk quota is used up"


def describe(exc: OSError) -> str:
    reason = _REASONS.get(exc.errno or 0)
    if reason is None:
        reason = exc.strerror or str(exc)
    return reason


def write_error(exc: OSError, layout: StoreLayout, action: str) -> StoreWriteError:
    path = Path(exc.filename) if exc.filename else None
    where = f" ({layout.display(path)})" if path is not None else ""
    return StoreWriteError(
        f"cannot {action}: {describe(exc)}{where}; nothing was changed", path=path, errno=exc.errno
    )


@contextmanager
def writing(layout: StoreLayout, action: str) -> Iterator[None]:
    """Raise StoreWriteError for an OSError from the store's own work inside the block."""
    try:
        yield
    except StoreWriteError:
        raise
    except OSError as exc:
        raise write_error(exc, layout, action) from exc
