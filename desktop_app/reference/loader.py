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

    def _load(self, name: str, parser: Callable[[str, Any], dict[str, T]],
              entry_parser: Callable[[str, Any, Any], Any]) -> Mapping[str, T]:
        # Packaged files are named by their bare name; workspace files by their full path, so a
        # reviewer knows which copy to fix.
        shipped = _read_json(self.data_dir / name, name)
        extra = self.extra_dir / name if self.extra_dir is not None else None
        if extra is None or not extra.is_file():
            return MappingProxyType(dict(parser(name, shipped)))
        parser(name, shipped)  # the packaged file on its own first: its errors name it
        own = _read_json(extra, str(extra))
        merged = overlay_file(shipped, own, str(extra))
        # Each of the workspace's entries, as merged, is checked under the workspace file's
        # name and the entry's place in it: that is the file a user can fix.
        if isinstance(own, dict):
            for key in own:
                entry_parser(str(extra), key, merged[key])
        else:
            ids = [e.get("id") if isinstance(e, dict) else None for e in merged]
            for index, entry in enumerate(own):
                key = entry.get("id") if isinstance(entry, dict) else None
                target = merged[ids.index(key)] if key in ids else entry
                entry_parser(str(extra), index, target)
        return MappingProxyType(dict(parser(f"{name} with {extra}", merged)))

    @functools.cached_property
    def mandates(self) -> Mapping[str, Mandate]:
        return self._load(MANDATES_FILE, parse.parse_mandates, parse.parse_mandate)

    @functools.cached_property
    def states(self) -> Mapping[str, State]:
        return self._load(STATES_FILE, parse.parse_states, parse.parse_state)

    @functools.cached_property
    def clauses(self) -> Mapping[str, Clause]:
        return self._load(CLAUSES_FILE, parse.parse_clauses, parse.parse_clause)

    @functools.cached_property
    def questions(self) -> Mapping[str, Question]:
        return self._load(QUESTIONS_FILE, parse.parse_questions, parse.parse_question)

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


# ----------------------------------------------------------------------------- overlays
#: Lists merged item by item (by this key) rather than replaced: a workspace adding the holder
#: who signs this year keeps the shipped history, and a later shipped update keeps the user's.
_MERGED_LISTS = {"holders": "name", "resolutions": "number"}


def overlay_file(shipped: Any, own: Any, source: str) -> Any:
    """The packaged entries with a workspace's own merged in, entry by entry.

    A workspace entry whose id is new is added whole; one whose id exists is merged into the
    packaged entry: per-language texts language by language, holders by name, resolutions by
    number, anything else replaced. So the workspace file holds only what the user changed, and
    an update of the packaged data never overwrites it."""
    if isinstance(shipped, dict) and isinstance(own, dict):  # States: keyed by ISO code
        return {key: overlay_entry(shipped[key], value) if key in shipped else value
                for key, value in {**shipped, **own}.items()}
    if isinstance(shipped, list) and isinstance(own, list):
        by_id = {e.get("id"): i for i, e in enumerate(shipped) if isinstance(e, dict)}
        seen: set[Any] = set()
        for index, entry in enumerate(own):
            key = entry.get("id") if isinstance(entry, dict) else None
            if key is not None and key in seen:
                raise ReferenceDataError(
                    f"{source}: entry {index + 1} ({key!r}): field 'id' repeats an earlier entry")
            seen.add(key)
        out = list(shipped)
        for entry in own:
            place = by_id.get(entry.get("id")) if isinstance(entry, dict) else None
            if place is None:
                out.append(entry)
            else:
                out[place] = overlay_entry(shipped[place], entry)
        return out
    shape = "an object keyed by ISO alpha-3 code" if isinstance(shipped, dict) else "a list of entries"
    raise ReferenceDataError(f"{source}: must be {shape}, like the packaged file")


def overlay_entry(base: Any, own: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(own, dict):
        return own
    out = dict(base)
    for key, value in own.items():
        old = base.get(key)
        if key in _MERGED_LISTS and isinstance(old, list) and isinstance(value, list):
            field = _MERGED_LISTS[key]
            merged = {item.get(field): item for item in old if isinstance(item, dict)}
            for item in value:
                if isinstance(item, dict):
                    merged[item.get(field)] = {**merged.get(item.get(field), {}), **item}
            out[key] = list(merged.values())
            if key == "resolutions":
                # Oldest first, by adoption where recorded (two in one year keep their order).
                out[key].sort(key=lambda r: (r.get("year") if isinstance(r.get("year"), int)
                                             else 0, str(r.get("adopted") or "9999")))
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = overlay_entry(old, value)
        else:
            out[key] = value
    return out


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
