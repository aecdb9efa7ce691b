"""The catalogs are in step with the code: the .pot lists every phrase, every .mo is compiled."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from babel.messages.pofile import read_po

from desktop_app import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("i18n_tool", PROJECT_ROOT / "tools" / "i18n.py")
i18n_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_tool)


def keys(catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def test_pot_is_up_to_date():
    for domain in i18n_tool.SOURCES:
        fresh = i18n_tool.extract(domain)
        path: Path = i18n_tool.pot_path(domain)
        if not len(fresh):
            continue
        committed = read_po(io.BytesIO(path.read_bytes()))
        assert keys(fresh) == keys(committed), f"{path.name} is stale: run python tools/i18n.py all"


def test_every_mo_matches_its_po():
    for po in sorted((PROJECT_ROOT / "i18n").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run python tools/i18n.py compile"
        assert mo.read_bytes() == i18n_tool.compile_po(po), f"{mo} is stale"


def test_every_po_has_every_pot_message():
    for domain in i18n_tool.SOURCES:
        pot = i18n_tool.pot_path(domain)
        if not pot.exists():
            continue
        expected = keys(read_po(io.BytesIO(pot.read_bytes())))
        for po in (PROJECT_ROOT / "i18n").glob(f"*/LC_MESSAGES/{domain}.po"):
            assert keys(read_po(io.BytesIO(po.read_bytes()))) == expected, f"{po} needs `tools/i18n.py update`"


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{(\w+)\}", text))


def test_every_translation_is_complete_and_keeps_its_placeholders():
    """Each language's catalogs translate every message (no empty or fuzzy entry), and each
    translation uses the placeholders its msgid offers: a missing one would drop a name or a
    date from a letter, an unknown one would fail at render time. ``{government}`` may be
    replaced by a State form (``{state_government_dat}``), ``{capacities}`` by
    ``{mandate_lines}``."""
    problems = []
    for po in sorted((PROJECT_ROOT / "i18n").glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        if lang == "en":
            continue
        for m in read_po(io.BytesIO(po.read_bytes()), locale=lang):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            where = f"{lang}/{po.stem}: [{m.context}] {ids[0][:50]!r}"
            if m.fuzzy or not all(strings):
                problems.append(f"{where}: untranslated or fuzzy")
                continue
            offered = _placeholders(ids[-1]) | ({"mandate_lines"} if "capacities" in ids[-1] else set())
            for text in strings:
                used = _placeholders(text)
                unknown = {u for u in used - offered if not u.startswith("state_")}
                alternatives = {"government": any(u.startswith("state_") for u in used),
                                "capacities": "mandate_lines" in used,
                                "recipient": "government" in used}
                lost = {x for x in _placeholders(ids[-1]) - used if not alternatives.get(x)}
                if unknown or lost:
                    problems.append(f"{where}: unknown {sorted(unknown)}, lost {sorted(lost)}")
    assert not problems, "\n".join(problems)
