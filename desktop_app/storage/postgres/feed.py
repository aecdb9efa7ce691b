"""Other clients' changes, heard as they happen: LISTEN on a connection of its own.

A trigger on ``commdraft.cases`` notifies ``commdraft_cases`` at every change, whoever makes
it (plain SQL too), with the origin token of the writing connection as the payload, so a
store skips its own saves. The notification carries nothing of the case: which cases changed
is for the list to read again, within what the reader may see.

:meth:`ChangeListener.refresh` says whether another client changed something since it was
last asked (without waiting); :meth:`ChangeListener.wait` waits up to a timeout for a change
(for a background thread; it does not consume the change, ``refresh`` does). A lost
connection is made again at a later call (tried at most every two seconds, so that a window
asking often is not held up by a server that is away), and since notifications may have been
missed meanwhile, that call answers True.
"""

from __future__ import annotations

import threading
import time

import psycopg

from desktop_app.storage.postgres.server import connect_timeout

CHANNEL = "commdraft_cases"
#: How long a look without waiting waits for the socket (a millisecond).
_POLL = 0.001
#: Seconds between attempts to connect again, once the connection is lost.
_RETRY = 2.0


class ChangeListener:
    def __init__(self, dsn: str, origin: str, *, timeout: float, where: str) -> None:
        self._dsn = dsn
        self._origin = origin
        self._timeout = timeout
        self._where = where
        self._lock = threading.Lock()  # the connection: one waiter at a time
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._changed = False
        self._closed = False
        self._next_try = 0.0  # when a lost connection is tried again
        #: What happened to the connection, in English, for the store's notices.
        self.notices: list[str] = []
        self._connect()

    def _connect(self) -> None:
        conn = psycopg.connect(self._dsn, autocommit=True,
                               connect_timeout=connect_timeout(self._timeout))
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _listen(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for another client's change (the lock held)."""
        if self._closed:
            return False
        if self._conn is None:
            wait = self._next_try - time.monotonic()
            if wait > 0:  # a connection tried a moment ago: not again at every look
                time.sleep(min(timeout, wait))
                return False
            try:
                self._connect()
            except psycopg.Error:
                self._next_try = time.monotonic() + _RETRY
                return False
            self.notices.append(f"the connection to the team store at {self._where} was made "
                                "again: the list is read afresh")
            return True  # changes made while it was lost were not heard
        conn = self._conn
        try:
            # Never 0: psycopg then reads nothing, and would not notice a lost connection.
            heard = conn.notifies(timeout=max(timeout, _POLL))
            try:
                found = any(n.payload != self._origin for n in heard)
            finally:
                heard.close()
            if found:
                for _ in conn.notifies(timeout=_POLL):  # the rest: one change, one answer
                    pass
        except psycopg.Error:
            self._drop()
            self.notices.append(f"the connection to the team store at {self._where} was lost")
            return self._listen(0)
        return found

    def refresh(self) -> bool:
        """Whether another client changed something since the last call (no waiting; when a
        :meth:`wait` is in progress, what it has heard)."""
        if self._lock.acquire(blocking=False):
            try:
                if self._listen(0):
                    self._changed = True
            finally:
                self._lock.release()
        changed, self._changed = self._changed, False
        return changed

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for another client's change; True as soon as one is
        there to be taken by :meth:`refresh`."""
        deadline = time.monotonic() + timeout
        if self._changed:
            return True
        if not self._lock.acquire(timeout=max(0.0, timeout)):
            return self._changed
        try:
            while not self._changed and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                if self._listen(left):
                    self._changed = True
            return self._changed
        finally:
            self._lock.release()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            self._drop()
