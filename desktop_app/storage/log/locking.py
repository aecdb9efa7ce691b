"""The store's write lock: one ``filelock.FileLock`` on ``store/.lock``, re-entrant per store.

The OS releases the lock when its holder dies (flock on POSIX, msvcrt locking on Windows), so a
killed commdraft never leaves the workspace locked. The holder writes who it is to
``store/.lock.owner``, so that a timeout can say which process on which computer holds it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from desktop_app.storage.errors import StoreLockedError
from desktop_app.storage.log.layout import now
from desktop_app.storage.log.permissions import PRIVATE_FILE, write_private


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


class StoreLock:
    """Counts nesting so a ``save`` inside ``transaction()`` reuses the held lock.

    Not thread-safe by itself: the store calls it under its own mutex.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.owner_path = path.with_name(path.name + ".owner")
        self.timeout = timeout
        # thread_local=False: the nesting count is ours, shared by the threads of one store.
        self._lock = FileLock(str(path), timeout=timeout, thread_local=False, mode=PRIVATE_FILE)
        self.depth = 0

    def __enter__(self) -> StoreLock:
        if self.depth == 0:
            self._acquire()
            self._write_owner()
        self.depth += 1
        return self

    def _acquire(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            folder = _inode(self.path.parent)
            try:
                self._lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
            except Timeout:
                raise StoreLockedError(self.path, self.timeout, self.holder(),
                                       self.holder_info()) from None
            # A restore replaces the whole store folder while holding the old folder's lock:
            # a waiter then holds a lock nobody else will ask for. Lock the new folder's.
            if _inode(self.path.parent) == folder:
                return
            self._lock.release(force=True)

    def __exit__(self, *exc: object) -> None:
        if self.depth == 0:  # force_release() ran inside the block (close() in a transaction)
            return
        self.depth -= 1
        if self.depth == 0:
            self._release()

    def force_release(self) -> None:
        if self.depth:
            self.depth = 0
            self._release()

    def _release(self) -> None:
        try:
            self.owner_path.unlink(missing_ok=True)  # ours: we still hold the lock
        except OSError:
            pass
        self._lock.release(force=True)

    # The owner file is a courtesy for messages, not part of the locking: not fsynced, and
    # a failure to write it (a full disk) must not stop a save that can still succeed.
    def _write_owner(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": now()}
        try:
            write_private(self.owner_path, json.dumps(info).encode("utf-8"))
        except OSError:
            pass

    def holder(self) -> str | None:
        """Who holds the lock, as its holder wrote it; None if unknown."""
        info = self.holder_info()
        if info is None:
            return None
        return f"process {info['pid']} on {info['host']} since {info['since']}"

    def holder_info(self) -> dict[str, Any] | None:
        """Who holds the lock: ``pid``, ``host`` and ``since``; None if unknown."""
        try:
            info = json.loads(self.owner_path.read_text(encoding="utf-8"))
            return {"pid": int(info["pid"]), "host": str(info["host"]),
                    "since": str(info["since"])}
        except (OSError, ValueError, KeyError, TypeError):
            return None
