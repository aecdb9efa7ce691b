"""People of a team store: a LOGIN role each, in one of the store's groups, with the mandates
of their team (``commdraft.team_members``), which row security reads.

Groups: ``commdraft_drafter`` (creates, changes, deletes and restores the cases of their
team), ``commdraft_translator`` and ``commdraft_reviewer`` (change the cases of their team),
``commdraft_admin`` (everything). Run by an administrator of the server: a superuser, or a role
with CREATEROLE that may grant the groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import psycopg
from psycopg import sql

from desktop_app.storage.postgres.errors import server_errors
from desktop_app.storage.postgres.migrations import check_version
from desktop_app.storage.server_location import display_location

#: A person's role in the store, by the name the command line takes.
ROLES = {
    "drafter": "commdraft_drafter",
    "translator": "commdraft_translator",
    "reviewer": "commdraft_reviewer",
    "admin": "commdraft_admin",
}
_NAME = re.compile(r"[a-z_][a-z0-9_.-]{0,62}")


def add_user(dsn: str, name: str, *, role: str, mandates: Iterable[str],
             password: str | None = None) -> None:
    """Add a person (or change an existing one's role, mandates and password): a LOGIN role
    ``name`` in the group of ``role`` (see :data:`ROLES`), with the team's ``mandates``.

    The password is sent hashed (SCRAM-SHA-256, made here), never in clear. ValueError for a
    name or role that cannot be one.
    """
    if not _NAME.fullmatch(name) or name.startswith(("pg_", "commdraft_")):
        raise ValueError(f"{name!r} cannot name a person: use lower-case letters, digits and "
                         "'_', '.' or '-', not starting with pg_ or commdraft_")
    if role not in ROLES:
        raise ValueError(f"{role!r} is not a role: use one of {', '.join(ROLES)}")
    group = ROLES[role]
    wanted = sorted({m.strip() for m in mandates if m.strip()})
    server = display_location(dsn)
    with server_errors(server, lock_timeout=0, action="add the person"), \
            psycopg.connect(dsn) as conn, conn.transaction():
        check_version(conn, server)
        person = sql.Identifier(name)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        verb = sql.SQL("ALTER ROLE" if exists else "CREATE ROLE")
        login = sql.SQL("{} {} LOGIN").format(verb, person)
        if password is not None:
            hashed = conn.pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"),
                                                  b"scram-sha-256")
            login = sql.SQL("{} PASSWORD {}").format(login, sql.Literal(hashed.decode("ascii")))
        conn.execute(login)
        for other in ROLES.values():
            if other != group:
                member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                      (name, other)).fetchone()
                if member and member[0]:
                    conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other),
                                                                     person))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), person))
        conn.execute("DELETE FROM commdraft.team_members WHERE role_name = %s", (name,))
        for mandate in wanted:
            conn.execute("INSERT INTO commdraft.team_members (role_name, mandate) VALUES (%s, %s)",
                         (name, mandate))
