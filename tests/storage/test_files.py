"""The file layer: atomic writes, and the whole-file TinyDB storage (schema 1, migration)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tinydb import TinyDB

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.atomic import (
    atomic_write_bytes,
    cleanup_leftovers,
    is_leftover,
    temp_name,
)
from desktop_app.storage.maintenance.tinystorage import AtomicJSONStorage


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["case.json"]


def test_failed_replace_keeps_the_old_file_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "case.json"
    target.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["case.json"]


def test_cleanup_removes_only_temp_files(tmp_path: Path) -> None:
    leftovers = [temp_name("index.json"), temp_name("abc.json")]
    keep = ["index.json", ".lock", ".pending", "abc.json", ".abc.json.tmp", "x.tmp"]
    for name in leftovers + keep:
        (tmp_path / name).write_bytes(b"x")
    removed = cleanup_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == sorted(leftovers)
    assert sorted(os.listdir(tmp_path)) == sorted(keep)
    assert all(is_leftover(n) for n in leftovers) and not any(is_leftover(n) for n in keep)


def test_cleanup_of_a_missing_folder_is_nothing(tmp_path: Path) -> None:
    assert cleanup_leftovers(tmp_path / "nope") == []


def test_storage_reads_missing_and_empty_as_none(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "missing.json").read() is None
    assert not (tmp_path / "missing.json").exists()  # reading creates nothing
    (tmp_path / "empty.json").write_bytes(b"")
    assert AtomicJSONStorage(tmp_path / "empty.json").read() is None


def test_storage_writes_compact_utf8(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("t").insert({"name": "ليلى", "topic": "任意拘留"})
    db.close()
    raw = path.read_bytes()
    assert "ليلى".encode() in raw and "任意拘留".encode() in raw
    assert b" " not in raw  # compact separators
    assert json.loads(raw) == {"t": {"1": {"name": "ليلى", "topic": "任意拘留"}}}


def test_invalid_json_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b'{"t": {"1": {"a": 1}')
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(StoreCorruptError) as info:
        db.table("t").insert({"b": 2})
    assert str(path) in str(info.value) and "not valid JSON" in str(info.value)
    assert info.value.path == path
    assert path.read_bytes() == b'{"t": {"1": {"a": 1}'


def test_json_that_is_not_tables_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("[1, 2]")
    with pytest.raises(StoreCorruptError, match="not a TinyDB file"):
        AtomicJSONStorage(path).read()
