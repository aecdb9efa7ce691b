"""The team store's schema, versioned: ``commdraft.schema_migrations`` lists what was applied.

:func:`init_store` creates the store (and the group roles) and applies every migration not yet
applied; :func:`upgrade_store` does the same to an existing store only. Both run in one
transaction under an advisory lock, so running them twice, or from two places at once, is a
no-op the second time. They need the database's owner or a superuser (and CREATEROLE for the
group roles, which are the cluster's).

The text search index (migration 2) uses pg_trgm, a trusted extension since PostgreSQL 13:
a GIN index of trigrams on the folded search text answers ``LIKE '%...%'`` without reading every
case. Where the extension cannot be created the index is left out and searches read the
column (the results are the same, the index only makes them faster).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from desktop_app.storage.errors import StoreVersionError
from desktop_app.storage.index.documents import strip_marks
from desktop_app.storage.postgres import schema_sql
from desktop_app.storage.postgres.errors import not_initialised, outdated, server_errors
from desktop_app.storage.server_location import display_location

log = logging.getLogger(__name__)

#: (classid, objid) of the advisory lock migrations take.
_MIGRATION_LOCK = (0x636D6466, 1)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[psycopg.Connection[tuple[object, ...]]], None]


def _core(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    for text in (schema_sql.TABLES_SQL, schema_sql.TRIGGERS_SQL, schema_sql.POLICIES_SQL):
        conn.execute(text.encode("utf-8"))


def _search_index(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    try:
        with conn.transaction():  # a savepoint: a refusal leaves the rest standing
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg.Error as exc:
        log.warning("pg_trgm is not available (%s): text search reads every case", exc)
        return
    row = conn.execute(
        "SELECT n.nspname FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace "
        "WHERE o.opcname = 'gin_trgm_ops'"
    ).fetchone()
    if row is None:
        return
    conn.execute(sql.SQL(
        "CREATE INDEX cases_search ON commdraft.cases USING gin (search_text {}.gin_trgm_ops) "
        "WHERE deleted_at IS NULL"
    ).format(sql.Identifier(str(row[0]))))


def _refold(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Search texts folded without accents too (``fold`` version 2): 'eleve' finds 'Élève'.
    Only the derived column changes: records and revisions stay as they were saved."""
    rows = conn.execute("SELECT key, search_text FROM commdraft.cases").fetchall()
    changed = [(strip_marks(str(text)), key) for key, text in rows
               if strip_marks(str(text)) != text]
    if changed:
        with conn.cursor() as cursor:
            cursor.executemany(
                "UPDATE commdraft.cases SET search_text = %s WHERE key = %s", changed)


def _indexable_reads(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Reads that indexes answer under row security, measured at 100,000 cases
    (benchmarks/team_store.py). Two causes of full scans go:

    - the read policy OR'ed an administrator test into the team test, so no index could find a
      team's cases: administrators now have their own policy (``TO commdraft_admin``), and the
      team policy is one overlap of the mandates, answered by their GIN index;
    - filters on ``upper(state)`` and ``upper(kind)``: ``upper`` is not leakproof, so under row
      security PostgreSQL may not search an index with it; stored upper-case columns compared
      with ``=`` (leakproof) can be.
    """
    conn.execute(schema_sql.INDEXABLE_READS_SQL.encode("utf-8"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "cases, revisions, conflicts, teams and row security", _core),
    Migration(2, "text search index (pg_trgm when available)", _search_index),
    Migration(3, "search texts folded without accents", _refold),
    Migration(4, "reads answered by indexes under row security", _indexable_reads),
)
#: The schema this program reads and writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


def _versions(conn: psycopg.Connection[tuple[object, ...]]) -> list[int] | None:
    """Applied versions, or None when the database holds no store."""
    row = conn.execute("SELECT to_regclass('commdraft.schema_migrations')").fetchone()
    if row is None or row[0] is None:
        return None
    return [int(str(v)) for (v,) in conn.execute(
        "SELECT version FROM commdraft.schema_migrations ORDER BY version")]


def check_version(conn: psycopg.Connection[tuple[object, ...]], server: str) -> int:
    """The store's schema version, refused unless it is this program's: StoreError
    ``store.server_none`` or ``store.server_outdated``, StoreVersionError when newer."""
    versions = _versions(conn)
    if not versions:
        raise not_initialised(server)
    version = max(versions)
    if version > SCHEMA_VERSION:
        raise _newer(server, version)
    if version < SCHEMA_VERSION:
        raise outdated(server, version, SCHEMA_VERSION)
    return version


def _newer(server: str, version: int) -> StoreVersionError:
    return StoreVersionError(
        f"the commdraft store at {server} has schema version {version}, but this commdraft "
        f"reads up to {SCHEMA_VERSION}: it was made by a newer commdraft. Update commdraft to "
        "open it; nothing was changed.",
        params={"version": version, "supported": SCHEMA_VERSION},
    )


def _migrate(dsn: str, *, create: bool, target: int | None) -> list[int]:
    server = display_location(dsn)
    done: list[int] = []
    with server_errors(server, lock_timeout=0, action="set up the store"), \
            psycopg.connect(dsn) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", _MIGRATION_LOCK)
        versions = _versions(conn)
        if versions is None:
            if not create:
                raise not_initialised(server)
            conn.execute(schema_sql.ROLES_SQL.encode("utf-8"))
            conn.execute(schema_sql.BOOTSTRAP_SQL.encode("utf-8"))
            versions = []
        if versions and max(versions) > SCHEMA_VERSION:
            raise _newer(server, max(versions))
        for migration in MIGRATIONS:
            if migration.version in versions or (target is not None
                                                  and migration.version > target):
                continue
            migration.apply(conn)
            conn.execute(
                "INSERT INTO commdraft.schema_migrations (version, description) VALUES (%s, %s)",
                (migration.version, migration.description),
            )
            done.append(migration.version)
    for version in done:
        log.info("commdraft store at %s: migration %d applied", server, version)
    return done


def init_store(dsn: str, *, target: int | None = None) -> list[int]:
    """Create the store in the database ``dsn`` names (or bring it up to date); return the
    versions applied now ([] when it was up to date). ``target``: stop at that version."""
    return _migrate(dsn, create=True, target=target)


def upgrade_store(dsn: str) -> list[int]:
    """Apply the migrations an existing store lacks; StoreError ``store.server_none`` when
    there is no store, StoreVersionError when it is newer than this program."""
    return _migrate(dsn, create=False, target=None)


def schema_version(dsn: str) -> int:
    """The store's schema version (0: no store in that database)."""
    with server_errors(display_location(dsn), lock_timeout=0), psycopg.connect(dsn) as conn:
        return schema_version_of(conn)


def schema_version_of(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    versions = _versions(conn)
    return max(versions) if versions else 0
