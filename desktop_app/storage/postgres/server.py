"""The connections of a team store: a small pool, the write lock, and one transaction held
across calls by :meth:`Server.transaction`.

Every pooled connection is checked before it is handed out (a cheap round trip), so a
connection the server dropped (a restart, a network cut) is replaced by a new one without the
caller seeing it: the next call after an outage reconnects by itself. A read whose connection
breaks mid-way is run once more; a write is not (see ``store.py`` for how a save whose answer
was lost is recognised).

Every write takes one PostgreSQL advisory lock for its transaction (``pg_advisory_xact_lock``),
the store's write lock: writers queue, as they do on the folder store's lock file, and a
reference allocated from :meth:`references` inside :meth:`transaction` cannot be taken by
another client before it is saved. Waiting longer than ``lock_timeout`` raises
ServerLockedError (a StoreLockedError).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from desktop_app.storage.postgres.errors import is_connection_lost
from desktop_app.storage.server_location import display_location

T = TypeVar("T")
Conn = psycopg.Connection[tuple[Any, ...]]

#: (classid, objid) of the store's write lock (migrations use objid 1).
WRITE_LOCK = (0x636D6466, 2)


class Server:
    """A pool of 1 to ``max_size`` connections to one store, and the transaction in progress.

    Not thread-safe by itself: the store calls it under its own mutex.
    """

    def __init__(self, dsn: str, *, timeout: float, lock_timeout: float, min_size: int = 1,
                 max_size: int = 4) -> None:
        self.dsn = dsn
        self.where = display_location(dsn)
        self.timeout = timeout
        self.lock_timeout = lock_timeout
        #: Told to the server by every connection of this store (``commdraft.origin``): the
        #: change feed knows its own saves by it.
        self.origin = secrets.token_hex(8)
        self._tx: Conn | None = None
        self._sizes = (min_size, max_size)
        self.pool = self._new_pool()

    def _new_pool(self) -> ConnectionPool[Conn]:
        return ConnectionPool(
            self.dsn,
            min_size=self._sizes[0],
            max_size=self._sizes[1],
            open=False,
            kwargs={"autocommit": True, "connect_timeout": connect_timeout(self.timeout)},
            configure=self._configure,
            check=ConnectionPool.check_connection,
            timeout=self.timeout,
            name=f"commdraft-{self.origin}",
        )

    def open(self) -> None:
        self.pool.open(wait=True, timeout=self.timeout)

    def close(self) -> None:
        self.pool.close(timeout=1.0)

    def _configure(self, conn: Conn) -> None:
        conn.execute(
            "SELECT set_config('commdraft.origin', %s, false), "
            "set_config('application_name', 'commdraft', false)",
            (self.origin,),
        )

    @property
    def in_transaction(self) -> bool:
        return self._tx is not None

    @contextmanager
    def _connection(self) -> Iterator[Conn]:
        """A pooled connection. After a long outage the pool may still be waiting between
        attempts to connect when the server is back: then a new pool is made at once."""
        try:
            conn = self.pool.getconn()
        except PoolTimeout:
            if self._tx is not None or not self._revive():
                raise
            conn = self.pool.getconn()
        pool = self.pool
        try:
            yield conn
        finally:
            pool.putconn(conn)

    def _revive(self) -> bool:
        """Whether the server answers a connection of its own; if so the pool is made anew."""
        try:
            psycopg.connect(self.dsn, connect_timeout=connect_timeout(self.timeout)).close()
        except psycopg.Error:
            return False
        stale, self.pool = self.pool, self._new_pool()
        stale.close(timeout=1.0)
        self.open()
        return True

    def run(self, work: Callable[[Conn], T]) -> T:
        """Run a read; its connection breaking mid-way, run it once more on a new one."""
        if self._tx is not None:
            return work(self._tx)
        try:
            with self._connection() as conn:
                return work(conn)
        except psycopg.Error as exc:
            if isinstance(exc, PoolTimeout) or not is_connection_lost(exc):
                raise
        with self._connection() as conn:
            return work(conn)

    def apart(self, work: Callable[[Conn], T]) -> T:
        """Run ``work`` on a connection of its own, committed at once whatever the
        transaction in progress does (a conflict kept must outlive its rollback)."""
        with self._connection() as conn:
            return work(conn)

    def write(self, work: Callable[[Conn], T]) -> T:
        """Run ``work`` in a transaction holding the write lock: in the one in progress (as a
        savepoint: a refusal undoes only this work), else in its own, committed on return."""
        if self._tx is not None:
            with self._tx.transaction():
                return work(self._tx)
        with self._connection() as conn, conn.transaction():
            self._lock(conn)
            return work(conn)

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        """One transaction holding the write lock until the block ends: committed then,
        rolled back when the block raises. Nested blocks join it."""
        if self._tx is not None:
            yield self._tx
            return
        with self._connection() as conn, conn.transaction():
            self._lock(conn)
            self._tx = conn
            try:
                yield conn
            finally:
                self._tx = None

    def _lock(self, conn: Conn) -> None:
        wait = max(1, int(self.lock_timeout * 1000))
        conn.execute("SELECT set_config('lock_timeout', %s, true)", (f"{wait}ms",))
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITE_LOCK)


def connect_timeout(timeout: float) -> int:
    """libpq's connect_timeout (whole seconds, at least 2) for a call timeout."""
    return max(2, math.ceil(timeout))
