"""Translations of a case's texts, unit by unit, and which of them went stale.

A *unit* is one thing a translator translates: the topic, the summary line, one paragraph of a
section, one question, one person's role. Units are keyed by where they sit in the case record
(``background.2``, ``public.concerns.0``, ``persons.<id>.role``). When a translator writes or
confirms a unit, the translation records a short hash of the source text it was made from
(``Texts.source_hashes``); when the source changes later, the hashes no longer match and the unit
is *stale*. Nothing is guessed from dates or revision numbers, so a case file moved between
workspaces keeps its translation state.

Paragraphs are matched by position. When a source paragraph is inserted or removed, the units
after it are reported stale, and :func:`realign` moves each translation back to the source
paragraph it was made from, when that paragraph still exists unchanged.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from desktop_app.domain.case import Case, Person, Texts
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.languages import LANGUAGES

#: Paragraph lists of a language's texts, in the order a translator meets them in the letter.
LIST_SECTIONS = ("background", "allegations", "concerns", "urgent_request", "questions",
                 "update")
PUBLIC_SECTIONS = ("background", "allegations", "concerns")
#: Languages whose documents write names in another script than the Latin one.
OTHER_SCRIPTS = frozenset({"ar", "ru", "zh"})


class UnitState(StrEnum):
    MISSING = "missing"      # the source has text, the translation none
    STALE = "stale"          # translated from a source text that has changed since
    CURRENT = "current"      # translated from the source text as it is now
    UNCHECKED = "unchecked"  # translated, but not recorded against a source text (imported)
    ORPHAN = "orphan"        # translated text whose source paragraph was removed


#: States a translator has to act on.
NEEDS_WORK = frozenset({UnitState.MISSING, UnitState.STALE, UnitState.UNCHECKED,
                        UnitState.ORPHAN})


class TranslationError(CommdraftError):
    pass


@dataclass(frozen=True)
class Unit:
    key: str            # "background.2", "summary", "persons.p1.role"
    section: str        # "background", "public.background", "persons", "topic", ...
    index: int | None   # position in its section's list, None for single texts
    source: str
    target: str
    state: UnitState


def text_hash(text: str) -> str:
    """A short hash of one source text (whitespace at the ends does not count)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def check_target(case: Case, lang: str) -> None:
    """``lang`` can be translated into: a known language other than the source."""
    if lang not in LANGUAGES:
        raise TranslationError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    if lang == case.source_language:
        raise TranslationError(
            f"{lang!r} is the case's source language: there is nothing to translate it from")


# ---------------------------------------------------------------------- reading units
def _slots(case: Case, lang: str) -> list[tuple[str, str, int | None, str, str]]:
    """(key, section, index, source, target) for every unit either side has."""
    src, dst = case.source_texts, case.texts(lang)
    out: list[tuple[str, str, int | None, str, str]] = [
        ("topic", "topic", None, src.topic, dst.topic),
        ("summary", "summary", None, src.summary, dst.summary),
    ]
    for person in case.persons:
        # The name in the target language's script («Динара Смаилова»): asked for in Arabic,
        # Chinese and Russian; the name as entered is printed until it is given.
        if lang in OTHER_SCRIPTS or person.kind == "organisation" or person.names.get(lang):
            out.append((f"persons.{person.id}.name", "person names", None, person.name,
                        person.names.get(lang, "")))
        source = person.role.get(case.source_language, "")
        target = person.role.get(lang, "")
        if source or target:
            out.append((f"persons.{person.id}.role", "persons", None, source, target))
    for section in LIST_SECTIONS:
        out += _list_slots(section, getattr(src, section), getattr(dst, section))
    for section in PUBLIC_SECTIONS:
        out += _list_slots(f"public.{section}", getattr(src.public, section),
                           getattr(dst.public, section))
    return out


