"""What a team store does its own way: backups and encryption are the server's, a
transaction is a database transaction, kept conflicts are on the server."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage import ConflictError, Store, StoreError, StoreLockedError
from desktop_app.storage.postgres import CODES, PostgresCaseStore


def test_it_is_a_store(pg_store: PostgresCaseStore) -> None:
    def takes(store: Store) -> Store:  # mypy checks PostgresCaseStore is a Store
        return store

    assert takes(pg_store) is pg_store
    assert pg_store.role == "postgres (admin)" and pg_store.read_only is False


def test_backups_and_encryption_are_the_servers(pg_store: PostgresCaseStore) -> None:
    assert pg_store.backup_if_due() is None
    assert pg_store.list_backups() == [] and pg_store.damaged() == []
    assert pg_store.keep_backups == 0 and pg_store.encrypted is False
    for call in (pg_store.backup, lambda: pg_store.restore_case("x"),
                 lambda: pg_store.set_keep_backups(3)):
        with pytest.raises(StoreError) as info:
            call()
        assert info.value.code == "store.server_backups" and "pg_dump" in str(info.value)
    with pytest.raises(StoreError) as info:
        pg_store.set_passphrase("secret")
    assert info.value.code == "store.server_encryption"
    assert {"store.server_backups", "store.server_encryption"} <= set(CODES)


def test_kept_conflicts(pg_store: PostgresCaseStore, new_record) -> None:
    saved = pg_store.save(new_record(), base_revision=None)
    pg_store.save(saved, base_revision=1)
    with pytest.raises(ConflictError) as info:
        pg_store.save({**saved, "status": "approved"}, base_revision=1)
    label = info.value.kept_as
    assert label is not None and label.startswith("conflict:")
    path = pg_store.conflict_path(label)
    assert path.stat().st_mode & 0o077 == 0 and path.parent.stat().st_mode & 0o077 == 0
    with pytest.raises(StoreError) as unknown:
        pg_store.read_conflict("conflict:999999")
    assert unknown.value.code == "conflict.unknown"
    pg_store.close()
    assert not path.exists()  # the copy goes with the store; the server keeps the record


def test_a_transaction_is_undone_when_it_raises(pg_store: PostgresCaseStore,
                                                new_record) -> None:
    with pytest.raises(RuntimeError):
        with pg_store.transaction():
            pg_store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
            assert pg_store.references() == ["AL KAZ 1/2024"]  # seen inside
            raise RuntimeError("the user's change failed")
    assert pg_store.list() == [] and pg_store.references() == []


def test_a_refused_save_inside_a_transaction_keeps_the_rest(pg_store, new_record) -> None:
    kept = pg_store.save(new_record(reference="AL KAZ 1/2024"), base_revision=None)
    with pg_store.transaction():
        first = pg_store.save(new_record(), base_revision=None)
        with pytest.raises(ConflictError) as info:
            pg_store.save(kept, base_revision=None)
        with pytest.raises(Exception):  # noqa: B017  (DuplicateReferenceError)
            pg_store.save(new_record(reference="UA KAZ 1/2024"), base_revision=None)
    assert {s.id for s in pg_store.list()} == {kept["id"], first["id"]}
    assert info.value.kept_as is not None
    assert pg_store.read_conflict(info.value.kept_as) == kept  # kept although it was inside


def test_the_lock_is_waited_for_then_refused(pg_db, opened, new_record) -> None:
    holder, other = opened(pg_db.admin_dsn), opened(pg_db.admin_dsn, lock_timeout=0.2)
    with holder.transaction():
        with pytest.raises(StoreLockedError) as info:
            other.save(new_record(), base_revision=None)
    assert info.value.code == "store.locked" and info.value.params == {"seconds": 0.2}
    assert "another commdraft" in str(info.value)


def test_what_jsonb_cannot_hold_is_refused(pg_store, new_record) -> None:
    with pytest.raises(CaseFormatError, match="NUL"):
        pg_store.save({**new_record(), "source": "a\x00b"}, base_revision=None)
    assert pg_store.list() == []
