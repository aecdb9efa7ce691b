"""XLIFF 1.2 for translators who work in a CAT tool (Trados, memoQ, OmegaT, Phrase...).

One ``trans-unit`` per translation unit of the case (``domain.translation``), its ``id`` the unit
key; ``state`` says what the translation step shows: ``needs-translation`` (missing),
``needs-review-translation`` (stale, unchecked, or its source paragraph was removed),
``translated`` (up to date). Reading a file back writes each target whose source is still the
case's source text as up to date; a target made from an older source is kept but stays stale, so
a file that travelled for a week cannot hide a change made meanwhile.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.case import Case
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.translation import (
    UnitState,
    check_target,
    set_translation,
    text_hash,
    units,
)
from desktop_app.storage.atomic import atomic_write_bytes

NS = "urn:oasis:names:tc:xliff:document:1.2"
STATES = {UnitState.MISSING: "needs-translation", UnitState.STALE: "needs-review-translation",
          UnitState.UNCHECKED: "needs-review-translation",
          UnitState.ORPHAN: "needs-review-translation", UnitState.CURRENT: "translated"}


class XliffError(CommdraftError):
    pass


@dataclass
class XliffImport:
    current: int      # written as up to date
    stale: int        # written, but made from an older source text
    skipped: int      # no target, or a unit the case no longer has
    unknown: list[str]


def to_xliff(case: Case, lang: str) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}xliff", {"version": "1.2"})
    file_ = ET.SubElement(root, f"{{{NS}}}file", {
        "original": f"commdraft:{case.id}", "source-language": case.source_language,
        "target-language": lang, "datatype": "plaintext",
        "product-name": "commdraft", "product-version": str(case.revision)})
    body = ET.SubElement(file_, f"{{{NS}}}body")
    for unit in units(case, lang):
        if not unit.source.strip():
            continue
        tu = ET.SubElement(body, f"{{{NS}}}trans-unit", {"id": unit.key, "xml:space": "preserve"})
        ET.SubElement(tu, f"{{{NS}}}source").text = unit.source
        target = ET.SubElement(tu, f"{{{NS}}}target", {"state": STATES[unit.state]})
        target.text = unit.target
        ET.SubElement(tu, f"{{{NS}}}note").text = f"{unit.section}: {unit.state}"
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def write_xliff(case: Case, lang: str, path: Path) -> Path:
    atomic_write_bytes(Path(path), to_xliff(case, lang))
    return Path(path)


def read_xliff(case: Case, path: Path) -> tuple[str, XliffImport]:
    """Apply an XLIFF file's targets to ``case`` (not saved). Returns its language and counts."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - a local file the user chose
    except FileNotFoundError:
        raise XliffError(f"{path}: no such file") from None
    except ET.ParseError as exc:
        raise XliffError(f"{path}: not an XLIFF file ({exc})") from None
    file_ = root.find(f"{{{NS}}}file")
    if root.tag != f"{{{NS}}}xliff" or file_ is None:
        raise XliffError(f"{path}: not an XLIFF 1.2 file (no <xliff><file>)")
    original = file_.get("original", "")
    if original != f"commdraft:{case.id}":
        raise XliffError(f"{path}: this file was made for {original or 'another program'!r}, "
                         f"not for case {case.id!r}")
    lang = file_.get("target-language", "")
    if lang == case.source_language or not lang:
        raise XliffError(f"{path}: target-language {lang!r} cannot be the case's source "
                         "language")
    result = XliffImport(0, 0, 0, [])
    known = {unit.key: unit for unit in units(case, lang)}
    for tu in file_.iter(f"{{{NS}}}trans-unit"):
        key = tu.get("id", "")
        target = tu.find(f"{{{NS}}}target")
        source = tu.find(f"{{{NS}}}source")
        if key not in known:
            result.unknown.append(key)
            continue
        if target is None or not (target.text or "").strip() or \
                target.get("state") == "needs-translation":
            result.skipped += 1
            continue
        set_translation(case, lang, key, target.text or "")
        made_from = source.text if source is not None else ""
        if text_hash(made_from or "") != text_hash(known[key].source):
            # Translated from a source that has changed since: keep it, but stale.
            case.text[lang].source_hashes[key] = text_hash(made_from or "")
            result.stale += 1
        else:
            result.current += 1
    return lang, result


def case_id_of(path: Path) -> str:
    """The case an XLIFF file was made for (its ``original``), read before anything else."""
    try:
        for _event, element in ET.iterparse(path, events=("start",)):  # noqa: S314
            if element.tag == f"{{{NS}}}file":
                original = element.get("original", "")
                if original.startswith("commdraft:"):
                    return original[len("commdraft:"):]
                break
    except FileNotFoundError:
        raise XliffError(f"{path}: no such file") from None
    except ET.ParseError as exc:
        raise XliffError(f"{path}: not an XLIFF file ({exc})") from None
    raise XliffError(f"{path}: not an XLIFF file made by commdraft (its <file> names no case)")


def export_xliff(ws, key: str, lang: str, path: Path, *, plaintext: bool = False) -> Path:
    ws.check_plaintext(path, plaintext)  # a translation is case content
    case = ws.load(key)
    check_target(case, lang)
    return write_xliff(case, lang, path)


def import_xliff(ws, path: Path) -> tuple[Case, str, XliffImport]:
    """Read a translated XLIFF file into its case and save it."""
    with ws.store.transaction():
        case = ws.load(case_id_of(Path(path)))
        lang, result = read_xliff(case, Path(path))
        if result.current or result.stale:
            case = ws.save(case)
        return case, lang, result