def _list_slots(section: str, source: list[str], target: list[str]
                ) -> Iterator[tuple[str, str, int, str, str]]:
    for i in range(max(len(source), len(target))):
        yield (f"{section}.{i}", section, i, source[i] if i < len(source) else "",
               target[i] if i < len(target) else "")


def _state(source: str, target: str, recorded: str | None, legacy: bool | None) -> UnitState:
    """``legacy``: whether the translation's whole-text fingerprint (from before per-unit
    hashes) matches the source now; None when it has none."""
    if not target.strip():
        return UnitState.MISSING
    if not source.strip():
        return UnitState.ORPHAN
    if recorded is None:
        if legacy is None:
            return UnitState.UNCHECKED
        return UnitState.CURRENT if legacy else UnitState.STALE
    return UnitState.CURRENT if recorded == text_hash(source) else UnitState.STALE


def units(case: Case, lang: str) -> list[Unit]:
    """Every unit of ``lang`` against the source language, with its state."""
    check_target(case, lang)
    dst = case.texts(lang)
    # A translation made before per-unit hashes recorded one fingerprint for all its texts.
    legacy = (dst.source_fingerprint == case.source_texts.fingerprint()
              if dst.source_fingerprint else None)
    out = []
    for key, section, index, source, target in _slots(case, lang):
        if not source.strip() and not target.strip():
            continue
        out.append(Unit(key, section, index, source, target,
                        _state(source, target, dst.source_hashes.get(key), legacy)))
    return out


def progress(case: Case, lang: str) -> Counter[UnitState]:
    return Counter(unit.state for unit in units(case, lang))


def stale_languages(case: Case) -> list[str]:
    """Languages whose translation has a unit made from an older source text."""
    return [lang for lang in LANGUAGES
            if lang != case.source_language and lang in case.text
            and any(u.state in (UnitState.STALE, UnitState.ORPHAN) for u in units(case, lang))]


# ---------------------------------------------------------------------- one unit
def section_list(texts: Texts, section: str) -> list[str]:
    """The paragraph list of ``section`` ("allegations", "public.concerns"), to edit in place."""
    if section.startswith("public."):
        return cast(list[str], getattr(texts.public, section.split(".", 1)[1]))
    return cast(list[str], getattr(texts, section))


def _is_list(section: str) -> bool:
    return section in LIST_SECTIONS or (
        section.startswith("public.") and section.removeprefix("public.") in PUBLIC_SECTIONS)


def _person(case: Case, key: str) -> tuple[Person | None, str] | None:
    """(person, "role" | "name") for a ``persons.<id>.<field>`` key; None for other keys."""
    if not (key.startswith("persons.") and key.endswith((".role", ".name"))):
        return None
    person_id, field_name = key[len("persons."):].rsplit(".", 1)
    return next((p for p in case.persons if p.id == person_id), None), field_name


def unit_text(case: Case, lang: str, key: str) -> str:
    """The text of unit ``key`` in ``lang`` as the case holds it ("" when it has none). In the
    source language a person's name is the name as entered."""
    texts = case.texts(lang)
    if key in ("topic", "summary"):
        return cast(str, getattr(texts, key))
    found = _person(case, key)
    if found is not None:
        person, field_name = found
        if person is None:
            return ""
        if field_name == "role":
            return person.role.get(lang, "")
        return person.name if lang == case.source_language else person.names.get(lang, "")
    head, _, index = key.rpartition(".")
    if not (index.isdigit() and _is_list(head)):
        return ""
    items = section_list(texts, head)
    return items[int(index)] if int(index) < len(items) else ""


