"""The sweep over every case file that brings the index in line with them (at open, and
when the index is rebuilt): see cache.py for why and when."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.index.tables import CASES
from desktop_app.storage.log import casefile
from desktop_app.storage.log.atomic import is_leftover, remove_leftover
from desktop_app.storage.log.layout import CASE_SUFFIX
from desktop_app.storage.log.permissions import POSIX, tighten

if TYPE_CHECKING:
    from desktop_app.storage.index.cache import IndexCache


def sweep_cases(
    cache: IndexCache, *, rebuild: bool = False, tighten_files: bool = False,
    remove_leftovers: bool = False,
) -> int:
    """Bring the index in line with every case file; return how many cases there are.

    A damaged case file is set aside (see :meth:`set_aside_locked`) and the others go on.
    With ``tighten_files``, case files of ours that others may read are made 0600 (the
    stat is taken anyway); with ``remove_leftovers``, temp files of interrupted writes in
    cases/ are removed on the way (at open: one pass over the folder, not two).
    """
    known = {} if rebuild else cache.docs
    tighten_files = tighten_files and POSIX
    puts: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    damaged: dict[str, StoreCorruptError] = {}
    empty: list[str] = []
    suffix, cut = CASE_SUFFIX, -len(CASE_SUFFIX)
    get, add = known.get, seen.add
    # The loop runs once per case at every open: kept lean (10,000 cases, ~50 ms).
    with os.scandir(cache.layout.cases) as entries:
        for entry in entries:
            name = entry.name
            if name[0] == "." or not name.endswith(suffix):
                if remove_leftovers and is_leftover(name):
                    remove_leftover(entry)
                continue
            case_id = name[:cut]
            doc = get(case_id)
            if doc is None and casefile.case_id_of_file(name) is None:
                continue  # not a name the store writes (a person's copy...)
            st = entry.stat()
            if tighten_files and st.st_mode & 0o077:  # others may read it (POSIX only)
                tighten(entry.path, st)
            # DirEntry.inode(), not st_ino: on Windows the scandir stat has no inode.
            if (
                doc is not None
                and doc["file_size"] == st.st_size
                and doc["file_mtime_ns"] == st.st_mtime_ns
                and doc["file_ino"] == entry.inode()
            ):
                add(case_id)  # the common case at open: nothing to read
                continue
            stat = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": entry.inode()}
            try:
                fresh = cache._summarise(case_id, stat, doc)
            except StoreCorruptError as exc:
                damaged[case_id] = exc
                continue
            if fresh is not None:
                puts[case_id] = fresh
                seen.add(case_id)
                cache.flagged.pop(case_id, None)
            elif doc is None:
                empty.append(case_id)
    in_place: set[str] = set()
    for case_id, damage in sorted(damaged.items()):
        if not cache.set_aside_locked(case_id, damage, known.get(case_id)).quarantined:
            in_place.add(case_id)
    for case_id in empty:
        cache._remove_empty_locked(case_id)
    # A case left in place keeps its index entry on disk (what it knew of the case is
    # what tells a truncated file from a whole one); it leaves the case list in memory.
    gone = [case_id for case_id in known if case_id not in seen and case_id not in in_place]
    if rebuild:
        cache._replace({CASES: puts})
        cache.view.rebuild(cache.docs)
    elif puts or gone:
        cache._apply(
            puts=[(CASES, i, d) for i, d in puts.items()], deletes=[(CASES, i) for i in gone]
        )
        cache.view.update(cache.docs, set(puts) | set(gone))
    if in_place and not rebuild:
        cache.storage.assume(deletes=[(CASES, i) for i in in_place])
        cache.view.update(cache.docs, in_place)
    return len(seen)
