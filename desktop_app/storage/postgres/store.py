"""The team store: a :class:`~desktop_app.storage.protocols.Store` on PostgreSQL.

Saves are checked against the revision the caller started from (``UPDATE ... WHERE revision =
base``): a stale one raises ConflictError and the caller's record is kept on the server
(``conflicts.py``). Every save appends a revision (who saved it: ``current_user``). A reference
carried by another live case, of any kind and any team, raises DuplicateReferenceError.

A dropped connection is made again by the next call. A save whose connection broke is run
again once, and a save that did reach the server before its answer was lost is recognised
rather than refused as a conflict (``_unconfirmed``): it either happened once, or raises
StoreError ``store.server_unreachable``, and nothing that was acknowledged is lost.

``transaction()`` is a database transaction holding the write lock: saves inside it become
visible to others, and durable, when the outermost block ends; when it raises, they are all
undone (the folder store keeps each save as it is made).

Backups, encryption and kept conflicts: see ``upkeep.py``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Self, TypeVar

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import PoolTimeout

from desktop_app.domain.errors import CaseFormatError, DuplicateReferenceError
from desktop_app.storage.errors import CaseExistsError, CaseNotFoundError, ConflictError
from desktop_app.storage.index.documents import ReferenceKey
from desktop_app.storage.log.casefile import check_case_id
from desktop_app.storage.postgres import conflicts, rows
from desktop_app.storage.postgres.errors import (
    forbidden,
    is_connection_lost,
    unconfirmed,
)
from desktop_app.storage.postgres.server import Conn
from desktop_app.storage.postgres.upkeep import ServerUpkeep
from desktop_app.storage.records import check_imported, record_reference_key, storable_copy

T = TypeVar("T")


class _Refused(Exception):
    """A save refused as a conflict, raised inside its transaction (which it undoes) and
    turned into a ConflictError outside, once the record is kept."""

    def __init__(self, latest: dict[str, Any] | None, trashed: bool = False) -> None:
        super().__init__("refused")
        self.latest = latest
        self.trashed = trashed


class PostgresCaseStore(ServerUpkeep):
    """A case store on a PostgreSQL server; open it with
    :func:`~desktop_app.storage.postgres.open_server_store`."""

    # ----------------------------------------------------------------- saving
    def save(self, record: dict[str, Any], *, base_revision: int | None) -> dict[str, Any]:
        stored = storable_copy(record)
        case_id = check_case_id(stored.get("id"))
        if base_revision is not None and (not isinstance(base_revision, int) or base_revision < 1):
            raise ValueError(
                f"base_revision must be None (a new case) or >= 1, not {base_revision!r}"
            )
        rows.check_storable(stored)
        ref_key = record_reference_key(stored)
        label = str(stored.get("reference") or case_id)
        with self._mutex:
            self._check_open()
            self._check_writable(label)
            action = "create cases" if base_revision is None else "change this case"
            with self._errors(action, label):
                try:
                    saved = self._save_retrying(stored, base_revision, ref_key)
                except _Refused as refused:
                    raise self._conflict(stored, base_revision, refused) from None
                except psycopg.errors.UniqueViolation as exc:
                    raise self._taken(exc, stored) from None
        return saved

    def _save_retrying(self, stored: dict[str, Any], base: int | None,
                       ref_key: ReferenceKey | None) -> dict[str, Any]:
        case_id = stored["id"]
        new_revision = (base or 0) + 1
        try:
            saved = self._server.write(lambda conn: self._save_in(conn, stored, base, ref_key))
        except psycopg.Error as exc:
            if self._server.in_transaction or isinstance(exc, PoolTimeout) \
                    or not is_connection_lost(exc):
                raise
            # The answer was lost: the save may have happened. Once more, on a new
            # connection; a save found there already is recognised (see _landed).
            self._unconfirmed[(case_id, new_revision)] = {**stored, "revision": new_revision}
            try:
                saved = self._server.write(
                    lambda conn: self._save_in(conn, stored, base, ref_key))
            except psycopg.Error as again:
                if is_connection_lost(again):
                    raise unconfirmed(self.server, str(again), f"case {case_id!r}") from again
                raise
        if self._tx_saves is not None:
            self._tx_saves.append(saved)
        else:
            self._forget_unconfirmed(case_id, saved["revision"])
        return saved

    def _forget_unconfirmed(self, case_id: str, revision: int) -> None:
        for key in [k for k in self._unconfirmed if k[0] == case_id and k[1] <= revision]:
            del self._unconfirmed[key]

    def _landed(self, case_id: str, current: tuple[Any, ...]) -> dict[str, Any] | None:
        """The record of an unconfirmed save of ours that is the case's revision now."""
        revision, record = current[0], current[1]
        mine = self._unconfirmed.get((case_id, revision))
        return record if mine is not None and mine == record else None

    def _save_in(self, conn: Conn, stored: dict[str, Any], base: int | None,
                 ref_key: ReferenceKey | None) -> dict[str, Any]:
        case_id = stored["id"]
        if ref_key is not None:
            self._check_reference_free(conn, case_id, ref_key, stored["reference"])
        if base is None:
            current = self._live_case_folding(conn, case_id)
            if current is not None:
                landed = self._landed(case_id, current)
                if landed is None:
                    raise _Refused(self._latest(current))
                if {**landed, "revision": 0} == {**stored, "revision": 0}:
                    return landed  # the very save, which had happened
                base = current[0]  # our unconfirmed save: this one goes on top of it
        stored = {**stored, "revision": (base or 0) + 1}
        values = {"id": case_id, **rows.record_values(stored)}
        if base is None:
            row = conn.execute(rows.insert_sql(), values).fetchone()
        else:
            row = conn.execute(rows.update_sql(), {**values, "base": base}).fetchone()
        if row is None:
            assert base is not None
            return self._not_updated(conn, stored, base, ref_key)
        conn.execute(
            "INSERT INTO commdraft.revisions (case_key, revision, record, saved_at) "
            "VALUES (%s, %s, %s, %s)", (row[0], stored["revision"], Jsonb(stored), row[1]),
        )
        return stored

    def _not_updated(self, conn: Conn, stored: dict[str, Any], base: int,
                     ref_key: ReferenceKey | None) -> dict[str, Any]:
        """Why an update changed no row: the case moved on (a conflict, or our own unconfirmed
        save), it is gone, or it is not this person's to change."""
        case_id = stored["id"]
        current = conn.execute(
            "SELECT revision, record, saved_at FROM commdraft.cases "
            "WHERE id = %s AND deleted_at IS NULL", (case_id,)
        ).fetchone()
        if current is None:
            raise _Refused(None, trashed=conn.execute(
                "SELECT 1 FROM commdraft.cases WHERE id = %s AND deleted_at IS NOT NULL LIMIT 1",
                (case_id,)).fetchone() is not None)
        if current[0] == base:
            raise forbidden(self.server, self.role, str(stored.get("reference") or case_id),
                            "change this case")
        landed = self._landed(case_id, current)
        if landed is None or landed["revision"] != base + 1:
            raise _Refused(self._latest(current))
        if {**landed, "revision": 0} == {**stored, "revision": 0}:
            return landed
        return self._save_in(conn, {**stored, "revision": landed["revision"]}, landed["revision"],
                             ref_key)

    @staticmethod
    def _latest(current: tuple[Any, ...]) -> dict[str, Any]:
        return {"revision": current[0], "record": current[1], "saved_at": rows.iso(current[2])}

    def _live_case_folding(self, conn: Conn, case_id: str) -> tuple[Any, ...] | None:
        """The live case with this id (revision, record or None when unseen, saved_at); None
        when there is none. An id differing only in letter case is refused."""
        for other, revision, saved_at in conn.execute(
                "SELECT id, revision, saved_at FROM commdraft.live_ids_like(%s)", (case_id,)):
            if other != case_id:
                raise CaseFormatError(
                    "id", f"{case_id!r} differs from the existing case {other!r} only in "
                    "letter case")
            seen = conn.execute(
                "SELECT record FROM commdraft.cases WHERE id = %s AND deleted_at IS NULL",
                (case_id,)).fetchone()
            return (revision, seen[0] if seen else None, saved_at)
        return None

    def _check_reference_free(self, conn: Conn, case_id: str, key: ReferenceKey,
                              reference: str) -> None:
        row = conn.execute(
            "SELECT id, reference FROM commdraft.cases WHERE ref_state = %s AND ref_number = %s "
            "AND ref_year = %s AND deleted_at IS NULL AND id <> %s ORDER BY id LIMIT 1",
            (*key, case_id),
        ).fetchone()
        if row is not None:
            raise DuplicateReferenceError(
                f"reference {reference} is already used by case {row[0]!r} ({row[1]}): numbers "
                "are shared by all kinds; nothing was saved",
                code="reference.taken", params={"reference": reference, "other": row[1]},
            )

    def _taken(self, exc: psycopg.errors.UniqueViolation,
               stored: dict[str, Any]) -> Exception:
        """A unique index refused a row this person could not see the owner of."""
        reference = str(stored.get("reference") or "")
        if exc.diag.constraint_name == "cases_live_reference":
            return DuplicateReferenceError(
                f"reference {reference} is already used by a case of another team: numbers are "
                "shared by all kinds; nothing was saved",
                code="reference.taken", params={"reference": reference, "other": reference},
            )
        return CaseExistsError(
            f"a case with id {stored['id']!r} already exists in the team store at "
            f"{self.server} (of another team); nothing was changed",
            case_id=stored["id"], base_revision=None, current=None, mine=None,
        )

    def _conflict(self, mine: dict[str, Any], base: int | None,
                  refused: _Refused) -> ConflictError:
        kept = self._server.apart(lambda conn: conflicts.keep(conn, mine, base))
        return conflicts.error(mine, base, refused.latest, kept, trashed=refused.trashed,
                               where=self.server)

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """Hold the write lock in one database transaction (re-entrant): e.g. to allocate a
        reference from :meth:`references` and save it. Committed when the outermost block
        ends, undone when it raises."""
        with self._mutex:
            self._check_open()
            self._check_writable("")
            if self._server.in_transaction:
                yield self
                return
            saves: builtins.list[dict[str, Any]] = []
            self._tx_saves = saves
            finished = False
            try:
                with self._errors("save"):
                    try:
                        with self._server.transaction():
                            yield self
                            finished = True
                    except psycopg.Error as exc:
                        if finished and is_connection_lost(exc):  # lost at commit: unknown
                            for saved in saves:
                                self._unconfirmed[(saved["id"], saved["revision"])] = saved
                            raise unconfirmed(self.server, str(exc), "the changes") from exc
                        raise
            finally:
                self._tx_saves = None
            for saved in saves:
                self._forget_unconfirmed(saved["id"], saved["revision"])

    # ----------------------------------------------------------------- delete, restore
    def delete(self, case_id: str, *, base_revision: int) -> None:
        self._checked_id(case_id)

        def work(conn: Conn) -> None:
            row = conn.execute(
                "SELECT key, revision, record, saved_at FROM commdraft.cases "
                "WHERE id = %s AND deleted_at IS NULL", (case_id,)).fetchone()
            if row is None:
                raise self._not_found(conn, case_id)
            key, revision, record, saved_at = row
            if revision != base_revision:
                raise ConflictError(
                    f"case {case_id!r} was saved elsewhere since revision {base_revision} (the "
                    f"store has revision {revision}, saved {rows.iso(saved_at)}): it was not "
                    "deleted",
                    case_id=case_id, base_revision=base_revision, current=record, mine=None,
                    code="conflict.not_deleted",
                    params={"case": record.get("reference") or case_id,
                            "revision": base_revision, "current": revision,
                            "saved": rows.iso(saved_at)},
                )
            done = conn.execute("UPDATE commdraft.cases SET deleted_at = clock_timestamp() "
                                "WHERE key = %s AND revision = %s", (key, revision))
            if done.rowcount != 1:
                raise forbidden(self.server, self.role, record.get("reference") or case_id,
                                "delete this case")

        self._write(work, "delete cases", case_id)

    def restore_deleted(self, case_id: str) -> dict[str, Any]:
        check_case_id(case_id)

        def work(conn: Conn) -> dict[str, Any]:
            current = self._live_case_folding(conn, case_id)
            if current is not None:
                raise CaseExistsError(
                    f"case {case_id!r} exists (revision {current[0]}): a deleted copy cannot be "
                    "restored over it",
                    case_id=case_id, base_revision=None, current=current[1], mine=None,
                    code="case.exists_no_restore",
                    params={"case": (current[1] or {}).get("reference") or case_id,
                            "revision": current[0]},
                )
            row = conn.execute(
                "SELECT key, record FROM commdraft.cases WHERE id = %s AND deleted_at IS NOT "
                "NULL ORDER BY deleted_at DESC LIMIT 1", (case_id,)).fetchone()
            if row is None:
                raise CaseNotFoundError(
                    case_id, f"no deleted case {case_id!r} in the team store at {self.server}",
                    code="case.no_deleted")
            key, record = row
            ref_key = record_reference_key(record)
            if ref_key is not None:
                self._check_reference_free(conn, case_id, ref_key, record["reference"])
            done = conn.execute("UPDATE commdraft.cases SET deleted_at = NULL WHERE key = %s",
                                (key,))
            if done.rowcount != 1:
                raise forbidden(self.server, self.role, case_id, "restore this case")
            restored: dict[str, Any] = record
            return restored

        return self._write(work, "restore cases", case_id)

    def _write(self, work: Callable[[Conn], T], action: str, case_id: str) -> T:
        with self._mutex:
            self._check_open()
            self._check_writable(case_id)
            with self._errors(action, case_id):
                try:
                    return self._server.write(work)
                except psycopg.errors.UniqueViolation as exc:
                    raise self._taken(exc, {"id": case_id}) from None

    # ----------------------------------------------------------------- importing
    def import_history(self, case_id: str,
                       revisions: builtins.list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
        """Add a case with every revision it had in another store (an administrator's work:
        ``commdraft store copy``): ``revisions`` are (record, saved_at) pairs, oldest first,
        each keeping its ``revision`` number and its time; the latest becomes the case.
        Refuses an id (CaseExistsError) or a reference (DuplicateReferenceError) the store has;
        ValueError when the revisions are not of this case, in order. Returns the latest
        record."""
        check_case_id(case_id)
        if "commdraft_admin" not in self.groups:
            raise forbidden(self.server, self.role, case_id, "copy cases in with their history")
        copies = [storable_copy(record) for record, _ in revisions]
        check_imported(case_id, copies)  # as the folder store: of this case, numbered 1..n
        checked: builtins.list[tuple[int, datetime, dict[str, Any]]] = []
        for stored, (_, saved_at) in zip(copies, revisions, strict=True):
            rows.check_storable(stored)
            checked.append((stored["revision"], datetime.fromisoformat(saved_at), stored))
        _, last_at, latest = checked[-1]
        ref_key = record_reference_key(latest)

        def work(conn: Conn) -> dict[str, Any]:
            if self._live_case_folding(conn, case_id) is not None:
                raise CaseExistsError(
                    f"case {case_id!r} is already in the team store at {self.server}: it was "
                    "not copied",
                    case_id=case_id, base_revision=None, current=None, mine=None,
                )
            if ref_key is not None:
                self._check_reference_free(conn, case_id, ref_key, latest["reference"])
            row = conn.execute(rows.insert_sql(explicit_time=True),
                               {"id": case_id, **rows.record_values(latest),
                                "saved_at": last_at}).fetchone()
            assert row is not None
            for revision, saved_at, stored in checked:
                conn.execute(
                    "INSERT INTO commdraft.revisions (case_key, revision, record, saved_at) "
                    "VALUES (%s, %s, %s, %s)", (row[0], revision, Jsonb(stored), saved_at))
            return latest

        imported: dict[str, Any] = self._write(work, "import cases", case_id)
        return imported
