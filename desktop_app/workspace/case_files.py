"""Case files (``commdraft.case/1``) in and out: bounded and validated before anything is
written (size, duplicate keys, depth, every section), exported atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.case import Case
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.reference import ReferenceData
from desktop_app.storage import Store, atomic_write_bytes
from desktop_app.workspace.fileerrors import read_error, writing


@dataclass(frozen=True)
class ImportResult:
    case: Case
    action: str  # "created", "updated" or "unchanged"


def read_case_file(path: Path) -> Case:
    """Read and validate a case file; nothing is written anywhere."""
    try:
        with open(path, "rb") as handle:  # bounded: /dev/zero or a huge file stops at the limit
            raw = handle.read(MAX_CASE_FILE + 1)
    except OSError as exc:
        raise read_error(exc, path) from None
    if len(raw) > MAX_CASE_FILE:
        raise CaseFormatError("(file)", f"larger than {MAX_CASE_FILE // 2**20} MB, the most a "
                              "case file holds; nothing was written", source=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFormatError("(file)", f"not UTF-8 text (byte {exc.start})", source=str(path)) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CaseFormatError(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}",
                              source=str(path)) from None
    except RecursionError:
        raise CaseFormatError("(file)", f"nested more than {MAX_DEPTH} levels deep",
                              source=str(path)) from None
    except DuplicateKeyError as exc:
        raise CaseFormatError("(file)", f"{exc}: which one is meant cannot be told; nothing "
                              "was written", source=str(path)) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits, NaN, Infinity
        raise CaseFormatError("(file)", f"not a usable JSON value ({exc})", source=str(path)) from None
    _check_values(data, "", 0, str(path))
    if not isinstance(data, dict):
        raise CaseFormatError("(top level)", "a case file holds one JSON object", source=str(path))
    if "format" not in data:
        raise CaseFormatError("format", "missing: a case file starts with \"format\": "
                              "\"commdraft.case/1\"", source=str(path))
    return Case.from_dict(data, source=str(path))


MAX_DEPTH = 32


#: A case file is a few hundred kilobytes at most (a long letter in six languages with its
#: review rounds); anything beyond this is refused before it is parsed.
MAX_CASE_FILE = 8 * 2**20


class DuplicateKeyError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose key appears twice is refused: with the last one winning,
    ``"consent_public": false, "consent_public": true`` would import as consent given."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a case file")


def _check_values(value: Any, path: str, depth: int, source: str) -> None:
    """Refuse what JSON can carry but a store and a Word document cannot: deep nesting and
    lone surrogates (half of an emoji, for instance), naming where."""
    if depth > MAX_DEPTH:
        raise CaseFormatError(path or "(top level)", f"nested more than {MAX_DEPTH} levels deep",
                              source=source)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CaseFormatError(path or "(top level)",
                                  "holds a broken character (an unpaired surrogate)",
                                  source=source) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, path or "(top level)", depth + 1, source)
            _check_values(item, f"{path}.{key}" if path else str(key), depth + 1, source)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_values(item, f"{path}[{index}]", depth + 1, source)


def _comparable(case: Case) -> dict[str, Any]:
    data = case.to_dict()
    data.pop("revision", None)
    return data


class CaseFilesMixin:
    """A part of :class:`~desktop_app.workspace.core.Workspace` (it holds no state of its own)."""

    root: Path
    store: Store
    reference: ReferenceData

    if TYPE_CHECKING:  # given by the other parts of Workspace
        def validate(self, case: Case) -> None: ...
        def save(self, case: Case) -> Case: ...
        def load(self, key: str) -> Case: ...
        def check_plaintext(self, target: Path, plaintext: bool) -> None: ...

    def import_file(self, path: Path) -> ImportResult:
        case = read_case_file(path)
        try:
            self.validate(case)
        except CaseFormatError as exc:
            raise CaseFormatError(exc.path, exc.reason, source=str(path)) from None
        with self.store.transaction():
            current = self.store.find(case.id)
            if current is None:
                case.revision = 0
                return ImportResult(self.save(case), "created")
            stored = Case.from_dict(current)
            if _comparable(stored) == _comparable(case):
                return ImportResult(stored, "unchanged")
            if case.revision == 0:
                raise CommdraftError(
                    f"{path}: a case with the id {case.id!r} is already in the workspace "
                    f"(revision {stored.revision}) and this file carries no revision, so it was "
                    "not exported from it: remove \"id\" from the file to import it as a new "
                    "case; nothing was written")
            # A conflict (the case moved on since the export) is raised by the store.
            return ImportResult(self.save(case), "updated")

    def export_file(self, key: str, path: Path, *, plaintext: bool = False) -> Path:
        self.check_plaintext(path, plaintext)
        case = self.load(key)
        data = json.dumps(case.to_dict(), ensure_ascii=False, indent=2) + "\n"
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data.encode("utf-8"))
        return path

