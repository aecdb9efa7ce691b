"""The domain: plain dataclasses and rules. Standard library only."""

from __future__ import annotations

from desktop_app.domain.case import (
    FORMAT,
    GENDERS,
    LANGUAGES,
    STATUSES,
    Case,
    Dates,
    Person,
    PublicTexts,
    Recipient,
    Related,
    Texts,
)
from desktop_app.domain.completeness import SECTIONS, Missing, missing
from desktop_app.domain.consent import initials, public_label
from desktop_app.domain.deadlines import ReplyStatus, deadline, publication_date, reply_status
from desktop_app.domain.errors import (
    CaseFormatError,
    CommdraftError,
    DuplicateReferenceError,
    ReferenceFormatError,
    TransitionError,
)
from desktop_app.domain.lifecycle import blockers, transition
from desktop_app.domain.references import Reference, next_reference, parse_reference

__all__ = [
    "FORMAT", "GENDERS", "LANGUAGES", "SECTIONS", "STATUSES", "Case", "CaseFormatError",
    "CommdraftError", "Dates", "DuplicateReferenceError", "Missing", "Person", "PublicTexts",
    "Recipient", "Reference", "ReferenceFormatError", "Related", "ReplyStatus", "Texts",
    "TransitionError", "blockers", "deadline", "initials", "missing", "next_reference",
    "parse_reference", "public_label", "publication_date", "reply_status", "transition",
]
