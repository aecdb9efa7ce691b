"""The schema's versions: made once, brought up to date, refused when newer or missing."""

from __future__ import annotations

import psycopg
import pytest

from desktop_app.storage import StoreError, StoreVersionError
from desktop_app.storage.postgres import (
    SCHEMA_VERSION,
    init_store,
    is_server_location,
    open_server_store,
    schema_version,
    upgrade_store,
)


@pytest.fixture
def empty_db(pg_db):
    """A database without a store (the test's own database, emptied)."""
    with psycopg.connect(pg_db.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA commdraft CASCADE")
    return pg_db


def test_init_twice_is_a_no_op(empty_db) -> None:
    dsn = empty_db.admin_dsn
    assert schema_version(dsn) == 0
    assert init_store(dsn) == list(range(1, SCHEMA_VERSION + 1))
    assert init_store(dsn) == []
    assert upgrade_store(dsn) == []
    assert schema_version(dsn) == SCHEMA_VERSION
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT version, applied_by FROM commdraft.schema_migrations "
                            "ORDER BY version").fetchall()
    assert rows == [(v, "postgres") for v in range(1, SCHEMA_VERSION + 1)]


def test_an_older_store_is_upgraded_and_refused_until_then(empty_db, new_record) -> None:
    dsn = empty_db.admin_dsn
    assert init_store(dsn, target=1) == [1]
    with pytest.raises(StoreError) as info:
        open_server_store(dsn)
    assert info.value.code == "store.server_outdated"
    assert "commdraft store upgrade" in str(info.value)
    assert upgrade_store(dsn) == list(range(2, SCHEMA_VERSION + 1))
    with open_server_store(dsn) as store:
        store.save(new_record(), base_revision=None)
    with psycopg.connect(dsn) as conn:
        indexes = {r[0] for r in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'commdraft'")}
    assert "cases_search" in indexes  # pg_trgm is there in the test cluster


def test_a_database_without_a_store(empty_db) -> None:
    with pytest.raises(StoreError) as info:
        open_server_store(empty_db.admin_dsn)
    assert info.value.code == "store.server_none"
    assert "commdraft store init" in str(info.value)
    with pytest.raises(StoreError) as info:
        upgrade_store(empty_db.admin_dsn)
    assert info.value.code == "store.server_none"


def test_a_newer_store_is_refused_untouched(pg_db) -> None:
    with psycopg.connect(pg_db.admin_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO commdraft.schema_migrations (version, description) "
                     "VALUES (99, 'from the future')")
    for attempt in (open_server_store, upgrade_store, init_store):
        with pytest.raises(StoreVersionError) as info:
            attempt(pg_db.admin_dsn)
        assert info.value.code == "store.newer_version"
        assert info.value.params == {"version": 99, "supported": SCHEMA_VERSION}


def test_an_unreachable_server(tmp_path) -> None:
    with pytest.raises(StoreError) as info:
        open_server_store(f"host={tmp_path} port=5999 user=x dbname=y", timeout=1)
    assert info.value.code == "store.server_unreachable"
    assert f"x@{tmp_path}:5999/y" in str(info.value)


def test_server_locations() -> None:
    for yes in ("postgresql://u@db/commdraft", "postgres://db", "host=db dbname=x",
                "dbname=commdraft", "service=team", " host=/tmp"):
        assert is_server_location(yes), yes
    for no in ("drafts", "/home/me/drafts", "C:\\drafts", "hostel/drafts", "", None):
        assert not is_server_location(no), no


def test_the_status_of_a_server(pg_db) -> None:
    from desktop_app.storage.postgres import server_status

    status = server_status(pg_db.admin_dsn)
    assert status["schema_version"] == status["supported"] == SCHEMA_VERSION
    assert status["user"] == "postgres" and status["cases"] == 0
    assert status["search_index"] == "pg_trgm" and status["postgresql"]
    _, dsn = pg_db.person("sam", "reviewer", ["health"])
    person = server_status(dsn)
    assert person["groups"] == ["commdraft_reviewer"] and person["cases"] == 0
    with psycopg.connect(pg_db.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA commdraft CASCADE")
    assert server_status(pg_db.admin_dsn)["schema_version"] == 0


def test_search_texts_of_an_older_store_are_folded_without_accents(empty_db, new_record) -> None:
    from desktop_app.domain.case import Texts
    from desktop_app.storage import CaseQuery

    dsn = empty_db.admin_dsn
    init_store(dsn)
    with open_server_store(dsn) as store:
        store.save(new_record(id="eleve", text={"en": Texts(topic="Arrestation d'une élève")}),
                   base_revision=None)
    with psycopg.connect(dsn) as conn:  # as version 2 left it: accents kept in search_text
        conn.execute("UPDATE commdraft.cases SET search_text = lower(search_text) || ' élève'")
        conn.execute("DELETE FROM commdraft.schema_migrations WHERE version = 3")
    assert upgrade_store(dsn) == [3]
    with psycopg.connect(dsn) as conn:
        (text,) = conn.execute("SELECT search_text FROM commdraft.cases").fetchone()
    assert "élève" not in text and "eleve" in text
    with open_server_store(dsn) as store:
        assert [s.id for s in store.list(CaseQuery(text="eleve"))] == ["eleve"]
        assert [s.id for s in store.list(CaseQuery(text="ÉLÈVE"))] == ["eleve"]
        assert store.get("eleve")["text"]["en"]["topic"] == "Arrestation d'une élève"
