"""Administering a team server from above the store (``commdraft store init|upgrade|status|
add-user``): thin doors to storage/postgres, imported only when called, so that a folder
workspace never loads the PostgreSQL driver."""

from __future__ import annotations

from typing import Any


def init_server(location: str) -> list[int]:
    """Make the team store's schema on an empty database (idempotent); the migrations
    applied, none when it was made already."""
    from desktop_app.storage.postgres import init_store

    return init_store(location)


def upgrade_server(location: str) -> list[int]:
    """Bring the schema up to this commdraft's version; the migrations applied."""
    from desktop_app.storage.postgres import upgrade_store

    return upgrade_store(location)


def server_status(location: str) -> dict[str, Any]:
    """What the server holds and who the caller is there (schema, roles, teams, cases)."""
    from desktop_app.storage.postgres import server_status as status

    return status(location)


def add_server_user(
    location: str, name: str, *, role: str, mandates: list[str], password: str | None
) -> None:
    """Add (or update) a person: a login role in ``role``'s group, member of the teams of
    ``mandates``; no password for one who logs in with a certificate."""
    from desktop_app.storage.postgres import add_user

    add_user(location, name, role=role, mandates=mandates, password=password)
