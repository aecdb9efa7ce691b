"""The legal-review round trip: export a review copy, read the reviewed document back into the
case, and decide on each proposed change (the window and the CLI both call these).

Reading back compares three texts per paragraph: what the review copy said when it was made
(the case's revision at export, rendered again from the store's history), what the reviewer
left (tracked changes accepted) and what the case says now. A tracked change is a proposal;
a paragraph that differs from the exported one without tracked changes is an untracked edit,
also a proposal; a paragraph that the case changed since the export is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.case import Case
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.notices import Notice
from desktop_app.domain.review import ReviewChange, ReviewComment
from desktop_app.domain.review_decisions import (
    record_round,
    same_text,
)
from desktop_app.i18n import check_language
from desktop_app.workspace.documents import document_stem
from desktop_app.workspace.fileerrors import writing

if TYPE_CHECKING:
    from desktop_app.documents.review import ReviewedDocument
    from desktop_app.workspace.core import Workspace

#: Every code of this module's warnings and errors (``workspace.messages`` has their words).
CODES = (
    "review.revision_missing", "review.paragraphs_changed", "review.paragraphs_lost",
    "review.nothing_new", "review.other_workspace", "review.no_revision", "review.no_text",
)
#: Paragraphs named in a warning; the count says how many there are in all.
_NAMED = 6


@dataclass
class ReviewImport:
    case: Case
    round: int | None
    comments: list[ReviewComment]
    changes: list[ReviewChange]
    #: What the drafter should know about the import, coded (``describe`` puts it in words;
    #: ``str()`` of each is an English sentence).
    warnings: list[Notice]


def review_copy_name(case: Case, variant: str, lang: str) -> str:
    return f"{document_stem(case)}-{variant}-{lang}-review-r{case.revision}.docx"


def export_review(ws: Workspace, key: str, lang: str = "en", variant: str = "full",
                  out_dir: Path | None = None, since: int | None = None,
                  author: str | None = None) -> Path:
    """Write a review copy of the case's ``variant`` in ``lang``: the document as it will be
    sent, with its paragraphs tied to the case for :func:`import_review`. With ``since`` (a
    revision, e.g. the one the last review copy was made from), a redline: every paragraph
    changed since then shows the change as Word tracked changes."""
    from desktop_app.documents import template_path
    from desktop_app.documents.review import export_review as write_review_copy
    from desktop_app.documents.review import section_texts

    check_language(lang)
    case = ws.load(key)
    out_dir = ws.documents_folder(out_dir)
    context = ws.context(case, lang, variant)
    previous = None
    name = review_copy_name(case, variant, lang)
    if since is not None:
        if not 1 <= since <= case.revision:
            raise CommdraftError(f"revision {since} does not exist: the case has revisions 1 "
                                 f"to {case.revision} (see `commdraft review list`)",
                                 code="review.no_revision",
                                 params={"revision": since, "last": case.revision})
        old = Case.from_dict(ws.store.get_revision(case.id, since))
        if lang not in old.text:
            raise CommdraftError(f"revision {since} has no text in {lang!r} to compare with",
                                 code="review.no_text", params={"revision": since, "lang": lang})
        previous = section_texts(ws.context(old, lang, variant), variant)
        name = name.replace("-review-r", f"-redline-r{since}-to-r")
    title = f"{case.reference or case.source_texts.topic or case.id} ({variant}, {lang})"
    with writing(out_dir / name):
        return write_review_copy(template_path(variant, lang), context, out_dir / name,
                                 case_id=case.id, revision=case.revision, lang=lang,
                                 variant=variant, title=title,
                                 standard_questions=case.standard_questions, since=previous,
                                 since_label=f"changes since revision {since}" if since else "",
                                 author=author)


def last_reviewed_revision(case: Case) -> int | None:
    """The revision the latest review copy that came back was made from."""
    rounds = [r for r in case.review.rounds if r.exported_revision]
    return rounds[-1].exported_revision if rounds else None


def _printed(ws: Workspace, case: Case, lang: str, variant: str) -> dict[str, str]:
    from desktop_app.documents.review import _strip_number, unit_texts

    return {key: _strip_number(key, text)
            for key, text in unit_texts(ws.context(case, lang, variant), variant)}


def import_review(ws: Workspace, path: Path, now: datetime | None = None) -> ReviewImport:
    """Read a reviewed document back into its case, as a new review round (saved)."""
    from desktop_app.documents.review import read_review

    found = read_review(Path(path))
    warnings: list[Notice] = list(found.warnings)  # e.g. bookmarks that name no paragraph
    with ws.store.transaction():
        try:
            case = ws.load(found.case_id)
        except CommdraftError:
            raise CommdraftError(
                f"{path}: this review copy belongs to case {found.case_id!r}, which is not in "
                f"the workspace {ws.root}; open the workspace it was exported from",
                code="review.other_workspace",
                params={"file": Path(path).name, "case": found.case_id}) from None
        lang = found.lang or case.source_language
        exported = None
        if found.revision is not None and found.revision != case.revision:
            try:
                exported = Case.from_dict(ws.store.get_revision(case.id, found.revision))
            except CommdraftError:
                warnings.append(Notice(
                    "review.revision_missing", {"revision": found.revision},
                    f"revision {found.revision}, from which this copy was made, is not in the "
                    "store: changes are compared with the case as it is"))
        printed_then = _printed(ws, exported or case, lang, found.variant)
        if exported is not None:
            printed_now = _printed(ws, case, lang, found.variant)
            moved = [k for k in printed_then if printed_now.get(k) != printed_then[k]]
            if moved:
                warnings.append(Notice(
                    "review.paragraphs_changed",
                    {"count": len(moved), "revision": found.revision, "current": case.revision,
                     "paragraphs": moved[:_NAMED]},
                    f"{len(moved)} paragraph(s) changed in the case since this copy was made "
                    f"(revision {found.revision}, now {case.revision}): "
                    + ", ".join(moved[:_NAMED]) + ("…" if len(moved) > _NAMED else "")
                    + "; a change proposed for them is a conflict to merge by hand"))
        _resolve_standard_questions(found, exported or case)
        changes = []
        for change in found.changes:
            changes.append({"key": change.key, "after": change.after,
                            "original": _unit_text(case, exported, lang, change.key,
                                                   change.original, printed_then),
                            "proposed": change.proposed, "tracked": change.tracked,
                            "authors": change.authors, "date": change.date})
        tracked_keys = {c.key for c in found.changes if c.key}
        for key, left in found.texts.items():
            if key in tracked_keys or key not in printed_then:
                continue
            if not same_text(left, printed_then[key]):
                # Edited with tracking off: still a proposal, marked as such.
                changes.append({"key": key, "after": None,
                                "original": _unit_text(case, exported, lang, key,
                                                       printed_then[key], printed_then),
                                "proposed": left, "tracked": False, "authors": [],
                                "date": None})
        missing = [k for k in printed_then if k not in found.texts]
        if missing:
            warnings.append(Notice(
                "review.paragraphs_lost", {"count": len(missing), "paragraphs": missing[:_NAMED]},
                f"{len(missing)} paragraph(s) of the copy were deleted or lost their marks: "
                + ", ".join(missing[:_NAMED]) + ("…" if len(missing) > _NAMED else "")))
        comments = [{"author": c.author, "initials": c.initials, "date": c.date, "text": c.text,
                     "anchor": c.anchor, "key": c.key, "paragraph": c.paragraph}
                    for c in found.comments]
        stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        round_, n_comments, n_changes = record_round(
            case, file=Path(path).name, imported=stamp, lang=lang, variant=found.variant,
            exported_revision=found.revision, comments=comments, changes=changes)
        if not (n_comments or n_changes):
            warnings.append(Notice("review.nothing_new", {},
                                   "nothing new: every comment and change of this file is "
                                   "already in the case"))
            return ReviewImport(case, None, [], [], warnings)
        saved = ws.save(case)
        new_comments = [c for c in saved.review.comments if c.round == round_.number]
        new_changes = [c for c in saved.review.changes if c.round == round_.number]
        return ReviewImport(saved, round_.number, new_comments, new_changes, warnings)


def _resolve_standard_questions(found: ReviewedDocument, case: Case) -> None:
    """Standard questions come back by position in the exported case's list: name them."""
    from desktop_app.documents.review import STANDARD_BY_POSITION

    def name(key: str | None) -> str | None:
        if key and key.startswith(STANDARD_BY_POSITION):
            index = int(key[len(STANDARD_BY_POSITION):])
            if index < len(case.standard_questions):
                return f"standard_questions.{case.standard_questions[index]}"
        return key

    for comment in found.comments:
        comment.key = name(comment.key)
    for change in found.changes:
        change.key = name(change.key)
        if change.after:
            change.after = name(change.after)
    found.texts = {name(k) or k: v for k, v in found.texts.items()}


def _unit_text(case: Case, exported: Case | None, lang: str, key: str | None, seen: str,
               printed: dict[str, str]) -> str:
    """The case's own text of ``key`` as the reviewer saw it (not redacted): a change is only
    applied where this still matches the case."""
    from desktop_app.domain.translation import unit_text

    if key is None:
        return ""
    source = exported or case
    own = unit_text(source, lang, key)
    # Consent may have replaced names in the printed text: compare what the reviewer saw with
    # what was printed; when they match, the case's own text is the original.
    if key in printed and same_text(seen, printed[key]):
        return own or seen
    return seen


def decide(ws: Workspace, key: str, change_id: str, accept: bool) -> Case:
    """The command line's accept/reject: :meth:`Workspace.decide` inside load and save."""
    with ws.changing(key) as case:
        ws.decide(case, change_id, accept=accept)
    return ws.load(key)


def resolve(ws: Workspace, key: str, comment_id: str, reopen: bool = False) -> Case:
    with ws.changing(key) as case:
        ws.resolve(case, comment_id, reopen=reopen)
    return ws.load(key)
