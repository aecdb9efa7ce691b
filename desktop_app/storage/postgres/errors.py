"""The team store's own errors, coded like the folder store's, and the driver's errors said in
those terms (:func:`server_errors`).

Codes introduced here (their words belong in ``workspace/message_templates.py``):

``store.server_unreachable`` {server}
    the server cannot be reached, or the connection broke during the call;
``store.server_login`` {server}
    the server refused the login (no such role, wrong password, not allowed to connect);
``store.server_tls`` {server}
    TLS refused the connection: the server's certificate is not the branch authority's or
    names another host, or the person's own certificate is missing or not accepted;
``store.server_none`` {server}
    the database holds no commdraft store (``commdraft store init``);
``store.server_outdated`` {server, version, supported}
    its schema is older than this program's (``commdraft store upgrade``);
``store.server_error`` {server, detail}
    any other refusal of the server;
``store.forbidden`` {case, role}
    this person's role may not make that change (another team's case, a translator creating);
``store.server_backups`` {server}
    backups and restores of a team store are the server's (pg_dump), not commdraft's;
``store.server_encryption`` {server}
    a team store has no passphrase (TLS and the server's disk encryption protect it);
``conflict.unknown`` {label}
    no record is kept under that label.

Reused: ``store.newer_version`` (StoreVersionError), ``store.locked`` (the write lock not had
in time), ``store.closed``, and the case, conflict and reference codes of the folder store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import psycopg.errors
from psycopg_pool import PoolTimeout

from desktop_app.storage.errors import StoreError, StoreLockedError, StoreWriteError

CODES = (
    "store.server_unreachable", "store.server_login", "store.server_tls", "store.server_none",
    "store.server_outdated", "store.server_error", "store.forbidden", "store.server_backups",
    "store.server_encryption", "conflict.unknown",
)

_LOGIN_WORDS = ("authentication", "password", "does not exist", "no pg_hba.conf entry",
                "permission denied for database")
#: What libpq and the server say when TLS refuses (not "SSL SYSCALL error" or "SSL connection
#: has been closed": those are a connection lost, said as such).
_TLS_WORDS = ("certificate", "tlsv1 alert", "does not match host name", "sslrootcert",
              "sslcert", "sslkey", "private key")


class ServerLockedError(StoreLockedError):
    """The store's write lock (a PostgreSQL advisory lock) was not had within the timeout:
    another commdraft is changing the store. A StoreLockedError, without a lock file."""

    def __init__(self, server: str, timeout: float) -> None:
        self.lock_path = Path(server)
        self.timeout = timeout
        self.holder = None
        StoreError.__init__(
            self,
            f"could not lock the team store at {server} within {timeout:g} s: another "
            "commdraft (another window, process or colleague) is writing to it; try again in "
            "a moment",
            code="store.locked",
            params={"seconds": timeout},
        )


def unreachable(server: str, detail: str, *, action: str = "",
                changes: bool = False) -> StoreError:
    what = f"could not {action}: " if action else ""
    unchanged = ": nothing was changed" if changes else ""
    return StoreError(
        f"{what}the team store at {server} cannot be reached ({detail.strip() or 'no answer'})"
        f"{unchanged}. Check the network, or ask its administrator whether the server is "
        "running; the next call connects again by itself",
        code="store.server_unreachable",
        params={"server": server},
    )


def unconfirmed(server: str, detail: str, what: str) -> StoreError:
    """A save (``what``: "case 'x'", "the changes") whose answer was lost with the connection,
    the server still out of reach."""
    return StoreError(
        f"could not save {what}: the team store at {server} cannot be reached "
        f"({detail.strip() or 'no answer'}), so the save was not confirmed. Keep the case "
        "open and save again once the server is back: a save that did arrive is recognised, "
        "never stored twice and never lost",
        code="store.server_unreachable",
        params={"server": server},
    )


def tls_refused(server: str, detail: str) -> StoreError:
    return StoreError(
        f"the secure connection to the team store at {server} was refused ({detail.strip()}):"
        " its certificate is not signed by the certificate authority given in sslrootcert, or "
        "names another server, or your own certificate (sslcert, sslkey) is missing or not "
        "accepted; ask its administrator for the authority's file and for your certificate",
        code="store.server_tls",
        params={"server": server},
    )


def login_refused(server: str, detail: str) -> StoreError:
    return StoreError(
        f"the team store at {server} refused the login ({detail.strip()}): check the user "
        "name and password, or ask its administrator to add you (commdraft store add-user)",
        code="store.server_login",
        params={"server": server},
    )


def not_initialised(server: str) -> StoreError:
    return StoreError(
        f"there is no commdraft store in the database at {server}: its administrator creates "
        f"one with `commdraft store init {server}`",
        code="store.server_none",
        params={"server": server},
    )


def outdated(server: str, version: int, supported: int) -> StoreError:
    return StoreError(
        f"the commdraft store at {server} has schema version {version}, and this commdraft "
        f"needs {supported}: its administrator brings it up to date with `commdraft store "
        f"upgrade {server}`; nothing was changed",
        code="store.server_outdated",
        params={"server": server, "version": version, "supported": supported},
    )


def forbidden(server: str, role: str, case: str, why: str) -> StoreWriteError:
    return StoreWriteError(
        f"{role} may not {why} (case {case}) in the team store at {server}: a case is changed "
        "only by the team of its lead mandate, and created, deleted or restored only by "
        "drafters and administrators. Nothing was changed",
        path=None,
        errno=None,
        code="store.forbidden",
        params={"case": case, "role": role},
    )


def server_error(server: str, detail: str) -> StoreError:
    return StoreError(
        f"the team store at {server} refused the request: {detail.strip()}",
        code="store.server_error",
        params={"server": server, "detail": detail.strip()},
    )


def no_backups(server: str) -> StoreError:
    return StoreError(
        f"the team store at {server} is backed up and restored on the server (pg_dump and "
        "pg_restore, by its administrator), not by commdraft; nothing was changed",
        code="store.server_backups",
        params={"server": server},
    )


def no_passphrase(server: str) -> StoreError:
    return StoreError(
        f"the team store at {server} has no passphrase: the connection is protected by TLS "
        "and the data by the server's own disk encryption; nothing was changed",
        code="store.server_encryption",
        params={"server": server},
    )


def unknown_conflict(label: str) -> StoreError:
    return StoreError(f"no record is kept under {label!r}", code="conflict.unknown",
                      params={"label": label})


#: SQLSTATEs of a server going away: the admin or a crash ended the session, or it is
#: starting or stopping (57P01-57P03); class 08 is the connection failing.
_GONE = ("57P01", "57P02", "57P03")


def is_connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` is the connection failing or the server going away, rather than the
    server refusing a statement (a lock not had in time, a deadlock...)."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in _GONE


def translate(exc: psycopg.Error, server: str, *, lock_timeout: float, action: str = "",
              role: str = "", case: str = "", changes: bool = False) -> StoreError:
    """The StoreError a driver error stands for."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return ServerLockedError(server, lock_timeout)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return forbidden(server, role or "this user", case or "?", action or "do this")
    if isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        return not_initialised(server)
    if isinstance(exc, PoolTimeout):
        return unreachable(server, "no connection could be made in time", action=action,
                           changes=changes)
    if isinstance(exc, psycopg.OperationalError) and exc.sqlstate is None and any(
            word in detail.lower() for word in _TLS_WORDS):
        return tls_refused(server, detail)
    if isinstance(exc, psycopg.OperationalError) and exc.sqlstate is None and any(
            word in detail for word in _LOGIN_WORDS):
        return login_refused(server, detail)
    if is_connection_lost(exc):
        return unreachable(server, detail, action=action, changes=changes)
    return server_error(server, detail)


@contextmanager
def server_errors(server: str, *, lock_timeout: float, action: str = "", role: str = "",
                  case: str = "", changes: bool = False) -> Iterator[None]:
    """Raise the StoreError a driver error inside the block stands for (``changes``: the
    block changes the store, so a connection lost on the way changed nothing)."""
    try:
        yield
    except psycopg.Error as exc:
        raise translate(exc, server, lock_timeout=lock_timeout, action=action, role=role,
                        case=case, changes=changes) from exc
