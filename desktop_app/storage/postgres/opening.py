"""Opening a team store: the schema checked, who is logging in and what they may do, then the
pool of connections and the listening connection of the change feed."""

from __future__ import annotations

from typing import Any

import psycopg

from desktop_app.storage.errors import StoreError
from desktop_app.storage.postgres.errors import login_refused, server_errors
from desktop_app.storage.postgres.feed import ChangeListener
from desktop_app.storage.postgres.migrations import (
    SCHEMA_VERSION,
    check_version,
    schema_version_of,
)
from desktop_app.storage.postgres.schema_sql import GROUPS
from desktop_app.storage.postgres.server import Server, connect_timeout
from desktop_app.storage.postgres.store import PostgresCaseStore
from desktop_app.storage.server_location import display_location


def open_server_store(dsn: str, *, timeout: float = 10.0, lock_timeout: float = 10.0,
                      max_connections: int = 4) -> PostgresCaseStore:
    """Open the team store in the database ``dsn`` names (a ``postgresql://`` URL or a libpq
    ``key=value`` string; a password is best kept in ``~/.pgpass`` or ``PGPASSWORD``).

    ``timeout``: how long a call waits for a connection (then StoreError
    ``store.server_unreachable``); ``lock_timeout``: for the write lock (then
    StoreLockedError). A database without a store raises StoreError ``store.server_none``, an
    older one ``store.server_outdated``, a newer one StoreVersionError; a login refused, or a
    role in none of the store's groups, StoreError ``store.server_login``.
    """
    where = display_location(dsn)
    with server_errors(where, lock_timeout=lock_timeout, action="open the store"):
        with psycopg.connect(dsn, autocommit=True,
                             connect_timeout=connect_timeout(timeout)) as conn:
            user, outsider = _who(conn)
            if outsider:
                raise _outsider(where, user)
            check_version(conn, where)
            row = conn.execute(
                "SELECT current_user::text, ARRAY(SELECT g FROM unnest(%s::text[]) AS g "
                "WHERE pg_has_role(current_user, g, 'MEMBER')), "
                "has_table_privilege('commdraft.cases', 'SELECT'), "
                "has_table_privilege('commdraft.cases', 'UPDATE')",
                (list(GROUPS),),
            ).fetchone()
        assert row is not None
        user, groups, readable, writable = row
        if not readable:
            raise _outsider(where, user)
        server = Server(dsn, timeout=timeout, lock_timeout=lock_timeout,
                        max_size=max(1, max_connections))
        try:
            server.open()
            listener = ChangeListener(dsn, server.origin, timeout=timeout, where=server.where)
        except BaseException:
            server.close()
            raise
    if "commdraft_admin" in groups:
        groups = ["commdraft_admin"]
    return PostgresCaseStore(server, listener, user=user, groups=list(groups),
                             writable=bool(writable), notices=[])


def _who(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[str, bool]:
    """Who logged in, and whether the store's schema is there but closed to them."""
    row = conn.execute(
        "SELECT current_user::text, CASE WHEN to_regnamespace('commdraft') IS NULL THEN false "
        "ELSE NOT has_schema_privilege('commdraft', 'USAGE') END"
    ).fetchone()
    assert row is not None
    return str(row[0]), bool(row[1])


def _outsider(where: str, user: str) -> StoreError:
    return login_refused(where, f"{user} is in none of the store's groups (ask its "
                         "administrator: commdraft store add-user)")


def server_status(dsn: str) -> dict[str, Any]:
    """What ``commdraft store status`` shows: the server, its PostgreSQL version, the store's
    schema version and this program's, who is logged in and in which groups, the cases they
    see, and whether text search has its index. Works on a database without a store (schema
    version 0) or with an older one."""
    where = display_location(dsn)
    with server_errors(where, lock_timeout=0, action="read the store's status"), \
            psycopg.connect(dsn, autocommit=True) as conn:
        user, outsider = _who(conn)
        version = 0 if outsider else schema_version_of(conn)
        status: dict[str, Any] = {
            "server": where,
            "postgresql": conn.info.parameter_status("server_version") or "",
            "schema_version": version,
            "supported": SCHEMA_VERSION,
            "user": user,
        }
        if version:
            row = conn.execute(
                "SELECT ARRAY(SELECT g FROM unnest(%s::text[]) AS g "
                "WHERE pg_has_role(current_user, g, 'MEMBER')), "
                "to_regclass('commdraft.cases_search') IS NOT NULL",
                (list(GROUPS),),
            ).fetchone()
            assert row is not None
            status["groups"] = list(row[0])
            status["search_index"] = "pg_trgm" if row[1] else "none"
            if has_read_access(conn):
                counted = conn.execute("SELECT count(*) FROM commdraft.cases "
                                       "WHERE deleted_at IS NULL").fetchone()
                status["cases"] = int(counted[0]) if counted else 0
    return status


def has_read_access(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    row = conn.execute("SELECT has_schema_privilege('commdraft', 'USAGE') AND "
                       "has_table_privilege('commdraft.cases', 'SELECT')").fetchone()
    return bool(row and row[0])
