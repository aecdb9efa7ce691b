"""A save the loader would refuse is refused before anything is written: the store keeps only
what it can read back exactly (domain rules are the workspace layer's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import CaseFormatError
from desktop_app.storage import FileCaseStore, open_store


def files(workspace: Path) -> dict[str, bytes]:
    root = workspace / "store"
    skip = {".lock", ".lock.owner"}
    return {str(p.relative_to(root)): p.read_bytes()
            for p in root.rglob("*") if p.is_file() and p.name not in skip}


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"x": value}
    return value


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(status="half an emoji \ud83d"), "broken character"),
        (lambda r: r.update(score=float("nan")), "cannot be stored as JSON"),
        (lambda r: r.update(score=float("inf")), "cannot be stored as JSON"),
        (lambda r: r.update(extra=nested(5000)), "nested more than 64 levels"),
        (lambda r: r.update(extra=nested(900)), "nested more than 64 levels"),
        (lambda r: r.update(extra={1: "a", "1": "b"}), "key that is not text"),
        (lambda r: r.update(extra={"x", "y"}), "cannot be stored as JSON"),
        (lambda r: r.update(extra=object()), "cannot be stored as JSON"),
        (lambda r: r.update(big=10**5000), "cannot be stored as JSON"),
    ],
    ids=["surrogate", "nan", "infinity", "deep", "deep-near-the-limit", "int-key", "set",
         "object", "huge-int"],
)
def test_a_record_that_would_not_read_back_is_refused_before_writing(
    store: FileCaseStore, workspace: Path, new_record, change, problem: str
) -> None:
    kept = store.save(new_record(), base_revision=None)
    before = files(workspace)
    record = new_record()
    change(record)
    with pytest.raises(CaseFormatError, match=problem):
        store.save(record, base_revision=None)
    with pytest.raises(CaseFormatError, match=problem):
        store.save({**kept, **{k: v for k, v in record.items() if k != "id"},
                    "id": kept["id"]}, base_revision=1)
    assert files(workspace) == before  # nothing written: no line, no marker
    assert [s.id for s in store.list()] == [kept["id"]]
    assert store.save(kept, base_revision=1)["revision"] == 2  # the store goes on


def test_what_is_stored_reads_back_exactly(workspace: Path, new_record) -> None:
    record = new_record()
    record["extra"] = {"tuple": (1, 2), "nested": nested(60), "text": "ليلى 任意 😀"}
    with open_store(workspace) as store:
        saved = store.save(record, base_revision=None)
    assert saved["extra"]["tuple"] == [1, 2]
    with open_store(workspace) as store:
        assert store.get(saved["id"]) == saved


@pytest.mark.parametrize("record", [[], "case", None, 5])
def test_a_record_that_is_not_an_object_is_refused(store: FileCaseStore, record) -> None:
    with pytest.raises(CaseFormatError, match="must be an object"):
        store.save(record, base_revision=None)