def write_unit(case: Case, lang: str, key: str, text: str) -> None:
    """Put ``text`` as unit ``key`` in ``lang`` (no staleness bookkeeping: see
    :func:`set_translation`). An empty text removes a role, a name or a trailing paragraph."""
    text = text.strip()
    texts = case.text.setdefault(lang, Texts())
    found = _person(case, key)
    head, _, index = key.rpartition(".")
    if key in ("topic", "summary"):
        setattr(texts, key, text)
    elif found is not None:
        person, field_name = found
        if person is None:
            raise TranslationError(f"no person {key.split('.')[1]!r} in the case")
        if field_name == "name" and lang == case.source_language:
            person.name = text or person.name
            return
        forms = person.role if field_name == "role" else person.names
        if text:
            forms[lang] = text
        else:
            forms.pop(lang, None)
    elif index.isdigit() and _is_list(head):
        items = section_list(texts, head)
        while len(items) <= int(index):
            items.append("")
        items[int(index)] = text
        while items and not items[-1].strip():
            items.pop()
    else:
        raise TranslationError(f"unknown translation unit {key!r}")


def set_translation(case: Case, lang: str, key: str, text: str) -> None:
    """Write the translation of one unit and record it as made from the current source."""
    check_target(case, lang)
    source = unit_text(case, case.source_language, key)
    write_unit(case, lang, key, text)
    hashes = case.text[lang].source_hashes
    if source.strip() and text.strip():
        hashes[key] = text_hash(source)
    else:
        hashes.pop(key, None)


def mark_current(case: Case, lang: str, keys: list[str] | None = None) -> int:
    """Record units (all translated ones when ``keys`` is None) as checked against the current
    source: the translator read the changed source and the translation still says it.
    Returns how many units were marked."""
    check_target(case, lang)
    texts = case.text.setdefault(lang, Texts())
    marked = 0
    for unit in units(case, lang):
        if keys is not None and unit.key not in keys:
            continue
        if unit.target.strip() and unit.source.strip():
            texts.source_hashes[unit.key] = text_hash(unit.source)
            marked += 1
    return marked


def _nearest(candidates: list[int], i: int) -> int:
    """The candidate paragraph index closest to ``i``."""
    return min(candidates, key=lambda j: abs(j - i))


def realign(case: Case, lang: str) -> int:
    """After paragraphs were inserted into or removed from the source, move every translated
    paragraph back beside the source paragraph it was made from, when that paragraph is still
    there unchanged. Returns how many paragraphs moved."""
    check_target(case, lang)
    src, dst = case.source_texts, case.text.get(lang)
    if dst is None:
        return 0
    moved = 0
    for section in (*LIST_SECTIONS, *(f"public.{s}" for s in PUBLIC_SECTIONS)):
        source, target = section_list(src, section), section_list(dst, section)
        recorded = {i: dst.source_hashes.get(f"{section}.{i}") for i in range(len(target))}
        by_hash: dict[str, list[int]] = {}
        for i, text in enumerate(source):
            by_hash.setdefault(text_hash(text), []).append(i)
        placed: dict[int, tuple[str, str]] = {}
        leftovers: list[tuple[int, str, str | None]] = []
        for i, text in enumerate(target):
            h = recorded[i]
            candidates = [j for j in by_hash.get(h or "", []) if j not in placed]
            if h and candidates:
                j = _nearest(candidates, i)
                placed[j] = (text, h)
                moved += j != i
            else:
                leftovers.append((i, text, h))
        if not moved and not placed:
            continue
        size = max([len(source), *(i + 1 for i, _t, _h in leftovers)] or [0])
        new = [""] * size
        new_hashes: dict[int, str] = {}
        for j, (text, h) in placed.items():
            new[j] = text
            new_hashes[j] = h
        for i, text, h in leftovers:  # unmatched translations keep their place if it is free
            slot = i if i < size and not new[i] else next(
                (k for k in range(size) if not new[k]), None)
            if slot is None:
                new.append(text)
                slot = len(new) - 1
            new[slot] = text
            if h:
                new_hashes[slot] = h
        while new and not new[-1].strip():
            new.pop()
        target[:] = new
        for key in [k for k in dst.source_hashes if k.rpartition(".")[0] == section]:
            del dst.source_hashes[key]
        for j, h in new_hashes.items():
            if j < len(new):
                dst.source_hashes[f"{section}.{j}"] = h
    return moved
