from __future__ import annotations

from desktop_app.domain.errors import CommdraftError


class DocumentError(CommdraftError):
    """A document cannot be produced: says what is wrong and where."""


class TemplateProblem(DocumentError):
    """A Word layout is broken: unknown variable, Jinja syntax error, unsafe access."""
