"""The use-cases that the CLI and the window both call: one place, no duplicated logic.

A workspace is a folder holding the case store (``store/``), the workspace's own reference
data (``reference/``) and the generated documents (``documents/``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.domain.completeness import Missing
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.domain.lifecycle import transition
from desktop_app.domain.references import next_reference
from desktop_app.domain.sending import FrozenCaseError, frozen_changes, record, reopen
from desktop_app.i18n import check_language
from desktop_app.reference import ReferenceData, demo_case, load_reference
from desktop_app.storage import (
    CaseQuery,
    CaseRepository,
    CaseSummary,
    create_store,
    list_backups,
    open_store,
    restore_backup,
)
from desktop_app.storage.atomic import atomic_write_bytes
from desktop_app.storage.codec import PLAIN, PlainCodec
from desktop_app.storage.crypto import new_encryption, unlock
from desktop_app.workspace.checks import check_case
from desktop_app.workspace.fileerrors import read_error, writing
from desktop_app.workspace.location import default_workspace

DEMO_ID = "demo-mne-2024"
DEMO_SENT = date(2024, 8, 20)


@dataclass(frozen=True)
class ImportResult:
    case: Case
    action: str  # "created", "updated" or "unchanged"


class Workspace:
    def __init__(self, root: Path, store: CaseRepository, reference: ReferenceData) -> None:
        self.root = root
        self.store = store
        self.reference = reference

    @classmethod
    def open(cls, root: Path | None = None, *, passphrase: str | None = None) -> Workspace:
        """Open (or create, unencrypted) a workspace; an encrypted one needs its passphrase."""
        root = _workspace_folder(root)
        factory = None
        if passphrase is not None:
            def factory(entry: dict[str, Any]):
                return unlock(entry, passphrase)
        store = open_store(root, codec_factory=factory)
        return cls._with_store(root, store)

    @classmethod
    def create(cls, root: Path, *, passphrase: str | None = None) -> Workspace:
        """A new workspace, encrypted at rest when a passphrase is given."""
        root = _workspace_folder(root)
        if passphrase is None:
            return cls._with_store(root, create_store(root))
        check_passphrase(passphrase)
        codec, entry = new_encryption(passphrase)
        return cls._with_store(root, create_store(root, encryption=entry, codec=codec))

    @classmethod
    def _with_store(cls, root: Path, store: CaseRepository) -> Workspace:
        extra = root / "reference"
        return cls(root, store, load_reference(extra if extra.is_dir() else None))

    @property
    def encrypted(self) -> bool:
        return not isinstance(getattr(self.store, "codec", PLAIN), PlainCodec)

    def plaintext_files(self) -> list[Path]:
        """Files under the workspace that hold case content outside the store, which
        encryption of the store does not cover: documents, exported case files, XLIFF,
        quarantined copies of damaged store files."""
        keep = {self.root / "store", self.root / "reference", self.root / "i18n"}
        found = []
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not any(path.is_relative_to(k) for k in keep) \
                    and not path.name.startswith("."):
                found.append(path)
        return found

    def encrypt(self, passphrase: str, *, remove_plaintext: bool = False) -> list[Path]:
        """Encrypt every file of an existing workspace's store with a new passphrase.

        Case content outside the store (documents, exports, XLIFF, quarantined files) cannot be
        encrypted in place: the workspace is then refused, naming each file, unless
        ``remove_plaintext`` (they are deleted after the store is encrypted; documents can be
        made again). Returns the files removed."""
        check_passphrase(passphrase)
        loose = self.plaintext_files()
        if loose and not remove_plaintext:
            shown = ", ".join(str(p.relative_to(self.root)) for p in loose[:8])
            raise CommdraftError(
                f"{self.root} holds {len(loose)} file(s) of case content outside the store, "
                f"which encryption would leave readable: {shown}"
                f"{' …' if len(loose) > 8 else ''}. Move them out of the workspace, or encrypt "
                "with --remove-plaintext to delete them; nothing was changed",
                code="encrypt.plaintext_left",
                params={"folder": str(self.root), "count": len(loose),
                        "files": [str(p.relative_to(self.root)) for p in loose[:8]]})
        codec, entry = new_encryption(passphrase)
        self.store.reencode(codec, entry)
        for path in loose:
            path.unlink(missing_ok=True)
            for folder in path.parents:  # folders left empty go too (store.damaged-*/...)
                if folder == self.root or not folder.is_relative_to(self.root):
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break  # not empty
        return loose

    def check_plaintext(self, target: Path, plaintext: bool) -> None:
        """Refuse to write case content in clear inside an encrypted workspace, unless the
        user said so (``--plaintext`` on the command line; a question in the window)."""
        if self.encrypted and _inside(Path(target), self.root) and not plaintext:
            raise CommdraftError(
                f"{target} is inside an encrypted workspace, and this file would hold case "
                "content in clear: write it outside the workspace, or confirm (--plaintext)",
                code="encrypt.plaintext_write", params={"file": str(target)})

    # ------------------------------------------------------------------ own reference data
    @property
    def reference_dir(self) -> Path:
        return self.root / "reference"

    @property
    def wording_dir(self) -> Path | None:
        """The workspace's own catalogs (``i18n/<lang>/LC_MESSAGES/letters.po``): an office's
        adaptation of the letters' fixed wording, over the shipped one. None when absent."""
        folder = self.root / "i18n"
        return folder if folder.is_dir() else None

    def add_holder(self, mandate_id: str, name: str, gender: str, start: date,
                   end: date | None = None) -> None:
        from desktop_app.workspace.reference_edits import add_holder

        self.reference = add_holder(self.reference_dir, mandate_id, name, gender, start, end)

    def add_renewal(self, mandate_id: str, number: str, adopted: date,
                    body: str = "HRC") -> None:
        """Record a mandate's establishing or renewing resolution, with the day it was adopted
        and by whom, in the workspace's data (letters from that day cite it)."""
        if mandate_id not in self.reference.mandates:
            raise CommdraftError(f"unknown mandate {mandate_id!r}; see `commdraft mandates`")
        if not re.fullmatch(r"(S-)?\d{1,4}/\d{1,4}( [A-Z])?", number.strip()):
            raise CommdraftError(f"{number!r} is not a resolution number such as 58/12")
        self.add_reference_entry("mandate", {"id": mandate_id, "resolutions": [
            {"number": number.strip(), "year": adopted.year, "adopted": adopted.isoformat(),
             "body": body, "adopted_checked": "un-source"}]})

    def add_reference_entry(self, kind: str, entry: dict[str, Any]) -> None:
        from desktop_app.workspace.reference_edits import upsert_entry

        self.reference = upsert_entry(self.reference_dir, kind, entry)

    def backup(self) -> Path:
        return self.store.backup()

    def backups(self) -> list[Any]:
        return self.store.list_backups()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ cases
    def cases(self, query: CaseQuery | None = None) -> list[CaseSummary]:
        return self.store.list(query)

    def summary(self, case_id: str) -> CaseSummary | None:
        """One case's row of the list (from the index: no case body is read)."""
        return next((row for row in self.store.list(None) if row.id == case_id), None)

    def poll_changes(self) -> bool:
        """True when another window or process saved something since the last look (one stat
        of the index when nothing changed)."""
        refresh = getattr(self.store, "refresh", None)
        return bool(refresh()) if refresh is not None else False

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

    def preview(self, case: Case, lang: str, variant: str) -> list[str]:
        """Exactly the paragraphs the exported document will hold."""
        from desktop_app.documents import document_paragraphs, render_bytes, template_path

        context = self.context(case, lang, variant)
        return document_paragraphs(render_bytes(template_path(variant, lang), context))

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
        from desktop_app.domain import translation

        with self.store.transaction():
            case = self.load(key)
            count = 0
            if realign:
                count += translation.realign(case, lang)
            if mark_current:
                count += translation.mark_current(case, lang)
            if count:
                case = self.save(case)
            return case, count

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
        return str(next_reference(case.kind, code, day.year, self.store.references()))

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
                check_own_reference(case, given, self.store.references(), day)
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

    # ------------------------------------------------------------------ case files
    def import_file(self, path: Path) -> ImportResult:
        case = read_case_file(path)
        try:
            self.validate(case)
        except CaseFormatError as exc:
            raise CaseFormatError(exc.path, exc.reason, source=str(path)) from None
        with self.store.transaction():
            current = self.store.find(case.id)
            if current is None:
                case.revision = 0
                return ImportResult(self.save(case), "created")
            stored = Case.from_dict(current)
            if _comparable(stored) == _comparable(case):
                return ImportResult(stored, "unchanged")
            if case.revision == 0:
                raise CommdraftError(
                    f"{path}: a case with the id {case.id!r} is already in the workspace "
                    f"(revision {stored.revision}) and this file carries no revision, so it was "
                    "not exported from it: remove \"id\" from the file to import it as a new "
                    "case; nothing was written")
            # A conflict (the case moved on since the export) is raised by the store.
            return ImportResult(self.save(case), "updated")

    def export_file(self, key: str, path: Path, *, plaintext: bool = False) -> Path:
        self.check_plaintext(path, plaintext)
        case = self.load(key)
        data = json.dumps(case.to_dict(), ensure_ascii=False, indent=2) + "\n"
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data.encode("utf-8"))
        return path

    # ------------------------------------------------------------------ documents
    def context(self, case: Case, lang: str, variant: str) -> dict[str, Any]:
        # Imported here: docxtpl, python-docx and lxml are only needed once a document is made.
        from desktop_app.documents import build_context

        return build_context(case, lang, variant, self.reference, self.wording_dir)

    def documents_folder(self, out_dir: Path | None = None) -> Path:
        """Where documents go: ``out_dir``, or the workspace's documents/ folder."""
        if self.encrypted:
            # Documents are written in clear: only where the user explicitly puts them.
            if out_dir is None:
                raise CommdraftError(
                    "this workspace is encrypted and documents are written in clear: "
                    "say where they go with --out DIR (outside the workspace)")
            if _inside(Path(out_dir), self.root):
                raise CommdraftError(
                    f"this workspace is encrypted: write documents outside it, not in {out_dir}")
        return Path(out_dir) if out_dir else self.root / "documents"

    def render(self, case: Case, variants: Iterable[str], langs: Iterable[str],
               out_dir: Path | None = None, *, author: str | None = None) -> list[Path]:
        """Write the documents; ``author`` is their author property (None: the login's name,
        see ``documents.properties.default_author``)."""
        from desktop_app.documents import render_document, template_path

        out_dir = self.documents_folder(out_dir)
        written = []
        for lang in langs:
            check_language(lang)
            for variant in variants:
                context = self.context(case, lang, variant)
                out = out_dir / f"{document_stem(case)}-{variant}-{lang}.docx"
                with writing(out):
                    written.append(render_document(template_path(variant, lang), context, out,
                                                   author=author))
        return written

    def check_templates(self):
        from desktop_app.documents import VARIANTS, check_templates
        from desktop_app.documents.check import Problem
        from desktop_app.i18n import check_overrides

        demo = Case.from_dict(demo_case())
        problems = []
        if self.wording_dir is not None:
            # The workspace's own wording first: a broken file would stop every context.
            problems = [Problem(*item) for item in check_overrides(self.wording_dir)]
            if any(problem.where == "file" for problem in problems):
                return [], problems
        contexts = {v: self.context(demo, "en", v) for v in VARIANTS}
        paths, layout_problems = check_templates(contexts)
        return paths, problems + layout_problems

    # ------------------------------------------------------------------ the demo
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


