"""XLIFF 1.2 for translators who work in a CAT tool (Trados, memoQ, OmegaT, Phrase...).

One ``trans-unit`` per translation unit of the case (``domain.translation``), its ``id`` the unit
key; ``state`` says what the translation step shows: ``needs-translation`` (missing),
``needs-review-translation`` (stale, unchecked, or its source paragraph was removed),
``translated`` (up to date). Reading a file back writes each target whose source is still the
case's source text as up to date; a target made from an older source is kept but stays stale, so
a file that travelled for a week cannot hide a change made meanwhile.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.case import Case
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.translation import (
    UnitState,
    check_target,
    set_translation,
    text_hash,
    units,
)
from desktop_app.storage import atomic_write_bytes
from desktop_app.workspace.fileerrors import writing

if TYPE_CHECKING:
    from desktop_app.workspace.core import Workspace

NS = "urn:oasis:names:tc:xliff:document:1.2"
STATES = {UnitState.MISSING: "needs-translation", UnitState.STALE: "needs-review-translation",
          UnitState.UNCHECKED: "needs-review-translation",
          UnitState.ORPHAN: "needs-review-translation", UnitState.CURRENT: "translated"}


class XliffError(CommdraftError):
    pass


#: Every code of this module's errors (``workspace.messages`` has their words).
CODES = ("xliff.too_large", "xliff.dtd", "xliff.not_xliff", "xliff.other_case",
         "xliff.bad_language", "xliff.not_commdraft", "file.unreadable")


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
    xml: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml


def write_xliff(case: Case, lang: str, path: Path) -> Path:
    atomic_write_bytes(Path(path), to_xliff(case, lang))
    return Path(path)


#: The most an XLIFF file may weigh: a letter's translation is tens of KB (a CAT tool's notes and
#: matches add some); a case file is at most as much (``core.MAX_CASE_FILE``). Read before parsing,
#: so a huge file or /dev/zero stops there.
MAX_XLIFF = 8 * 2**20
#: What a DTD starts with: an XLIFF file never has one, and entities attack the parser.
_DTD = ("<!DOCTYPE", "<!ENTITY")
_DECLARED = re.compile(r"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([^\"']{0,40})[\"']")
#: Encodings in which the bytes of "<!DOCTYPE" are its ASCII (and Python decodes them).
_ASCII_LIKE = re.compile(r"utf-?8|(us-)?ascii|iso-?8859-\d{1,2}|latin-?1|(windows|cp)-?125\d",
                         re.IGNORECASE)
#: A case id as the store writes them (``domain.case``).
_CASE_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_SHOWN = 80  # characters of an unknown unit id kept for the report


def _error(path: Path, message: str, *, code: str, **params: object) -> XliffError:
    return XliffError(f"{path}: {message}", code=code, params={"file": str(path), **params})


def _text_of(path: Path) -> str:
    """The file's text, at most :data:`MAX_XLIFF` bytes of it, decoded as its byte order mark
    or declaration says (UTF-8 or UTF-16; an ASCII superset such as ISO-8859-1), with no DTD."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_XLIFF + 1)
    except FileNotFoundError:
        raise _error(path, "no such file", code="file.unreadable",
                     reason="no such file") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise XliffError(f"{path} cannot be read ({reason})", code="file.unreadable",
                         params={"file": str(path), "reason": reason}) from None
    if len(raw) > MAX_XLIFF:
        raise _error(path, f"larger than {MAX_XLIFF // 2**20} MB, more than the translation of "
                     "a letter ever is; it was not read", code="xliff.too_large",
                     limit=MAX_XLIFF // 2**20)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        head = raw[3:300] if raw.startswith(b"\xef\xbb\xbf") else raw[:300]
        declared = _DECLARED.match(head.decode("latin-1"))
        label = declared.group(1) if declared else "utf-8"
        if not _ASCII_LIKE.fullmatch(label):
            raise _error(path, f"not an XLIFF file (its encoding {label!r} is not UTF-8 or "
                         "UTF-16)", code="xliff.not_xliff", reason=f"encoding {label!r}")
        encoding = "utf-8-sig" if re.fullmatch(r"utf-?8", label, re.IGNORECASE) else label
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _error(path, f"not an XLIFF file (its text is not {encoding})",
                     code="xliff.not_xliff", reason=f"not {encoding}") from None
    if any(mark in text for mark in _DTD):
        raise _error(path, "declares a DTD or entities (<!DOCTYPE>), which an XLIFF file never "
                     "has; it was not read", code="xliff.dtd")
    return text


def _root(path: Path) -> ET.Element:
    """The file's root element, read under the bounds of :func:`_text_of`."""
    text = _text_of(path)
    try:
        # A str: expat reads it as it is, whatever encoding the declaration names.
        return ET.fromstring(text)  # noqa: S314 - bounded, no DTD (checked above)
    except ET.ParseError as exc:
        raise _error(path, f"not an XLIFF file ({exc})", code="xliff.not_xliff",
                     reason=str(exc)) from None
    except (ValueError, RecursionError) as exc:
        raise _error(path, f"not an XLIFF file ({type(exc).__name__})", code="xliff.not_xliff",
                     reason=type(exc).__name__) from None


def _file_element(path: Path, root: ET.Element) -> ET.Element:
    file_ = root.find(f"{{{NS}}}file")
    if root.tag != f"{{{NS}}}xliff" or file_ is None:
        raise _error(path, "not an XLIFF 1.2 file (no <xliff><file>)", code="xliff.not_xliff",
                     reason="no <xliff><file>")
    return file_


def _target_language(value: str) -> str:
    """The file's target language as one of the program's ("fr-FR", as CAT tools write it, is
    "fr"); "" when it is none of them."""
    from desktop_app.domain.languages import LANGUAGES

    lang = value.strip().split("-")[0].split("_")[0].lower()
    return lang if lang in LANGUAGES else ""


def read_xliff(case: Case, path: Path) -> tuple[str, XliffImport]:
    """Apply an XLIFF file's targets to ``case`` (not saved). Returns its language and counts.
    Raises an :class:`XliffError` (coded) for a file that cannot be read; ``case`` is then
    unchanged."""
    path = Path(path)
    return _apply(case, _root(path), path)


def _apply(case: Case, root: ET.Element, path: Path) -> tuple[str, XliffImport]:
    file_ = _file_element(path, root)
    original = file_.get("original", "")
    if original != f"commdraft:{case.id}":
        shown = original[:_SHOWN] or "another program"
        raise _error(path, f"this file was made for {shown!r}, not for case {case.id!r}",
                     code="xliff.other_case", made_for=shown, case=case.id)
    given = file_.get("target-language", "")
    lang = _target_language(given)
    if not lang or lang == case.source_language:
        raise _error(path, f"target-language {given[:_SHOWN]!r} is not a language the case can "
                     f"be translated into (the case's source language is "
                     f"{case.source_language!r})", code="xliff.bad_language",
                     lang=given[:_SHOWN], source=case.source_language)
    result = XliffImport(0, 0, 0, [])
    known = {unit.key: unit for unit in units(case, lang)}
    found: list[tuple[str, str, str]] = []
    for tu in file_.iter(f"{{{NS}}}trans-unit"):
        key = tu.get("id", "")
        target = tu.find(f"{{{NS}}}target")
        source = tu.find(f"{{{NS}}}source")
        if key not in known:
            result.unknown.append("".join(c if c.isprintable() else "?" for c in key[:_SHOWN]))
            continue
        text = _element_text(target)
        if target is None or not text.strip() or target.get("state") == "needs-translation":
            result.skipped += 1
            continue
        found.append((key, text, _element_text(source)))
    # Everything is read before the case is touched: an error above leaves it as it was.
    for key, text, made_from in found:
        set_translation(case, lang, key, text)
        if text_hash(made_from) != text_hash(known[key].source):
            # Translated from a source that has changed since: keep it, but stale.
            case.text[lang].source_hashes[key] = text_hash(made_from)
            result.stale += 1
        else:
            result.current += 1
    return lang, result


def _element_text(element: ET.Element | None) -> str:
    """An element's text; a CAT tool's inline markup (<g>, <x/>...) kept as its words."""
    if element is None:
        return ""
    return "".join(element.itertext())


def _case_id(path: Path, root: ET.Element) -> str:
    original = _file_element(path, root).get("original", "")
    if original.startswith("commdraft:") and _CASE_ID.fullmatch(original[len("commdraft:"):]):
        return original[len("commdraft:"):]
    raise _error(path, "not an XLIFF file made by commdraft (its <file> names no case)",
                 code="xliff.not_commdraft")


def case_id_of(path: Path) -> str:
    """The case an XLIFF file was made for (its ``original``), read before anything else."""
    path = Path(path)
    return _case_id(path, _root(path))


def export_xliff(ws: Workspace, key: str, lang: str, path: Path, *, plaintext: bool = False) -> Path:
    ws.check_plaintext(path, plaintext)  # a translation is case content
    case = ws.load(key)
    check_target(case, lang)
    with writing(path):
        return write_xliff(case, lang, path)


def import_xliff(ws: Workspace, path: Path) -> tuple[Case, str, XliffImport]:
    """Read a translated XLIFF file into its case and save it. The file is read once, under
    the bounds of :func:`_text_of`, before the case is loaded; on an error nothing is saved."""
    path = Path(path)
    root = _root(path)
    with ws.store.transaction():
        case = ws.load(_case_id(path, root))
        lang, result = _apply(case, root, path)
        if result.current or result.stale:
            case = ws.save(case)
        return case, lang, result
