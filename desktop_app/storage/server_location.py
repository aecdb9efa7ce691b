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


def display_location(location: str) -> str:
    """A server location as a message may show it: without a password."""
    shown = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", shown,
                  flags=re.IGNORECASE)
