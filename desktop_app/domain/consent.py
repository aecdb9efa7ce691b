"""Consent rules: who may be named where.

A person without public consent is never named in the public summary: their public name, or
their initials, stand instead. The source of the information is never named anywhere (the case
keeps it in ``Case.source``, which no document context reads).
"""

from __future__ import annotations

from desktop_app.domain.case import Person


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() + "." for p in parts) or "—"


def public_label(person: Person) -> str:
    """How the public summary names a person: the real name only with public consent."""
    if person.consent_public:
        return person.name
    if person.public_name and person.public_name.strip():
        return person.public_name.strip()
    return initials(person.name)


def may_name_publicly(person: Person) -> bool:
    return person.consent_public
