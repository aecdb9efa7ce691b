from __future__ import annotations

from desktop_app.domain.errors import CommdraftError

#: Every code of this package's errors and warnings (``workspace.messages`` has their words).
CODES = (
    "docx.not_docx", "docx.damaged", "docx.too_large", "docx.too_many_parts",
    "docx.part_too_large", "docx.expands_too_much", "docx.xml_too_large", "docx.dtd",
    "docx.too_deep", "review.not_review_copy", "review.too_many_items",
    "review.bookmarks_ignored",
)


class DocumentError(CommdraftError):
    """A document cannot be produced: says what is wrong and where."""


class TemplateProblem(DocumentError):
    """A Word layout is broken: unknown variable, Jinja syntax error, unsafe access."""


class WordFileError(DocumentError):
    """A Word file from outside (a reviewed copy) that is not read: missing, not a .docx,
    damaged, or beyond one of the bounds of :mod:`desktop_app.documents.reading`. Coded;
    ``params`` name the ``file`` and, for a bound, the ``limit`` (and the ``part``)."""


class WordFileTooLarge(WordFileError):
    """Beyond a bound on size, parts or expansion (a zip bomb): refused before it is parsed."""


class UnsafeXmlError(WordFileError):
    """XML that Word never writes and that parsers can be attacked with: a DTD (entities,
    billion laughs, external entities), nesting too deep, an unusual encoding."""
