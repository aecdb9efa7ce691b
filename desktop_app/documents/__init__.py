"""Documents: context building, docxtpl rendering, python-docx reading and post-processing.

The only package that imports docxtpl or docx.
"""

from __future__ import annotations

from desktop_app.documents.check import Problem, check_templates
from desktop_app.documents.context import (
    VARIANTS,
    Untranslated,
    build,
    build_context,
    clean_text,
    replacements,
    untranslated,
    untranslated_marker,
)
from desktop_app.documents.errors import DocumentError, TemplateProblem
from desktop_app.documents.properties import default_author
from desktop_app.documents.reading import document_paragraphs, document_parts_text
from desktop_app.documents.render import (
    TEMPLATE_DIR,
    render_bytes,
    render_document,
    render_paragraphs,
    template_path,
)

__all__ = [
    "TEMPLATE_DIR", "VARIANTS", "DocumentError", "Problem", "TemplateProblem", "Untranslated",
    "build", "build_context", "check_templates", "clean_text", "default_author",
    "document_paragraphs", "document_parts_text", "render_bytes", "render_document",
    "render_paragraphs",
    "replacements", "template_path", "untranslated", "untranslated_marker",
]
