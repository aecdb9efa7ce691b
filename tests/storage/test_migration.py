"""Opening a schema 1 workspace (tests/fixtures/workspace-v1) migrates it to schema 2."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from desktop_app.storage import (
    SCHEMA_VERSION,
    StoreCorruptError,
    list_backups,
    open_store,
)
from desktop_app.storage.maintenance import migrations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "workspace-v1"
IDS = {"demo-mne-2024", "fixture-ua-phl", "fixture-ol-oth"}


class Crash(BaseException):
    """A kill at this point: nothing after it runs, no except clause catches it."""


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    workspace = tmp_path / "old"
    shutil.copytree(FIXTURE, workspace)
    return workspace


def v1_revisions(workspace: Path, case_id: str) -> list[dict]:
    path = workspace / "store" / "cases" / f"{case_id}.json"
    table = json.loads(path.read_text(encoding="utf-8"))["revisions"]
    return [table[k] for k in sorted(table, key=int)]


def expected(workspace: Path = FIXTURE) -> dict[str, list[dict]]:
    return {case_id: v1_revisions(workspace, case_id) for case_id in IDS}


def check_everything_survived(workspace: Path) -> None:
    with open_store(workspace) as store:
        for case_id, revisions in expected().items():
            history = store.history(case_id)
            assert [(h.revision, h.saved_at) for h in history] == [
                (d["revision"], d["saved_at"]) for d in revisions
            ]
            for doc in revisions:
                assert store.get_revision(case_id, doc["revision"]) == doc["record"]
            assert store.get(case_id) == revisions[-1]["record"]
        listed = {s.id: s.revision for s in store.list()}
        assert listed == {case_id: revs[-1]["revision"] for case_id, revs in expected().items()}
        assert store.find("AL MNE 1/2024")["id"] == "demo-mne-2024"


def test_the_fixture_is_schema_1_with_three_revisions_of_the_demo() -> None:
    assert json.loads((FIXTURE / "store" / "meta.json").read_text())["schema_version"] == 1
    assert [d["revision"] for d in expected()["demo-mne-2024"]] == [1, 2, 3]


def test_every_case_and_revision_survives(v1: Path) -> None:
    check_everything_survived(v1)
    root = v1 / "store"
    meta = json.loads((root / "meta.json").read_text())
    assert meta["schema_version"] == SCHEMA_VERSION == 2 and "migrated_at" in meta
    assert meta["created_at"] == json.loads((FIXTURE / "store" / "meta.json").read_text())[
        "created_at"
    ]
    assert sorted(p.name for p in (root / "cases").iterdir()) == sorted(f"{i}.log" for i in IDS)
    assert not (root / "index.json").exists() and (root / "index.log").exists()


def test_a_backup_of_the_old_store_is_made_first(v1: Path) -> None:
    open_store(v1).close()
    (backup,) = list_backups(v1)
    assert backup.cases == 3
    assert (backup.path / "index.json").read_bytes() == (
        FIXTURE / "store" / "index.json"
    ).read_bytes()
    for case_id in IDS:
        name = f"cases/{case_id}.json"
        assert (backup.path / name).read_bytes() == (FIXTURE / "store" / name).read_bytes()
    note = json.loads((backup.path / "backup.json").read_text())
    assert "schema 1 to 2" in note["reason"]


def test_reopening_does_not_migrate_twice(v1: Path, monkeypatch) -> None:
    open_store(v1).close()
    files = {p: p.read_bytes() for p in (v1 / "store").rglob("*") if p.is_file()}
    files = {p: b for p, b in files.items() if p.name not in (".lock", ".lock.owner")}

    def never(*args: object) -> None:
        raise AssertionError("migrated again")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        tuple(dataclasses.replace(m, check=never, apply=never) for m in migrations.MIGRATIONS),
    )
    with open_store(v1) as store:
        assert len(store.list()) == 3
    assert len(list_backups(v1)) == 1
    assert {p: p.read_bytes() for p in files} == files


@pytest.mark.parametrize("crash_at", ["second case log", "meta switch", "removing old files"])
def test_a_crash_mid_migration_leaves_a_store_that_opens(
    v1: Path, monkeypatch, crash_at: str
) -> None:
    step = migrations.MIGRATIONS[0]
    calls = {"n": 0}
    if crash_at == "second case log":
        real = migrations._write_case_log

        def write_then_crash(*args: object) -> None:
            calls["n"] += 1
            if calls["n"] == 2:
                raise Crash
            real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(migrations, "_write_case_log", write_then_crash)
    elif crash_at == "meta switch":

        def crash(*args: object) -> None:
            raise Crash

        monkeypatch.setattr(migrations, "write_meta", crash)
    else:

        def remove_some_then_crash(layout: object) -> None:
            (v1 / "store" / "cases" / "fixture-ol-oth.json").unlink()
            raise Crash

        monkeypatch.setattr(
            migrations,
            "MIGRATIONS",
            (dataclasses.replace(step, finish=remove_some_then_crash),),
        )
    with pytest.raises(Crash):
        open_store(v1)
    monkeypatch.undo()
    check_everything_survived(v1)
    root = v1 / "store"
    assert not (root / "index.json").exists()
    assert not list((root / "cases").glob("*.json"))
    assert json.loads((root / "meta.json").read_text())["schema_version"] == 2


def test_a_damaged_old_store_is_reported_and_not_touched(v1: Path) -> None:
    case = v1 / "store" / "cases" / "fixture-ua-phl.json"
    case.write_bytes(case.read_bytes()[:-30])
    before = {p: p.read_bytes() for p in v1.rglob("*") if p.is_file()}
    with pytest.raises(StoreCorruptError) as info:
        open_store(v1)
    assert info.value.path == case and "Nothing was changed" in str(info.value)
    after = {p: p.read_bytes() for p in v1.rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before and not (v1 / "store" / "backups").exists()


def test_trash_conflicts_and_a_stale_index_come_along(v1: Path) -> None:
    root = v1 / "store"
    (root / "trash").mkdir(exist_ok=True)
    (root / "conflicts").mkdir(exist_ok=True)
    # A case deleted under schema 1, a refused save kept, and a writer that died mid-save.
    shutil.move(root / "cases" / "fixture-ol-oth.json", root / "trash" / "fixture-ol-oth--20261128T110053123456Z.json")
    mine = expected()["fixture-ua-phl"][0]["record"]
    conflict = root / "conflicts" / "fixture-ua-phl-r1-20261128T110053123456Z.json"
    conflict.write_text(json.dumps(mine, indent=2), encoding="utf-8")
    (root / ".pending").write_text("fixture-ua-phl")
    with open_store(v1) as store:
        assert {s.id for s in store.list()} == {"demo-mne-2024", "fixture-ua-phl"}
        assert store.read_conflict(conflict) == mine
        restored = store.restore_deleted("fixture-ol-oth")
        assert restored == expected()["fixture-ol-oth"][-1]["record"]
        assert {s.id for s in store.list()} == IDS
    assert not (root / ".pending").exists()
