"""The case store: the only package that imports tinydb.

The rest of the program imports this package only, never a module inside it: a
:class:`Store` (:class:`CaseRepository` with :class:`Backups`, :class:`Encryption`,
:class:`ChangeFeed` and :class:`Conflicts`) opened with :func:`open_store` or made with
:func:`create_store` (a passphrase for an encrypted one), :class:`CaseQuery` and
:class:`CaseSummary`, and the errors below; files, TinyDB, codecs and locks stay inside.

Inside: ``log/`` (the files: log format and storage, case files, atomic writes, locking,
encryption, damaged files set aside), ``index/`` (the list index and its TinyDB table),
``maintenance/`` (backups, restoring, re-encoding, migrations), ``postgres/`` (the team store);
``store.py`` and ``opening.py`` put the folder store together. Dependencies run one way:
index and maintenance use log; maintenance uses index; log uses neither. ``atomic_write_bytes`` is here for the workspace's own files (reference data,
XLIFF): the same crash-safe write the store uses.
"""

from __future__ import annotations

from desktop_app.storage import errors
from desktop_app.storage.copying import CopyReport, copy_store
from desktop_app.storage.errors import (
    CaseExistsError,
    CaseNotFoundError,
    ConflictError,
    DuplicateReferenceError,
    PassphraseRequiredError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    StoreWriteError,
)
from desktop_app.storage.log.atomic import atomic_write_bytes
from desktop_app.storage.log.codec import Codec, PlainCodec
from desktop_app.storage.log.layout import SCHEMA_VERSION
from desktop_app.storage.log.quarantine import DamagedCase
from desktop_app.storage.maintenance.backups import BackupInfo, list_backups
from desktop_app.storage.maintenance.swap import restore_backup
from desktop_app.storage.opening import create_store, open_store
from desktop_app.storage.protocols import (
    Backups,
    ChangeFeed,
    Conflicts,
    Encryption,
    Imports,
    Store,
)
from desktop_app.storage.repository import CaseQuery, CaseRepository, CaseSummary, RevisionInfo
from desktop_app.storage.server_admin import (
    add_server_user,
    init_server,
    server_status,
    upgrade_server,
)
from desktop_app.storage.server_location import (
    checked_server_location,
    display_location,
    is_server_location,
)
from desktop_app.storage.store import FileCaseStore

__all__ = [
    "SCHEMA_VERSION",
    "BackupInfo",
    "Backups",
    "CaseExistsError",
    "CaseNotFoundError",
    "CaseQuery",
    "CaseRepository",
    "CaseSummary",
    "ChangeFeed",
    "Codec",
    "ConflictError",
    "Conflicts",
    "CopyReport",
    "DamagedCase",
    "DuplicateReferenceError",
    "Encryption",
    "Imports",
    "FileCaseStore",
    "PassphraseRequiredError",
    "PlainCodec",
    "RevisionInfo",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "StoreWriteError",
    "add_server_user",
    "atomic_write_bytes",
    "checked_server_location",
    "copy_store",
    "create_store",
    "display_location",
    "errors",
    "init_server",
    "is_server_location",
    "list_backups",
    "open_store",
    "restore_backup",
    "server_status",
    "upgrade_server",
]
