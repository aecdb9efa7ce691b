"""Copying a workspace onto the server: every revision with its number, time and record."""

from __future__ import annotations

import pytest

from desktop_app.storage import (
    CaseExistsError,
    DuplicateReferenceError,
    StoreWriteError,
    open_store,
)


def test_a_workspace_is_copied_revision_by_revision(tmp_path, pg_db, opened,
                                                    new_record) -> None:
    server = opened(pg_db.admin_dsn)
    with open_store(tmp_path / "drafts") as folder:
        case = folder.save(new_record(reference="AL KAZ 1/2024", status="draft"),
                           base_revision=None)
        for status in ("in_review", "approved", "sent"):
            case = folder.save({**case, "status": status}, base_revision=case["revision"])
        other = folder.save(new_record(), base_revision=None)
        for summary in reversed(folder.list()):
            history = folder.history(summary.id)
            revisions = [(folder.get_revision(summary.id, h.revision), h.saved_at)
                         for h in history]
            assert server.import_history(summary.id, revisions) == folder.get(summary.id)
        for case_id in (case["id"], other["id"]):
            assert server.history(case_id) == folder.history(case_id)
            for info in folder.history(case_id):
                assert server.get_revision(case_id, info.revision) == folder.get_revision(
                    case_id, info.revision)
        assert [s.id for s in server.list()] == [s.id for s in folder.list()]
        assert server.references() == ["AL KAZ 1/2024"]
        assert {by for _, _, by in server.history_by(case["id"])} == {"postgres"}
        history = [(folder.get_revision(case["id"], 1), folder.history(case["id"])[0].saved_at)]
    with pytest.raises(CaseExistsError):
        server.import_history(case["id"], history)
    moved = [({**history[0][0], "id": "another"}, history[0][1])]
    with pytest.raises(DuplicateReferenceError):
        server.import_history("another", moved)
    with pytest.raises(ValueError):
        server.import_history("another", [])
    with pytest.raises(ValueError):
        server.import_history("third", moved)  # revisions of another case
    saved = server.save({**server.get(case["id"]), "status": "published"}, base_revision=4)
    assert saved["revision"] == 5  # saves go on after the copied history


def test_only_administrators_import(pg_db, opened, new_record) -> None:
    _, dsn = pg_db.person("dora", "drafter", ["freedom-of-expression"])
    record = {**new_record(mandates=["freedom-of-expression"]), "revision": 1}
    with pytest.raises(StoreWriteError) as info:
        opened(dsn).import_history(record["id"], [(record, "2020-01-01T00:00:00+00:00")])
    assert info.value.code == "store.forbidden"
