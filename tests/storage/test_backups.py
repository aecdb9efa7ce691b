"""Backups (store/backups/<time>/), damage reported with the newest one, and restoring it."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.storage import (
    StoreCorruptError,
    StoreError,
    list_backups,
    open_store,
    restore_backup,
)
from desktop_app.storage.log.layout import StoreLayout
from desktop_app.storage.maintenance import swap
from desktop_app.storage.maintenance.backups import PARTIAL, PARTIAL_MAX_AGE


class Crash(BaseException):
    pass


def test_a_backup_copies_the_store(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(new_record(), base_revision=None)
        path = store.backup()
        (info,) = store.list_backups()
    assert path.parent == workspace / "store" / "backups" and info.path == path
    assert info.cases == 2 and datetime.now(UTC) - info.created < timedelta(minutes=1)
    root = workspace / "store"
    for name in ("meta.json", "index.log", f"cases/{saved['id']}.log"):
        assert (path / name).read_bytes() == (root / name).read_bytes()
    assert not (path / ".lock").exists() and not (path / "backups").exists()
    assert json.loads((path / "backup.json").read_text())["reason"] == "requested"


def test_only_the_newest_are_kept_as_configured(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        assert store.keep_backups == 10
        store.save(new_record(), base_revision=None)
        store.set_keep_backups(2)
        made = [store.backup() for _ in range(3)]
        assert [b.path for b in store.list_backups()] == [made[2], made[1]]
    assert json.loads((workspace / "store" / "meta.json").read_text())["keep_backups"] == 2
    with open_store(workspace) as store:
        assert store.keep_backups == 2
        with pytest.raises(ValueError):
            store.set_keep_backups(0)
    assert sorted(os.listdir(workspace / "store" / "backups")) == sorted(p.name for p in made[1:])


def test_an_interrupted_backup_is_not_a_backup(workspace: Path, new_record, monkeypatch) -> None:
    from desktop_app.storage.maintenance import backups

    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
        real = backups.copy_file
        calls = {"n": 0}

        def copy_then_crash(source: Path, target: Path, size: int | None) -> bool:
            calls["n"] += 1
            if calls["n"] == 3:
                raise Crash
            return real(source, target, size)

        monkeypatch.setattr(backups, "copy_file", copy_then_crash)
        with pytest.raises(Crash):
            store.backup()
        monkeypatch.undo()
        assert store.list_backups() == []
    # The crash's except clause ran here; a kill would leave the folder: as if it did.
    partial = workspace / "store" / "backups" / f"{PARTIAL}20260101T000000000000Z"
    partial.mkdir(parents=True)
    (partial / "meta.json").write_text("{}")
    open_store(workspace).close()
    assert partial.exists()  # it may be another process's backup, copying right now
    an_hour_ago = time.time() - PARTIAL_MAX_AGE - 1
    os.utime(partial, (an_hour_ago, an_hour_ago))
    open_store(workspace).close()
    assert not partial.exists()


def test_backup_if_due(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        assert store.backup_if_due() is None  # nothing to back up yet
        store.save(new_record(), base_revision=None)
        first = store.backup_if_due()
        assert first is not None
        assert store.backup_if_due(timedelta(hours=1)) is None
        assert store.backup_if_due(timedelta(0)) not in (None, first)


def damage_a_case(workspace: Path, new_record) -> tuple[dict, Path]:
    """Two saves and a backup in between, then damage in the middle of the case file."""
    with open_store(workspace) as store:
        saved = store.save(new_record(status="draft"), base_revision=None)
        store.backup()
        store.save({**saved, "status": "approved"}, base_revision=1)
        store.save({**saved, "status": "sent"}, base_revision=2)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"approved", b"APPROVED")
    path.write_bytes(b"".join(lines))
    return saved, path


def test_damage_names_the_file_the_line_and_the_backup_with_a_copy(
    workspace: Path, new_record
) -> None:
    saved, path = damage_a_case(workspace, new_record)
    damaged_bytes = path.read_bytes()
    (newest,) = list_backups(workspace)
    with open_store(workspace) as store:  # one damaged case does not stop the store opening
        (entry,) = store.damaged()
        assert entry.case_id == saved["id"] and entry.line == 3
        assert entry.path.parent == store.quarantine_dir
        assert entry.path.read_bytes() == damaged_bytes  # kept as it was
        with pytest.raises(StoreCorruptError) as info:
            store.get(saved["id"])
    error = info.value
    assert error.path == entry.path and error.line == 3 and error.backup == newest
    assert error.code == "case.damaged_line" and error.params["case"] == saved["id"]
    message = str(error)
    assert f"{entry.path}, line 3" in message and "other cases are not affected" in message
    assert f"store/backups/{newest.path.name}" in message
    assert f"made {newest.created:%Y-%m-%d %H:%M} UTC, 1 case" in message
    assert "(revision 1, saved" in message and "replaces only this case" in message
    assert [d.code for d in error.details] == ["store.case_backup_available"]


def test_damage_without_a_backup_says_so(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    path.write_bytes(path.read_bytes().replace(b'"revision":1', b'"revision":3', 1))
    with open_store(workspace) as store:
        with pytest.raises(StoreCorruptError, match="No backup holds a readable copy") as info:
            store.get(saved["id"])
    assert info.value.backup is None
    assert [d.code for d in info.value.details] == ["store.no_case_backup"]


def test_restoring_keeps_the_damaged_store_and_the_backups(workspace: Path, new_record) -> None:
    saved, path = damage_a_case(workspace, new_record)
    damaged_bytes = path.read_bytes()
    (backup,) = list_backups(workspace)
    moved = restore_backup(workspace)
    assert moved.parent == workspace and moved.name.startswith("store.damaged-")
    assert (moved / "cases" / path.name).read_bytes() == damaged_bytes  # never deleted
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved  # as it was at the backup
        assert [b.path.name for b in store.list_backups()] == [backup.path.name]
    assert not list(workspace.glob(f"{swap.STAGED}*"))


def test_restoring_a_chosen_backup_when_meta_is_damaged(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(status="draft"), base_revision=None)
        older = store.backup()
        store.save({**saved, "status": "approved"}, base_revision=1)
        store.backup()
    (workspace / "store" / "meta.json").write_text("{damaged")
    with pytest.raises(StoreCorruptError, match=r"meta\.json.*newest backup"):
        open_store(workspace)
    restore_backup(workspace, older)
    with open_store(workspace) as store:
        assert store.get(saved["id"])["status"] == "draft"
        assert len(store.list_backups()) == 2


def test_restoring_with_no_backup_is_an_error(workspace: Path) -> None:
    open_store(workspace).close()
    with pytest.raises(StoreError, match="no backup"):
        restore_backup(workspace)
    with pytest.raises(StoreError, match="not a store backup"):
        restore_backup(workspace, workspace)


@pytest.mark.parametrize("crash_after", ["staging", "moving the old store away"])
def test_an_interrupted_restore_is_finished_at_open(
    workspace: Path, new_record, monkeypatch, crash_after: str
) -> None:
    saved, _ = damage_a_case(workspace, new_record)
    real_replace = os.replace
    layout = StoreLayout.of_workspace(workspace)

    def crash_at_switch(source: object, target: object) -> None:
        if crash_after == "moving the old store away" and Path(str(source)) == layout.root:
            real_replace(source, target)  # type: ignore[arg-type]
            raise Crash
        if Path(str(target)) == layout.backups.parent / "backups" or Path(str(source)) == layout.backups:
            if crash_after == "staging":
                raise Crash
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(swap.os, "replace", crash_at_switch)
    with pytest.raises(Crash):
        restore_backup(workspace)
    monkeypatch.undo()
    if crash_after == "moving the old store away":
        assert not layout.root.exists()  # the worst moment: no store folder at all
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved
        assert len(store.list_backups()) == 1
    assert len(list(workspace.glob("store.damaged-*"))) == 1
    assert not list(workspace.glob(f"{swap.STAGED}*"))


def test_a_restore_that_never_finished_staging_is_dropped(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    staged = workspace / f"{swap.STAGED}20260101T000000000000Z"
    shutil.copytree(workspace / "store", staged)  # no .complete: copying was cut short
    time.sleep(0.01)
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved
    assert not staged.exists() and not list(workspace.glob("store.damaged-*"))


def test_damage_found_after_open_names_the_backup_too(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
        other = store.save(new_record(), base_revision=None)
        backup = store.backup()
    with open_store(workspace) as store:  # opened whole; the case is not read yet
        path = workspace / "store" / "cases" / f"{saved['id']}.log"
        data = path.read_bytes()
        path.write_bytes(data.replace(b'"revision":1', b'"revision":4', 1))
        with pytest.raises(StoreCorruptError, match="other cases are not affected") as info:
            store.get_revision(saved["id"], 1)
        assert info.value.line == 2
        assert info.value.backup is not None and info.value.backup.path == backup
        # Set aside at once, under the lock: gone from the list, the other case goes on.
        assert [s.id for s in store.list()] == [other["id"]]
        assert [d.case_id for d in store.damaged()] == [saved["id"]]
        assert not path.exists() and store.damaged()[0].path.read_bytes() != data


def test_listing_backups_needs_no_store(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "nothing here") == []


def test_a_backup_copies_logs_as_they_were_at_its_start(workspace: Path, new_record) -> None:
    """The copy runs without the lock: what is appended meanwhile is not in it."""
    from desktop_app.storage.maintenance import backups

    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        files = backups.snapshot(store.root)
        later = store.save(saved, base_revision=1)  # while the copy would run
        target = store.backups_dir / "copy"
        store.backups_dir.mkdir(exist_ok=True)
        backups.copy_store(store.root, target, files)
        case = f"cases/{saved['id']}.log"
        assert (store.root / case).read_bytes().startswith((target / case).read_bytes())
        assert later["revision"] == 2 and (target / case).read_bytes().count(b"\n") == 2


def test_an_open_handle_follows_a_restore(workspace: Path, new_record) -> None:
    store = open_store(workspace)
    try:
        saved = store.save(new_record(status="draft"), base_revision=None)
        store.backup()
        store.save({**saved, "status": "sent"}, base_revision=1)
        assert store.list()[0].status == "sent"
        restore_backup(workspace)  # from another window, say
        assert store.get(saved["id"]) == saved
        assert [(s.revision, s.status) for s in store.list()] == [(1, "draft")]
        assert store.save(saved, base_revision=1)["revision"] == 2
    finally:
        store.close()


# --------------------------------------------------------------------------- interrupted backups
_BACKING_UP = """
import sys, time
from desktop_app.storage.maintenance import backups
from desktop_app.storage import open_store

