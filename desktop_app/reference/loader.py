"""Loading the reference data: the packaged files, plus a workspace's own additions.

Each file is read and checked only when its attribute is first used, so a command that lists
mandates never parses the 170 kB of State names. A workspace may keep files with the same names
in its ``reference/`` folder: their entries are added to the packaged ones (an entry with an id
the package already has replaces that entry whole), and they are checked the same way.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from desktop_app.reference import parse
from desktop_app.reference.errors import ReferenceDataError
from desktop_app.reference.models import Clause, Mandate, Question, State

T = TypeVar("T")

DATA_DIR = Path(__file__).resolve().parent / "data"
MANDATES_FILE = "mandates.json"
STATES_FILE = "states.json"
CLAUSES_FILE = "clauses.json"
QUESTIONS_FILE = "questions.json"
DEMO_CASE_FILE = "demo_case.json"


def _read_json(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceDataError(f"{label}: file not found ({path})") from None
    except OSError as exc:
        raise ReferenceDataError(f"{label}: cannot be read ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(
            f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


class ReferenceData:
    """Mandates, States, clauses and questions, each loaded on first use and then kept."""

    def __init__(self, extra_dir: Path | None = None, data_dir: Path = DATA_DIR) -> None:
        self.extra_dir = extra_dir
        self.data_dir = data_dir

    def _load(self, name: str, parser: Callable[[str, Any], dict[str, T]]) -> Mapping[str, T]:
        # Packaged files are named by their bare name; workspace files by their full path, so a
        # reviewer knows which copy to fix.
        merged = dict(parser(name, _read_json(self.data_dir / name, name)))
        if self.extra_dir is not None:
            extra = self.extra_dir / name
            if extra.is_file():
                merged.update(parser(str(extra), _read_json(extra, str(extra))))
        return MappingProxyType(merged)

    @functools.cached_property
    def mandates(self) -> Mapping[str, Mandate]:
        return self._load(MANDATES_FILE, parse.parse_mandates)

    @functools.cached_property
    def states(self) -> Mapping[str, State]:
        return self._load(STATES_FILE, parse.parse_states)

    @functools.cached_property
    def clauses(self) -> Mapping[str, Clause]:
        return self._load(CLAUSES_FILE, parse.parse_clauses)

    @functools.cached_property
    def questions(self) -> Mapping[str, Question]:
        return self._load(QUESTIONS_FILE, parse.parse_questions)

    # ------------------------------------------------------------------ lookups by id
    def mandate(self, mandate_id: str) -> Mandate:
        return _lookup(self.mandates, mandate_id, "mandate", "see `commdraft mandates`")

    def state(self, iso3: str) -> State:
        code = iso3.upper() if isinstance(iso3, str) else iso3
        return _lookup(self.states, code, "State",
                       "use an ISO 3166-1 alpha-3 code of a UN Member or observer State, e.g. 'MNE'")

    def clause(self, clause_id: str) -> Clause:
        return _lookup(self.clauses, clause_id, "legal-framework clause",
                       f"the clauses are listed in {CLAUSES_FILE}")

    def question(self, question_id: str) -> Question:
        return _lookup(self.questions, question_id, "standard question",
                       f"the questions are listed in {QUESTIONS_FILE}")

    def questions_for(self, audience: str) -> list[Question]:
        """The standard questions for a Government or for a company, in file order."""
        return [q for q in self.questions.values() if q.audience == audience]


def _lookup(table: Mapping[str, T], key: str, what: str, hint: str) -> T:
    try:
        return table[key]
    except (KeyError, TypeError):
        raise ReferenceDataError(f"unknown {what} {key!r}; {hint}") from None


@functools.lru_cache(maxsize=8)
def _cached(extra_dir: Path | None) -> ReferenceData:
    return ReferenceData(extra_dir)


def load_reference(extra_dir: Path | None = None) -> ReferenceData:
    """The reference data, with a workspace's ``reference/`` folder merged in when given.

    Cached per folder: every caller shares one copy, and each file is parsed once. Call
    :func:`clear_reference_cache` after the files change on disk."""
    key = Path(extra_dir).resolve() if extra_dir is not None else None
    return _cached(key)


def clear_reference_cache() -> None:
    _cached.cache_clear()
    _demo_raw.cache_clear()


@functools.lru_cache(maxsize=1)
def _demo_raw() -> Any:
    return _read_json(DATA_DIR / DEMO_CASE_FILE, DEMO_CASE_FILE)


def demo_case() -> dict[str, Any]:
    """The demo case (``commdraft.case/1``), a fresh copy each call: callers may edit it."""
    raw = _demo_raw()
    if not isinstance(raw, dict):
        raise ReferenceDataError(f"{DEMO_CASE_FILE}: must be a case object")
    return copy.deepcopy(raw)
