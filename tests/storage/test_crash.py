"""Kill -9 a process while it saves; every save it reported must survive.

The default run is quick enough for every test run; ``COMMDRAFT_CRASH_KILLS`` sets the number of
kills, ``-m slow`` adds a longer run, and ``benchmarks/store_crash.py --kills 1000`` a long one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from crash_harness import run_kills

DEFAULT_KILLS = 100  # about 20 s on a 2-core machine


def _kills(default: int) -> int:
    return int(os.environ.get("COMMDRAFT_CRASH_KILLS", default))


def test_every_reported_save_survives_a_kill(tmp_path: Path) -> None:
    report = run_kills(tmp_path, _kills(DEFAULT_KILLS), kills_per_workspace=25)
    assert report.failures == []
    # The kills must land while saving, or the test proves nothing.
    assert report.saves > report.kills


@pytest.mark.slow
def test_many_kills(tmp_path: Path) -> None:
    report = run_kills(tmp_path, 300, kills_per_workspace=50)
    assert report.failures == []
