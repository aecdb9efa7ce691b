"""Telling a server location from a workspace folder, and saying where a server is."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
_KEYWORDS = re.compile(r"^\s*(?:host|hostaddr|dbname|service)\s*=", re.IGNORECASE)


def is_server_location(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL server rather than a workspace folder: a
    ``postgresql://`` or ``postgres://`` URL, or a libpq ``key=value`` string starting with
    ``host=``, ``hostaddr=``, ``dbname=`` or ``service=``."""
    if isinstance(location, Path) or not isinstance(location, str):
        return False
    return bool(_URL.match(location.strip()) or _KEYWORDS.match(location))


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
