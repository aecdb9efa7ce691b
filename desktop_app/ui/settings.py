"""The user's settings: a small JSON file in the user's config folder (not QSettings: the core
never reads it, and tests point it at a temporary folder)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from desktop_app.domain.languages import LANGUAGES


def settings_path() -> Path:
    env = os.environ.get("COMMDRAFT_SETTINGS")
    if env:
        return Path(env)
    return user_config_path("commdraft", appauthor=False) / "settings.json"


@dataclass
class Settings:
    workspace: str | None = None
    interface_language: str = "en"
    document_languages: list[str] = field(default_factory=lambda: ["en"])
    user_name: str = ""
    user_initials: str = ""
    last_case: str | None = None
    #: A team server to keep the cases on (postgresql://USER@HOST/DB); None: the workspace
    #: folder's own store. COMMDRAFT_STORE, when set, wins.
    store: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        settings = cls(**known)
        if settings.interface_language not in LANGUAGES:
            settings.interface_language = "en"
        settings.document_languages = [x for x in settings.document_languages
                                       if x in LANGUAGES] or ["en"]
        return settings

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
