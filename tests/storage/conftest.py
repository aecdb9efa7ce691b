from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.case import Case, Dates, Person, Recipient, Texts
from desktop_app.storage import FileCaseStore, open_store


def make_record(**fields: Any) -> dict[str, Any]:
    """A valid ``commdraft.case/1`` record; keyword arguments override Case fields."""
    fields.setdefault("recipient", Recipient("state", "KAZ"))
    fields.setdefault("mandates", ["freedom-of-expression", "human-rights-defenders"])
    fields.setdefault("text", {"en": Texts(topic="Detention of a journalist")})
    if isinstance(fields.get("dates"), dict):
        fields["dates"] = Dates.from_dict(fields["dates"])
    if fields.get("persons") and isinstance(fields["persons"][0], dict):
        fields["persons"] = [
            Person.from_dict(p, f"persons[{i}]") for i, p in enumerate(fields["persons"])
        ]
    return Case(**fields).to_dict()


@pytest.fixture
def new_record() -> Callable[..., dict[str, Any]]:
    return make_record


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "drafts"


@pytest.fixture
def store(workspace: Path) -> Iterator[FileCaseStore]:
    opened = open_store(workspace)
    yield opened
    opened.close()
