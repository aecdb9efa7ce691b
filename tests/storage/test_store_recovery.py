"""What the store does with what a crash, an older or newer program, or a person left on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop_app.storage import (
    SCHEMA_VERSION,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
    casefile,
    open_store,
)
from desktop_app.storage.atomic import temp_name


def test_a_new_store_has_its_layout(workspace: Path) -> None:
    open_store(workspace).close()
    root = workspace / "store"
    assert json.loads((root / "meta.json").read_text())["schema_version"] == SCHEMA_VERSION == 1
    for name in ("cases", "conflicts", "trash", "index.json"):
        assert (root / name).exists()


def test_no_store_and_create_false(workspace: Path) -> None:
    with pytest.raises(StoreError, match="no commdraft store"):
        open_store(workspace, create=False)
    assert not workspace.exists()


def test_a_newer_schema_is_refused_untouched(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
    meta = workspace / "store" / "meta.json"
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1, "by": "commdraft 9"}))
    before = {p: (p.read_bytes() if p.is_file() else None) for p in workspace.rglob("*")}
    (workspace / "store" / ".lock").unlink()
    before.pop(workspace / "store" / ".lock")
    with pytest.raises(StoreVersionError, match=r"meta\.json.*schema_version 2.*newer"):
        open_store(workspace)
    after = {p: (p.read_bytes() if p.is_file() else None) for p in workspace.rglob("*")}
    assert after == before  # not even a lock file was created


def test_a_damaged_meta_is_reported(workspace: Path) -> None:
    open_store(workspace).close()
    (workspace / "store" / "meta.json").write_text("{nope")
    with pytest.raises(StoreCorruptError, match=r"meta\.json.*not valid JSON"):
        open_store(workspace)


def test_leftover_temp_files_are_cleaned_at_open(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    root = workspace / "store"
    leftovers = [
        root / temp_name("index.json"),
        root / "cases" / temp_name(f"{saved['id']}.json"),
        root / "conflicts" / temp_name("x.json"),
    ]
    for path in leftovers:
        path.write_bytes(b'{"half a fi')
    with open_store(workspace) as store:
        assert not any(p.exists() for p in leftovers)
        assert store.get(saved["id"]) == saved


def test_a_damaged_case_file_is_an_error(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    path = workspace / "store" / "cases" / f"{saved['id']}.json"
    path.write_bytes(b'{"revisions": {"1": {"revision": 1, ')
    with pytest.raises(StoreCorruptError) as info:
        open_store(workspace)
    assert info.value.path == path and str(path) in str(info.value)
    assert "not valid JSON" in str(info.value)
    assert path.read_bytes() == b'{"revisions": {"1": {"revision": 1, '  # left for a person


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({}, "no 'revisions' table"),
        ({"revisions": {"1": {"revision": 2, "saved_at": "x", "record": {}}}}, "revision must be"),
        (
            {
                "revisions": {
                    "1": {"revision": 1, "saved_at": "x", "record": {"id": "other", "revision": 1}}
                }
            },
            "'other'",
        ),
    ],
)
def test_a_case_file_of_the_wrong_shape_is_an_error(workspace: Path, content, problem) -> None:
    open_store(workspace).close()
    path = workspace / "store" / "cases" / "abc.json"
    path.write_text(json.dumps(content))
    with pytest.raises(StoreCorruptError, match=problem):
        open_store(workspace)


def test_a_damaged_index_is_rebuilt_and_reported(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        first = store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
        second = store.save(new_record(), base_revision=None)
    index = workspace / "store" / "index.json"
    index.write_bytes(b"\x00\x00garbage")
    with open_store(workspace) as store:
        assert {s.id for s in store.list()} == {first["id"], second["id"]}
        assert store.references() == ["AL KAZ 1/2024"]
        (notice,) = store.notices
        assert "index.json" in notice and "rebuilt" in notice and "2 case files" in notice
    kept = list((workspace / "store").glob("index.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"\x00\x00garbage"


def test_a_missing_index_is_rebuilt(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    (workspace / "store" / "index.json").unlink()
    with open_store(workspace) as store:
        assert [s.id for s in store.list()] == [saved["id"]]
        assert "missing" in store.notices[0]


def test_an_index_damaged_while_open_is_rebuilt(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        (workspace / "store" / "index.json").write_text("[]")
        assert [s.id for s in store.list()] == [saved["id"]]
        assert store.notices


def test_crash_between_case_file_and_index_heals_at_open(workspace: Path, new_record) -> None:
    index = workspace / "store" / "index.json"
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        before = json.loads(index.read_bytes())
        store.save({**saved, "status": "approved"}, base_revision=1)
        added = store.save(new_record(), base_revision=None)
    # As if the process died after writing case files but before the index: the index is
    # behind (revision 1, no entry for the added case) and names a case whose file is gone.
    before["cases"]["phantom"] = {**before["cases"][saved["id"]], "id": "phantom"}
    index.write_text(json.dumps(before))
    with open_store(workspace) as store:
        listed = {s.id: (s.revision, s.status) for s in store.list()}
        assert listed == {saved["id"]: (2, "approved"), added["id"]: (1, "draft")}
        assert store.notices == []  # not damage, just behind
    assert "phantom" not in json.loads(index.read_bytes())["cases"]


def test_a_writer_repairs_what_a_dead_writer_left(workspace: Path, new_record) -> None:
    index = workspace / "store" / "index.json"
    survivor = open_store(workspace)
    try:
        saved = survivor.save(new_record(), base_revision=None)
        before = index.read_bytes()
        with open_store(workspace) as victim:
            victim.save({**saved, "status": "approved"}, base_revision=1)
        # The victim "died" between its case file and the index: old index, marker left.
        index.write_bytes(before)
        (workspace / "store" / ".pending").write_text(saved["id"])
        survivor.save(new_record(), base_revision=None)  # any write repairs first
        assert {s.id: s.revision for s in survivor.list()}[saved["id"]] == 2
        assert not (workspace / "store" / ".pending").exists()
    finally:
        survivor.close()


def test_files_are_utf8_and_compact(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(
            new_record(persons=[{"id": "p1", "name": "ليلى أحمد"}]), base_revision=None
        )
    raw = (workspace / "store" / "cases" / f"{saved['id']}.json").read_bytes()
    assert "ليلى أحمد".encode() in raw
    assert json.loads(raw)["revisions"]["1"]["record"] == saved
    assert os.path.getsize(workspace / "store" / "index.json") < 2000


def test_a_clean_reopen_reads_no_case_file(workspace: Path, new_record, monkeypatch) -> None:
    with open_store(workspace) as store:
        for _ in range(3):
            store.save(new_record(), base_revision=None)
    index = workspace / "store" / "index.json"
    before = os.stat(index)

    def no_case_files(*args: object) -> None:
        raise AssertionError("open read a case file the index already knew")

    monkeypatch.setattr(casefile, "read_revisions", no_case_files)
    with open_store(workspace) as store:
        assert len(store.list()) == 3
    after = os.stat(index)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
