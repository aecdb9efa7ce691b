"""Rewriting a whole store through another codec: encrypting a plain workspace, changing its
key, or decrypting it.

The new store is built beside the old one (``swap.py``), every log and conflict read with the
old codec and written with the new, the index rebuilt from the new case files, meta.json
written with the new encryption entry; then the folders are switched in one rename. A crash at
any point leaves either the old store whole or the new one (finished by the next open).

Backups made with the old codec are not carried over: when encrypting, they are exactly the
plaintext the user wants gone. They are deleted with the old store, and the caller makes a
new backup.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index.documents import summary_document
from desktop_app.storage.index.tables import CASES, index_log
from desktop_app.storage.log import quarantine
from desktop_app.storage.log.atomic import atomic_write_bytes
from desktop_app.storage.log.casefile import REVISIONS, CaseLog, stat_key
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import (
    CASE_SUFFIX,
    FILE_TIME_PATTERN,
    StoreLayout,
    case_aad,
    conflict_aad,
    file_time,
    write_meta,
)
from desktop_app.storage.log.logstorage import LogStorage
from desktop_app.storage.log.permissions import private_folder
from desktop_app.storage.maintenance import swap

_TRASHED = re.compile(rf"^(?P<id>.+)--{FILE_TIME_PATTERN}{re.escape(CASE_SUFFIX)}$")


def _copy_log(source: Path, target: Path, case_id: str, old: Codec, new: Codec) -> dict[str, Any]:
    """Re-encode one case log; return its latest revision document."""
    revisions = CaseLog(source, case_id, old).revisions()
    if not revisions:
        raise StoreCorruptError(source, "holds no revision")
    fresh = LogStorage(target, codec=new, aad=case_aad(case_id))
    fresh.replace_all({REVISIONS: {str(d["revision"]): d for d in revisions}})
    return revisions[-1]


def _build(layout: StoreLayout, staged: Path, old: Codec, new: Codec, meta: dict[str, Any]) -> None:
    target = StoreLayout(staged)
    if not private_folder(staged, parents=False):
        raise FileExistsError(f"{staged} exists")
    for folder in (target.cases, target.conflicts, target.trash, target.backups):
        private_folder(folder, parents=False)
    summaries: dict[str, dict[str, Any]] = {}
    for name in sorted(os.listdir(layout.cases)):
        if name.endswith(CASE_SUFFIX) and not name.startswith("."):
            case_id = name[: -len(CASE_SUFFIX)]
            latest = _copy_log(layout.cases / name, target.cases / name, case_id, old, new)
            stat = stat_key(target.cases / name)
            assert stat is not None
            summaries[case_id] = summary_document(
                latest["record"], saved_at=latest["saved_at"], file_stat=stat
            )
    for name in sorted(os.listdir(layout.trash)):
        match = _TRASHED.match(name)
        if match:
            _copy_log(layout.trash / name, target.trash / name, match["id"], old, new)
    for name in sorted(os.listdir(layout.conflicts)):
        if name.endswith(".json") and not name.startswith("."):
            aad = conflict_aad(name).encode("utf-8")
            plain = old.open((layout.conflicts / name).read_bytes(), aad)
            atomic_write_bytes(target.conflicts / name, new.seal(plain, aad))
    _carry_quarantine(layout, target, old, new)
    index_log(target.index, new).replace_all({CASES: summaries})
    write_meta(target.meta, meta)


def _carry_quarantine(layout: StoreLayout, target: StoreLayout, old: Codec, new: Codec) -> None:
    """Damaged case files are never deleted, and never left in clear in an encrypted store:
    each is sealed whole by the new codec (``<id>--<time>.sealed``: its original bytes, still
    in the old codec's form, inside); its note is re-sealed like a conflict file."""
    try:
        names = sorted(os.listdir(layout.quarantine))
    except FileNotFoundError:
        return
    private_folder(target.quarantine, parents=False)
    for name in names:
        source = layout.quarantine / name
        if name.startswith(".") or not source.is_file():
            continue
        if name.endswith(quarantine.NOTE_SUFFIX) or name.endswith(quarantine.SEALED_SUFFIX):
            kept = name
            try:
                plain = old.open(source.read_bytes(), quarantine.note_aad(name))
            except Exception:  # a note or sealed file the old key cannot open: carried whole
                plain = source.read_bytes()
        else:
            kept = name[: -len(CASE_SUFFIX)] + quarantine.SEALED_SUFFIX if name.endswith(
                CASE_SUFFIX) else name + quarantine.SEALED_SUFFIX
            plain = source.read_bytes()
        atomic_write_bytes(target.quarantine / kept, new.seal(plain, quarantine.note_aad(kept)))


def reencode_store(
    layout: StoreLayout,
    meta: dict[str, Any],
    old: Codec,
    new: Codec,
    encryption: dict[str, Any] | None,
) -> dict[str, Any]:
    """Rewrite the store at ``layout`` (its ``meta``, read with ``old``) through ``new``, under
    the store lock (see ``FileCaseStore.reencode``); return the new meta.json. The caller
    forgets everything it read: the store folder was replaced."""
    meta = {k: v for k, v in meta.items() if k != "encryption"}
    if encryption is not None:
        meta["encryption"] = encryption
    staged = swap.new_staged_folder(layout)
    try:
        _build(layout, staged, old, new, meta)
        swap.mark_complete(staged, old_name=f"{swap.OLD}{file_time()}", delete_old=True)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    swap.switch(layout, staged)
    return meta
