"""Index documents: one summary per case, enough to list, filter and find without opening cases.

The index is a cache of the case files. Its documents are made from a record here and
nowhere else, so a summary written at save and one rebuilt from a case file are the same.
Records are read defensively: the store keeps any record the caller gives, and a list must
not fail because one case lacks a field.

A document holds only strings, numbers and nulls (a reference key as "KAZ 1 2024", mandates
joined by newlines, the case file's stat as three numbers): CPython's garbage collector does
not track such dicts, so 10,000 of them in memory cost it nothing, which is a quarter of the
time of a cold open.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from desktop_app.domain.errors import ReferenceFormatError
from desktop_app.domain.references import parse_reference
from desktop_app.storage.repository import CaseSummary

#: The key a reference is unique by: numbers are shared by all kinds (AL KAZ 1 = UA KAZ 1).
ReferenceKey = tuple[str, int, int]


def reference_key(text: str) -> ReferenceKey:
    """(State, number, year) of a reference, tolerant of case and spacing; may raise
    ReferenceFormatError."""
    ref = parse_reference(" ".join(text.upper().split()))
    return (ref.state, ref.number, ref.year)


def try_reference_key(text: Any) -> ReferenceKey | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return reference_key(text)
    except ReferenceFormatError:
        return None


#: How ``search`` texts are folded; an index (or server) folded otherwise is refolded once.
#: 1: NFKC and casefold. 2: also without accents and other combining marks.
FOLD_VERSION = 2


def fold(text: str) -> str:
    """Text for matching without regard to case or accents, in the six languages: NFKC makes
    full-width and composed forms compare equal, casefold is the Unicode-aware lower(), and
    combining marks go (:func:`strip_marks`): "Élève" and "eleve", "Ёлкина" and "елкина",
    "مُحَمَّد" and "محمد" fold alike. Chinese has none, and is only NFKC-normalised."""
    return strip_marks(unicodedata.normalize("NFKC", text).casefold())


def strip_marks(text: str) -> str:
    """``text`` without its combining marks (accents, Arabic short vowels); what was folded by
    version 1 of :func:`fold` becomes what version 2 gives (one pass, no case file read)."""
    if text.isascii():
        return text
    kept = [c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"]
    return unicodedata.normalize("NFC", "".join(kept))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def summary_document(
    record: dict[str, Any], *, saved_at: str, file_stat: dict[str, int]
) -> dict[str, Any]:
    """The index document of a record; ``file_stat`` is the case file's after the save."""
    recipient = _dict(record.get("recipient"))
    dates = _dict(record.get("dates"))
    texts = _dict(record.get("text"))
    mandates = [m for m in _list(record.get("mandates")) if isinstance(m, str)]
    reference = _str(record.get("reference"))
    ref_key = try_reference_key(reference)
    sent = _str(dates.get("sent"))
    year: int | None = ref_key[2] if ref_key else None
    if year is None and sent and sent[:4].isdigit():
        year = int(sent[:4])
    source_language = _str(record.get("source_language")) or "en"
    topic = _str(_dict(texts.get(source_language)).get("topic")) or ""

    haystack = [reference, _str(recipient.get("name")), _str(recipient.get("state")), *mandates]
    for person in _list(record.get("persons")):
        person = _dict(person)
        haystack += [_str(person.get("name")), _str(person.get("public_name"))]
    haystack += [_str(_dict(body).get("topic")) for body in texts.values()]

    return {
        "id": record["id"],
        "revision": record["revision"],
        "reference": reference,
        "ref_key": " ".join(map(str, ref_key)) if ref_key else None,
        "kind": _str(record.get("kind")),
        "state": _str(recipient.get("state")),
        "recipient_name": _str(recipient.get("name")),
        "status": _str(record.get("status")),
        "year": year,
        "mandates": "\n".join(mandates),
        "sent": sent,
        "reply": _str(dates.get("reply")),
        "topic": topic,
        "saved_at": saved_at,
        # Precomputed so a text search never opens a case file.
        "search": fold("\n".join(part for part in haystack if part)),
        "file_size": file_stat["size"],
        "file_mtime_ns": file_stat["mtime_ns"],
        "file_ino": file_stat["ino"],
    }


def file_stat_of(doc: dict[str, Any]) -> dict[str, int]:
    """The case file's stat as the index recorded it (see casefile.stat_key)."""
    return {"size": doc["file_size"], "mtime_ns": doc["file_mtime_ns"], "ino": doc["file_ino"]}


def document_reference_key(doc: dict[str, Any]) -> ReferenceKey | None:
    key = doc.get("ref_key")
    if not key:
        return None
    state, number, year = key.split(" ")
    return (state, int(number), int(year))


def to_summary(doc: dict[str, Any]) -> CaseSummary:
    mandates = tuple(doc["mandates"].split("\n")) if doc.get("mandates") else ()
    # Positional, in the order of CaseSummary's fields: a cold list of 10,000 cases builds
    # 10,000 of them, and keywords cost a third more.
    return CaseSummary(
        doc["id"],
        doc["revision"],
        doc.get("reference"),
        doc.get("kind"),
        doc.get("state"),
        doc.get("recipient_name"),
        doc.get("status"),
        doc.get("year"),
        mandates,
        mandates[0] if mandates else None,
        doc.get("sent"),
        doc.get("reply"),
        doc.get("topic") or "",
        doc["saved_at"],
    )


def is_index_document(doc: Any) -> bool:
    """Whether ``doc`` has what listing needs; anything else means the index is damaged.
    (Checked for every case at a cold open: written out, without a generator, it costs half.)"""
    if type(doc) is not dict:
        return False
    get = doc.get
    ref_key = get("ref_key")
    return (
        type(get("id")) is str
        and type(get("revision")) is int
        and type(get("saved_at")) is str
        and type(get("search")) is str
        and type(get("mandates")) is str
        and (ref_key is None or type(ref_key) is str)
        and type(get("file_size")) is int
        and type(get("file_mtime_ns")) is int
        and type(get("file_ino")) is int
    )
