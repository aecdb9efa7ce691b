"""A full disk, for real: a 2 MB tmpfs filled to the last byte (root only; skipped otherwise,
with the reason). A save or a backup then fails with a clear StoreWriteError, leaves no
partial file, keeps the previous revision readable, and works again once space is freed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_mounts import fill, tmpfs

from desktop_app.domain.case import Texts
from desktop_app.storage import (
    CaseNotFoundError,
    FileCaseStore,
    StoreWriteError,
    open_store,
)
from desktop_app.storage.log.atomic import is_leftover

#: Big enough that an append needs new pages of the file system (a small one may fit in the
#: last page of the file and succeed even on a full disk).
LONG = "Allegations of arbitrary detention and ill-treatment. " * 1200


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "mnt", "2m") as mount:
        yield mount


def files(root: Path) -> dict[str, bytes]:
    skip = {".lock", ".lock.owner", "filler.bin"}
    return {str(p.relative_to(root)): p.read_bytes()
            for p in root.rglob("*") if p.is_file() and p.name not in skip}


def no_leftovers(store_root: Path) -> None:
    names = [p.name for p in store_root.rglob("*")]
    assert not [n for n in names if is_leftover(n)], names
    assert not [n for n in names if n.startswith(".partial-")], names
    assert not [p for p in (store_root / "cases").iterdir() if p.stat().st_size == 0]


def room(folder: Path, size: int) -> None:
    """Free ``size`` bytes of a full disk (a save then gets part of the way)."""
    if size:
        filler = folder / "filler.bin"
        os.truncate(filler, filler.stat().st_size - size)


#: Bytes left free: none (even the marker fails), some (the case line is cut short), enough
#: for the case line (~70 KB: the topic) but not for the index line (~140 KB: the topic and
#: the search text), enough for one save but not two.
ROOM = [0, 4096, 16384, 98304, 131072, 393216]


@pytest.mark.parametrize("free", ROOM)
def test_saving_on_a_full_disk(small_disk: Path, new_record, free: int) -> None:
    workspace = small_disk / "drafts"
    store: FileCaseStore = open_store(workspace)
    try:
        first = store.save(new_record(status="draft"), base_revision=None)
        filler = fill(small_disk)
        room(small_disk, free)
        before = files(workspace)
        bigger = {**first, "status": "in_review", "text": {"en": {"topic": LONG}}}
        with pytest.raises(StoreWriteError) as info:
            store.save(bigger, base_revision=1)
            store.save(store.get(first["id"]), base_revision=2)  # room for one: not two
        error = info.value
        assert str(error).startswith("cannot save: the disk is full")
        assert "nothing was changed" in str(error) and error.params["reason"] == "disk_full"
        print("refused:", error.params.get("file"))
        if store.get(first["id"])["revision"] == 1:
            after = files(workspace)
            after.pop("store/.pending", None)  # a marker the next writer clears (one case re-read)
            before.pop("store/.pending", None)
            assert after == before  # no partial line, no temp file
        no_leftovers(workspace / "store")
        previous = store.get(first["id"])  # the previous revision, whole
        assert previous == first or previous == {**bigger, "revision": 2}
        with pytest.raises(StoreWriteError, match="the disk is full"):
            store.save(new_record(text={"en": Texts(topic=LONG)}), base_revision=None)
        assert [s.id for s in store.list()] == [first["id"]]
        no_leftovers(workspace / "store")
        with open_store(workspace) as other:  # another window still reads it
            assert other.get(first["id"]) == previous
        filler.unlink()  # space freed: the same open store saves again
        second = store.save(bigger, base_revision=previous["revision"])
        assert second["revision"] == previous["revision"] + 1
        third = store.save(new_record(text={"en": Texts(topic=LONG)}), base_revision=None)
    finally:
        store.close()
    with open_store(workspace) as again:
        assert again.get(first["id"]) == second and again.get(third["id"]) == third
        assert again.notices == [] and again.damaged() == []


@pytest.mark.parametrize("free", [0, 4096, 16384])
def test_a_new_case_on_a_full_disk_leaves_no_empty_file(
    small_disk: Path, new_record, free: int
) -> None:
    workspace = small_disk / "drafts"
    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
        filler = fill(small_disk)
        room(small_disk, free)
        record = new_record(text={"en": Texts(topic=LONG)})
        with pytest.raises(StoreWriteError, match="the disk is full"):
            store.save(record, base_revision=None)
        assert not (store.cases_dir / f"{record['id']}.log").exists()
        assert not [p for p in store.root.rglob("*")
                    if p.is_file() and p.stat().st_size == 0 and p.name != ".lock"]
        with pytest.raises(CaseNotFoundError):
            store.get(record["id"])
        filler.unlink()
        made = store.backup()
        assert not (made / "cases" / f"{record['id']}.log").exists()
        assert store.list_backups()[0].cases == 1


def test_a_backup_on_a_full_disk(small_disk: Path, new_record) -> None:
    workspace = small_disk / "drafts"
    with open_store(workspace) as store:
        saved = store.save(new_record(text={"en": Texts(topic=LONG)}), base_revision=None)
        store.save(saved, base_revision=1)
        filler = fill(small_disk)
        with pytest.raises(StoreWriteError) as info:
            store.backup()
        assert str(info.value).startswith("cannot back up the store: the disk is full")
        assert info.value.params["action"] == "back_up"
        assert store.list_backups() == []
        assert os.listdir(store.backups_dir) == []  # no .partial-* copy, no claim left
        assert store.get(saved["id"])["revision"] == 2
        filler.unlink()
        made = store.backup()
        assert [b.path for b in store.list_backups()] == [made]