real = backups.copy_file
calls = {"n": 0}

def copy_slowly(source, target, size):
    calls["n"] += 1
    if calls["n"] == 3:  # some files are in the partial folder: wait to be killed
        print("COPYING", flush=True)
        time.sleep(600)
    return real(source, target, size)

backups.copy_file = copy_slowly
store = open_store(sys.argv[1])
store.backup()
"""


def _start_backup(workspace: Path):  # noqa: ANN202
    import subprocess
    import sys

    from desktop_app import PROJECT_ROOT

    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen([sys.executable, "-c", _BACKING_UP, str(workspace)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stdout.readline().strip() == "COPYING"
    return child


def _partials(workspace: Path) -> list[str]:
    return sorted(p.name for p in (workspace / "store" / "backups").iterdir()
                  if p.name.startswith(PARTIAL))


def test_a_killed_backup_is_cleaned_at_the_next_open(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(new_record(), base_revision=None)
    child = _start_backup(workspace)
    child.kill()  # SIGKILL: no cleanup ran
    child.wait()
    child.stdout.close()  # type: ignore[union-attr]  (a pipe)
    (folder,) = [n for n in _partials(workspace) if not n.endswith(".lock")]
    partial = workspace / "store" / "backups" / folder
    assert [p for p in partial.rglob("*") if p.is_file()]  # copies were made
    with open_store(workspace) as store:  # at once, not an hour later
        assert _partials(workspace) == []
        assert store.get(saved["id"]) == saved and store.list_backups() == []


def test_a_backup_being_made_by_another_process_is_left_alone(
    workspace: Path, new_record
) -> None:
    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
    child = _start_backup(workspace)
    try:
        before = _partials(workspace)
        assert len(before) == 2  # the folder and the lock its maker holds
        with open_store(workspace) as store:
            assert _partials(workspace) == before  # still being written: not removed
            store.backup()  # a backup of our own meanwhile leaves it alone too
            assert _partials(workspace) == before and len(store.list_backups()) == 1
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]  (a pipe)
    open_store(workspace).close()
    assert _partials(workspace) == []
