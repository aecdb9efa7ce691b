"""Opening with ``check_files=False`` (as the window does): the list comes from the index at
once, and the case files are compared with it by ``check_files()`` or by the first change."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from desktop_app.domain.case import Texts
from desktop_app.storage import open_store
from desktop_app.storage.index import cache
from desktop_app.storage.log.nogc import collector_paused


def test_the_list_comes_first_and_the_check_after(
    workspace: Path, tmp_path: Path, new_record
) -> None:
    with open_store(workspace) as store:
        kept = store.save(new_record(), base_revision=None)
        gone = store.save(new_record(), base_revision=None)
    with open_store(tmp_path / "other") as other:
        brought = other.save(new_record(text={"en": Texts(topic="Copied in")}),
                             base_revision=None)
    cases = workspace / "store" / "cases"
    # Behind the store's back: one case file copied in from another workspace, one removed.
    (cases / f"{brought['id']}.log").write_bytes(
        (tmp_path / "other" / "store" / "cases" / f"{brought['id']}.log").read_bytes())
    (cases / f"{gone['id']}.log").unlink()
    with open_store(workspace, check_files=False) as store:
        # What the index says, before any case file is looked at.
        assert {row.id for row in store.list()} == {kept["id"], gone["id"]}
        assert store.get(brought["id"])["revision"] == 1  # a read reads the case file itself
        store.check_files()
        assert {row.id for row in store.list()} == {kept["id"], brought["id"]}
        assert store.list()[0].topic == "Copied in"
    with open_store(workspace) as store:  # the default checks at open, as before
        assert {row.id for row in store.list()} == {kept["id"], brought["id"]}


def test_a_change_waits_for_the_check(workspace: Path, new_record) -> None:
    with open_store(workspace) as store:
        saved = store.save(new_record(), base_revision=None)
        store.save(saved, base_revision=1)
    path = workspace / "store" / "cases" / f"{saved['id']}.log"
    path.write_bytes(path.read_bytes()[:-40])  # truncated behind the store's back
    with open_store(workspace, check_files=False) as store:
        assert store.damaged() == []  # not looked at yet
        store.save(new_record(), base_revision=None)  # a change: the check comes first
        [entry] = store.damaged()
        assert entry.case_id == saved["id"] and entry.revision == 2
        assert saved["id"] not in {row.id for row in store.list()}


def test_the_check_is_made_once_and_again_after_a_failure(
    workspace: Path, new_record, monkeypatch
) -> None:
    with open_store(workspace) as store:
        store.save(new_record(), base_revision=None)
    calls = []
    real = cache.IndexCache.heal_all_locked

    def flaky(self, **options):
        calls.append(options)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real(self, **options)

    monkeypatch.setattr(cache.IndexCache, "heal_all_locked", flaky)
    with open_store(workspace, check_files=False) as store:
        assert calls == []
        with pytest.raises(OSError):
            store.check_files()
        store.check_files()
        store.check_files()
        store.save(new_record(), base_revision=None)
    assert len(calls) == 2  # failed once, done once: never again on that handle
    assert calls[1] == {"tighten_files": True, "remove_leftovers": True}


def test_the_collector_is_paused_for_a_read_and_switched_back_on() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a damaged line")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_an_index_written_a_summary_a_line_is_compacted_at_open(
    workspace: Path, new_record, monkeypatch
) -> None:
    """As an older commdraft (or many saves since the last checkpoint) leave it: read in
    many-summary lines from the next open on, without waiting for a save."""
    import json

    from desktop_app.storage.log import logstorage

    with open_store(workspace) as store:
        for _ in range(12):
            store.save(new_record(), base_revision=None)
    index = workspace / "store" / "index.log"

    def records() -> list[dict]:
        return [json.loads(line[9:]) for line in index.read_bytes().splitlines()[1:]]

    assert sum("doc" in record for record in records()) == 12  # a summary a line
    monkeypatch.setattr(logstorage, "COMPACT_MIN_BYTES", 1000)
    monkeypatch.setattr(logstorage, "CHECKPOINT_LINES", 8)
    with open_store(workspace, check_files=False) as store:
        assert len(store.list()) == 12
    assert not any("doc" in record for record in records())
    assert sum(len(record.get("docs", {})) for record in records()) == 13  # and the fold mark
    assert len(records()) == 2  # the summaries in one line, the fold marker in another
    with open_store(workspace) as store:
        assert len(store.list()) == 12
