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
    open_store,
)
from desktop_app.storage.log import casefile
from desktop_app.storage.log.atomic import temp_name
from desktop_app.storage.log.casefile import REVISIONS
from desktop_app.storage.log.logstorage import LogStorage


def test_a_new_store_has_its_layout(workspace: Path) -> None:
    open_store(workspace).close()
    root = workspace / "store"
    meta = json.loads((root / "meta.json").read_text())
    assert meta["schema_version"] == SCHEMA_VERSION == 2
    assert meta["keep_backups"] == 10 and "encryption" not in meta
    for name in ("cases", "conflicts", "trash", "index.log"):
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
    (workspace / "store" / ".lock").unlink()
    before = {p: (p.read_bytes() if p.is_file() else None) for p in workspace.rglob("*")}
    with pytest.raises(StoreVersionError, match=rf"meta\.json.*schema_version {SCHEMA_VERSION + 1}.*newer"):
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
        root / temp_name("index.log"),
        root / "cases" / temp_name(f"{saved['id']}.log"),
        root / "conflicts" / temp_name("x.json"),
    ]
    for path in leftovers:
        path.write_bytes(b'{"half a fi')
    with open_store(workspace) as store:
        assert not any(p.exists() for p in leftovers)
        assert store.get(saved["id"]) == saved


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_a_damaged_line_in_a_case_file_is_an_error(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    lines = _lines(path)
    lines[1] = lines[1].replace(b'"revision":1', b'"revision":7', 1)  # line 2: revision 1
    damaged = b"".join(lines)
    path.write_bytes(damaged)
    with open_store(workspace) as store:
        (entry,) = store.damaged()
        with pytest.raises(StoreCorruptError) as info:
            store.get(saved["id"])
    assert entry.line == 2 and "checksum" in entry.reason
    assert info.value.path == entry.path and info.value.line == 2
    message = str(info.value)
    assert f"{entry.path}, line 2" in message and "checksum" in message
    assert "other cases are not affected" in message
    assert entry.path.read_bytes() == damaged  # left for a person, moved as it was
    assert not path.exists()


def test_a_torn_last_line_is_an_interrupted_save(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    whole = path.read_bytes()
    path.write_bytes(whole + b'0badc0de {"t":"revisions","id":"2","doc":{"revi')  # no newline
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved
        second = store.save(saved, base_revision=1)  # the torn tail is cut off first
        assert [h.revision for h in store.history(saved["id"])] == [1, 2]
        assert store.get_revision(saved["id"], 2) == second
    assert path.read_bytes().startswith(whole) and path.read_bytes().count(b"\n") == 3


def _damaged_at_open(workspace: Path) -> tuple[object, StoreCorruptError]:
    with open_store(workspace) as store:
        (entry,) = store.damaged()
        assert store.list() == []
        with pytest.raises(StoreCorruptError) as info:
            store.get(entry.case_id)
    return entry, info.value


def test_a_truncated_case_file_is_an_error(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
        backup = store.backup()
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last revision loses its end
    entry, error = _damaged_at_open(workspace)
    assert error.path == entry.path and error.line == 2 and entry.revision == 2
    assert "revision 2" in str(error) and "truncated" in str(error)
    assert error.backup is not None and error.backup.path == backup
    assert "store/backups/" in str(error) and "replaces only this case" in str(error)
    assert entry.path.read_bytes() == data[: len(data) - 40]


def test_a_case_file_cut_at_a_line_end_is_an_error(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    path.write_bytes(b"".join(_lines(path)[:2]))  # a whole revision gone
    entry, error = _damaged_at_open(workspace)
    assert "ends at revision 1, but revision 2" in entry.reason
    assert "ends at revision 1, but revision 2" in str(error)


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ({"revision": 2, "saved_at": "x", "record": {}}, "revision must be"),
        ({"revision": 1, "saved_at": "x", "record": {"id": "other", "revision": 1}}, "'other'"),
        ({"revision": 1, "saved_at": 5, "record": {}}, "saved_at"),
    ],
)
def test_a_case_file_of_the_wrong_shape_is_an_error(workspace: Path, doc, problem) -> None:
    open_store(workspace).close()
    path = workspace / "store" / "cases" / "abc.log"
    LogStorage(path, aad="cases/abc.log").apply(puts=[(REVISIONS, "1", doc)])
    entry, error = _damaged_at_open(workspace)
    assert entry.case_id == "abc" and problem in entry.reason
    assert problem in str(error)


def test_a_file_that_is_not_a_log_is_an_error(workspace: Path) -> None:
    open_store(workspace).close()
    path = workspace / "store" / "cases" / "abc.log"
    path.write_text('{"revisions": {}}\n{"more": 1}\n')
    entry, error = _damaged_at_open(workspace)
    assert entry.line == 1 and "abc--" in str(error) and ".log, line 1" in str(error)


def test_a_damaged_index_is_rebuilt_and_reported(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        first = store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
        second = store.save(new_record(), base_revision=None)
    index = workspace / "store" / "index.log"
    lines = _lines(index)
    lines[1] = b"\x00\x00garbage\n"
    index.write_bytes(b"".join(lines))
    with open_store(workspace) as store:
        assert {s.id for s in store.list()} == {first["id"], second["id"]}
        assert store.references() == ["AL KAZ 1/2024"]
        (notice,) = store.notices
        assert "index.log" in notice and "rebuilt" in notice and "2 case files" in notice
    kept = list((workspace / "store").glob("index.damaged-*.log"))
    assert len(kept) == 1 and b"garbage" in kept[0].read_bytes()


def test_a_missing_index_is_rebuilt(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
    (workspace / "store" / "index.log").unlink()
    with open_store(workspace) as store:
        assert [s.id for s in store.list()] == [saved["id"]]
        assert "missing" in store.notices[0]


def test_an_index_damaged_while_open_is_rebuilt(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        (workspace / "store" / "index.log").write_text("[]\n[]\n")
        assert [s.id for s in store.list()] == [saved["id"]]
        assert store.notices


def test_crash_between_case_file_and_index_heals_at_open(workspace: Path, new_record) -> None:
    index = workspace / "store" / "index.log"
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        before = index.read_bytes()
        store.save({**saved, "status": "approved"}, base_revision=1)
        added = store.save(new_record(), base_revision=None)
    # As if the process died after writing case files but before the index: the index is
    # behind (revision 1, no entry for the added case) and names a case whose file is gone.
    index.write_bytes(before)
    phantom = LogStorage(index, aad="index.log")
    phantom.refresh()
    doc = phantom.table("cases")[saved["id"]]
    phantom.apply(puts=[("cases", "phantom", {**doc, "id": "phantom"})])
    with open_store(workspace) as store:
        listed = {s.id: (s.revision, s.status) for s in store.list()}
        assert listed == {saved["id"]: (2, "approved"), added["id"]: (1, "draft")}
        assert store.notices == []  # not damage, just behind
    check = LogStorage(index, aad="index.log")
    check.refresh()
    assert "phantom" not in check.table("cases")


def test_a_writer_repairs_what_a_dead_writer_left(workspace: Path, new_record) -> None:
    index = workspace / "store" / "index.log"
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


def test_files_are_utf8_and_compact_lines(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(
            new_record(persons=[{"id": "p1", "name": "ليلى أحمد"}]), base_revision=None
        )
        store.save(saved, base_revision=1)
    raw = (workspace / "store" / "cases" / f"{saved['id']}.log").read_bytes()
    assert "ليلى أحمد".encode() in raw
    header, first, second = raw.splitlines()
    assert json.loads(header[9:])["log"] == 1
    line = json.loads(first[9:])
    assert (line["t"], line["id"]) == ("revisions", "1") and line["doc"]["record"] == saved
    assert json.loads(second[9:])["doc"]["revision"] == 2
    assert b", " not in first and b": " not in first
    assert os.path.getsize(workspace / "store" / "index.log") < 2000


def test_a_save_appends_and_never_rewrites(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        case = workspace / "store" / "cases" / f"{saved['id']}.log"
        index = workspace / "store" / "index.log"
        inodes = (os.stat(case).st_ino, os.stat(index).st_ino)
        sizes = (os.path.getsize(case), os.path.getsize(index))
        for revision in range(1, 6):
            saved = store.save(saved, base_revision=revision)
        assert (os.stat(case).st_ino, os.stat(index).st_ino) == inodes
        assert case.read_bytes().count(b"\n") == 1 + 6
        assert os.path.getsize(index) - sizes[1] < 6 * 1200  # one summary line per save
        assert os.path.getsize(case) - sizes[0] < 5 * 2 * sizes[0]


def test_a_clean_reopen_reads_no_case_file(workspace: Path, new_record, monkeypatch) -> None:
    with open_store(workspace) as store:
        for _ in range(3):
            store.save(new_record(), base_revision=None)
    index = workspace / "store" / "index.log"
    before = os.stat(index)

    def no_case_files(*args: object) -> None:
        raise AssertionError("open read a case file the index already knew")

    monkeypatch.setattr(casefile.CaseLog, "revisions", no_case_files)
    with open_store(workspace) as store:
        assert len(store.list()) == 3
    after = os.stat(index)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def test_a_case_file_is_a_tinydb_file(workspace: Path, new_record) -> None:
    from tinydb import TinyDB

    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        second = store.save(saved, base_revision=1)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    db = TinyDB(path, storage=LogStorage, aad=f"cases/{saved['id']}.log")
    revisions = db.table(REVISIONS)
    assert [d.doc_id for d in revisions.all()] == [1, 2]
    assert revisions.get(doc_id=2)["record"] == second
