"""What a record must be for the store to keep it: checked before anything is written.

The store keeps any record the caller gives, as long as the file can hold it and give back
the same (see :func:`storable_copy`).
"""

from __future__ import annotations

import builtins
import json
from typing import Any

from desktop_app.domain.errors import CaseFormatError, ReferenceFormatError
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index.documents import ReferenceKey, reference_key
from desktop_app.storage.log import casefile
from desktop_app.storage.log.casefile import CaseLog
from desktop_app.storage.log.logformat import loads

#: The deepest nesting of objects and lists a record may have (a case has about 6): beyond
#: it, reading the file back could hit Python's recursion limit.
MAX_RECORD_DEPTH = 64


def storable_copy(record: Any) -> dict[str, Any]:
    """A deep copy that is exactly what the file will hold (tuples become lists), or
    CaseFormatError for what the file could not hold and give back the same: anything but an
    object at the top, keys that are not text, NaN and infinities (not JSON), text that is not
    Unicode (a lone surrogate: half of an emoji), nesting deeper than MAX_RECORD_DEPTH, values
    JSON has no form for."""
    if not isinstance(record, dict):
        raise CaseFormatError("(record)", f"must be an object, not {type(record).__name__}")
    check_shape(record)
    try:
        data = json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")
        copy: dict[str, Any] = loads(data)
    except UnicodeEncodeError:
        raise CaseFormatError(
            "(record)", "holds a broken character (an unpaired surrogate); nothing was saved"
        ) from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise CaseFormatError(
            "(record)", f"cannot be stored as JSON ({exc}); nothing was saved"
        ) from None
    return copy


def check_shape(record: dict[str, Any]) -> None:
    """Depth and keys, walked without recursion (a hostile record may be nested deeper than
    Python's stack)."""
    stack: builtins.list[tuple[Any, int, str]] = [(record, 1, "(record)")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_RECORD_DEPTH:
            raise CaseFormatError(
                where, f"nested more than {MAX_RECORD_DEPTH} levels deep; nothing was saved"
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise CaseFormatError(
                        where, f"has a key that is not text ({key!r}); nothing was saved"
                    )
                if isinstance(item, dict | builtins.list | tuple):
                    stack.append((item, depth + 1, key))
        elif isinstance(value, builtins.list | tuple):
            for item in value:
                if isinstance(item, dict | builtins.list | tuple):
                    stack.append((item, depth + 1, where))


def check_readable(case: CaseLog, record: dict[str, Any], saved_at: str) -> None:
    """The revision document checked as the loader will check it: a last guard before
    anything is written (``record`` is from :func:`_storable_copy`)."""
    doc = {"revision": record["revision"], "saved_at": saved_at, "record": record}
    try:
        casefile.check_revision(case.path, str(record["revision"]), doc, case.case_id)
    except StoreCorruptError as exc:
        raise CaseFormatError("(record)", f"would not read back ({exc.problem})") from None


def record_reference_key(record: dict[str, Any]) -> ReferenceKey | None:
    reference = record.get("reference")
    if reference is None or (isinstance(reference, str) and not reference.strip()):
        return None
    if not isinstance(reference, str):
        raise CaseFormatError("reference", "must be text or null")
    try:
        return reference_key(reference)
    except ReferenceFormatError as exc:
        raise CaseFormatError("reference", str(exc)) from None


def check_imported(case_id: str, records: list[dict[str, Any]]) -> None:
    """The revisions of a case copied from another store: at least one, all of this case,
    numbered 1..n in order (ValueError otherwise: the source store is inconsistent)."""
    if not records:
        raise ValueError(f"case {case_id!r}: no revision to copy")
    for number, record in enumerate(records, 1):
        if record.get("id") != case_id:
            raise ValueError(f"case {case_id!r}: revision {number} is of case {record.get('id')!r}")
        if record.get("revision") != number:
            raise ValueError(
                f"case {case_id!r}: revision {number} is numbered {record.get('revision')!r}")
