"""The one door to the store: ``desktop_app.storage`` alone, its protocols and its opener."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import desktop_app.storage as storage
from desktop_app.storage import (
    Backups,
    ChangeFeed,
    Conflicts,
    Encryption,
    PassphraseRequiredError,
    Store,
    StoreError,
    create_store,
    open_store,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_store_is_every_protocol(workspace: Path, new_record) -> None:
    def takes(store: Store) -> Store:  # typed: mypy checks FileCaseStore is a Store
        return store

    with open_store(workspace) as store:
        assert takes(store) is store
        for protocol in (Backups, ChangeFeed, Conflicts, Encryption):
            for name in dir(protocol):
                if not name.startswith("_"):
                    assert hasattr(store, name), (protocol.__name__, name)
        assert store.encrypted is False
        assert store.refresh() is False
        store.save(new_record(), base_revision=None)
        assert store.backup_if_due() is not None
        assert [b.cases for b in store.list_backups()] == [1]
        assert store.damaged() == []


def test_the_opener_takes_a_passphrase(workspace: Path, new_record) -> None:
    with create_store(workspace, passphrase="correct horse") as store:
        assert store.encrypted
        saved = store.save(new_record(), base_revision=None)
    with pytest.raises(PassphraseRequiredError):
        open_store(workspace)
    with pytest.raises(StoreError) as info:
        open_store(workspace, passphrase="wrong horse")
    assert info.value.code == "store.wrong_passphrase"
    with open_store(workspace, passphrase="correct horse") as store:
        assert store.get(saved["id"]) == saved
        store.set_passphrase(None)  # decrypted
        assert not store.encrypted
    with open_store(workspace, passphrase="ignored: the store is plain", create=False) as store:
        assert store.get(saved["id"]) == saved


def test_opening_without_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "nothing", create=False)
    assert info.value.code == "store.none"
    assert not (tmp_path / "nothing").exists()


def test_what_the_package_exports_is_all_a_caller_needs() -> None:
    for name in ("Store", "CaseQuery", "CaseSummary", "open_store", "create_store",
                 "atomic_write_bytes", "ConflictError", "BackupInfo", "DamagedCase"):
        assert name in storage.__all__


def test_storage_modules_stay_small() -> None:
    for path in (ROOT / "desktop_app" / "storage").rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines"


def test_the_top_level_modules_import_no_room_of_another_layer() -> None:
    """log/ (the files) imports nothing of index/ or maintenance/."""
    for path in (ROOT / "desktop_app" / "storage" / "log").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("desktop_app.storage.index",
                                                   "desktop_app.storage.maintenance")), (
                    f"{path.name} imports {node.module}")


def test_filters_and_searches_are_tinydb_queries(store, new_record) -> None:
    from tinydb.table import Table

    from desktop_app.storage import CaseQuery
    from desktop_app.storage.index.tables import condition

    first = store.save(new_record(), base_revision=None)
    table = store._index.view.table  # noqa: SLF001
    assert isinstance(table, Table)
    found = table.search(condition(CaseQuery(state="kaz", text="JOURNALIST")))
    assert [doc.doc_id for doc in found] == [first["id"]]
    assert [s.id for s in store.list(CaseQuery(state="KAZ"))] == [first["id"]]
    # TinyDB's query cache answers again only until the index changes.
    second = store.save(new_record(), base_revision=None)
    assert [s.id for s in store.list(CaseQuery(state="KAZ"))] == [second["id"], first["id"]]
    with pytest.raises(TypeError):
        table.insert({"id": "x"})  # writes go through the log, never through TinyDB
