"""An encrypted store: created encrypted, opened with a passphrase, or encrypted later."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.storage import (
    ConflictError,
    PassphraseRequiredError,
    PlainCodec,
    StoreCorruptError,
    StoreError,
    create_store,
    open_store,
)
from desktop_app.storage.log.crypto import WrongPassphraseError, new_encryption, unlock

#: Tiny KDF parameters: the tests check the plumbing, not the key stretching.
FAST = {"kdf": "scrypt", "kdf_params": {"n": 16, "r": 1, "p": 1}}
SECRET = "Aigerim Nurlanova"


def with_passphrase(passphrase: str):  # noqa: ANN201
    return lambda entry: unlock(entry, passphrase)


def every_file(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_no_plaintext(root: Path) -> None:
    for path, data in every_file(root).items():
        if path.name in ("meta.json", "backup.json", ".lock", ".lock.owner", ".pending"):
            continue
        assert SECRET.encode() not in data, path
        assert b"Nurlanova" not in data, path


def secret_record(new_record):  # noqa: ANN001, ANN201
    return new_record(persons=[{"id": "p1", "name": SECRET}], reference="AL KAZ 1/2024")


def test_a_store_created_encrypted_writes_no_plaintext(workspace: Path, new_record) -> None:
    codec, entry = new_encryption("correct horse", **FAST)
    with create_store(workspace, encryption=entry, codec=codec) as store:
        saved = store.save(secret_record(new_record), base_revision=None)
        store.save(saved, base_revision=1)
        with pytest.raises(ConflictError) as info:
            store.save(saved, base_revision=1)  # kept in conflicts/, sealed
        assert info.value.kept_as is not None
        assert store.read_conflict(info.value.kept_as) == saved
        store.backup()
    meta = json.loads((workspace / "store" / "meta.json").read_text())
    assert meta["encryption"] == entry
    assert_no_plaintext(workspace / "store")
    with open_store(workspace, codec_factory=with_passphrase("correct horse")) as store:
        assert store.get(saved["id"])["persons"][0]["name"] == SECRET
        assert [s.id for s in store.list()] == [saved["id"]]
        assert store.find("AL KAZ 1/2024")["id"] == saved["id"]


def test_an_encrypted_store_needs_its_passphrase(workspace: Path, new_record) -> None:
    codec, entry = new_encryption("correct horse", **FAST)
    create_store(workspace, encryption=entry, codec=codec).close()
    before = every_file(workspace)
    with pytest.raises(PassphraseRequiredError, match="encrypted"):
        open_store(workspace)
    with pytest.raises(WrongPassphraseError):
        open_store(workspace, codec_factory=with_passphrase("wrong"))
    assert every_file(workspace) == before


def test_create_refuses_an_existing_store_and_half_settings(workspace: Path) -> None:
    open_store(workspace).close()
    codec, entry = new_encryption("pw", **FAST)
    with pytest.raises(StoreError, match="already"):
        create_store(workspace, encryption=entry, codec=codec)
    with pytest.raises(ValueError):
        create_store(workspace, encryption=entry)


def test_a_line_moved_to_another_case_file_does_not_open(workspace: Path, new_record) -> None:
    codec, entry = new_encryption("pw", **FAST)
    with create_store(workspace, encryption=entry, codec=codec) as store:
        a = store.save(new_record(), base_revision=None)
        b = store.save(new_record(), base_revision=None)
        store.save(b, base_revision=1)
    cases = workspace / "store" / "cases"
    a_lines = (cases / f"{a['id']}.log").read_bytes().splitlines(keepends=True)
    b_lines = (cases / f"{b['id']}.log").read_bytes().splitlines(keepends=True)
    # b's revision 1 put in place of a's: the checksum is right, the seal is for b's file.
    moved = a_lines[0] + b_lines[1] + a_lines[1]
    (cases / f"{a['id']}.log").write_bytes(moved)
    with open_store(workspace, codec_factory=with_passphrase("pw")) as store:
        assert [s.id for s in store.list()] == [b["id"]]  # the other case goes on
        (entry,) = store.damaged()
        assert entry.case_id == a["id"] and entry.line == 2
        assert entry.path.read_bytes() == moved  # kept as it was: still sealed
        with pytest.raises(StoreCorruptError, match=r"line 2: cannot be opened"):
            store.get(a["id"])


def test_encrypting_an_existing_workspace(workspace: Path, new_record) -> None:
    plain = open_store(workspace)
    other = open_store(workspace)
    try:
        saved = plain.save(secret_record(new_record), base_revision=None)
        gone = plain.save(new_record(persons=[{"id": "p1", "name": SECRET}]), base_revision=None)
        plain.delete(gone["id"], base_revision=1)
        with pytest.raises(ConflictError):
            plain.save(saved, base_revision=None)
        plain.backup()
        codec, entry = new_encryption("pw", **FAST)
        plain.reencode(codec, entry)
        assert_no_plaintext(workspace / "store")  # old backups too: replaced by a new one
        assert len(plain.list_backups()) == 1
        assert plain.get(saved["id"]) == saved  # the handle goes on, now encrypted
        plain.save(saved, base_revision=1)
        with pytest.raises(StoreError, match="re-encoded"):
            other.save(new_record(), base_revision=None)  # another window must reopen
    finally:
        plain.close()
        other.close()
    assert not list(workspace.glob(".store.*"))  # no staged or old folder left
    with open_store(workspace, codec_factory=with_passphrase("pw")) as store:
        assert [h.revision for h in store.history(saved["id"])] == [1, 2]
        assert store.restore_deleted(gone["id"]) == gone
        (kept,) = store.conflicts_dir.iterdir()
        assert store.read_conflict(kept)["id"] == saved["id"]
        store.reencode(PlainCodec(), None)
    with open_store(workspace) as store:  # decrypted again: no passphrase needed
        assert store.get(saved["id"])["revision"] == 2
