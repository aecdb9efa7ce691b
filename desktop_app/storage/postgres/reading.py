"""What a team store stands on, and its reads: the connections, the mutex, the change feed,
and ``get``, ``find``, ``list``, ``history`` and the rest, each within what the person may
see (row security: a case of another team is, to them, no case at all).
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self, TypeVar

from psycopg import sql

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage.errors import CaseNotFoundError, StoreError
from desktop_app.storage.index.documents import try_reference_key
from desktop_app.storage.log.casefile import check_case_id
from desktop_app.storage.postgres import rows
from desktop_app.storage.postgres.conflicts import ConflictFiles
from desktop_app.storage.postgres.errors import forbidden, server_errors
from desktop_app.storage.postgres.feed import ChangeListener
from desktop_app.storage.postgres.server import Conn, Server
from desktop_app.storage.repository import CaseQuery, CaseSummary, RevisionInfo

T = TypeVar("T")


class ServerReading:
    """The state of a :class:`~desktop_app.storage.postgres.PostgresCaseStore` and its reads.
    One object may be shared by threads (its methods take one mutex)."""

    def __init__(self, server: Server, listener: ChangeListener, *, user: str, groups: list[str],
                 writable: bool, notices: builtins.list[str]) -> None:
        self._server = server
        self._listener = listener
        self._mutex = threading.RLock()
        self._closed = False
        self._files = ConflictFiles()
        self._notices = notices
        #: Who is logged in, and in which groups (``commdraft_drafter``...).
        self.user = user
        self.groups = groups
        self._writable = writable
        #: Saves whose answer was lost with their connection, by (case id, revision): found
        #: stored later, they are recognised as ours (see store.py).
        self._unconfirmed: dict[tuple[str, int], dict[str, Any]] = {}
        #: The saves of the transaction in progress.
        self._tx_saves: builtins.list[dict[str, Any]] | None = None

    @property
    def server(self) -> str:
        """The server, as messages name it (``user@host:port/dbname``, no password)."""
        return self._server.where

    @property
    def role(self) -> str:
        """The person and their role, as messages say it: ``alice (translator)``."""
        named = [g.removeprefix("commdraft_") for g in self.groups]
        return f"{self.user} ({', '.join(named) or 'no role'})"

    @property
    def notices(self) -> builtins.list[str]:
        """What happened to the connections (lost, made again), in English, for the log."""
        return self._notices + self._listener.notices

    @property
    def read_only(self) -> bool:
        """Whether this person may change nothing (no role that writes)."""
        return not self._writable

    # ----------------------------------------------------------------- plumbing
    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the team store at {self.server} is closed", code="store.closed")

    def _check_writable(self, case: str) -> None:
        if not self._writable:
            raise forbidden(self.server, self.role, case, "change anything")

    @contextmanager
    def _errors(self, action: str, case: str = "", *, changes: bool = True) -> Iterator[None]:
        with server_errors(self.server, lock_timeout=self._server.lock_timeout, action=action,
                           role=self.role, case=case, changes=changes):
            yield

    def _read(self, work: Callable[[Conn], T], action: str = "read the store") -> T:
        with self._mutex:
            self._check_open()
            with self._errors(action, changes=False):
                return self._server.run(work)

    def _not_found(self, conn: Conn, case_id: str) -> CaseNotFoundError:
        trashed = conn.execute(
            "SELECT 1 FROM commdraft.cases WHERE id = %s AND deleted_at IS NOT NULL LIMIT 1",
            (case_id,),
        ).fetchone() is not None
        where = " (it is in the trash: restore it to use it)" if trashed else ""
        return CaseNotFoundError(
            case_id, f"there is no case {case_id!r} in the team store at {self.server}{where}",
            code="case.in_trash" if trashed else "case.not_found",
        )

    @staticmethod
    def _checked_id(case_id: str) -> str:
        try:
            return check_case_id(case_id)
        except CaseFormatError:
            raise CaseNotFoundError(
                case_id, f"there is no case {case_id!r}: not a case id", code="case.not_an_id"
            ) from None

    # ----------------------------------------------------------------- reading
    def get(self, case_id: str) -> dict[str, Any]:
        self._checked_id(case_id)

        def work(conn: Conn) -> dict[str, Any]:
            row = conn.execute(
                "SELECT record FROM commdraft.cases WHERE id = %s AND deleted_at IS NULL",
                (case_id,),
            ).fetchone()
            if row is None:
                raise self._not_found(conn, case_id)
            record: dict[str, Any] = row[0]
            return record

        return self._read(work)

    def find(self, key: str) -> dict[str, Any] | None:
        key = key.strip()
        wanted = try_reference_key(key)

        def work(conn: Conn) -> dict[str, Any] | None:
            row = conn.execute(
                "SELECT record FROM commdraft.cases WHERE id = %s AND deleted_at IS NULL", (key,)
            ).fetchone()
            if row is None and wanted is not None:
                row = conn.execute(
                    "SELECT record FROM commdraft.cases WHERE ref_state = %s AND ref_number = %s "
                    "AND ref_year = %s AND deleted_at IS NULL ORDER BY id LIMIT 1", wanted
                ).fetchone()
            return None if row is None else dict(row[0])

        return self._read(work)

    def list(self, query: CaseQuery | None = None) -> builtins.list[CaseSummary]:
        clause, params = rows.where(query)
        statement = sql.SQL(rows.SUMMARY_SELECT) + clause + sql.SQL(
            " ORDER BY saved_at DESC, id DESC")
        if query is not None and query.limit is not None:
            statement += sql.SQL(" LIMIT {}").format(sql.Literal(max(int(query.limit), 0)))
        return self._read(lambda conn: [rows.summary(r) for r in
                                        conn.execute(statement, params).fetchall()])

    def history(self, case_id: str) -> builtins.list[RevisionInfo]:
        return [RevisionInfo(revision, saved_at, saved_by) for revision, saved_at, saved_by in
                self.history_by(case_id)]

    def history_by(self, case_id: str) -> builtins.list[tuple[int, str, str]]:
        """Every revision of a case, oldest first, as (revision, saved_at, saved_by): who
        saved it is the role they logged in as."""
        self._checked_id(case_id)

        def work(conn: Conn) -> builtins.list[tuple[int, str, str]]:
            found = conn.execute(
                "SELECT r.revision, r.saved_at, r.saved_by FROM commdraft.revisions r "
                "JOIN commdraft.cases c ON c.key = r.case_key "
                "WHERE c.id = %s AND c.deleted_at IS NULL ORDER BY r.revision", (case_id,)
            ).fetchall()
            if not found:
                raise self._not_found(conn, case_id)
            return [(revision, rows.iso(at), by) for revision, at, by in found]

        return self._read(work)

    def get_revision(self, case_id: str, revision: int) -> dict[str, Any]:
        self._checked_id(case_id)

        def work(conn: Conn) -> dict[str, Any]:
            row = conn.execute(
                "SELECT r.record FROM commdraft.revisions r JOIN commdraft.cases c "
                "ON c.key = r.case_key WHERE c.id = %s AND c.deleted_at IS NULL "
                "AND r.revision = %s", (case_id, revision)
            ).fetchone()
            if row is not None:
                record: dict[str, Any] = row[0]
                return record
            span = conn.execute(
                "SELECT min(r.revision), max(r.revision) FROM commdraft.revisions r "
                "JOIN commdraft.cases c ON c.key = r.case_key "
                "WHERE c.id = %s AND c.deleted_at IS NULL", (case_id,)
            ).fetchone()
            if span is None or span[0] is None:
                raise self._not_found(conn, case_id)
            first, last = span
            raise CaseNotFoundError.no_revision(case_id, revision, first, last)

        return self._read(work)

    def references(self, *, state: str | None = None, year: int | None = None) -> builtins.list[str]:
        """The references of every live case of the store, whatever team it is of: numbers
        are the registry's, shared by all (the cases themselves stay unseen); of one State and
        year when both are given (their unique index answers: milliseconds at 100,000)."""
        if state is not None and year is not None:
            return self._read(lambda conn: sorted({
                str(ref) for (ref,) in conn.execute(
                    "SELECT commdraft.references_of(%s, %s)", (state, year))
            }))
        return self._read(lambda conn: sorted({
            str(ref) for (ref,) in conn.execute("SELECT commdraft.all_references()")
        }))

    # ----------------------------------------------------------------- the change feed
    def refresh(self) -> bool:
        """Whether another client changed something since the last call (LISTEN/NOTIFY: no
        round trip to the server when nothing did). Reads always read the server: this only
        tells a window when to list again."""
        self._check_open()
        return self._listener.refresh()

    def check_files(self) -> None:
        """Nothing to do: the server's rows are the store, with no cache of them to check."""
        self._check_open()

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for another client's change; True as soon as there
        is one for :meth:`refresh` to take (for a background thread of a window: it does not
        take the store's mutex)."""
        self._check_open()
        return self._listener.wait(timeout)

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            self._files.remove()
            try:
                self._listener.close()
            finally:
                self._server.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
