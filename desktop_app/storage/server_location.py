"""Telling a team server's location from a workspace folder, without importing the driver."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from desktop_app.storage.errors import StoreError

_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
#: libpq's connection keywords a "key=value" location may start with.
_KEYWORDS = re.compile(
    r"^\s*(?:host|hostaddr|dbname|service|user|port|password|passfile|sslmode|sslcert|"
    r"sslkey|sslrootcert|connect_timeout|application_name|options|target_session_attrs)\s*=",
    re.IGNORECASE)


def is_server_location(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL server (``postgresql://…`` or ``postgres://…``,
    or libpq's ``key=value`` form such as ``host=db dbname=commdraft``) rather than a
    folder."""
    if not isinstance(location, str):  # a Path is a folder, whatever it reads
        return False
    return bool(_URL.match(location.strip()) or _KEYWORDS.match(location))


_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")


def display_location(location: str) -> str:
    """A server location as messages and the window's title name it, never with its
    password: ``user@host:port/dbname``, from libpq's ``key=value`` form or from a URL (whose
    ``?host=`` may name a socket folder)."""
    if _URL.match(location.strip()):
        parts = urlsplit(location.strip())
        query = parse_qs(parts.query)
        pairs = {"user": unquote(parts.username or ""),
                 "host": unquote(parts.hostname or "") or query.get("host", [""])[0],
                 "port": str(parts.port or "") if _port_ok(parts) else "",
                 "dbname": unquote(parts.path.lstrip("/"))}
    else:
        pairs = {key.lower(): value.strip("'") for key, value in _PAIR.findall(location)}
    host = pairs.get("host") or pairs.get("hostaddr") or pairs.get("service") or "localhost"
    user = f"{pairs['user']}@" if pairs.get("user") else ""
    port = f":{pairs['port']}" if pairs.get("port") else ""
    return f"{user}{host}{port}/{pairs.get('dbname', '')}"


def _port_ok(parts: SplitResult) -> bool:
    try:
        return parts.port is not None
    except ValueError:  # not a number: left out of what is shown
        return False


def checked_server_location(location: str | None) -> str:
    """``location`` when it names a team server; StoreError otherwise: ``store.server_needed``
    when there is none, ``store.not_a_server`` when it is something else (a folder's path)."""
    if not location:
        raise StoreError(
            "this command works on a team server: give it with --store "
            "postgresql://USER@HOST/DATABASE (or the COMMDRAFT_STORE variable)",
            code="store.server_needed")
    if not is_server_location(location):
        raise StoreError(
            f"{display_location(location)} is not a server store's location "
            "(postgresql://USER@HOST/DATABASE)", code="store.not_a_server",
            params={"location": display_location(location)})
    return location
