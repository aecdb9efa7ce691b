"""The team store: cases on a PostgreSQL server, shared by a team; the only package that
imports the driver (psycopg and psycopg_pool).

:func:`open_server_store` gives a :class:`PostgresCaseStore`, a
:class:`~desktop_app.storage.protocols.Store` with the folder store's semantics and errors
(a conflict keeps the caller's record, a reference belongs to one case, every save keeps a
revision), plus what a server adds: who saved each revision (:meth:`~PostgresCaseStore.history_by`),
row security by team, a change feed that hears other clients at once
(:meth:`~PostgresCaseStore.wait_for_change`), and :meth:`~PostgresCaseStore.import_history`
for copying a workspace onto the server.

An administrator creates the store with :func:`init_store` (then :func:`upgrade_store` after
an update of commdraft) and adds people with :func:`add_user`. :func:`is_server_location`
tells a server address from a workspace folder; :func:`server_status` says what a
server holds.

Inside: ``schema_sql`` and ``migrations`` (the schema, versioned), ``people`` (roles and
teams), ``server`` (the pool and the write lock), ``feed`` (LISTEN/NOTIFY), ``rows`` (records
to rows and queries to SQL), ``conflicts`` (kept records), ``reading`` and ``store`` (the
store), ``opening``, ``errors`` (the codes this package adds, in :data:`CODES`).
"""

from __future__ import annotations

from desktop_app.storage.postgres.errors import CODES, ServerLockedError
from desktop_app.storage.postgres.location import is_server_location
from desktop_app.storage.postgres.migrations import (
    SCHEMA_VERSION,
    init_store,
    schema_version,
    upgrade_store,
)
from desktop_app.storage.postgres.opening import open_server_store, server_status
from desktop_app.storage.postgres.people import ROLES, add_user
from desktop_app.storage.postgres.store import PostgresCaseStore

__all__ = [
    "CODES",
    "ROLES",
    "SCHEMA_VERSION",
    "PostgresCaseStore",
    "ServerLockedError",
    "add_user",
    "init_store",
    "is_server_location",
    "open_server_store",
    "schema_version",
    "server_status",
    "upgrade_store",
]
