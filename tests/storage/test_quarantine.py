"""A damaged case never takes the others down: it is set aside (store/quarantine/), listed by
``damaged()``, and restored alone from a backup by ``restore_case()``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.domain.errors import DuplicateReferenceError
from desktop_app.storage import (
    CaseNotFoundError,
    ConflictError,
    DamagedCase,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    create_store,
    list_backups,
    open_store,
)
from desktop_app.storage.log.crypto import new_encryption, unlock
from desktop_app.storage.log.layout import StoreLayout

FAST = {"kdf": "scrypt", "kdf_params": {"n": 16, "r": 1, "p": 1}}
SECRET = "Aigerim Smailova"


def case_file(workspace: Path, case_id: str) -> Path:
    return workspace / "store" / "cases" / f"{case_id}.log"


def damage(path: Path, line: int = 2) -> bytes:
    """Alter a byte in the middle of ``line`` (not the last line): damage, not a torn save."""
    lines = path.read_bytes().splitlines(keepends=True)
    assert line < len(lines), "damage a line that is not the last one"
    text = bytearray(lines[line - 1])
    middle = len(text) // 2
    text[middle] = ord("x") if text[middle] != ord("x") else ord("y")
    lines[line - 1] = bytes(text)
    data = b"".join(lines)
    path.write_bytes(data)
    return data


def file_state(path: Path) -> tuple[bytes, int, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_ino, st.st_mtime_ns


@pytest.fixture
def three_cases(workspace: Path, new_record) -> tuple[dict, dict, dict]:
    with open_store(workspace) as store:
        a = store.save(new_record(reference="AL KAZ 1/2024", status="draft"), base_revision=None)
        a = store.save({**a, "status": "in_review"}, base_revision=1)
        b = store.save(new_record(reference="UA KAZ 2/2024",
                                  persons=[{"id": "p1", "name": "Dana Bekova"}]),
                       base_revision=None)
        c = store.save(new_record(), base_revision=None)
    return a, b, c


# ---------------------------------------------------------------------------- set aside
def test_one_damaged_case_does_not_take_the_others_down(
    workspace: Path, three_cases, new_record
) -> None:
    a, b, c = three_cases
    damaged_bytes = damage(case_file(workspace, a["id"]))  # its mtime changes, of course
    with open_store(workspace) as store:
        assert {s.id for s in store.list()} == {b["id"], c["id"]}
        assert [s.id for s in store.list(store_query(text="bekova"))] == [b["id"]]
        assert store.get(b["id"]) == b and store.get(c["id"]) == c
        (entry,) = store.damaged()
        assert isinstance(entry, DamagedCase)
        assert entry.case_id == a["id"] and entry.line == 2 and entry.quarantined
        assert entry.path.parent == workspace / "store" / "quarantine"
        assert entry.reference == "AL KAZ 1/2024" and entry.revision == 2
        assert "not the last line" in entry.reason
        with pytest.raises(StoreCorruptError) as info:
            store.get(a["id"])
        assert info.value.path == entry.path and info.value.line == 2
        assert f"{entry.path}, line 2" in str(info.value)
        assert any(a["id"] in n and "set aside" in n for n in store.notices)
        # The others can still be saved, and a new case made.
        assert store.save(b, base_revision=1)["revision"] == 2
        assert store.save(new_record(), base_revision=None)["revision"] == 1
    assert entry.path.read_bytes() == damaged_bytes  # never changed, never deleted
    assert not case_file(workspace, a["id"]).exists()
    with open_store(workspace) as again:  # and it stays set aside, said once
        assert [d.case_id for d in again.damaged()] == [a["id"]]
        assert len(again.list()) == 3 and again.notices == []


def store_query(**fields: object):
    from desktop_app.storage import CaseQuery

    return CaseQuery(**fields)  # type: ignore[arg-type]


def test_a_torn_last_line_is_not_damage(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    path = case_file(workspace, a["id"])
    path.write_bytes(path.read_bytes() + b'0badc0de {"t":"revisions","id":"3","doc":{"rev')
    with open_store(workspace) as store:
        assert store.damaged() == []
        assert store.get(a["id"]) == a and len(store.list()) == 3


def test_a_first_save_cut_after_its_header_is_not_damage(workspace: Path, three_cases) -> None:
    """The header and the first revision are written together: a header and a torn line is
    a first save that never returned, not a damaged case; the file is removed."""
    open_store(workspace).close()
    path = case_file(workspace, "cut-short")
    whole = case_file(workspace, three_cases[2]["id"]).read_bytes()
    path.write_bytes(whole[: whole.index(b"\n") + 30])
    with open_store(workspace) as store:
        assert store.damaged() == [] and len(store.list()) == 3
    assert not path.exists()


def test_damage_found_by_another_process_is_seen_by_all(workspace: Path, three_cases) -> None:
    a, b, _ = three_cases
    with open_store(workspace) as first, open_store(workspace) as second:
        assert first.get(a["id"]) == a  # cached by the first
        damage(case_file(workspace, a["id"]))
        with pytest.raises(StoreCorruptError):
            second.get(a["id"])
        assert [d.case_id for d in first.damaged()] == [a["id"]]
        assert {s.id for s in first.list()} == {b["id"], three_cases[2]["id"]}
        with pytest.raises(StoreCorruptError):
            first.get(a["id"])


def test_saving_a_damaged_case_keeps_the_edit_as_a_conflict(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    damaged_bytes = damage(case_file(workspace, a["id"]))
    with open_store(workspace) as store:
        mine = {**a, "status": "approved"}
        with pytest.raises(ConflictError) as info:
            store.save(mine, base_revision=2)
        error = info.value
        assert error.code == "conflict.damaged" and error.current is None
        assert error.kept_as is not None and store.read_conflict(error.kept_as) == mine
        assert "damaged and was set aside" in str(error)
        with pytest.raises(ConflictError, match="damaged"):
            store.save(mine, base_revision=None)  # not a new case over the damaged one
    (entry,) = open_store(workspace).damaged()
    assert entry.path.read_bytes() == damaged_bytes


def test_a_damaged_case_is_found_while_saving(workspace: Path, three_cases) -> None:
    a, b, _ = three_cases
    with open_store(workspace) as store:
        damage(case_file(workspace, a["id"]))
        with pytest.raises(ConflictError, match="damaged"):
            store.save(a, base_revision=2)
        assert [d.case_id for d in store.damaged()] == [a["id"]]
        assert store.save(b, base_revision=1)["revision"] == 2


def test_a_pending_marker_naming_a_damaged_case_does_not_stop_saves(
    workspace: Path, three_cases, new_record
) -> None:
    a, b, _ = three_cases
    with open_store(workspace) as store:
        damage(case_file(workspace, a["id"]))
        (workspace / "store" / ".pending").write_text(a["id"])  # a writer died on it
        assert store.save(b, base_revision=1)["revision"] == 2
        assert [d.case_id for d in store.damaged()] == [a["id"]]


def test_a_damaged_case_keeps_its_reference(workspace: Path, three_cases, new_record) -> None:
    a, _, _ = three_cases
    damage(case_file(workspace, a["id"]))
    with open_store(workspace) as store:
        assert "AL KAZ 1/2024" in store.references()  # never handed out again
        with pytest.raises(DuplicateReferenceError, match="damaged and set aside"):
            store.save(new_record(reference="UA KAZ 1/2024"), base_revision=None)
        with pytest.raises(StoreCorruptError):
            store.find("AL KAZ 1/2024")  # not "no such case"


def test_an_encrypted_damaged_case_stays_encrypted(workspace: Path, new_record) -> None:
    codec, entry = new_encryption("a passphrase", **FAST)
    with create_store(workspace, encryption=entry, codec=codec) as store:
        secret = store.save(new_record(persons=[{"id": "p1", "name": SECRET}]),
                            base_revision=None)
        store.save(secret, base_revision=1)
        other = store.save(new_record(), base_revision=None)
    damaged_bytes = damage(case_file(workspace, secret["id"]))
    with open_store(workspace, codec_factory=lambda e: unlock(e, "a passphrase")) as store:
        (found,) = store.damaged()
        assert [s.id for s in store.list()] == [other["id"]]
    assert found.path.read_bytes() == damaged_bytes  # the bytes, not decoded
    for path in (workspace / "store" / "quarantine").iterdir():
        assert SECRET.encode() not in path.read_bytes(), path


def test_damaged_cases_survive_encryption_sealed(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    damaged_bytes = damage(case_file(workspace, a["id"]))
    with open_store(workspace) as store:
        store.damaged()
        codec, entry = new_encryption("a passphrase", **FAST)
        store.reencode(codec, entry)
    quarantined = list((workspace / "store" / "quarantine").iterdir())
    assert {p.suffix for p in quarantined} == {".sealed", ".json"}
    for path in quarantined:
        assert b"Detention of a journalist" not in path.read_bytes(), path
    with open_store(workspace, codec_factory=lambda e: unlock(e, "a passphrase")) as store:
        (entry_after,) = store.damaged()
        assert entry_after.case_id == a["id"] and entry_after.line == 2
        sealed = entry_after.path.read_bytes()
        name = f"quarantine/{entry_after.path.name}".encode()
        assert store.codec.open(sealed, name) == damaged_bytes


# ---------------------------------------------------------------------------- restore one case
def test_restore_case_takes_the_newest_readable_copy_and_touches_nothing_else(
    workspace: Path, new_record
) -> None:
    with open_store(workspace) as store:
        a = store.save(new_record(status="draft"), base_revision=None)
        b = store.save(new_record(), base_revision=None)
        store.backup()
        a2 = store.save({**a, "status": "in_review"}, base_revision=1)
        newer = store.backup()
        store.save({**a2, "status": "approved"}, base_revision=2)
        b2 = store.save({**b, "status": "in_review"}, base_revision=1)  # newer than backups
    # The newest backup's copy of a is damaged too: the one before it is taken.
    damage(newer / "cases" / f"{a['id']}.log")
    damaged_bytes = damage(case_file(workspace, a["id"]))
    before_b = file_state(case_file(workspace, b["id"]))
    with open_store(workspace) as store:
        (entry,) = store.damaged()
        used = store.restore_case(a["id"])
        assert used.path == list_backups(workspace)[1].path  # the older of the two
        assert store.get(a["id"]) == a  # revision 1, as in that backup
        assert {(s.id, s.revision) for s in store.list()} == {(a["id"], 1), (b["id"], 2)}
        assert store.damaged() == []
        assert store.get(b["id"]) == b2
    assert file_state(case_file(workspace, b["id"])) == before_b  # not touched
    assert entry.path.read_bytes() == damaged_bytes  # the damaged file is kept
    with open_store(workspace) as again:
        assert again.get(a["id"]) == a and again.damaged() == []
        assert again.save(a, base_revision=1)["revision"] == 2


def test_restore_case_without_a_readable_copy_is_an_error(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    damaged_bytes = damage(case_file(workspace, a["id"]))
    with open_store(workspace) as store:
        with pytest.raises(StoreError) as info:
            store.restore_case(a["id"])
        assert info.value.code == "case.no_backup_copy"
        assert "no backup" in str(info.value) and "nothing was changed" in str(info.value)
        (entry,) = store.damaged()
    assert entry.path.read_bytes() == damaged_bytes


def test_restore_case_refuses_a_case_that_reads_well(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    with open_store(workspace) as store:
        store.backup()
        store.save(a, base_revision=2)
        with pytest.raises(StoreError) as info:
            store.restore_case(a["id"])
        assert info.value.code == "case.not_damaged"
        assert store.get(a["id"])["revision"] == 3
        with pytest.raises(CaseNotFoundError):
            store.restore_case("../etc")


def test_restore_case_sets_aside_a_case_damaged_since_open(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    with open_store(workspace) as store:
        store.backup()
        damaged_bytes = damage(case_file(workspace, a["id"]))
        store.restore_case(a["id"])
        assert store.get(a["id"]) == a
        (kept,) = (workspace / "store" / "quarantine").glob("*.log")
        assert kept.read_bytes() == damaged_bytes


def test_restore_case_takes_the_lock(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    with open_store(workspace) as store:
        store.backup()
    damage(case_file(workspace, a["id"]))
    with open_store(workspace, lock_timeout=0.2) as store, open_store(workspace) as other:
        with other.transaction(), pytest.raises(StoreLockedError):
            store.restore_case(a["id"])
        assert [d.case_id for d in store.damaged()] == [a["id"]]
        store.restore_case(a["id"])
        assert store.get(a["id"]) == a


def test_the_backup_holding_a_damaged_case_is_not_pruned(workspace: Path, three_cases) -> None:
    a, _, _ = three_cases
    with open_store(workspace) as store:
        store.set_keep_backups(1)
        holding = store.backup()
    damage(case_file(workspace, a["id"]))
    with open_store(workspace) as store:
        store.damaged()
        store.backup()
        newest = store.backup()
        kept = [b.path for b in store.list_backups()]
        assert kept == [newest, holding]  # one kept as asked, and the one with the copy
        assert not (newest / "cases" / f"{a['id']}.log").exists()  # damage is not backed up
        assert not (newest / "quarantine").exists()
        assert store.restore_case(a["id"]).path == holding
        store.backup()
        assert len(store.list_backups()) == 1  # restored: nothing to keep it for


def test_a_damaged_case_is_flagged_in_place_when_it_cannot_be_moved(
    workspace: Path, three_cases, monkeypatch
) -> None:
    from desktop_app.storage.log import quarantine

    a, b, _ = three_cases
    damaged_bytes = damage(case_file(workspace, a["id"]))

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(quarantine.os, "replace", refuse)
    with open_store(workspace) as store:
        (entry,) = store.damaged()
        assert not entry.quarantined and entry.path == case_file(workspace, a["id"])
        assert a["id"] not in {s.id for s in store.list()}
        with pytest.raises(StoreCorruptError, match="line 2"):
            store.get(a["id"])
        assert store.save(b, base_revision=1)["revision"] == 2
    assert case_file(workspace, a["id"]).read_bytes() == damaged_bytes
    assert not list((workspace / "store" / "quarantine").iterdir())
    monkeypatch.undo()
    with open_store(workspace) as store:  # the index still knew it: found again, moved now
        (entry,) = store.damaged()
        assert entry.quarantined and entry.revision == 2


def test_layout_has_a_quarantine_folder() -> None:
    assert StoreLayout(Path("s")).quarantine == Path("s") / "quarantine"


def test_restore_case_in_an_encrypted_store(workspace: Path, new_record) -> None:
    codec, entry = new_encryption("a passphrase", **FAST)
    with create_store(workspace, encryption=entry, codec=codec) as store:
        a = store.save(new_record(persons=[{"id": "p1", "name": SECRET}]), base_revision=None)
        store.save(a, base_revision=1)
        store.backup()
        b = store.save(new_record(), base_revision=None)
    damage(case_file(workspace, a["id"]))
    with open_store(workspace, codec_factory=lambda e: unlock(e, "a passphrase")) as store:
        assert store.restore_case(a["id"]) == store.list_backups()[0]
        assert store.get(a["id"])["revision"] == 2 and store.get(b["id"]) == b
        assert store.damaged() == []
    assert SECRET.encode() not in case_file(workspace, a["id"]).read_bytes()
