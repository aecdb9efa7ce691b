"""Confidential by default: the store's folders are 0700 and its files 0600, whatever the umask;
an existing store of ours that others could read is made private when opened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.storage import ConflictError, open_store
from desktop_app.storage.log import atomic as atomic_module
from desktop_app.storage.log.atomic import atomic_write_bytes
from desktop_app.storage.log.permissions import private_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes only")


@pytest.fixture(params=[0o022, 0o002, 0o000], ids=["umask022", "umask002", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def loose(root: Path) -> list[str]:
    """Everything under ``root`` (itself included) that is not 0700 / 0600."""
    found = []
    for path in [root, *root.rglob("*")]:
        wanted = 0o700 if path.is_dir() else 0o600
        if mode(path) != wanted:
            found.append(f"{path.relative_to(root.parent)}: {oct(mode(path))}")
    return found


def test_everything_the_store_writes_is_private(
    workspace: Path, new_record, umask: int, monkeypatch
) -> None:
    store = open_store(workspace)
    other = open_store(workspace)
    try:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
        gone = store.save(new_record(), base_revision=None)
        store.delete(gone["id"], base_revision=1)  # trash/
        with pytest.raises(ConflictError):
            other.save(saved, base_revision=1)  # conflicts/
        store.set_keep_backups(3)  # meta.json rewritten
        store.backup()  # backups/<time>/...
        with store.transaction():  # .lock.owner and .pending exist while a save runs
            (workspace / "store" / ".pending").unlink(missing_ok=True)
            store._index.mark_pending(saved["id"])  # noqa: SLF001
            assert mode(workspace / "store" / ".lock.owner") == 0o600
            assert mode(workspace / "store" / ".pending") == 0o600
            store._index.clear_pending()  # noqa: SLF001
        # Damage one case: quarantine/ and its note.
        path = workspace / "store" / "cases" / f"{saved['id']}.log"
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(lines[0] + lines[1].replace(b'"revision"', b'"revisioN"', 1) + lines[2])
    finally:
        store.close()
        other.close()
    with open_store(workspace) as again:
        assert [d.case_id for d in again.damaged()] == [saved["id"]]
    names = {p.name for p in (workspace / "store").rglob("*")}
    assert {"quarantine", "backups", "trash", "conflicts", ".lock", "index.log",
            "meta.json", "backup.json"} <= names
    assert loose(workspace / "store") == []


def test_the_temp_file_of_an_atomic_write_is_private(tmp_path: Path, umask: int,
                                                     monkeypatch) -> None:
    seen: list[int] = []
    real = atomic_module._replace  # noqa: SLF001

    def spy(source: Path, target: Path) -> None:
        seen.append(mode(source))
        real(source, target)

    monkeypatch.setattr(atomic_module, "_replace", spy)
    atomic_write_bytes(tmp_path / "x.json", b"{}")
    assert seen == [0o600] and mode(tmp_path / "x.json") == 0o600
    atomic_write_bytes(tmp_path / "shared.txt", b"hello", mode=0o644)
    assert mode(tmp_path / "shared.txt") == 0o644


def test_a_strict_umask_does_not_make_files_unwritable(workspace: Path, new_record) -> None:
    old = os.umask(0o277)  # would make 0400 files and 0500 folders
    try:
        with open_store(workspace) as store:
            saved = store.save(new_record(), base_revision=None)
            store.save(saved, base_revision=1)
            store.backup()
    finally:
        os.umask(old)
    assert loose(workspace / "store") == []


def test_the_helper_makes_private_folders_and_parents(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "a" / "b" / "workspace"
    assert private_folder(target)
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", target)] == [0o700] * 3
    assert not private_folder(target)  # already there: left as it is
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        private_folder(tmp_path / "file")


def test_an_existing_store_of_ours_is_made_private_at_open(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.backup()
    root = workspace / "store"
    for path in [root, *root.rglob("*")]:  # as an older commdraft left it, umask 022
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved
        assert any("made private" in n for n in store.notices)
    for folder in (root, root / "cases", root / "conflicts", root / "trash", root / "backups"):
        assert mode(folder) == 0o700, folder
    for path in (root / "meta.json", root / "index.log", root / ".lock",
                 root / "cases" / f"{saved['id']}.log"):
        assert mode(path) == 0o600, path
    with open_store(workspace) as store:  # said once
        assert store.notices == []


@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0,
                    reason="giving files to another user needs root")
def test_a_store_owned_by_someone_else_is_left_as_it_is(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
    root = workspace / "store"
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o775 if path.is_dir() else 0o664)
        os.chown(path, 54321, 54321)  # a colleague's, on a shared drive
    before = {p: mode(p) for p in [root, *root.rglob("*")] if p.name != ".lock.owner"}
    with open_store(workspace) as store:
        assert len(store.list()) == 1
        assert not any("made private" in n for n in store.notices)
    after = {p: mode(p) for p in before if p.exists()}
    assert after == {p: m for p, m in before.items() if p.exists()}
