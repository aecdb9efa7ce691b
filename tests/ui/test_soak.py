"""A drafter's session in the real window, in its own process: thousands of characters typed
(non-ASCII through the input method), steps and cases switched, then Quit — the process exits
0 and everything typed is in the store.

The short run is part of every test run; ``-m slow`` types 6,000 characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace

DRIVER = Path(__file__).with_name("soak_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def soak(tmp_path: Path, characters: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHONFAULTHANDLER": "1"}
    workspace = tmp_path / "soak"
    done = subprocess.run([sys.executable, str(DRIVER), str(workspace), str(characters)],
                          capture_output=True, text=True, env=env, timeout=900, cwd=ROOT)
    assert done.returncode == 0, (
        f"the window's process ended with {done.returncode} after typing:\n"
        f"{done.stderr[-3000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    typed = json.loads(line)["typed"]
    assert sum(len(t) for fields in typed.values() for t in fields.values()) >= characters * 0.9
    with Workspace.open(workspace) as ws:
        for case_id, fields in typed.items():
            case = ws.load(case_id)
            for key, text in fields.items():
                if key.startswith("fr."):
                    assert case.texts("fr").background[0] == text.strip()
                elif key == "topic":
                    assert case.source_texts.topic == text.strip()
                else:
                    assert getattr(case.source_texts, key) == [text.strip()], key


def test_a_short_session_types_saves_and_quits(tmp_path):
    soak(tmp_path, 900)


@pytest.mark.slow
def test_a_long_session_types_saves_and_quits(tmp_path):
    soak(tmp_path, 6000)
