"""Carry translations over after message contexts changed (a one-off helper for catalog moves).

    python tools/carry_translations.py snapshot   # before `tools/i18n.py update`
    python tools/carry_translations.py restore    # after it: fill what update left empty/fuzzy

A message whose context was added or changed keeps its translation when its msgid is the same;
the fuzzy flag Babel set on it is cleared. Prints what is still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from i18n import LANGUAGES, SOURCES, po_path, write_catalog  # noqa: E402

SNAPSHOT = Path("/tmp/commdraft-catalog-snapshot.json")


def _key(message) -> str:
    mid = message.id if isinstance(message.id, str) else message.id[0]
    return json.dumps([message.context, mid])


def snapshot() -> None:
    data = {}
    for domain in SOURCES:
        for lang in LANGUAGES:
            path = po_path(domain, lang)
            if lang == "en" or not path.exists():
                continue
            catalog = read_po(path.open("rb"), locale=lang)
            data[f"{domain}/{lang}"] = {
                _key(m): (list(m.string) if isinstance(m.string, tuple) else m.string)
                for m in catalog if m.id and not m.fuzzy and (
                    any(m.string) if isinstance(m.string, tuple) else m.string)}
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def restore() -> None:
    data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for name, known in data.items():
        domain, lang = name.split("/")
        by_id = {json.loads(k)[1]: v for k, v in known.items()}
        path = po_path(domain, lang)
        catalog = read_po(path.open("rb"), locale=lang)
        left = []
        for m in catalog:
            if not m.id:
                continue
            filled = any(m.string) if isinstance(m.string, tuple) else bool(m.string)
            if filled and not m.fuzzy:
                continue
            mid = m.id if isinstance(m.id, str) else m.id[0]
            old = known.get(_key(m), by_id.get(mid))
            if old is not None and isinstance(old, list) == isinstance(m.id, tuple):
                m.string = tuple(old) if isinstance(old, list) else old
                m.flags.discard("fuzzy")
                m.previous_id = []
            else:
                left.append((m.context, mid))
        catalog.obsolete.clear()
        write_catalog(catalog, path)
        print(f"{path}: {len(left)} left to translate")
        for context, mid in left:
            print(f"    [{context}] {mid[:90]}")


if __name__ == "__main__":
    {"snapshot": snapshot, "restore": restore}[sys.argv[1]]()
