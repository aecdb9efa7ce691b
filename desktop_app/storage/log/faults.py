"""Turning the OS's refusals to write into errors a person can act on.

A full disk, a read-only or unplugged drive, a lost permission on a shared folder or a used-up
quota all arrive as OSError with an errno. The store undoes what it had begun (see
``logstorage.py``), then raises StoreWriteError saying what could not be done, why, and which
file, e.g. "cannot save: the disk is full (store/cases/x.log)".
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.storage.errors import StoreWriteError
from desktop_app.storage.log.layout import StoreLayout

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

#: The same reasons, coded (``params["reason"]`` of a StoreWriteError; "other" with the OS's
#: own words in ``params["detail"]``).
_REASON_CODES: dict[int, str] = {
    errno.ENOSPC: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "not_permitted",
    errno.EIO: "io_error",
    errno.ENOENT: "folder_gone",
}
if hasattr(errno, "EDQUOT"):
    _REASON_CODES[errno.EDQUOT] = "quota"

#: What the store was doing (the ``action`` of :func:`writing`), coded.
_ACTION_CODES: dict[str, str] = {
    "save": "save",
    "delete the case": "delete",
    "restore the case": "restore_case",
    "back up the store": "back_up",
    "change the settings": "settings",
    "create the store": "create_store",
    "open the store": "open_store",
    "re-encode the store": "reencode",
    "restore the backup": "restore_backup",
}


def describe(exc: OSError) -> str:
    reason = _REASONS.get(exc.errno or 0)
    if reason is None:
        reason = exc.strerror or str(exc)
    return reason


def reason_params(exc: OSError) -> dict[str, str]:
    """Why the OS refused, coded: ``reason`` (and ``detail``, the OS's words, for others)."""
    code = _REASON_CODES.get(exc.errno or 0, "other")
    return {"reason": code, "detail": exc.strerror or str(exc)}


def write_error(exc: OSError, layout: StoreLayout, action: str) -> StoreWriteError:
    path = Path(exc.filename) if exc.filename else None
    where = f" ({layout.display(path)})" if path is not None else ""
    params = {"action": _ACTION_CODES.get(action, action), **reason_params(exc)}
    if path is not None:
        params["file"] = layout.display(path)
    return StoreWriteError(
        f"cannot {action}: {describe(exc)}{where}; nothing was changed", path=path,
        errno=exc.errno,
        code="store.write_failed" if path is not None else "store.write_failed_no_file",
        params=params,
    )


#: What the OS says when a folder cannot be written at all: the store opens read-only.
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def read_only_error(layout: StoreLayout, action: str, cause: StoreWriteError) -> StoreWriteError:
    """A change asked of a store opened read-only (``cause``: why it could not be written)."""
    code = cause.errno or errno.EROFS
    reason = _REASONS.get(code) or os.strerror(code)
    where = layout.display(cause.path) if cause.path is not None else str(layout.root)
    return StoreWriteError(
        f"cannot {action}: the workspace is read-only ({reason}: {where}); its cases can be "
        "listed and read, not changed. Nothing was changed",
        path=cause.path,
        errno=code,
        code="store.read_only",
        params={
            "action": _ACTION_CODES.get(action, action),
            "reason": _REASON_CODES.get(code, "other"),
            "detail": os.strerror(code),
            "folder": str(layout.workspace),
        },
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
