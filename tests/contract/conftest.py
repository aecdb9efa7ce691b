"""The repository contract, run against both stores: ``handles`` opens handles on one store,
the workspace folder's (``folder``) or a team server's (``postgres``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import Store, open_store
from tests.postgres.pg_fixtures import pg_cluster_shared, pg_db
from tests.storage.conftest import make_record

__all__ = ["pg_cluster_shared", "pg_db"]

Handles = Callable[..., Store]


@pytest.fixture
def new_record() -> Callable[..., dict[str, Any]]:
    return make_record


@pytest.fixture(params=["folder", "postgres"])
def handles(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Handles]:
    """``handles()`` opens one more handle on the test's store (as another window or process
    would); all are closed after the test. ``handles.kind`` says which store it is."""
    opened: list[Store] = []
    if request.param == "folder":
        def open_one(**options: Any) -> Store:
            store = open_store(tmp_path / "drafts", **options)
            opened.append(store)
            return store
    else:
        from desktop_app.storage.postgres import open_server_store

        database = request.getfixturevalue("pg_db")

        def open_one(**options: Any) -> Store:
            store = open_server_store(database.admin_dsn, **options)
            opened.append(store)
            return store

    open_one.kind = request.param  # type: ignore[attr-defined]
    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(handles: Handles) -> Store:
    return handles()

