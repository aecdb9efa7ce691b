"""The one interface the rest of the program uses to keep cases.

Everything above the storage layer talks to a :class:`CaseRepository`, never to files or
TinyDB, so a server-backed store can replace the file store later without touching them.
Records are plain ``commdraft.case/1`` dicts (see ``desktop_app.domain.case``).
"""

from __future__ import annotations

import builtins
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """Filters for :meth:`CaseRepository.list`; a filter left as None matches every case."""

    state: str | None = None  # ISO 3166-1 alpha-3 of the recipient
    kind: str | None = None  # "UA" | "AL" | "OL"
    status: str | None = None
    year: int | None = None
    #: Case-insensitive substring of the reference, recipient name or State, person names and
    #: public names, the topic in any language, or a mandate id.
    text: str | None = None
    #: At most this many summaries, the most recently saved (a page of a long list: a team
    #: server with 100,000 cases sends only what is shown). None: all of them.
    limit: int | None = None


class CaseSummary(NamedTuple):
    """What a case list shows, read from the index without opening the case itself.

    A named tuple, not a frozen dataclass: a cold list of 10,000 cases builds 10,000 of
    them, and a frozen dataclass costs seven times as much to build (3.3 against 0.5 µs)."""

    id: str
    revision: int
    reference: str | None
    kind: str | None
    state: str | None
    recipient_name: str | None
    status: str | None
    year: int | None  # of the reference, else of the date sent
    mandates: tuple[str, ...]
    lead_mandate: str | None
    sent: str | None  # ISO date
    reply: str | None  # ISO date
    topic: str  # in the case's source language
    saved_at: str  # ISO timestamp, UTC


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    revision: int
    saved_at: str  # ISO timestamp, UTC
    #: Who saved it: their login on a team server; None where the store does not know (a
    #: workspace folder). Not compared: a revision copied between stores is the same one.
    saved_by: str | None = field(default=None, compare=False)


class CaseRepository(Protocol):
    """Where cases are kept. Every save keeps a revision; saves are checked against the
    revision the caller started from, so a concurrent edit is never overwritten silently."""

    def get(self, case_id: str) -> dict[str, Any]:
        """The latest revision of a case; CaseNotFoundError if there is none."""
        ...

    def find(self, key: str) -> dict[str, Any] | None:
        """A case by id or by reference (compared by State, number and year)."""
        ...

    def save(self, record: dict[str, Any], *, base_revision: int | None) -> dict[str, Any]:
        """Store a new revision and return the stored record (with its new ``revision``).

        ``base_revision=None`` creates the case. Otherwise it must be the stored revision,
        else ConflictError (the caller's record is kept in a file the error names). A reference
        another case carries raises DuplicateReferenceError; either way nothing is changed.
        """
        ...

    def delete(self, case_id: str, *, base_revision: int) -> None:
        """Move a case to the trash (undone by :meth:`restore_deleted`)."""
        ...

    def restore_deleted(self, case_id: str) -> dict[str, Any]:
        """Bring back the most recently deleted case with this id."""
        ...

    def list(self, query: CaseQuery | None = None) -> builtins.list[CaseSummary]:
        """Summaries of the cases matching ``query``, most recently saved first."""
        ...

    def history(self, case_id: str) -> builtins.list[RevisionInfo]:
        """Every stored revision of a case, oldest first."""
        ...

    def get_revision(self, case_id: str, revision: int) -> dict[str, Any]: ...

    def references(self, *, state: str | None = None, year: int | None = None) -> builtins.list[str]:
        """All references the store's cases carry; with ``state`` (the reference's code, e.g.
        "MNE" or "OTH") and ``year``, only those of that sequence: what allocating the next
        number needs, without reading a branch's tens of thousands."""
        ...

    def transaction(self) -> AbstractContextManager[Any]:
        """Hold the store's write lock (re-entrant), e.g. to allocate a reference and save it."""
        ...

    def close(self) -> None: ...
