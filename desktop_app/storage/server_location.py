"""Telling a team server's location from a workspace folder, without importing the driver."""

from __future__ import annotations

import re

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
    """A server location as a message or a title shows it, never with its password:
    ``user@host:port/dbname`` for libpq's ``key=value`` form, the URL without its password
    otherwise."""
    if _KEYWORDS.match(location) and not _URL.match(location.strip()):
        pairs = {key.lower(): value.strip("'") for key, value in _PAIR.findall(location)}
        host = pairs.get("host") or pairs.get("hostaddr") or pairs.get("service") or "localhost"
        user = f"{pairs['user']}@" if pairs.get("user") else ""
        port = f":{pairs['port']}" if pairs.get("port") else ""
        return f"{user}{host}{port}/{pairs.get('dbname', '')}"
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)
