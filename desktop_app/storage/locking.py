"""The store's write lock: one ``filelock.FileLock`` on ``store/.lock``, re-entrant per store.

The OS releases the lock when its holder dies (flock on POSIX, msvcrt locking on Windows), so a
killed commdraft never leaves the workspace locked.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from desktop_app.storage.errors import StoreLockedError


class StoreLock:
    """Counts nesting so a ``save`` inside ``transaction()`` reuses the held lock.

    Not thread-safe by itself: the store calls it under its own mutex.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        # thread_local=False: the nesting count is ours, shared by the threads of one store.
        self._lock = FileLock(str(path), timeout=timeout, thread_local=False)
        self.depth = 0

    def __enter__(self) -> StoreLock:
        if self.depth == 0:
            try:
                self._lock.acquire()
            except Timeout:
                raise StoreLockedError(self.path, self.timeout) from None
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        if self.depth == 0:  # force_release() ran inside the block (close() in a transaction)
            return
        self.depth -= 1
        if self.depth == 0:
            self._lock.release()

    def force_release(self) -> None:
        if self.depth:
            self._lock.release(force=True)
            self.depth = 0
