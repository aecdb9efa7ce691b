"""What a document will show, asked before it is made: the window's checklist and export dialog
and the CLI call these.

- :func:`consent_replacements`: each name a document prints as a person's label instead,
  because the person's consent does not cover it;
- :func:`untranslated_units` / :func:`untranslated_counts`: the texts a translation lacks, which
  the document shows marked (:func:`untranslated_marker`) in the source language;
- :func:`file_stem`: the readable start of a document's file name (``document_stem``);
- :func:`default_author`: whose name goes in a document's properties when none was given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.domain.references import normalise

if TYPE_CHECKING:
    from desktop_app.workspace.core import Workspace


# ---------------------------------------------------------------------- consent
def consent_replacements(workspace: Workspace, case: Case, lang: str,
                         variant: str) -> list[Any]:
    """Every replacement ``variant`` ("full" or "short") of ``case`` in ``lang`` makes: a list
    of ``domain.consent.Replacement`` (person_id, original, replacement, key, section), in the
    order the document prints them."""
    from desktop_app.documents.context import replacements

    return replacements(case, lang, variant, workspace.reference, workspace.wording_dir)


# ---------------------------------------------------------------------- translation
def untranslated_units(workspace: Workspace, case: Case, lang: str, variant: str) -> list[Any]:
    """The texts ``variant`` in ``lang`` shows marked as not yet translated: a list of
    ``documents.context.Untranslated`` (key, source). Empty in the source language, and for a
    language the case has no text in at all (there is no such document to make)."""
    from desktop_app.documents.context import untranslated

    if lang not in case.text:
        return []
    return untranslated(case, lang, variant, workspace.reference, workspace.wording_dir)


def untranslated_counts(workspace: Workspace, case: Case, langs: Iterable[str],
                        variants: Iterable[str]) -> dict[str, int]:
    """Per language, how many texts of the case the documents of ``variants`` show marked as
    not yet translated (a text both variants print counts once). Languages with none are
    left out."""
    counts: dict[str, int] = {}
    variants = list(variants)
    for lang in langs:
        keys = {unit.key for variant in variants
                for unit in untranslated_units(workspace, case, lang, variant)}
        if keys:
            counts[lang] = len(keys)
    return counts


def untranslated_marker(lang: str) -> str:
    """The mark documents in ``lang`` print before an untranslated text («[à traduire]»)."""
    from desktop_app.documents.context import untranslated_marker as marker

    return marker(lang)


# ---------------------------------------------------------------------- authorship
def default_author() -> str:
    """``COMMDRAFT_AUTHOR``, else the login's full name (GECOS), else the login name."""
    from desktop_app.documents.properties import default_author as author

    return author()


# ---------------------------------------------------------------------- file names
MAX_STEM = 80
#: Stems of the names Windows reserves for devices, whatever follows them.
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)
#: Letters NFKD does not take apart.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d",
                        "Đ": "D", "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th",
                        "ð": "d", "ı": "i"})
#: Russian (and most Cyrillic) letters in a plain transliteration.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "қ": "q", "ғ": "gh", "ң": "ng", "ү": "u",
    "ұ": "u", "һ": "h", "ә": "a", "ө": "o"})


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` in lower-case ASCII: accents dropped, Cyrillic transliterated;
    words in scripts without a plain transliteration (Arabic, Chinese) are left out."""
    text = text.translate(_LATIN).lower().translate(_CYRILLIC)
    folded = "".join(c for c in unicodedata.normalize("NFKD", text)
                     if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode("ascii"))


def _slug(words: list[str], limit: int) -> str:
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


def file_stem(case: Case) -> str:
    """See ``workspace.core.document_stem``."""
    if case.reference:
        # An old reference's internal file codes are not part of a file name: "UA-TUR-4-2013".
        stem = re.sub(r"[^A-Za-z0-9]+", "-", normalise(case.reference)).strip("-")
        stem = stem[:MAX_STEM].strip("-")
    else:
        code = re.sub(r"[^A-Za-z0-9]+", "", case.recipient.reference_code or "")
        short_id = re.sub(r"[^A-Za-z0-9]+", "", case.id).lower()[:6]
        head = "-".join(x for x in ("draft", code) if x)
        room = MAX_STEM - len(head) - len(short_id) - 2
        # The topic in the source language first; else a translation's that has ASCII words
        # (a topic written in Arabic or Chinese only gives none).
        topics = [case.texts(case.source_language).topic] + [
            case.texts(lang).topic for lang in LANGUAGES if lang != case.source_language]
        words = next((w for w in map(ascii_words, topics) if w), [])
        topic = _slug(words[:8], room)
        if topic:
            stem = "-".join(x for x in (head, topic, short_id) if x)
        else:  # like a reference: "draft-AL-MNE-3f2a1b"
            stem = "-".join(x for x in ("draft", case.kind, code, short_id) if x)
    stem = stem or "document"
    if _RESERVED.match(stem.split(".")[0]):
        stem = f"doc-{stem}"
    return stem


# ---------------------------------------------------------------------- PDF
def pdf_available() -> bool:
    """Whether PDF can be made here (LibreOffice is installed)."""
    from desktop_app.documents.pdf import libreoffice

    return libreoffice() is not None


def to_pdf(document: Path) -> Path:
    """The PDF/A-2b of a written document, beside it."""
    from desktop_app.documents.pdf import to_pdf as convert

    return convert(document)
