"""The folder store's own behaviour: what a workspace folder adds to the repository contract
(files, paths, trash, locks). What every store must do is in tests/contract/, run on both."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from desktop_app.domain.case import Case
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.references import next_reference
from desktop_app.storage import (
    CaseExistsError,
    CaseNotFoundError,
    CaseRepository,
    ConflictError,
    DuplicateReferenceError,
    FileCaseStore,
    StoreLockedError,
    open_store,
)


def test_unknown_case(store: FileCaseStore) -> None:
    with pytest.raises(CaseNotFoundError, match="no case 'nope'") as info:
        store.get("nope")
    assert info.value.case_id == "nope"
    assert isinstance(info.value, CommdraftError)
    with pytest.raises(CaseNotFoundError):
        store.get("../meta")  # not an id, never a path
    with pytest.raises(CaseNotFoundError):
        store.history("nope")


def test_creating_an_existing_id_is_refused_and_kept(store: FileCaseStore, new_record) -> None:
    record = new_record()
    store.save(record, base_revision=None)
    with pytest.raises(CaseExistsError, match="already exists") as info:
        store.save({**record, "status": "approved"}, base_revision=None)
    assert isinstance(info.value, ConflictError) and info.value.kept_as is not None
    assert "/" not in info.value.kept_as  # a label, not a path
    assert store.read_conflict(info.value.kept_as)["status"] == "approved"
    assert store.get(record["id"])["status"] == "draft"


def test_conflict_keeps_both_versions_and_says_where(workspace: Path, new_record) -> None:
    alice, bob = open_store(workspace), open_store(workspace)
    try:
        base = alice.save(new_record(status="draft"), base_revision=None)
        alice.save({**base, "status": "in_review"}, base_revision=1)
        mine = {**base, "status": "approved", "source": "Bob's edit"}
        with pytest.raises(ConflictError) as info:
            bob.save(mine, base_revision=1)
        error = info.value
        assert error.current is not None and error.mine is not None and error.kept_as is not None
        kept = bob.conflict_path(error.kept_as)
        assert error.kept_at == kept  # the deprecated alias
        assert (error.case_id, error.base_revision) == (base["id"], 1)
        assert error.current["revision"] == 2 and error.current["status"] == "in_review"
        assert error.mine["source"] == "Bob's edit"
        assert kept.parent == workspace / "store" / "conflicts"
        assert re.fullmatch(rf"{base['id']}-r1-\d{{8}}T\d{{12}}Z\.json", error.kept_as)
        assert json.loads(kept.read_text(encoding="utf-8")) == mine
        assert bob.read_conflict(error.kept_as) == mine
        assert str(kept) in str(error) and "revision 2" in str(error)  # the log says where
        # The stored case is untouched and Bob's record is a case file that can be re-imported.
        assert [h.revision for h in bob.history(base["id"])] == [1, 2]
        assert bob.get(base["id"])["status"] == "in_review"
        Case.from_dict(json.loads(kept.read_text(encoding="utf-8")))
    finally:
        alice.close()
        bob.close()


def test_saving_a_case_deleted_meanwhile_is_a_conflict(store: FileCaseStore, new_record) -> None:
    saved = store.save(new_record(), base_revision=None)
    store.delete(saved["id"], base_revision=1)
    with pytest.raises(ConflictError, match="deleted") as info:
        store.save(saved, base_revision=1)
    assert info.value.current is None
    assert info.value.kept_as is not None and store.conflict_path(info.value.kept_as).exists()
    for bad in ("../meta.json", "/etc/passwd", "", ".lock"):
        with pytest.raises(ValueError):
            store.conflict_path(bad)


def test_duplicate_reference_is_refused(store: FileCaseStore, new_record) -> None:
    first = store.save(new_record(kind="AL", reference="AL KAZ 1/2024"), base_revision=None)
    # Numbers are shared by all kinds: UA KAZ 1/2024 is the same number.
    other = new_record(kind="UA", reference="UA KAZ 1/2024")
    with pytest.raises(DuplicateReferenceError, match=rf"{first['id']}.*nothing was saved"):
        store.save(other, base_revision=None)
    assert not (store.cases_dir / f"{other['id']}.log").exists()
    assert [s.id for s in store.list()] == [first["id"]]
    # Spacing and letter case do not make a different reference.
    with pytest.raises(DuplicateReferenceError):
        store.save({**other, "reference": "ua  kaz 1 / 2024"}, base_revision=None)
    # The case keeps its own reference on later saves; another number is fine.
    store.save({**first, "status": "in_review"}, base_revision=1)
    store.save({**other, "reference": "UA KAZ 2/2024"}, base_revision=None)
    assert store.references() == ["AL KAZ 1/2024", "UA KAZ 2/2024"]


def test_delete_and_restore(store: FileCaseStore, new_record) -> None:
    saved = store.save(new_record(reference="AL KAZ 5/2024"), base_revision=None)
    saved = store.save(saved, base_revision=1)
    with pytest.raises(ConflictError, match="not deleted"):
        store.delete(saved["id"], base_revision=1)
    store.delete(saved["id"], base_revision=2)
    assert store.list() == [] and store.references() == []
    assert len(list(store.trash_dir.iterdir())) == 1
    with pytest.raises(CaseNotFoundError, match="trash"):
        store.get(saved["id"])
    restored = store.restore_deleted(saved["id"])
    assert restored == saved
    assert [s.id for s in store.list()] == [saved["id"]]
    assert [h.revision for h in store.history(saved["id"])] == [1, 2]
    with pytest.raises(CaseNotFoundError):
        store.restore_deleted("never-was")
    with pytest.raises(CaseExistsError):
        store.restore_deleted(saved["id"])  # it is back already


def test_restore_refuses_a_reference_taken_meanwhile(store: FileCaseStore, new_record) -> None:
    gone = store.save(new_record(reference="AL KAZ 6/2024"), base_revision=None)
    store.delete(gone["id"], base_revision=1)
    store.save(new_record(reference="AL KAZ 6/2024"), base_revision=None)
    with pytest.raises(DuplicateReferenceError):
        store.restore_deleted(gone["id"])
    assert len(list(store.trash_dir.iterdir())) == 1  # still there to restore later


def test_a_second_handle_sees_the_first_ones_saves(workspace: Path, new_record) -> None:
    writer, reader = open_store(workspace), open_store(workspace)
    try:
        assert reader.list() == []
        saved = writer.save(new_record(reference="AL KAZ 7/2024"), base_revision=None)
        assert [s.id for s in reader.list()] == [saved["id"]]
        assert reader.find("AL KAZ 7/2024") == saved
        writer.save({**saved, "status": "approved"}, base_revision=1)
        assert reader.list()[0].status == "approved"
        assert reader.get(saved["id"])["revision"] == 2
        assert reader.references() == ["AL KAZ 7/2024"]
    finally:
        writer.close()
        reader.close()


def test_transaction_allocates_and_saves_without_a_race(workspace: Path, new_record) -> None:
    store, other = open_store(workspace), open_store(workspace, lock_timeout=0.2)
    try:
        with store.transaction():
            with store.transaction():  # re-entrant
                number = next_reference("AL", "KAZ", 2024, store.references())
                store.save(new_record(reference=str(number)), base_revision=None)
            # Another handle cannot write while the lock is held, and says why.
            with pytest.raises(StoreLockedError, match=r"\.lock.*another commdraft"):
                other.save(new_record(), base_revision=None)
        assert store.references() == ["AL KAZ 1/2024"]
        other.save(new_record(reference="AL KAZ 2/2024"), base_revision=None)  # free again
    finally:
        store.close()
        other.close()


def test_a_closed_store_refuses_work(workspace: Path) -> None:
    store = open_store(workspace)
    store.close()
    with pytest.raises(CommdraftError, match="closed"):
        store.list()
    with open_store(workspace) as again:  # the lock was released
        assert again.list() == []


def test_the_file_store_is_a_case_repository(store: FileCaseStore) -> None:
    repository: CaseRepository = store  # the static check is mypy's
    members = [name for name in vars(CaseRepository) if not name.startswith("_")]
    assert len(members) == 11
    for name in members:
        assert callable(getattr(repository, name)), name


def test_concurrent_writers_never_both_win(workspace: Path, new_record) -> None:
    """Four handles (each with its own lock, as four processes would have) race to edit one
    case: every save either wins a new revision or is refused and kept, never lost."""
    with open_store(workspace) as first:
        case_id = first.save(new_record(), base_revision=None)["id"]
    handles = [open_store(workspace, lock_timeout=30) for _ in range(4)]
    wins: list[int] = []
    kept: list[Path] = []

    def edit(handle: FileCaseStore, writer: int) -> None:
        for attempt in range(15):
            record = handle.get(case_id)
            try:
                saved = handle.save(
                    {**record, "source": f"{writer}/{attempt}"}, base_revision=record["revision"]
                )
            except ConflictError as exc:
                assert exc.kept_as is not None
                kept.append(handle.conflict_path(exc.kept_as))
            else:
                wins.append(saved["revision"])

    threads = [threading.Thread(target=edit, args=(h, i)) for i, h in enumerate(handles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(wins) == list(range(2, len(wins) + 2))  # each revision won exactly once
        assert len(wins) + len(kept) == 4 * 15
        assert handles[0].get(case_id)["revision"] == len(wins) + 1
        assert len(set(kept)) == len(kept) and all(path.exists() for path in kept)
    finally:
        for handle in handles:
            handle.close()