def _workspace_folder(root: Path | None) -> Path:
    root = Path(root) if root is not None else default_workspace()
    if root.exists() and not root.is_dir():
        raise CommdraftError(f"workspace {root} is a file, not a folder")
    if not root.exists():
        root.parent.mkdir(parents=True, exist_ok=True)
        with writing(root):
            root.mkdir()
            # Owner only, but others may pass through to documents/ (which follows the umask,
            # so that colleagues can open the letters they are given the path of); they cannot
            # list the workspace, and store/, exports and XLIFF files stay the owner's alone.
            if os.name == "posix":  # Windows: the folder's ACL is inherited from its parent
                os.chmod(root, WORKSPACE_ROOT_MODE)
    return root


#: rwx--x--x: see :func:`_workspace_folder`.
WORKSPACE_ROOT_MODE = 0o711


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


MIN_PASSPHRASE = 10


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CommdraftError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words is best)")


def restore(root: Path, backup: Path | None = None) -> Path:
    """Put a backup back in place of a damaged store (the damaged one is moved aside, kept)."""
    return restore_backup(_workspace_folder(root), backup)


def backups_of(root: Path) -> list[Any]:
    return list_backups(_workspace_folder(root))


def read_case_file(path: Path) -> Case:
    """Read and validate a case file; nothing is written anywhere."""
    try:
        with open(path, "rb") as handle:  # bounded: /dev/zero or a huge file stops at the limit
            raw = handle.read(MAX_CASE_FILE + 1)
    except OSError as exc:
        raise read_error(exc, path) from None
    if len(raw) > MAX_CASE_FILE:
        raise CaseFormatError("(file)", f"larger than {MAX_CASE_FILE // 2**20} MB, the most a "
                              "case file holds; nothing was written", source=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFormatError("(file)", f"not UTF-8 text (byte {exc.start})", source=str(path)) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CaseFormatError(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}",
                              source=str(path)) from None
    except RecursionError:
        raise CaseFormatError("(file)", f"nested more than {MAX_DEPTH} levels deep",
                              source=str(path)) from None
    except DuplicateKeyError as exc:
        raise CaseFormatError("(file)", f"{exc}: which one is meant cannot be told; nothing "
                              "was written", source=str(path)) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits, NaN, Infinity
        raise CaseFormatError("(file)", f"not a usable JSON value ({exc})", source=str(path)) from None
    _check_values(data, "", 0, str(path))
    if not isinstance(data, dict):
        raise CaseFormatError("(top level)", "a case file holds one JSON object", source=str(path))
    if "format" not in data:
        raise CaseFormatError("format", "missing: a case file starts with \"format\": "
                              "\"commdraft.case/1\"", source=str(path))
    return Case.from_dict(data, source=str(path))


