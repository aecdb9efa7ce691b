"""Who logs in, from a server's location (how a location is told from a folder and shown:
``storage/server_location.py``)."""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict

from desktop_app.storage.server_location import is_server_location

__all__ = ["is_server_location", "login_user"]

def login_user(dsn: str) -> str | None:
    user = conninfo_to_dict(dsn).get("user")
    return str(user) if user else None
