"""Cases in a workspace: load and save (validated on the way in and out), create, duplicate,
delete, move through the lifecycle, send and reopen; the in-memory operations the window calls
and the command line wraps in load and save."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain import translation
from desktop_app.domain.case import Case
from desktop_app.domain.completeness import Missing
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.domain.lifecycle import transition
from desktop_app.domain.references import next_reference
from desktop_app.domain.review import ReviewChange, ReviewComment
from desktop_app.domain.review_decisions import accept_change, reject_change, resolve_comment
from desktop_app.domain.sending import FrozenCaseError, frozen_changes, record, reopen
from desktop_app.reference import ReferenceData, demo_case
from desktop_app.storage import CaseQuery, CaseSummary, Store
from desktop_app.workspace.checks import check_case


class OpenItemsError(CommdraftError):
    """Marking sent refused: the checklist still has items (``items``, each a ``Missing``)."""

    code = "send.open_items"

    def __init__(self, label: str, items: list[Missing]) -> None:
        self.items = list(items)
        self.params = {"case": label, "count": len(items)}
        super().__init__(
            f"{label} still has {len(items)} open item(s) on its checklist; finish them, or mark "
            "it sent anyway with --force (`commdraft check` lists them)")


def check_own_reference(case: Case, reference: str, existing: Iterable[str], day: date) -> None:
    """A registry number given when marking sent must fit the case and be free."""
    from desktop_app.domain.errors import ReferenceFormatError
    from desktop_app.domain.references import ensure_unique, parse_reference

    try:
        parsed = parse_reference(reference)
    except ReferenceFormatError as exc:
        raise CommdraftError(str(exc)) from None
    if parsed.kind != case.kind:
        raise CommdraftError(f"reference {reference!r} is for a {parsed.kind} but this case is "
                             f"a {case.kind}", code="reference.wrong_kind",
                             params={"reference": reference, "given": parsed.kind,
                                     "kind": case.kind})
    code = case.recipient.reference_code or ""
    if parsed.state != code:
        raise CommdraftError(f"reference {reference!r} is for {parsed.state} but this case is "
                             f"addressed to {code or 'nobody yet'}", code="reference.wrong_state",
                             params={"reference": reference, "given": parsed.state,
                                     "state": code or "—"})
    if parsed.year != day.year:
        raise CommdraftError(f"reference {reference!r} is of {parsed.year} but the letter is "
                             f"dated {day.isoformat()}", code="reference.wrong_year",
                             params={"reference": reference, "year": parsed.year,
                                     "date": day.isoformat()})
    ensure_unique(reference, [r for r in existing if r and r != case.reference])


DEMO_ID = "demo-mne-2024"


DEMO_SENT = date(2024, 8, 20)


class CasesMixin:
    """A part of :class:`~desktop_app.workspace.core.Workspace` (it holds no state of its own)."""

    root: Path
    store: Store
    reference: ReferenceData

    def cases(self, query: CaseQuery | None = None) -> list[CaseSummary]:
        return self.store.list(query)

    def summary(self, case_id: str) -> CaseSummary | None:
        """One case's row of the list (from the index: no case body is read)."""
        return next((row for row in self.store.list(None) if row.id == case_id), None)

    def poll_changes(self) -> bool:
        """True when another window or process saved something since the last look (one stat
        of the index when nothing changed)."""
        return self.store.refresh()

    def check_files(self) -> None:
        """Compare the store's files with its index, if the workspace was opened with
        ``check_files=False`` (see ``Workspace.open``)."""
        self.store.check_files()

    def is_empty(self) -> bool:
        return not self.store.list(None)

    def damaged(self) -> list[Any]:
        """Cases whose file is damaged, set aside by the store (case id, file, line, reason):
        the other cases open as usual."""
        return list(self.store.damaged())

    def restore_case(self, case_id: str) -> Any:
        """Put one damaged case back from the newest backup holding a readable copy of it,
        touching no other case; returns that backup (its path, date, number of cases)."""
        return self.store.restore_case(case_id)

    def load(self, key: str) -> Case:
        record = self.store.find(key.strip())
        if record is None:
            raise CommdraftError(
                f"no case {key!r} in {self.root}: give a case id or a reference "
                "(see `commdraft list`)", code="case.unknown", params={"case": key.strip()}
            )
        return Case.from_dict(record, source=f"case {key}")

    def save(self, case: Case) -> Case:
        """Save ``case`` as a new revision of the one it was loaded from (or create it)."""
        self.validate(case)
        stored = self.store.find(case.id)
        if stored is not None:
            before = Case.from_dict(stored)
            changed = frozen_changes(before, case)
            if changed:
                raise FrozenCaseError(before.reference or before.id, changed)
        base = case.revision if stored is not None else None
        data = case.to_dict()
        # The loader's validation on the way out too: a revision it would refuse (a case made
        # unreadable) is never written.
        Case.from_dict(data, source=f"case {case.id}")
        record = self.store.save(data, base_revision=base)
        return Case.from_dict(record)

    def new_case(self, kind: str = "AL", state: str | None = None) -> Case:
        """A new draft, saved at once so that it is never only in memory."""
        from desktop_app.domain.case import Recipient, Texts

        case = Case(kind=kind, recipient=Recipient("state", state), text={"en": Texts()})
        return self.save(case)

    def duplicate(self, key: str) -> Case:
        """A copy of a case as a new draft: no reference, no dates, no reply."""
        from desktop_app.domain.case import Dates, new_id
        from desktop_app.domain.review import Review

        case = self.load(key)
        case.id, case.revision, case.reference, case.status = new_id(), 0, None, "draft"
        case.dates = Dates()
        # The copy is a new letter: the source case's legal review and history stay with it.
        case.review, case.history = Review(), []
        return self.save(case)

    def delete(self, key: str) -> Case:
        """Delete a case (kept in the store's trash, so :meth:`undelete` can bring it back)."""
        case = self.load(key)
        self.store.delete(case.id, base_revision=case.revision)
        return case

    def undelete(self, case_id: str) -> Case:
        return Case.from_dict(self.store.restore_deleted(case_id))

    def save_over(self, case: Case) -> Case:
        """Save ``case`` over a newer revision someone else saved (after the user chose to).

        The other version stays in the case's history, so nothing is lost."""
        current = self.store.get(case.id)
        case.revision = current["revision"]
        return self.save(case)

    def validate(self, case: Case) -> None:
        """Codes must exist in the reference data: the first unknown one is named."""
        ref = self.reference
        if case.recipient.state is not None and case.recipient.state not in ref.states:
            raise CaseFormatError("recipient.state",
                                  f"unknown State code {case.recipient.state!r}; see `commdraft states`")
        for i, mid in enumerate(case.mandates):
            if mid not in ref.mandates:
                raise CaseFormatError(f"mandates[{i}]", f"unknown mandate {mid!r}; see `commdraft mandates`")
        for i, cid in enumerate(case.legal_framework):
            if cid not in ref.clauses:
                raise CaseFormatError(f"legal_framework[{i}]", f"unknown clause {cid!r}; see `commdraft clauses`")
        for i, qid in enumerate(case.standard_questions):
            if qid not in ref.questions:
                raise CaseFormatError(f"standard_questions[{i}]", f"unknown question {qid!r}")

    def check(self, case: Case, today: date | None = None) -> list[Missing]:
        """The case's checklist, coded (``workspace.checks``; words: ``workspace.messages``)."""
        return check_case(self.reference, case, today)

    def translate(self, key: str, lang: str, *, mark_current: bool = False,
                  realign: bool = False) -> tuple[Case, int]:
        """Record a translation's units as checked, or realign them after source paragraphs
        were inserted or removed; saved as a new revision. Returns the case and the count."""
        with self.changing(key) as case:
            count = 0
            if realign:
                count += self.realign(case, lang)
            if mark_current:
                count += self.mark_checked(case, lang)
        return self.load(key), count

    # ------------------------------------------------------------------ one path per action
    # The window calls these on the case it edits (its autosave saves it); the command line
    # wraps them in :meth:`changing` (load, change, save under one transaction). The same code
    # either way: no caller reaches the domain functions itself.
    @contextmanager
    def changing(self, key: str) -> Iterator[Case]:
        """Load ``key`` under the store's lock, let the caller change it, save it if it
        changed (a refused change raises and saves nothing)."""
        with self.store.transaction():
            case = self.load(key)
            before = case.to_dict()
            yield case
            if case.to_dict() != before:
                self.save(case)

    def decide(self, case: Case, change_id: str, *, accept: bool) -> ReviewChange:
        """Accept (apply to the case) or reject a reviewer's proposed change."""
        return accept_change(case, change_id) if accept else reject_change(case, change_id)

    def resolve(self, case: Case, comment_id: str, *, reopen: bool = False) -> ReviewComment:
        return resolve_comment(case, comment_id, reopen=reopen)

    def mark_checked(self, case: Case, lang: str, keys: list[str] | None = None) -> int:
        """Record translated texts (all, or ``keys``) as checked against the current source."""
        return translation.mark_current(case, lang, keys)

    def realign(self, case: Case, lang: str) -> int:
        """Move translated paragraphs back beside the source paragraphs they were made from."""
        return translation.realign(case, lang)

    def previous_source(self, case: Case, lang: str, key: str) -> str | None:
        """The source text a stale translated unit was made from (from the case's history)."""
        from desktop_app.workspace.translations import previous_source

        return previous_source(self.store, case, lang, key)

    def set_status(self, key: str, status: str, today: date | None = None) -> Case:
        with self.store.transaction():
            case = self.load(key)
            transition(case, status, today or date.today())
            return self.save(case)

    def suggested_reference(self, case: Case, day: date) -> str:
        """The reference a case would get if marked sent on ``day``: its own when it has one
        (a reopened letter), else the next number free *in this workspace* — a suggestion only:
        the registry allocates numbers centrally."""
        if case.reference:
            return case.reference
        code = case.recipient.reference_code or ""
        return str(next_reference(case.kind, code, day.year,
                                  self.store.references(state=code, year=day.year)))

    def mark_sent(self, key: str, day: date, today: date | None = None, *,
                  reference: str | None = None, force: bool = False,
                  by: str | None = None) -> Case:
        """Record the date sent and the reference, and freeze the letter.

        ``reference``: the registry's number; without it the workspace's next free number is
        used (:meth:`suggested_reference`). Refused with the open to-do items (``OpenItemsError``)
        unless ``force``."""
        with self.store.transaction():
            case = self.load(key)
            case.dates.sent = day
            given = (reference or "").strip()
            if given:
                code = case.recipient.reference_code or ""
                check_own_reference(  # which refuses another State or year first
                    case, given, self.store.references(state=code, year=day.year), day)
                case.reference = given
            elif not case.reference:
                case.reference = self.suggested_reference(case, day)
            transition(case, "sent", today or date.today())  # in memory until saved
            if not force:
                items = [item for item in self.check(case) if item.kind != "info"]
                if items:
                    raise OpenItemsError(case.reference, items)
            record(case, "sent", by=by, note=case.reference)
            return self.save(case)

    def reopen(self, key: str, reason: str, *, by: str | None = None) -> Case:
        """Unfreeze a sent letter for a correction; the reason is kept in its history."""
        with self.store.transaction():
            case = self.load(key)
            reopen(case, reason, by=by)
            return self.save(case)

    def load_demo(self) -> Case:
        """Load the seed's case, marked sent on its real date (which allocates its reference)."""
        existing = self.store.find(DEMO_ID)
        if existing is not None:
            return Case.from_dict(existing)
        case = Case.from_dict(demo_case(), source="demo case")
        case.id = DEMO_ID
        case.revision = 0
        case.dates.sent = None
        sent, reply, reply_kind = DEMO_SENT, date(2024, 10, 30), "substantive"
        self.save(case)
        case = self.mark_sent(DEMO_ID, sent, force=True)
        case.dates.reply, case.dates.reply_kind = reply, reply_kind
        return self.save(case)

