"""Moving cases between stores (``commdraft store copy``): a folder workspace onto a team
server and back, every revision of every case, then checked.

Only the stores' public protocols are used, so any two stores copy both ways. A case is copied
with all its revisions (the review rounds and translations are part of each record), numbered
and timed as they were; the copy is then read back from the target and compared with the
source case by case: the number of revisions, and a SHA-256 of every revision's record and
time. Cases in the trash, refused saves kept aside and backups are not copied.

Nothing is overwritten: a case id the target already has stops the copy before anything is
written (the target may hold other cases: a workspace can join a branch's server).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop_app.storage.errors import StoreError
from desktop_app.storage.protocols import Store


@dataclass
class CopyReport:
    """What was copied and what the check found."""

    cases: int = 0
    revisions: int = 0
    #: SHA-256 over every copied revision (record and time), the same on both sides.
    digest: str = ""
    #: Cases whose copy differs from the source (should be empty: the copy is then refused).
    mismatched: list[str] = field(default_factory=list)


def case_digest(store: Store, case_id: str) -> tuple[int, str]:
    """(revisions, SHA-256 of them all) of one case, read through the store's protocol."""
    return _digest(_revisions(store, case_id))


def _revisions(store: Store, case_id: str) -> list[tuple[dict[str, Any], str]]:
    """Every revision of a case, oldest first, as (record, saved_at)."""
    return [(store.get_revision(case_id, info.revision), info.saved_at)
            for info in store.history(case_id)]


def _digest(revisions: list[tuple[dict[str, Any], str]]) -> tuple[int, str]:
    digest = hashlib.sha256()
    for record, saved_at in revisions:
        digest.update(_canonical({"saved_at": saved_at, "record": record}))
    return len(revisions), digest.hexdigest()


def copy_store(
    source: Store, target: Store, *, progress: Callable[[int, int], None] | None = None
) -> CopyReport:
    """Copy every case of ``source`` into ``target`` and check the copy (see the module)."""
    ids = sorted(summary.id for summary in source.list())
    taken = sorted(set(ids) & {summary.id for summary in target.list()})
    if taken:
        shown = ", ".join(taken[:5]) + (" …" if len(taken) > 5 else "")
        raise StoreError(
            f"the target store already has {len(taken)} of these cases ({shown}): nothing "
            "was copied", code="store.copy_taken", params={"count": len(taken), "cases": shown})
    report = CopyReport()
    total = hashlib.sha256()
    for done, case_id in enumerate(ids, 1):
        revisions = _revisions(source, case_id)  # read once: copied, then compared
        target.import_history(case_id, revisions)
        count, digest = _digest(revisions)
        copied_count, copied_digest = case_digest(target, case_id)
        if (count, digest) != (copied_count, copied_digest):
            report.mismatched.append(case_id)
        report.cases += 1
        report.revisions += copied_count
        total.update(copied_digest.encode("ascii"))
        if progress is not None:
            progress(done, len(ids))
    report.digest = total.hexdigest()
    if report.mismatched:
        raise StoreError(
            f"{len(report.mismatched)} case(s) differ after the copy "
            f"({', '.join(report.mismatched[:5])}): check the target before using it",
            code="store.copy_mismatch",
            params={"count": len(report.mismatched), "cases": ", ".join(report.mismatched[:5])})
    return report


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")
