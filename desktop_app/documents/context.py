"""One function builds what a document says: (case, language, variant, reference data) -> context.

All language work happens here: dates through Babel, the State in the grammatical form the
sentence needs, mandate titles and resolutions, honorifics from gender, "I" or "we" from the
number of signing mandates, and every fixed sentence from the ``letters`` catalog. Consent is
applied here too: a person whose consent does not cover a document is not named in it (see
``redaction``), and the case's source is never read. A text that the translation in ``lang``
lacks is never left out silently: it is printed in the source language after the mark
"[to be translated]" of ``lang``, so the preview and the exported document show where and what
is missing.

The pieces are built in :mod:`context_builder`; :mod:`context_letter` and :mod:`context_summary`
put them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.documents.context_builder import (
    PUBLICATION_AFTER_60_DAYS,
    Builder,
    Untranslated,
    publication_practice,
)
from desktop_app.documents.context_letter import LETTERHEAD, letter_context
from desktop_app.documents.context_summary import summary_context
from desktop_app.documents.errors import DocumentError
from desktop_app.documents.phrases import Phrases
from desktop_app.documents.properties import fit
from desktop_app.domain.case import Case
from desktop_app.domain.consent import Replacement
from desktop_app.i18n import check_language, is_rtl
from desktop_app.reference import ReferenceData

__all__ = [
    "LETTERHEAD", "PUBLICATION_AFTER_60_DAYS", "VARIANTS", "Built", "Untranslated", "build",
    "build_context", "clean_text", "document_title", "publication_practice", "replacements",
    "sanitize", "untranslated", "untranslated_marker",
]

VARIANTS = ("full", "short")

# XML 1.0 forbids these; Word refuses a document that holds them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    return _FORBIDDEN.sub("", value)


def sanitize(value: Any) -> Any:
    """Strip XML-forbidden characters from every string of a context, recursively."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: sanitize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    return value


def build_context(case: Case, lang: str, variant: str, ref: ReferenceData,
                  wording: Path | None = None) -> dict[str, Any]:
    """The rendering context of ``variant`` ("full" or "short") of ``case`` in ``lang``;
    ``wording``: a workspace's own catalogs folder (its fixed wording overrides the shipped)."""
    return build(case, lang, variant, ref, wording).context



@dataclass(frozen=True)
class Built:
    """A document's context, and what making it involved: names replaced for consent, texts
    shown untranslated."""

    context: dict[str, Any]
    replacements: list[Replacement]
    untranslated: list[Untranslated]


def build(case: Case, lang: str, variant: str, ref: ReferenceData,
          wording: Path | None = None) -> Built:
    """The context of ``variant`` of ``case`` in ``lang``, with its replacements and
    untranslated texts (see :func:`replacements`, :func:`untranslated`)."""
    check_language(lang)
    if variant not in VARIANTS:
        raise DocumentError(f"unknown variant {variant!r}: use full or short")
    if lang not in case.text:
        raise DocumentError(
            f"the case has no text in {lang!r} yet (it has: {', '.join(sorted(case.text)) or 'none'})",
            code="document.no_text", params={"lang": lang},
        )
    builder = Builder(case, lang, ref, public=variant == "short", wording=wording)
    context = letter_context(builder) if variant == "full" else summary_context(builder)
    context.update(lang=lang, rtl=is_rtl(lang), variant=variant)
    context["properties"] = {"title": document_title(case.reference, context.pop("_topic"),
                                                     case.id),
                             "language": lang}
    return Built(sanitize(context), builder.redact.replacements, builder.untranslated)


def replacements(case: Case, lang: str, variant: str, ref: ReferenceData,
                 wording: Path | None = None) -> list[Replacement]:
    """Every name that ``variant`` in ``lang`` prints as a person's label instead, because the
    person's consent does not cover that document: in order, with the unit it is in."""
    return build(case, lang, variant, ref, wording).replacements


def untranslated(case: Case, lang: str, variant: str, ref: ReferenceData,
                 wording: Path | None = None) -> list[Untranslated]:
    """The texts of the case that ``variant`` in ``lang`` shows with the "to be translated"
    mark (they have source text but no translation yet); none in the source language."""
    return build(case, lang, variant, ref, wording).untranslated


def untranslated_marker(lang: str, wording: Path | None = None) -> str:
    """The mark ("[to be translated]", «[à traduire]») as documents in ``lang`` print it."""
    return Phrases(check_language(lang), wording).untranslated_marker()


def document_title(reference: str | None, topic: str, fallback: str = "") -> str:
    """A document's title property: the reference and the topic, cut to Word's limit."""
    return fit(" — ".join(x for x in (reference, " ".join(topic.split())) if x) or fallback)

