"""Where the default workspace is: light, so that commands that only read reference data do
not load the store."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app import PROJECT_ROOT


def default_workspace() -> Path:
    """``drafts/`` when run from a checkout; the user's data folder otherwise."""
    env = os.environ.get("COMMDRAFT_WORKSPACE")
    if env:
        return Path(env).expanduser()
    if (PROJECT_ROOT / "pyproject.toml").exists() and (PROJECT_ROOT / "drafts").is_dir():
        return PROJECT_ROOT / "drafts"
    from platformdirs import user_data_path

    return user_data_path("commdraft", appauthor=False) / "workspace"


def store_location(flag: str | None = None, *, setting: str | None = None) -> str | None:
    """The team server the cases are kept on, if any: ``--store`` (``flag``), then the
    COMMDRAFT_STORE variable, then the window's setting; None: the workspace's own store."""
    return flag or os.environ.get("COMMDRAFT_STORE") or setting or None


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (links resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
