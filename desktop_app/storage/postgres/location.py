"""Telling a server location from a workspace folder, and saying where a server is."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from desktop_app.storage.server_location import is_server_location

__all__ = ["describe", "is_server_location", "login_user"]

def describe(dsn: str) -> str:
    """The server as a person reads it in a message: ``user@host:port/dbname``, never the
    password."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(an unreadable server address)"
    host = str(parts.get("host") or parts.get("hostaddr") or parts.get("service") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"{user}{host}{port}/{parts.get('dbname') or ''}"


def login_user(dsn: str) -> str | None:
    user = conninfo_to_dict(dsn).get("user")
    return str(user) if user else None
