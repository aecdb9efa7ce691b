from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real workspace or settings."""
    monkeypatch.setenv("COMMDRAFT_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COMMDRAFT_SETTINGS", str(tmp_path / "settings.json"))
    # The command line speaks the user's language (LANG...): the tests read it in English.
    monkeypatch.setenv("COMMDRAFT_LANG", "en")


@pytest.fixture
def workspace(tmp_path: Path):
    from desktop_app.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def demo(workspace):
    return workspace.load_demo()
