"""A TinyDB storage that replaces its file atomically.

TinyDB's own JSONStorage rewrites the file in place: a kill halfway leaves half a file. This
one reads the whole file on every read (another process may have replaced it) and writes a
complete new file through :func:`atomic_write_bytes`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.atomic import atomic_write_bytes


class AtomicJSONStorage(Storage):
    """Whole-file JSON storage: ``read()`` parses the file, ``write()`` replaces it atomically."""

    def __init__(self, path: str | os.PathLike[str], **kwargs: Any) -> None:
        # No file is created here: opening a store to read must not write anything.
        super().__init__()
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise StoreCorruptError(self.path, f"is not UTF-8 text ({exc})") from None
        except json.JSONDecodeError as exc:
            raise StoreCorruptError(
                self.path, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreCorruptError(self.path, "is not a TinyDB file (an object of tables)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Compact, and non-ASCII kept as UTF-8: Arabic or Chinese text stays readable and small.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomic_write_bytes(self.path, text.encode("utf-8"))

    def close(self) -> None:
        pass
