"""A server restarted, stopped or cutting a connection mid-save: the next call connects again
by itself, a save either happens once or says it did not, and nothing acknowledged is lost."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from desktop_app.storage import StoreError
from desktop_app.storage.postgres.server import WRITE_LOCK


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_restart_between_calls_goes_unnoticed(pg_db, opened, new_record, mode) -> None:
    store = opened(pg_db.admin_dsn, timeout=5)
    saved = store.save(new_record(status="draft"), base_revision=None)
    pg_db.cluster.restart(mode)
    assert store.get(saved["id"]) == saved  # the pool's connection was dropped: a new one
    saved = store.save({**saved, "status": "in_review"}, base_revision=1)
    assert [h.revision for h in store.history(saved["id"])] == [1, 2]
    assert store.refresh() is True  # the feed reconnected: changes may have been missed
    assert any("made again" in notice for notice in store.notices)


def test_a_save_during_an_outage_says_so_and_loses_nothing(pg_db, opened, new_record) -> None:
    store = opened(pg_db.admin_dsn, timeout=1)
    acknowledged = [store.save(new_record(), base_revision=None)]
    acknowledged.append(store.save({**acknowledged[0], "status": "in_review"},
                                   base_revision=1))
    pg_db.cluster.stop("fast")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            store.save({**acknowledged[1], "status": "approved"}, base_revision=2)
        assert time.monotonic() - started < 5
        assert info.value.code == "store.server_unreachable"
        assert info.value.params == {"server": store.server}
        message = str(info.value)
        assert store.server in message and "cannot be reached" in message
        assert "nothing was changed" in message
        with pytest.raises(StoreError) as reading:
            store.list()
        assert reading.value.code == "store.server_unreachable"
        assert store.refresh() is False  # no news while it is away, and no error
    finally:
        pg_db.cluster.start()
    case_id = acknowledged[0]["id"]
    assert store.get(case_id) == acknowledged[1]  # what was acknowledged is all there
    assert [h.revision for h in store.history(case_id)] == [1, 2]
    saved = store.save({**acknowledged[1], "status": "approved"}, base_revision=2)
    assert saved["revision"] == 3


def test_a_connection_cut_mid_save_saves_once(pg_db, opened, new_record) -> None:
    """The server ends the save's connection while it waits for the write lock: the save is
    run again on a new connection and happens exactly once."""
    store = opened(pg_db.admin_dsn, timeout=5, lock_timeout=20)
    saved = store.save(new_record(), base_revision=None)
    result: list[object] = []
    with psycopg.connect(pg_db.admin_dsn) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITE_LOCK)
        worker = threading.Thread(target=lambda: result.append(
            store.save({**saved, "status": "in_review"}, base_revision=1)))
        worker.start()
        with psycopg.connect(pg_db.admin_dsn, autocommit=True) as admin:
            waiting = None
            for _ in range(200):
                row = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND "
                    "wait_event_type = 'Lock' AND application_name = 'commdraft'",
                    (pg_db.name,)).fetchone()
                if row:
                    waiting = row[0]
                    break
                time.sleep(0.02)
            assert waiting is not None
            admin.execute("SELECT pg_terminate_backend(%s)", (waiting,))
        time.sleep(0.2)
        holder.rollback()  # the lock goes: the second try gets it
        worker.join(10)
    assert len(result) == 1 and isinstance(result[0], dict) and result[0]["revision"] == 2
    assert [h.revision for h in store.history(saved["id"])] == [1, 2]


def test_a_save_whose_answer_was_lost_is_recognised(pg_db, opened, new_record) -> None:
    """The connection broke after the server committed: the save did happen, the caller was
    not told. Saving again (the same, or a newer edit on the same base) finds it and is not
    refused as a conflict with itself."""
    store = opened(pg_db.admin_dsn)
    first = store.save(new_record(status="draft"), base_revision=None)
    landed = store.save({**first, "status": "in_review"}, base_revision=1)
    store._unconfirmed[(first["id"], 2)] = landed  # noqa: SLF001  (as _save_retrying does)
    assert store.save({**first, "status": "in_review"}, base_revision=1) == landed
    assert [h.revision for h in store.history(first["id"])] == [1, 2]
    store._unconfirmed[(first["id"], 2)] = landed  # noqa: SLF001
    newer = store.save({**first, "status": "approved"}, base_revision=1)  # typed on since
    assert newer["revision"] == 3 and store.get(first["id"])["status"] == "approved"
    assert not store._unconfirmed  # noqa: SLF001
    with pytest.raises(Exception) as info:  # an ordinary stale save is still a conflict
        store.save({**first, "status": "sent"}, base_revision=1)
    assert getattr(info.value, "code", None) == "conflict.saved_elsewhere"


def test_an_outage_inside_a_transaction_undoes_it_and_says_so(pg_db, opened,
                                                               new_record) -> None:
    store = opened(pg_db.admin_dsn, timeout=1)
    kept = store.save(new_record(), base_revision=None)
    try:
        with pytest.raises(StoreError) as info:
            with store.transaction():
                store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
                pg_db.cluster.stop("immediate")
                store.save({**kept, "status": "approved"}, base_revision=1)
        assert info.value.code == "store.server_unreachable"
    finally:
        pg_db.cluster.start()
    assert [s.id for s in store.list()] == [kept["id"]]  # nothing of it was committed
    assert store.references() == [] and store.get(kept["id"]) == kept
    with store.transaction():  # and the store goes on
        store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
    assert store.references() == ["AL KAZ 1/2024"]
