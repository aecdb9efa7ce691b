from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.storage.postgres import PostgresCaseStore, open_server_store
from tests.postgres.pg_fixtures import PgDatabase, pg_cluster_shared, pg_db
from tests.storage.conftest import make_record

__all__ = ["pg_cluster_shared", "pg_db"]


@pytest.fixture
def new_record() -> Callable[..., dict[str, Any]]:
    return make_record


@pytest.fixture
def opened() -> Iterator[Callable[..., PostgresCaseStore]]:
    """Opens stores (``opened(dsn, **options)``) and closes them all after the test."""
    stores: list[PostgresCaseStore] = []

    def open_one(dsn: str, **options: Any) -> PostgresCaseStore:
        store = open_server_store(dsn, **options)
        stores.append(store)
        return store

    yield open_one
    for store in stores:
        store.close()


@pytest.fixture
def pg_store(pg_db: PgDatabase, opened) -> PostgresCaseStore:
    """The test database's store, opened by the superuser."""
    store: PostgresCaseStore = opened(pg_db.admin_dsn)
    return store
