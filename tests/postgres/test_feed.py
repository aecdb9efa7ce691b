"""The change feed: LISTEN/NOTIFY tells a store of other clients' changes within a second."""

from __future__ import annotations

import threading
import time

import psycopg


def test_another_clients_save_is_heard_within_a_second(pg_db, opened, new_record) -> None:
    reader, writer = opened(pg_db.admin_dsn), opened(pg_db.admin_dsn)
    saved_at: list[float] = []

    def save_later() -> None:
        time.sleep(0.2)
        writer.save(new_record(), base_revision=None)
        saved_at.append(time.monotonic())

    thread = threading.Thread(target=save_later)
    thread.start()
    assert reader.wait_for_change(5.0) is True
    heard_at = time.monotonic()
    thread.join()
    assert heard_at - saved_at[0] < 1.0
    assert reader.wait_for_change(0) is True  # not taken: refresh() takes it
    assert reader.refresh() is True
    assert reader.refresh() is False
    assert writer.refresh() is False  # its own save
    started = time.monotonic()
    assert reader.wait_for_change(0.3) is False
    assert 0.25 < time.monotonic() - started < 1.0


def test_a_change_made_with_plain_sql_is_heard(pg_db, opened, new_record) -> None:
    reader = opened(pg_db.admin_dsn)
    case = reader.save(new_record(), base_revision=None)
    assert reader.refresh() is False
    with psycopg.connect(pg_db.admin_dsn) as conn:
        conn.execute("UPDATE commdraft.cases SET deleted_at = now() WHERE id = %s",
                     (case["id"],))
    assert reader.wait_for_change(1.0) is True and reader.refresh() is True
    assert reader.list() == []
