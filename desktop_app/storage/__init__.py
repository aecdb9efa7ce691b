"""The case store: the only package that imports tinydb.

The rest of the program uses :class:`CaseRepository` (opened with :func:`open_store`) and the
errors below; files, TinyDB and locks stay inside this package.
"""

from __future__ import annotations

from desktop_app.storage import errors
from desktop_app.storage.errors import (
    CaseExistsError,
    CaseNotFoundError,
    ConflictError,
    DuplicateReferenceError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)
from desktop_app.storage.layout import SCHEMA_VERSION
from desktop_app.storage.repository import CaseQuery, CaseRepository, CaseSummary, RevisionInfo
from desktop_app.storage.store import FileCaseStore, open_store

__all__ = [
    "SCHEMA_VERSION",
    "CaseExistsError",
    "CaseNotFoundError",
    "CaseQuery",
    "CaseRepository",
    "CaseSummary",
    "ConflictError",
    "DuplicateReferenceError",
    "FileCaseStore",
    "RevisionInfo",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "errors",
    "open_store",
]
