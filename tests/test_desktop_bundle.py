"""The desktop bundle runs the window and the commands without Python: built with
``tools/build_desktop.py``, then used from its folder like a user would (slow: ~30 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_bundle_makes_the_demo_in_arabic_and_chinese(tmp_path):
    pytest.importorskip("PyInstaller", reason="pip install '.[desktop]' to build the bundle")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "COMMDRAFT_SETTINGS": str(tmp_path / "settings.json")}
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_desktop.py"), "--dist",
                    str(tmp_path / "dist")], env=env, check=True, capture_output=True,
                   timeout=900)
    program = tmp_path / "dist" / "commdraft" / "commdraft"
    assert (program.parent / "commdraft.desktop").read_text(encoding="utf-8").count("Exec=") == 1
    # A clean environment: nothing of this checkout's Python on the path.
    bare = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    workspace = tmp_path / "ws"

    def run(*args: str) -> str:
        done = subprocess.run([str(program), *args], env=bare, capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("--workspace", str(workspace), "demo")
    written = run("--workspace", str(workspace), "render", "demo-mne-2024", "--lang", "ar,zh",
                  "--out", str(tmp_path / "out")).split()
    assert len(written) == 4
    from desktop_app.documents import document_parts_text

    arabic = document_parts_text(Path(written[0]))
    assert "صاحب السعادة" in arabic and "20 آب/أغسطس 2024" in arabic.replace("\u00a0", " ")
    chinese = document_parts_text(Path(written[2]))
    assert "2024年8月20日" in chinese
    assert "window ok" in run("--check-window", "--workspace", str(workspace))
    # The team store's driver travels too: a server that is not there is said in words.
    done = subprocess.run([str(program), "store", "status", "--store",
                           f"host={tmp_path / 'no-server'} dbname=commdraft connect_timeout=2"],
                          env=bare, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1 and "cannot be reached" in done.stderr, done.stderr