MAX_DEPTH = 32
#: A case file is a few hundred kilobytes at most (a long letter in six languages with its
#: review rounds); anything beyond this is refused before it is parsed.
MAX_CASE_FILE = 8 * 2**20


class DuplicateKeyError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose key appears twice is refused: with the last one winning,
    ``"consent_public": false, "consent_public": true`` would import as consent given."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a case file")


def _check_values(value: Any, path: str, depth: int, source: str) -> None:
    """Refuse what JSON can carry but a store and a Word document cannot: deep nesting and
    lone surrogates (half of an emoji, for instance), naming where."""
    if depth > MAX_DEPTH:
        raise CaseFormatError(path or "(top level)", f"nested more than {MAX_DEPTH} levels deep",
                              source=source)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CaseFormatError(path or "(top level)",
                                  "holds a broken character (an unpaired surrogate)",
                                  source=source) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, path or "(top level)", depth + 1, source)
            _check_values(item, f"{path}.{key}" if path else str(key), depth + 1, source)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_values(item, f"{path}[{index}]", depth + 1, source)


def document_stem(case: Case) -> str:
    """The start of a document's file name: a name people can read and share.

    A sent letter's reference ("AL MNE 1/2024" -> "AL-MNE-1-2024"); a draft's State and the
    first words of its topic in ASCII, with a short piece of the id so that two drafts on the
    same topic differ ("draft-MNE-reported-surveillance-of-two-3f2a1b"). Only letters, digits
    and hyphens, at most 80 characters, never a name Windows reserves."""
    from desktop_app.workspace.documents import file_stem

    return file_stem(case)


def _comparable(case: Case) -> dict[str, Any]:
    data = case.to_dict()
    data.pop("revision", None)
    return data


def parse_languages(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for lang in value.split(","):
            lang = lang.strip()
            if lang == "all":
                out.extend(LANGUAGES)
            elif lang:
                out.append(check_language(lang))
    return list(dict.fromkeys(out))
