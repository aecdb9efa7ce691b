"""A read-only workspace can be listed and shown: nothing is written to read it, and a change
is refused with a clear StoreWriteError ("the workspace is read-only").

As root (these tests run as root, where chmod restricts nothing) the workspace is a tmpfs
remounted read-only; otherwise its folders and files are made read-only with chmod.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_mounts import IS_ROOT, remount_read_only, remount_read_write, tmpfs

from desktop_app.storage import (
    CaseQuery,
    StoreCorruptError,
    StoreError,
    StoreWriteError,
    open_store,
)


def _chmod_tree(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            os.chmod(path, 0o700 if writable else 0o500)
        else:
            os.chmod(path, 0o600 if writable else 0o400)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None], Callable[[], None]]]:
    """(workspace, make it read-only, make it writable again)."""
    if IS_ROOT:
        with tmpfs(tmp_path / "mnt", "16m") as mount:
            workspace = mount / "drafts"
            yield (workspace, lambda: remount_read_only(mount),
                   lambda: remount_read_write(mount))
            remount_read_write(mount)
        return
    if os.name != "posix":
        pytest.skip("no read-only folder to make here (not POSIX)")
    workspace = tmp_path / "drafts"
    yield (workspace, lambda: _chmod_tree(workspace, False), lambda: _chmod_tree(workspace, True))
    _chmod_tree(workspace, True)


def snapshot(workspace: Path) -> dict[str, tuple[bytes | None, int]]:
    return {
        str(p.relative_to(workspace)): (p.read_bytes() if p.is_file() else None,
                                        stat.S_IMODE(p.stat().st_mode))
        for p in workspace.rglob("*")
    }


def test_a_read_only_workspace_can_be_listed_and_shown(read_only, new_record) -> None:
    workspace, lock, unlock = read_only
    with open_store(workspace) as store:
        a = store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
        a2 = store.save({**a, "status": "in_review"}, base_revision=1)
        b = store.save(new_record(persons=[{"id": "p1", "name": "Dana Bekova"}]),
                       base_revision=None)
    before = snapshot(workspace)
    lock()
    with open_store(workspace) as store:
        assert store.read_only
        assert {s.id for s in store.list()} == {a["id"], b["id"]}
        assert [s.id for s in store.list(CaseQuery(text="bekova"))] == [b["id"]]
        assert store.get(a["id"]) == a2 and store.get_revision(a["id"], 1) == a
        assert [h.revision for h in store.history(a["id"])] == [1, 2]
        assert store.find("AL KAZ 1/2024") == a2
        assert store.references() == ["AL KAZ 1/2024"]
        assert store.damaged() == []
        assert store.backup_if_due() is None
        with pytest.raises(StoreWriteError) as info:
            store.save(a2, base_revision=2)
        error = info.value
        assert error.code == "store.read_only" and error.params["action"] == "save"
        message = str(error)
        assert message.startswith("cannot save: the workspace is read-only (")
        assert "listed and read, not changed" in message and "Nothing was changed" in message
        for attempt in (lambda: store.delete(b["id"], base_revision=1),
                        lambda: store.backup(),
                        lambda: store.set_keep_backups(3),
                        lambda: store.restore_case(a["id"])):
            with pytest.raises(StoreWriteError, match="the workspace is read-only"):
                attempt()
        with pytest.raises(StoreWriteError, match="read-only"), store.transaction():
            pass
        assert store.get(a["id"]) == a2  # still readable after all those refusals
    unlock()
    assert snapshot(workspace) == before  # nothing written, not even a lock file
    with open_store(workspace) as store:  # writable again: saves work
        assert not store.read_only
        assert store.save(a2, base_revision=2)["revision"] == 3


def test_a_read_only_workspace_with_a_stale_or_missing_index(read_only, new_record) -> None:
    workspace, lock, _ = read_only
    with open_store(workspace) as store:
        a = store.save(new_record(), base_revision=None)
        index = workspace / "store" / "index.log"
        stale = index.read_bytes()
        b = store.save(new_record(), base_revision=None)
        a2 = store.save(a, base_revision=1)
    index.write_bytes(stale)  # as if a writer died before its index line
    lock()
    with open_store(workspace) as store:  # brought in line in memory
        assert {(s.id, s.revision) for s in store.list()} == {(a["id"], 2), (b["id"], 1)}
        assert store.get(a["id"]) == a2


def test_a_read_only_workspace_without_an_index(read_only, new_record) -> None:
    workspace, lock, _ = read_only
    with open_store(workspace) as store:
        a = store.save(new_record(), base_revision=None)
    (workspace / "store" / "index.log").write_bytes(b"\x00garbage\n\x00more\n")
    lock()
    with open_store(workspace) as store:
        assert [s.id for s in store.list()] == [a["id"]]
        (notice,) = store.notices
        assert "rebuilt in memory" in notice and "read-only" in notice
        assert store.list() and store.notices == [notice]  # rebuilt once, not per call


def test_a_damaged_case_in_a_read_only_workspace(read_only, new_record) -> None:
    workspace, lock, _ = read_only
    with open_store(workspace) as store:
        a = store.save(new_record(), base_revision=None)
        store.save(a, base_revision=1)
        b = store.save(new_record(), base_revision=None)
    path = workspace / "store" / "cases" / f"{a['id']}.log"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"revision"', b'"revisioN"', 1)
    path.write_bytes(b"".join(lines))
    lock()
    with open_store(workspace) as store:
        assert [s.id for s in store.list()] == [b["id"]]
        (entry,) = store.damaged()
        assert entry.case_id == a["id"] and entry.path == path and not entry.quarantined
        with pytest.raises(StoreCorruptError, match="line 2"):
            store.get(a["id"])


def test_an_unfinished_store_on_a_read_only_disk_is_an_error(read_only) -> None:
    workspace, lock, _ = read_only
    workspace.mkdir(parents=True)
    lock()
    with pytest.raises(StoreError) as info:
        open_store(workspace)
    assert isinstance(info.value, StoreWriteError)
    assert "cannot create the store" in str(info.value)
    with pytest.raises(StoreError, match="no commdraft store"):
        open_store(workspace, create=False)


@pytest.mark.skipif(not IS_ROOT, reason="needs root to mount a read-only tmpfs")
def test_the_workspace_layer_opens_a_read_only_workspace(read_only, new_record) -> None:
    from desktop_app.workspace.core import Workspace

    workspace, lock, _ = read_only
    with open_store(workspace) as store:
        a = store.save(new_record(), base_revision=None)
    lock()
    opened = Workspace.open(workspace)
    try:
        assert [row.id for row in opened.store.list()] == [a["id"]]
    finally:
        opened.store.close()


def test_a_lock_file_that_may_not_be_opened_means_read_only(
    workspace: Path, new_record, monkeypatch
) -> None:
    """A shared folder where we may read but not write: the lock cannot even be opened."""
    import errno

    from desktop_app.storage.log import locking

    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)

    def denied(self: locking.StoreLock) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self.path))

    monkeypatch.setattr(locking.StoreLock, "_acquire", denied)
    with open_store(workspace) as store:
        assert store.read_only and store.get(saved["id"]) == saved
        with pytest.raises(StoreWriteError) as info:
            store.save(saved, base_revision=1)
        assert str(info.value).startswith(
            "cannot save: the workspace is read-only (permission to write there was denied: "
            "store/.lock)")
        assert info.value.params["reason"] == "denied"
    monkeypatch.undo()
    with open_store(workspace) as store:
        assert store.save(saved, base_revision=1)["revision"] == 2
