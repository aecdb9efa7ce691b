"""Opening a store: checking its version, unlocking it, finishing what a crash left,
migrating it, and bringing the index in line with the case files.

Nothing is created or changed before the schema version is known to be one this program
reads: a workspace from a newer commdraft is refused untouched, without even a lock file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.storage import backups, migrations, swap
from desktop_app.storage.atomic import cleanup_leftovers
from desktop_app.storage.codec import PLAIN, Codec
from desktop_app.storage.errors import PassphraseRequiredError, StoreCorruptError, StoreError
from desktop_app.storage.faults import writing
from desktop_app.storage.layout import StoreLayout, new_meta, read_meta, write_meta
from desktop_app.storage.store import FileCaseStore

#: Makes the codec of an encrypted store from its meta.json "encryption" entry, e.g.
#: ``lambda entry: crypto.unlock(entry, passphrase)``.
CodecFactory = Callable[[dict[str, Any]], Codec]


def open_store(
    workspace: Path | str,
    *,
    create: bool = True,
    lock_timeout: float = 10.0,
    codec_factory: CodecFactory | None = None,
) -> FileCaseStore:
    """Open (or create, plain) the case store of a workspace folder, repairing what a crash
    left and migrating an older schema (after a backup).

    A damaged store raises StoreCorruptError naming the file and line and the newest backup
    (``error.backup``; see :func:`restore_backup`). An encrypted store needs
    ``codec_factory``, else PassphraseRequiredError.
    """
    layout = StoreLayout.of_workspace(workspace)
    try:
        return _open(layout, create, lock_timeout, codec_factory, fresh=None, codec=None)
    except StoreCorruptError as exc:
        if exc.advice:
            raise
        raise backups.with_newest_backup(layout, exc) from None


def create_store(
    workspace: Path | str,
    *,
    encryption: dict[str, Any] | None = None,
    codec: Codec | None = None,
    lock_timeout: float = 10.0,
) -> FileCaseStore:
    """Create a new store, encrypted when given ``encryption`` (the meta.json entry, e.g. KDF
    parameters and a verifier) and the ``codec`` it unlocks. Refuses an existing store."""
    if (encryption is None) != (codec is None):
        raise ValueError("an encrypted store needs both its meta.json entry and its codec")
    layout = StoreLayout.of_workspace(workspace)
    if read_meta(layout.meta) is not None:
        raise StoreError(f"there is already a commdraft store in {workspace}",
                         code="store.exists", params={"folder": str(workspace)})
    fresh = new_meta(encryption=encryption)
    return _open(layout, True, lock_timeout, None, fresh=fresh, codec=codec or PLAIN)


def _open(
    layout: StoreLayout,
    create: bool,
    lock_timeout: float,
    codec_factory: CodecFactory | None,
    *,
    fresh: dict[str, Any] | None,
    codec: Codec | None,
) -> FileCaseStore:
    # Checked before anything is created, even the lock file: a newer store is left untouched.
    meta = read_meta(layout.meta)
    swap.recover(layout, lock_timeout)  # a restore or re-encode that a crash interrupted
    meta = read_meta(layout.meta)
    if meta is None:
        if not create:
            raise StoreError(
                f"there is no commdraft store in {layout.workspace} (no {layout.meta})",
                code="store.none", params={"folder": str(layout.workspace)},
            )
        with writing(layout, "create the store"):
            layout.root.mkdir(parents=True, exist_ok=True)
    if codec is None:
        codec = _codec_for(layout, meta, codec_factory)
    store = FileCaseStore(layout, lock_timeout=lock_timeout, codec=codec)
    try:
        _open_locked(store, fresh or new_meta(), expected=(meta or fresh or {}).get("encryption"))
    except BaseException:
        store.close()
        raise
    return store


def _codec_for(
    layout: StoreLayout, meta: dict[str, Any] | None, factory: CodecFactory | None
) -> Codec:
    entry = meta.get("encryption") if meta else None
    if entry is None:
        return PLAIN
    if factory is None:
        raise PassphraseRequiredError(
            f"the store at {layout.root} is encrypted: it opens only with its passphrase"
        )
    return factory(entry)


def _open_locked(store: FileCaseStore, fresh: dict[str, Any], expected: Any) -> None:
    layout = store.layout
    with store._mutex, writing(layout, "open the store"), store._lock:  # noqa: SLF001
        meta = read_meta(layout.meta)  # again, under the lock: another process may have won
        if meta is not None and meta.get("encryption") != expected:
            raise StoreError(
                f"the store at {layout.root} was created or re-encoded by another process "
                "meanwhile: open it again", code="store.replaced"
            )
        for folder in layout.folders:
            folder.mkdir(exist_ok=True)
            # Safe only under the lock: a live writer's temp file looks like a dead one's.
            cleanup_leftovers(folder)
        if meta is None:
            meta = fresh
            write_meta(layout.meta, meta)  # last: a store with a meta.json is a whole one
        meta = migrations.migrate_locked(layout, meta)
        backups.remove_partials(layout)
        store._meta = meta  # noqa: SLF001
        store._root_inode = os.stat(layout.root).st_ino  # noqa: SLF001
        store._index.sync_locked()  # noqa: SLF001
        store._index.heal_all_locked()  # noqa: SLF001
