"""What a damage error says to do: the newest backup, or the backup holding a readable copy
of a damaged case (see backups.py)."""

from __future__ import annotations

from desktop_app.domain.notices import Notice
from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log.codec import Codec
from desktop_app.storage.log.layout import StoreLayout
from desktop_app.storage.maintenance.backups import find_case_copy, newest_backup


def with_case_backup(
    layout: StoreLayout, codec: Codec, damage: StoreCorruptError, case_id: str
) -> StoreCorruptError:
    """``damage`` of one case, saying that the other cases are not affected and which
    backup holds a readable copy of this one."""
    try:
        copy = find_case_copy(layout, codec, case_id)
    except OSError:
        copy = None
    if copy is None:
        advice = (
            f". The other cases are not affected. No backup holds a readable copy of case "
            f"{case_id!r}: keep the damaged file as it is and ask for help"
        )
        coded = Notice("store.no_case_backup", {"case": case_id})
    else:
        advice = (
            f". The other cases are not affected. {copy.backup.describe(layout)} holds a "
            f"readable copy of case {case_id!r} (revision {copy.revision}, saved "
            f"{copy.saved_at}): restoring the case from it replaces only this case, and the "
            "damaged file is kept"
        )
        coded = Notice("store.case_backup_available", {
            "case": case_id, "backup": layout.display(copy.backup.path),
            "made": copy.backup.created.isoformat(), "revision": copy.revision,
            "saved": copy.saved_at})
    return damage.of_case(case_id).with_backup(
        copy.backup if copy else None, advice, [coded]
    )


def with_newest_backup(layout: StoreLayout, damage: StoreCorruptError) -> StoreCorruptError:
    """``damage`` saying that nothing was changed, and which backup can be restored."""
    try:
        newest = newest_backup(layout)
    except OSError:
        newest = None
    if newest is None:
        advice = (
            ". Nothing was changed. There is no backup of this store to restore; keep the "
            "workspace as it is and ask for help"
        )
        coded = Notice("store.no_backup")
    else:
        advice = (
            f". Nothing was changed. The newest backup is {newest.describe(layout)}: "
            "restoring it keeps the damaged store beside it as store.damaged-<time>"
        )
        coded = Notice("store.backup_available", {
            "backup": layout.display(newest.path), "made": newest.created.isoformat(),
            "count": newest.cases})
    return damage.with_backup(newest, advice, [coded])
