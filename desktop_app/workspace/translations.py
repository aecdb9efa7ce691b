"""What a stale translation was made from: the source text as it stood, found in the history.

A translated unit records a hash of the source text it was made from. When the source changes,
the unit is stale; to show the translator *what* changed, word by word, the older source text is
looked up in the case's saved revisions (newest first) by that hash. Nothing extra is stored
in the case, so case files stay as they are.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain.case import Case
from desktop_app.domain.translation import section_list, text_hash, unit_text

#: How far back to look: autosave keeps many revisions; a source older than this is reported
#: as not found rather than read for seconds.
MAX_REVISIONS = 3000


def previous_source(store: Any, case: Case, lang: str, key: str) -> str | None:
    """The source text that unit ``key`` of the ``lang`` translation was made from, or None
    when the case's history does not hold it (a case imported with its translation)."""
    recorded = case.texts(lang).source_hashes.get(key)
    if not recorded:
        return None
    head, _, index = key.rpartition(".")
    listed = index.isdigit()
    try:
        revisions = [info.revision for info in store.history(case.id)]
    except Exception:  # noqa: BLE001 - a case not saved yet has no history to look in
        return None
    for revision in reversed(revisions[-MAX_REVISIONS:]):
        try:
            old = Case.from_dict(store.get_revision(case.id, revision))
        except Exception:  # noqa: BLE001 - an old revision this version cannot read
            continue
        if listed:
            # A paragraph may have moved since (inserted paragraphs before it): any paragraph
            # of the section with that hash is the one.
            candidates = section_list(old.source_texts, head)
        else:
            candidates = [unit_text(old, old.source_language, key)]
        for text in candidates:
            if text.strip() and text_hash(text) == recorded:
                return text
    return None
