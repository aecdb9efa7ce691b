"""Opening a store: checking its version, unlocking it, finishing what a crash left,
migrating it, and bringing the index in line with the case files.

Nothing is created or changed before the schema version is known to be one this program
reads: a workspace from a newer commdraft is refused untouched, without even a lock file.

A damaged case file does not stop the store from opening: it is set aside (quarantine.py)
and the store says so in ``notices`` and ``damaged()``.

A store that cannot be written (a read-only disk or folder: the lock file cannot even be
opened) is opened for reading: its index is read, and repaired in memory if it must be, and
every change raises StoreWriteError ("the workspace is read-only").

Folders are made 0700 and files 0600 (permissions.py). An existing store of ours that others
could read is made private when opened (its folders, which shuts everyone else out of what
they hold, its top-level files and its case files); a store owned by someone else is left
as it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, overload

from desktop_app.storage.errors import (
    PassphraseRequiredError,
    StoreCorruptError,
    StoreError,
    StoreWriteError,
)
from desktop_app.storage.log.atomic import cleanup_leftovers
from desktop_app.storage.log.codec import PLAIN, Codec
from desktop_app.storage.log.faults import READ_ONLY_ERRNOS, writing
from desktop_app.storage.log.layout import (
    SCHEMA_VERSION,
    StoreLayout,
    new_meta,
    read_meta,
    write_meta,
)
from desktop_app.storage.log.permissions import private_folder, tighten
from desktop_app.storage.maintenance import advice, backups, migrations, swap
from desktop_app.storage.protocols import Store
from desktop_app.storage.server_location import is_server_location
from desktop_app.storage.store import FileCaseStore

#: Makes the codec of an encrypted store from its meta.json "encryption" entry, e.g.
#: ``lambda entry: crypto.unlock(entry, passphrase)``.
CodecFactory = Callable[[dict[str, Any]], Codec]


@overload
def open_store(
    workspace: Path,
    *,
    passphrase: str | None = None,
    create: bool = True,
    lock_timeout: float = 10.0,
    codec_factory: CodecFactory | None = None,
    check_files: bool = True,
) -> FileCaseStore: ...


@overload
def open_store(
    workspace: str,
    *,
    passphrase: str | None = None,
    create: bool = True,
    lock_timeout: float = 10.0,
    codec_factory: CodecFactory | None = None,
    check_files: bool = True,
) -> Store: ...


def open_store(
    workspace: Path | str,
    *,
    passphrase: str | None = None,
    create: bool = True,
    lock_timeout: float = 10.0,
    codec_factory: CodecFactory | None = None,
    check_files: bool = True,
) -> Store:
    """Open (or create, plain) the case store of a workspace folder, repairing what a crash
    left and migrating an older schema (after a backup). The store returned is a
    :class:`~desktop_app.storage.protocols.Store`.

    A server location (``postgresql://…``, or libpq's ``host=… dbname=…``) opens the team
    store on that PostgreSQL server instead (storage/postgres; ``passphrase`` and ``create``
    do not apply: the server's schema is made by ``commdraft store init``).

    An encrypted store opens with its ``passphrase`` (WrongPassphraseError, a StoreError, when
    it is not the one), or with ``codec_factory`` (the older way, for the storage package's
    own tests); without either, PassphraseRequiredError. A passphrase given for a plain store
    is not needed and is ignored. ``create=False`` refuses a folder without a store (StoreError
    ``store.none``).

    A damaged store (meta.json) raises StoreCorruptError naming the file and line and the
    newest backup (``error.backup``; see :func:`restore_backup`); a damaged case is set aside
    and the store opens (see ``FileCaseStore.damaged``). A store that cannot be written opens
    read-only (``FileCaseStore.read_only``).

    Opening compares every case file with the index (a stat each: a third of a cold open at
    10,000 cases), to find a case changed or damaged behind the store's back. A window that
    wants its list on screen first opens with ``check_files=False`` and calls
    ``store.check_files()`` right after; any change made before that waits for it.
    """
    if isinstance(workspace, str) and is_server_location(workspace):
        from desktop_app.storage.postgres import open_server_store

        return open_server_store(workspace)
    if passphrase is not None and codec_factory is None:
        codec_factory = _unlocker(passphrase)
    layout = StoreLayout.of_workspace(workspace)
    try:
        return _open(layout, create, lock_timeout, codec_factory, fresh=None, codec=None,
                     check_files=check_files)
    except StoreCorruptError as exc:
        if exc.advice:
            raise
        raise advice.with_newest_backup(layout, exc) from None


def create_store(
    workspace: Path | str,
    *,
    passphrase: str | None = None,
    encryption: dict[str, Any] | None = None,
    codec: Codec | None = None,
    lock_timeout: float = 10.0,
) -> FileCaseStore:
    """Create a new store, encrypted with a key made from ``passphrase`` when one is given
    (or, the older way, with ``encryption``, the meta.json entry, and the ``codec`` it
    unlocks). Refuses an existing store (StoreError ``store.exists``)."""
    if passphrase is not None:
        if encryption is not None or codec is not None:
            raise ValueError("give a passphrase, or an encryption entry and its codec, not both")
        codec, encryption = _new_encryption(passphrase)
    if (encryption is None) != (codec is None):
        raise ValueError("an encrypted store needs both its meta.json entry and its codec")
    layout = StoreLayout.of_workspace(workspace)
    if read_meta(layout.meta) is not None:
        raise StoreError(f"there is already a commdraft store in {workspace}",
                         code="store.exists", params={"folder": str(workspace)})
    fresh = new_meta(encryption=encryption)
    return _open(layout, True, lock_timeout, None, fresh=fresh, codec=codec or PLAIN)


# Imported when used, not at the top: ``cryptography`` costs start-up time (tens of ms) that
# opening a plain store never needs.
def _unlocker(passphrase: str) -> CodecFactory:
    def unlock(entry: dict[str, Any]) -> Codec:
        from desktop_app.storage.log import crypto

        return crypto.unlock(entry, passphrase)

    return unlock


def _new_encryption(passphrase: str) -> tuple[Codec, dict[str, Any]]:
    from desktop_app.storage.log import crypto

    return crypto.new_encryption(passphrase)


def _open(
    layout: StoreLayout,
    create: bool,
    lock_timeout: float,
    codec_factory: CodecFactory | None,
    *,
    fresh: dict[str, Any] | None,
    codec: Codec | None,
    check_files: bool = True,
) -> FileCaseStore:
    # Checked before anything is created, even the lock file: a newer store is left untouched.
    meta = read_meta(layout.meta)
    try:
        swap.recover(layout, lock_timeout)  # a restore or re-encode that a crash interrupted
    except OSError as exc:
        if exc.errno not in READ_ONLY_ERRNOS or meta is None:
            raise
        # A read-only workspace: what a crash left cannot be finished; read what is there.
    meta = read_meta(layout.meta)
    if meta is None:
        if not create:
            raise StoreError(
                f"there is no commdraft store in {layout.workspace} (no {layout.meta})",
                code="store.none", params={"folder": str(layout.workspace)},
            )
        with writing(layout, "create the store"):
            private_folder(layout.root, parents=True)
    if codec is None:
        codec = _codec_for(layout, meta, codec_factory)
    store = FileCaseStore(layout, lock_timeout=lock_timeout, codec=codec)
    expected = (meta or fresh or {}).get("encryption")
    try:
        try:
            _open_locked(store, fresh or new_meta(), expected=expected, check_files=check_files)
        except StoreWriteError as exc:
            if meta is None or exc.errno not in READ_ONLY_ERRNOS:
                raise
            _open_read_only(store, exc, expected)
    except BaseException:
        store.close()
        raise
    return store


def _open_read_only(store: FileCaseStore, cause: StoreWriteError, expected: Any) -> None:
    """Open a store that cannot be written (``cause``: the refusal) for reading only."""
    layout = store.layout
    with store._mutex:  # noqa: SLF001
        meta = read_meta(layout.meta)
        if meta is None:
            raise cause
        if meta.get("encryption") != expected:
            raise StoreError(
                f"the store at {layout.root} was created or re-encoded by another process "
                "meanwhile: open it again", code="store.replaced"
            )
        if meta["schema_version"] != SCHEMA_VERSION:
            raise cause  # an older schema is migrated first, which writes
        store._read_only = cause  # noqa: SLF001
        store._meta = meta  # noqa: SLF001
        store._root_inode = os.stat(layout.root).st_ino  # noqa: SLF001
        store._index.writable = False  # noqa: SLF001
        store._index.sync_in_memory()  # noqa: SLF001
        store._index.refold_locked()  # noqa: SLF001  (in memory: the store is read-only)


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


def _open_locked(
    store: FileCaseStore, fresh: dict[str, Any], expected: Any, *, check_files: bool = True
) -> None:
    layout = store.layout
    with store._mutex, writing(layout, "open the store"), store._lock:  # noqa: SLF001
        meta = read_meta(layout.meta)  # again, under the lock: another process may have won
        if meta is not None and meta.get("encryption") != expected:
            raise StoreError(
                f"the store at {layout.root} was created or re-encoded by another process "
                "meanwhile: open it again", code="store.replaced"
            )
        for folder in layout.folders:
            private_folder(folder, parents=False)
            # Safe only under the lock: a live writer's temp file looks like a dead one's.
            # cases/ (thousands of files) is cleaned by the index's pass over it, below.
            if folder != layout.cases:
                cleanup_leftovers(folder)
        cleanup_leftovers(layout.quarantine)
        if meta is None:
            meta = fresh
            write_meta(layout.meta, meta)  # last: a store with a meta.json is a whole one
        meta = migrations.migrate_locked(layout, meta)
        backups.remove_partials(layout)
        _make_private(store)
        store._meta = meta  # noqa: SLF001
        store._root_inode = os.stat(layout.root).st_ino  # noqa: SLF001
        store._index.sync_locked()  # noqa: SLF001
        store._index.compact_if_due_locked()  # noqa: SLF001
        if check_files:
            store._check_files_locked()  # noqa: SLF001
        else:
            store._files_due = True  # noqa: SLF001  (see FileCaseStore.check_files)
        store._index.refold_locked()  # noqa: SLF001


def _make_private(store: FileCaseStore) -> None:
    """Tighten an existing store of ours that others could read (a few stats when it is
    private already): its folders (0700 shuts everyone else out of all they hold) and its
    top-level files; case files are tightened as the index scan passes them."""
    layout = store.layout
    changed = [path for path in layout.private_folders if tighten(path)]
    changed += [
        path for path in (layout.meta, layout.index, layout.lock, layout.lock_owner,
                          layout.pending)
        if tighten(path)
    ]
    if changed:
        shown = ", ".join(layout.display(p) for p in changed[:6])
        store.notices.append(
            f"the store could be read by other users of this computer ({shown}"
            f"{', ...' if len(changed) > 6 else ''}): it was made private (folders 0700, "
            "files 0600)"
        )
