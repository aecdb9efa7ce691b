"""The case store: the only package that imports tinydb.

The rest of the program uses :class:`CaseRepository` (opened with :func:`open_store`) and the
errors below; files, TinyDB and locks stay inside this package.
"""

from __future__ import annotations

from desktop_app.storage import errors
from desktop_app.storage.backups import BackupInfo, list_backups
from desktop_app.storage.codec import Codec, PlainCodec
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
from desktop_app.storage.layout import SCHEMA_VERSION
from desktop_app.storage.opening import create_store, open_store
from desktop_app.storage.quarantine import DamagedCase
from desktop_app.storage.repository import CaseQuery, CaseRepository, CaseSummary, RevisionInfo
from desktop_app.storage.store import FileCaseStore
from desktop_app.storage.swap import restore_backup

__all__ = [
    "SCHEMA_VERSION",
    "BackupInfo",
    "CaseExistsError",
    "CaseNotFoundError",
    "CaseQuery",
    "CaseRepository",
    "CaseSummary",
    "Codec",
    "ConflictError",
    "DamagedCase",
    "DuplicateReferenceError",
    "FileCaseStore",
    "PassphraseRequiredError",
    "PlainCodec",
    "RevisionInfo",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "StoreWriteError",
    "create_store",
    "errors",
    "list_backups",
    "open_store",
    "restore_backup",
]
