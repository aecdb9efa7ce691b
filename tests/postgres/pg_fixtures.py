"""A throwaway PostgreSQL cluster for the team store's tests (tools/pg_cluster.py), shared by
tests/postgres and tests/contract: one cluster per test run, a template database with the
store made in it, and a fresh database per test (CREATE DATABASE ... TEMPLATE: milliseconds).

Skipped, with the reason, where PostgreSQL's server binaries are not installed.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest

from desktop_app.storage.postgres import add_user, init_store
from tools import pg_cluster

TEMPLATE = "commdraft_template"
_names = itertools.count(1)
_shared: dict[str, object] = {"cluster": None, "users": 0}


@dataclass
class PgDatabase:
    """One test's database: ``admin_dsn`` logs in as the superuser; :meth:`person` adds a
    person and gives the DSN they log in with (a password, as pg_hba asks)."""

    cluster: pg_cluster.Cluster
    name: str
    people: dict[str, str] = field(default_factory=dict)

    @property
    def admin_dsn(self) -> str:
        return self.cluster.dsn(pg_cluster.SUPERUSER, self.name)

    def person(self, name: str, role: str, mandates: list[str]) -> tuple[str, str]:
        """(role name, DSN) of a new person; role names are unique in the cluster."""
        role_name = f"{name}_{next(_names)}"
        password = f"pw-{role_name}"
        add_user(self.admin_dsn, role_name, role=role, mandates=mandates, password=password)
        self.people[role_name] = password
        return role_name, self.cluster.dsn(role_name, self.name, password=password)


def _start() -> pg_cluster.Cluster:
    if pg_cluster.find_bindir() is None:
        if os.environ.get("COMMDRAFT_REQUIRE_POSTGRES"):  # CI: a skip would hide the server
            pytest.fail("COMMDRAFT_REQUIRE_POSTGRES is set but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (no initdb and pg_ctl on PATH or in "
                    "/usr/lib/postgresql/*/bin): the team store's tests need its server "
                    "binaries (apt-get install postgresql)")
    cluster = pg_cluster.start(max_connections=300)
    try:
        with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        init_store(cluster.dsn(pg_cluster.SUPERUSER, TEMPLATE))
    except BaseException:
        cluster.remove()
        raise
    return cluster


@pytest.fixture(scope="session")
def pg_cluster_shared() -> Iterator[pg_cluster.Cluster]:
    """The test run's cluster (started by whichever of the two test folders needs it first,
    removed when the last one is done with it)."""
    cluster = _shared["cluster"]
    if cluster is None:
        cluster = _start()
        _shared["cluster"] = cluster
    assert isinstance(cluster, pg_cluster.Cluster)
    _shared["users"] = int(str(_shared["users"])) + 1
    yield cluster
    _shared["users"] = int(str(_shared["users"])) - 1
    if _shared["users"] == 0:
        _shared["cluster"] = None
        cluster.remove()


@pytest.fixture
def pg_db(pg_cluster_shared: pg_cluster.Cluster) -> Iterator[PgDatabase]:
    """A fresh database holding an empty store, dropped after the test."""
    cluster = pg_cluster_shared
    if not cluster.running():  # a test that stopped it and failed before starting it again
        cluster.start()
    name = f"test_{next(_names)}"
    with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
        # FILE_COPY (PostgreSQL 15 on) copies the small template faster than WAL logging it.
        fast = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}{fast}")
    database = PgDatabase(cluster, name)
    yield database
    if not cluster.running():
        cluster.start()
    with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
        for role in database.people:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
