"""The domain: plain dataclasses and rules. Standard library only.

Names are re-exported lazily (PEP 562): importing one small module of the domain (the language
codes, the deadlines) does not load every other one.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "desktop_app.domain.case": (
        "FORMAT", "GENDERS", "STATUSES", "Case", "Dates", "Person", "PublicTexts", "Recipient",
        "Related", "Texts"),
    "desktop_app.domain.languages": ("LANGUAGES",),
    "desktop_app.domain.completeness": ("SECTIONS", "Missing", "missing"),
    "desktop_app.domain.consent": ("initials", "public_label"),
    "desktop_app.domain.deadlines": (
        "ReplyStatus", "deadline", "publication_date", "reply_status"),
    "desktop_app.domain.errors": (
        "CaseFormatError", "CommdraftError", "DuplicateReferenceError", "ReferenceFormatError",
        "TransitionError"),
    "desktop_app.domain.lifecycle": ("blockers", "transition"),
    "desktop_app.domain.notices": ("Notice",),
    "desktop_app.domain.references": ("Reference", "next_reference", "parse_reference"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop_app.domain' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
