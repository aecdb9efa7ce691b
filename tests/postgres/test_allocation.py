"""References allocated by several processes at once: every number once."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop_app import PROJECT_ROOT


def test_processes_allocating_at_once_get_different_numbers(pg_db, opened) -> None:
    _, dsn = pg_db.person("dana", "drafter", ["freedom-of-expression"])
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.postgres.allocate_worker", dsn, "10"],
                         cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    got: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        got += out.split("\n")[:-1]
    numbers = sorted(int(ref.split()[2].split("/")[0]) for ref in got)
    assert numbers == list(range(1, 31))
    assert len(opened(pg_db.admin_dsn).references()) == 30
