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
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.references import normalise
from desktop_app.i18n import check_language
from desktop_app.reference import ReferenceData, demo_case
from desktop_app.storage import Store
from desktop_app.workspace.fileerrors import writing
from desktop_app.workspace.location import is_inside

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
    """See ``document_stem``."""
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


# ---------------------------------------------------------------------- making documents
def document_stem(case: Case) -> str:
    """The start of a document's file name: a name people can read and share.

    A sent letter's reference ("AL MNE 1/2024" -> "AL-MNE-1-2024"); a draft's State and the
    first words of its topic in ASCII, with a short piece of the id so that two drafts on the
    same topic differ ("draft-MNE-reported-surveillance-of-two-3f2a1b"). Only letters, digits
    and hyphens, at most 80 characters, never a name Windows reserves."""
    return file_stem(case)


def parse_languages(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for lang in value.split(","):
            lang = lang.strip()
            if lang == "all":
                out.extend(LANGUAGES)
            elif lang:
                out.append(check_language(lang))
    return list(dict.fromkeys(out))


class DocumentsMixin:
    """A part of :class:`~desktop_app.workspace.core.Workspace` (it holds no state of its own)."""

    root: Path
    store: Store
    reference: ReferenceData

    if TYPE_CHECKING:  # given by the other parts of Workspace
        @property
        def wording_dir(self) -> Path | None: ...
        @property
        def encrypted(self) -> bool: ...

    def preview(self, case: Case, lang: str, variant: str) -> list[str]:
        """Exactly the paragraphs the exported document will hold."""
        from desktop_app.documents import render_paragraphs, template_path

        context = self.context(case, lang, variant)
        return render_paragraphs(template_path(variant, lang), context)

    def context(self, case: Case, lang: str, variant: str) -> dict[str, Any]:
        # Imported here: docxtpl, python-docx and lxml are only needed once a document is made.
        from desktop_app.documents import build_context

        return build_context(case, lang, variant, self.reference, self.wording_dir)

    def documents_folder(self, out_dir: Path | None = None) -> Path:
        """Where documents go: ``out_dir``, or the workspace's documents/ folder."""
        if self.encrypted:
            # Documents are written in clear: only where the user explicitly puts them.
            if out_dir is None:
                raise CommdraftError(
                    "this workspace is encrypted and documents are written in clear: "
                    "say where they go with --out DIR (outside the workspace)")
            if is_inside(Path(out_dir), self.root):
                raise CommdraftError(
                    f"this workspace is encrypted: write documents outside it, not in {out_dir}")
        return Path(out_dir) if out_dir else self.root / "documents"

    def render(self, case: Case, variants: Iterable[str], langs: Iterable[str],
               out_dir: Path | None = None, *, author: str | None = None) -> list[Path]:
        """Write the documents; ``author`` is their author property (None: the login's name,
        see ``documents.properties.default_author``)."""
        from desktop_app.documents import render_document, template_path

        out_dir = self.documents_folder(out_dir)
        written = []
        for lang in langs:
            check_language(lang)
            for variant in variants:
                context = self.context(case, lang, variant)
                out = out_dir / f"{document_stem(case)}-{variant}-{lang}.docx"
                with writing(out):
                    written.append(render_document(template_path(variant, lang), context, out,
                                                   author=author))
        return written

    def check_templates(self) -> tuple[list[Any], list[Any]]:
        from desktop_app.documents import VARIANTS, check_templates
        from desktop_app.documents.check import Problem
        from desktop_app.i18n import check_overrides

        demo = Case.from_dict(demo_case())
        problems = []
        if self.wording_dir is not None:
            # The workspace's own wording first: a broken file would stop every context.
            problems = [Problem(*item) for item in check_overrides(self.wording_dir)]
            if any(problem.where == "file" for problem in problems):
                return [], problems
        contexts = {v: self.context(demo, "en", v) for v in VARIANTS}
        paths, layout_problems = check_templates(contexts)
        return paths, problems + layout_problems

