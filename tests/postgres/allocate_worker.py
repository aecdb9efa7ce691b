"""Run by test_allocation.py in processes of their own: allocate ``count`` references and save
a case with each, as ``Workspace.mark_sent`` does; print them, one a line."""

from __future__ import annotations

import sys

from desktop_app.domain.references import next_reference
from desktop_app.storage.postgres import open_server_store
from tests.storage.conftest import make_record


def main(dsn: str, count: int) -> None:
    with open_server_store(dsn, lock_timeout=60) as store:
        for _ in range(count):
            with store.transaction():
                number = str(next_reference("AL", "KAZ", 2025, store.references()))
                store.save(make_record(reference=number), base_revision=None)
            print(number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
