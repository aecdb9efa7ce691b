from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The checkout is not installed in the venv and pytest puts only this folder on sys.path:
# make `desktop_app` importable as the working copy.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.domain.case import Case, Dates, Person, Recipient, Texts  # noqa: E402
from desktop_app.storage import FileCaseStore, open_store  # noqa: E402


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
