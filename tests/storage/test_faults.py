"""A disk that refuses a write: a clear StoreWriteError, nothing half-applied, nothing lost.

Tests run as root, where chmod cannot make a folder read-only: the faults are made by
replacing os.write, os.fsync or os.replace with functions that raise what the OS would.
"""

from __future__ import annotations

import copy
import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.storage import (
    CaseNotFoundError,
    ConflictError,
    FileCaseStore,
    StoreError,
    StoreWriteError,
    open_store,
)

REAL_WRITE = os.write


def failing(code: int, *, after: int = 0) -> Callable[..., object]:
    """A stand-in for an os function that works ``after`` times, then raises ``code``."""
    calls = {"n": 0}

    def call(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return REAL_WRITE(*args)  # type: ignore[arg-type]

    return call


def snapshot(workspace: Path) -> dict[str, bytes]:
    root = workspace / "store"
    skip = {".lock", ".lock.owner", ".pending"}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name not in skip
    }


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EACCES, "permission to write there was denied"),
        (errno.EDQUOT, "the disk quota is used up"),
    ],
)
def test_a_refused_first_save_says_why_and_leaves_nothing(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch, code: int, reason: str
) -> None:
    record = new_record()
    original = copy.deepcopy(record)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(code))
        with pytest.raises(StoreWriteError) as info:
            store.save(record, base_revision=None)
    error = info.value
    assert str(error).startswith(f"cannot save: {reason} (store/cases/{record['id']}.log)")
    assert isinstance(error, StoreError) and error.errno == code
    assert record == original  # the user's text is untouched
    assert store.list() == []
    with pytest.raises(CaseNotFoundError):
        store.get(record["id"])
    # No empty case file left behind, for backups to count as a case.
    assert not (store.cases_dir / f"{record['id']}.log").exists()
    made = store.backup()
    assert list((made / "cases").iterdir()) == [] and store.list_backups()[0].cases == 0
    saved = store.save(record, base_revision=None)  # the disk has room again
    assert saved["revision"] == 1
    with open_store(workspace) as again:
        assert [s.id for s in again.list()] == [record["id"]]


def test_a_refused_index_append_undoes_the_case_append(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch
) -> None:
    first = store.save(new_record(status="draft"), base_revision=None)
    before = snapshot(workspace)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(errno.ENOSPC, after=1))  # the case line goes in
        with pytest.raises(StoreWriteError, match=r"disk is full \(store/index\.log\)"):
            store.save({**first, "status": "approved"}, base_revision=1)
    assert snapshot(workspace) == before  # the case file was cut back
    assert store.get(first["id"]) == first
    assert [h.revision for h in store.history(first["id"])] == [1]
    assert [(s.revision, s.status) for s in store.list()] == [(1, "draft")]
    second = store.save({**first, "status": "approved"}, base_revision=1)
    assert second["revision"] == 2
    with open_store(workspace) as again:
        assert [(s.revision, s.status) for s in again.list()] == [(2, "approved")]
        assert again.notices == []


def test_a_failing_fsync_is_a_failed_save(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch
) -> None:
    first = store.save(new_record(), base_revision=None)
    before = snapshot(workspace)

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", broken)
        with pytest.raises(StoreWriteError, match="input/output error"):
            store.save(first, base_revision=1)
    assert snapshot(workspace) == before
    assert store.get(first["id"])["revision"] == 1
    assert store.save(first, base_revision=1)["revision"] == 2


def test_a_refused_delete_keeps_the_case(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch
) -> None:
    saved = store.save(new_record(), base_revision=None)

    def read_only(*args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(args[0]))

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", read_only)
        with pytest.raises(StoreWriteError, match=r"cannot delete the case: the disk is read-only"):
            store.delete(saved["id"], base_revision=1)
    assert store.get(saved["id"]) == saved and [s.id for s in store.list()] == [saved["id"]]
    assert list(store.trash_dir.iterdir()) == []


def test_a_refused_index_update_puts_a_deleted_case_back(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch
) -> None:
    saved = store.save(new_record(), base_revision=None)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(errno.ENOSPC))
        with pytest.raises(StoreWriteError, match=r"store/index\.log"):
            store.delete(saved["id"], base_revision=1)
    assert store.get(saved["id"]) == saved and [s.id for s in store.list()] == [saved["id"]]
    with open_store(workspace) as again:
        assert again.get(saved["id"]) == saved


def test_a_conflict_that_cannot_be_kept_says_so(
    workspace: Path, new_record, monkeypatch
) -> None:
    with open_store(workspace) as alice, open_store(workspace) as bob:
        base = alice.save(new_record(), base_revision=None)
        alice.save(base, base_revision=1)
        mine = {**base, "status": "approved"}

        def full(*args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(os, "write", full)  # atomic_write_bytes writes through a file object
            patch.setattr(os, "replace", full)
            with pytest.raises(StoreWriteError) as info:
                bob.save(mine, base_revision=1)
        assert not isinstance(info.value, ConflictError)
        message = str(info.value)
        assert "saved elsewhere since revision 1" in message and "disk is full" in message
        assert "store/conflicts/" in message and "copy it somewhere safe" in message
        assert list(bob.conflicts_dir.iterdir()) == []
        assert bob.get(base["id"])["revision"] == 2


def test_a_new_case_whose_index_append_fails_leaves_no_file(
    store: FileCaseStore, workspace: Path, new_record, monkeypatch
) -> None:
    store.save(new_record(), base_revision=None)
    before = snapshot(workspace)
    record = new_record()
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(errno.ENOSPC, after=1))
        with pytest.raises(StoreWriteError, match=r"store/index\.log"):
            store.save(record, base_revision=None)
    assert snapshot(workspace) == before
    assert not (store.cases_dir / f"{record['id']}.log").exists()
    assert store.save(record, base_revision=None)["revision"] == 1


def test_an_empty_case_file_left_by_a_crash_is_removed_at_open(
    workspace: Path, new_record
) -> None:
    """A process killed between creating a case file and writing its first line leaves it
    empty: it holds no case, is removed at open, and is never backed up as one."""
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    empty = workspace / "store" / "cases" / "cut-short.log"
    empty.write_bytes(b"")
    from desktop_app.storage.maintenance import backups

    assert [str(p) for p, _, _ in backups.snapshot(workspace / "store")
            if p.name == empty.name] == []
    with open_store(workspace) as store:
        assert not empty.exists()
        assert [s.id for s in store.list()] == [saved["id"]] and store.damaged() == []
        assert store.list_backups() == [] and store.backup()
        assert store.list_backups()[0].cases == 1
