"""Consent rules: who may be named where.

A person without public consent is never named in the public summary, and a person without
consent to be named to the State is never named in the letter: their public name, or their
initials, stand instead. The source of the information is never named anywhere (the case keeps
it in ``Case.source``, which no document context reads).

Every replacement a document makes is reported (:class:`Replacement`) so that the drafter can
read what the document says instead of the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.case import Person


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() + "." for p in parts) or "—"


def withheld_label(person: Person) -> str:
    """What a document says instead of a person's name where their consent does not reach:
    the public name the drafter chose, else the initials."""
    if person.public_name and person.public_name.strip():
        return person.public_name.strip()
    return initials(person.name)


def public_label(person: Person) -> str:
    """How the public summary names a person: the real name only with public consent."""
    if person.consent_public:
        return person.name
    return withheld_label(person)


def may_name_publicly(person: Person) -> bool:
    return person.consent_public


def may_name(person: Person, public: bool) -> bool:
    """Whether a document may name ``person``: the public summary needs public consent, the
    letter to the State consent to be named to it."""
    return person.consent_public if public else person.consent_state


@dataclass(frozen=True)
class Replacement:
    """One name (or part of a name) that a document prints as the person's label instead."""

    person_id: str
    original: str      # the words as the drafter wrote them ("Ms. Dinara Smailova")
    replacement: str   # what the document prints ("A woman journalist")
    key: str | None    # the unit of the case ("allegations.2", "summary", "persons.p1.role")
    section: str       # the document's section ("allegations", "lead_in", "persons_intro")
