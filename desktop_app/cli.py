"""The headless commands (``commdraft`` with no command opens the window: see main.py).

Exit codes: 0 success, 1 the data is wrong (the message says what and where), 2 usage error.
Heavy modules (storage, documents, Babel) are imported inside the commands that need them, so
that ``commdraft mandates`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.domain.errors import CommdraftError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _passphrase(args: argparse.Namespace, *, prompt: bool, confirm: bool = False) -> str | None:
    """From --passphrase-file, then COMMDRAFT_PASSPHRASE, then (on a terminal) a prompt."""
    if getattr(args, "passphrase_file", None):
        try:
            return args.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise CommdraftError(f"{args.passphrase_file}: cannot read ({exc.strerror})") from None
    if os.environ.get("COMMDRAFT_PASSPHRASE"):
        return os.environ["COMMDRAFT_PASSPHRASE"]
    if not prompt or not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("Workspace passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise CommdraftError("the two passphrases differ; nothing was changed")
    return first


def _workspace(args: argparse.Namespace):
    from desktop_app.storage import PassphraseRequiredError
    from desktop_app.workspace import Workspace

    try:
        return Workspace.open(args.workspace, passphrase=_passphrase(args, prompt=False))
    except PassphraseRequiredError:
        passphrase = _passphrase(args, prompt=True)
        if passphrase is None:
            raise CommdraftError(
                "this workspace is encrypted: give its passphrase with --passphrase-file FILE "
                "or the COMMDRAFT_PASSPHRASE variable") from None
        return Workspace.open(args.workspace, passphrase=passphrase)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------- commands
def cmd_list(args: argparse.Namespace) -> int:
    from desktop_app.domain.references import normalise
    from desktop_app.storage import CaseQuery

    with _workspace(args) as ws:
        query = CaseQuery(state=args.state, kind=args.kind, status=args.status, year=args.year,
                          text=args.text)
        rows = ws.cases(query)
        if args.json:
            _print_json([_summary_dict(row) for row in rows])
            return EXIT_OK
        if not rows:
            if ws.is_empty():
                print(f"No cases in {ws.root} yet. Load the demo case with: commdraft demo")
            else:
                print("No case matches.")
            return EXIT_OK
        for row in rows:
            who = row.state or row.recipient_name or "?"
            print(f"{normalise(row.reference) if row.reference else '(unsent)':<16} {row.kind:<3} {who:<4} {row.status:<10} "
                  f"{row.sent or '':<10}  {row.id}  {row.topic[:50]}")
    return EXIT_OK


def _summary_dict(row: Any) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(row)
    data["mandates"] = list(row.mandates)
    return data


def cmd_show(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.load(args.id)
        if args.json:
            _print_json(case.to_dict())
            return EXIT_OK
        texts = case.source_texts
        print(f"{case.reference or '(no reference yet)'}  [{case.kind}, {case.status}]  id {case.id}")
        recipient = case.recipient.state or case.recipient.name
        print(f"recipient: {recipient}   mandates: {', '.join(case.mandates)}")
        print(f"sent: {case.dates.sent or '-'}   reply: {case.dates.reply or '-'}"
              f" ({case.dates.reply_kind or '-'})")
        print(f"topic: {texts.topic}")
        for person in case.persons:
            consent = ("state" if person.consent_state else "") + (
                "+public" if person.consent_public else "")
            print(f"  {person.kind}: {person.name} ({person.gender}; consent {consent or 'none'})")
        for rel in case.related:
            print(f"  related: {rel.reference} of {rel.date or '?'}, reply {rel.reply or 'none'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_app.workspace.messages import cli_language, describe, item_dict, section_title

    lang = cli_language()
    with _workspace(args) as ws:
        case = ws.load(args.id)
        items = ws.check(case)
        reference = ws.reference
        replaced = _consent_replacements(ws, case)
    status = EXIT_DATA if any(i.kind == "inconsistent" for i in items) else EXIT_OK
    if getattr(args, "json", False):
        _print_json([item_dict(item, lang, reference) for item in items])
        return status
    if not [item for item in items if item.kind != "info"]:
        print("Nothing missing.")
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            print(f"{section_title(section, lang)}:")
        mark = {"inconsistent": "!", "info": "i"}.get(item.kind, "-")
        print(f"  {mark} {_terminal(describe(item, lang, reference))}  [{item.field}]")
    if replaced:
        print("names replaced for want of consent (read them as printed):")
        for line in replaced:
            print(f"  > {_terminal(line)}")
    return status


def _consent_replacements(ws: Any, case: Any) -> list[str]:
    """Each name the letter or the summary prints as a public label instead (consent)."""
    from desktop_app.domain.errors import CommdraftError
    from desktop_app.workspace.documents import consent_replacements

    out: list[str] = []
    for variant, document in (("full", "letter"), ("short", "summary")):
        try:
            found = consent_replacements(ws, case, case.source_language, variant)
        except CommdraftError:
            continue  # a case no document can be made from yet: the checklist says why
        for item in found:
            line = f"{document} {item.key or item.section}: “{item.original}” -> “{item.replacement}”"
            if line not in out:
                out.append(line)
    return out


#: Characters that would act on a terminal instead of being shown: C0 and C1 controls but the
#: line feed and tab, and the bidirectional embeddings and overrides (U+202A-U+202E, U+2066,
#: U+2067) that reorder what follows them. Joiners, marks and the first-strong isolates the
#: messages use (U+2068, U+2069) are part of the text and stay.
_ACTING = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20))}
_ACTING.update({c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)})  # valid in JSON strings too
_ACTING.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), 0x2066, 0x2067)})


def _terminal(text: str) -> str:
    """Case text shown in a terminal: control characters (a carriage return, an escape
    sequence, a right-to-left override) are shown escaped, never acted on."""
    return text.translate(_ACTING)


class _EscapingOutput:
    """Standard output with :func:`_terminal` applied to everything written (JSON output
    included: its strings already escape control characters, and ``\\u202e`` is valid JSON)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_terminal(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def cmd_render(args: argparse.Namespace) -> int:
    from desktop_app.workspace import parse_languages
    from desktop_app.workspace.documents import (
        default_author,
        to_pdf,
        untranslated_marker,
        untranslated_units,
    )

    variants = ["full", "short"] if args.variant == "both" else [args.variant]
    langs = parse_languages(args.lang or ["en"])
    author = (args.author or "").strip() or default_author()
    with _workspace(args) as ws:
        case = ws.load(args.id)
        for lang in langs:
            for variant in variants:
                path = ws.render(case, [variant], [lang], args.out, author=author)[0]
                print(path)
                if args.pdf:
                    print(to_pdf(path))  # PDF/A-2b beside it
                missing = len(untranslated_units(ws, case, lang, variant))
                if missing:
                    # Written all the same: the marks show the translator where and what.
                    print(f"commdraft: {path.name}: {missing} text(s) not yet translated into "
                          f"{lang}: marked {untranslated_marker(lang)} in the document",
                          file=sys.stderr)
    return EXIT_OK


def cmd_translation(args: argparse.Namespace) -> int:
    from desktop_app.domain.translation import NEEDS_WORK, UnitState, units

    with _workspace(args) as ws:
        if args.import_xliff:
            from desktop_app.workspace import import_xliff

            case, lang, result = import_xliff(ws, args.import_xliff)
            print(f"{case.reference or case.id} ({lang}): {result.current} text(s) up to date, "
                  f"{result.stale} made from an older source (still stale), {result.skipped} "
                  f"without translation" + (f"; unknown units: {', '.join(result.unknown)}"
                                           if result.unknown else ""))
            return EXIT_OK
        if args.id is None or args.lang is None:
            raise CommdraftError("say which case and which translation: "
                                 "commdraft translation ID --lang LANG")
        if args.export_xliff:
            from desktop_app.workspace import export_xliff

            print(export_xliff(ws, args.id, args.lang, args.export_xliff,
                               plaintext=args.plaintext))
            return EXIT_OK
        if args.realign or args.mark_current:
            case, count = ws.translate(args.id, args.lang, mark_current=args.mark_current,
                                       realign=args.realign)
            done = "realigned or marked" if args.realign and args.mark_current else (
                "moved back beside their source" if args.realign else "marked as current")
            print(f"{count} text(s) {done} (revision {case.revision})")
        else:
            case = ws.load(args.id)
        found = units(case, args.lang)
    if args.json:
        _print_json([{"key": u.key, "state": str(u.state), "source": u.source,
                      "translation": u.target} for u in found])
        return EXIT_OK
    counts = {state: sum(u.state is state for u in found) for state in UnitState}
    print(f"{case.reference or case.id}: {case.source_language} -> {args.lang}: " + ", ".join(
        f"{n} {state}" for state, n in counts.items() if n))
    for unit in found:
        if unit.state in NEEDS_WORK:
            excerpt = (unit.source or unit.target).replace("\n", " ")
            excerpt = excerpt if len(excerpt) <= 70 else excerpt[:69] + "…"
            print(f"  {unit.state:<9} {unit.key:<22} {excerpt}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from desktop_app.workspace import decide, export_review, import_review, resolve

    with _workspace(args) as ws:
        action = args.review_command
        if action in ("export", "redline"):
            since = None
            if action == "redline":
                from desktop_app.workspace import last_reviewed_revision

                since = args.since or last_reviewed_revision(ws.load(args.id))
                if since is None:
                    raise CommdraftError(
                        "no review copy has come back yet: say which revision to compare "
                        "with (--since N)")
            print(export_review(ws, args.id, args.lang, args.variant, args.out, since=since))
            return EXIT_OK
        if action == "import":
            result = import_review(ws, args.file)
            for warning in result.warnings:
                print(f"note: {_item_text(warning, ws)}", file=sys.stderr)
            if result.round is None:
                print(f"{result.case.reference or result.case.id}: nothing new")
                return EXIT_OK
            print(f"{result.case.reference or result.case.id}: review round {result.round}: "
                  f"{len(result.comments)} comment(s), {len(result.changes)} change(s) "
                  f"(see `commdraft review list {result.case.reference or result.case.id}`)")
            return EXIT_OK
        if action in ("accept", "reject"):
            case = decide(ws, args.id, args.item, accept=action == "accept")
            print(f"{args.item} {action}ed (revision {case.revision})")
            return EXIT_OK
        if action == "resolve":
            case = resolve(ws, args.id, args.item, reopen=args.reopen)
            print(f"{args.item} {'reopened' if args.reopen else 'resolved'} "
                  f"(revision {case.revision})")
            return EXIT_OK
        case = ws.load(args.id)
    review = case.review
    if args.json:
        _print_json(review.to_dict())
        return EXIT_OK
    if review.is_empty():
        print("No review yet: `commdraft review export ID` makes a copy to send for comment.")
        return EXIT_OK
    for round_ in review.rounds:
        print(f"round {round_.number}: {round_.file} ({round_.variant}, {round_.lang}), "
              f"imported {round_.imported}")
    for c in review.comments:
        where = c.key or "fixed wording"
        print(f"  {c.id:<6} [{c.status}] {c.author or '?'} on {where}: {c.text}")
        if c.anchor:
            print(f"         on the words: {c.anchor[:80]}")
    for c in review.changes:
        where = c.key or f"new paragraph after {c.after}"
        how = "tracked" if c.tracked else "edited without tracking"
        print(f"  {c.id:<6} [{c.status}] {', '.join(c.authors) or '?'} {how}, {where}:")
        print(f"         - {c.original[:100]}")
        print(f"         + {c.proposed[:100]}")
    return EXIT_OK


def cmd_mark_sent(args: argparse.Namespace) -> int:
    from desktop_app.workspace import OpenItemsError

    with _workspace(args) as ws:
        try:
            case = ws.mark_sent(args.id, args.date, reference=args.reference, force=args.force,
                                by=os.environ.get("COMMDRAFT_AUTHOR") or None)
        except OpenItemsError as exc:
            print(f"commdraft: error: {_item_text(exc, ws)}", file=sys.stderr)
            for item in exc.items:
                print(f"  - {_item_text(item, ws)}  [{item.section}: {item.field}]",
                      file=sys.stderr)
            return EXIT_DATA
    print(f"{case.reference}  sent {case.dates.sent.isoformat()}  (revision {case.revision})")
    if not args.reference:
        print(f"commdraft: {case.reference} is the next free number in this workspace; if the "
              "registry gave another, reopen the case and mark it sent again with --reference",
              file=sys.stderr)
    return EXIT_OK


def _item_text(item: Any, ws: Any) -> str:
    """A checklist item or a notice in words (the CLI's language), safe for a terminal."""
    from desktop_app.workspace.messages import cli_language, describe

    return _terminal(describe(item, cli_language(), ws.reference))


def cmd_reopen(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.reopen(args.id, args.reason, by=os.environ.get("COMMDRAFT_AUTHOR") or None)
    print(f"{case.reference or case.id}: reopened, now {case.status} (revision {case.revision}); "
          "mark it sent again when the letter is corrected")
    return EXIT_OK


def cmd_set_status(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.set_status(args.id, args.status)
    print(f"{case.reference or case.id}: {case.status} (revision {case.revision})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        result = ws.import_file(args.file)
    print(f"{result.action}: {result.case.reference or '(no reference)'} "
          f"revision {result.case.revision}")
    print(result.case.id)
    return EXIT_OK


def cmd_export_case(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        print(ws.export_file(args.id, args.file, plaintext=args.plaintext))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.load_demo()
        print(f"demo case {case.reference} loaded in {ws.root}")
        print(case.id)
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from desktop_app.workspace import Workspace, default_workspace

    passphrase = None
    if args.encrypt:
        passphrase = _passphrase(args, prompt=True, confirm=True)
        if passphrase is None:
            raise CommdraftError("--encrypt needs a passphrase: --passphrase-file FILE, "
                                 "COMMDRAFT_PASSPHRASE, or run it in a terminal")
    with Workspace.create(args.workspace or default_workspace(), passphrase=passphrase) as ws:
        state = "encrypted" if ws.encrypted else "not encrypted"
        print(f"workspace created in {ws.root} ({state})")
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    new = _passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file),
                      prompt=True, confirm=True)
    if new is None:
        raise CommdraftError("give the new passphrase with --new-passphrase-file FILE")
    with _workspace(args) as ws:
        removed = ws.encrypt(new, remove_plaintext=args.remove_plaintext)
        print(f"{ws.root}: every case file, the index, conflicts and trash are now encrypted")
        for path in removed:
            print(f"removed (it was readable): {path}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        print(ws.backup())
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop_app.workspace import backups_of, default_workspace, restore

    root = args.workspace or default_workspace()
    if args.list:
        found = backups_of(root)
        if not found:
            print(f"no backup in {root}")
        for info in found:
            print(f"{info.path}  {info.created:%Y-%m-%d %H:%M}  {info.cases} case(s)")
        return EXIT_OK
    moved = restore(root, args.backup)
    print(f"backup restored; the previous store was kept in {moved}")
    return EXIT_OK


def _reference(args: argparse.Namespace):
    """The reference data, with the workspace's own additions when it has any."""
    from desktop_app.reference import load_reference
    from desktop_app.workspace import default_workspace

    root = args.workspace or default_workspace()
    extra = root / "reference"
    return load_reference(extra if extra.is_dir() else None)


def _check_lang(lang: str) -> str:
    from desktop_app.domain.languages import LANGUAGES

    if lang not in LANGUAGES:
        raise CommdraftError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def cmd_mandates(args: argparse.Namespace) -> int:
    lang = _check_lang(args.lang)
    mandates = _reference(args).mandates.values()
    if args.json:
        _print_json([{"id": m.id, "title": m.title_in(lang), "kind": m.kind,
                      "resolution": str(m.resolution_on(None)) if m.resolutions else None,
                      "signs_as": m.signs_as, "status": m.status,
                      "ended": m.ended.isoformat() if m.ended else None,
                      "holders": [{"name": h.name, "from": h.start.isoformat(),
                                   "to": h.end.isoformat() if h.end else None}
                                  for h in m.holders]}
                     for m in mandates])
        return EXIT_OK
    for m in mandates:
        resolution = m.resolution_on(None)
        status = {"ended": f"  (ended {m.ended})", "not_started": "  (not started)"}.get(
            m.status, "")
        print(f"{m.id:<28} {m.kind:<8} {str(resolution or ''):<7} {m.title_in(lang)}{status}")
    return EXIT_OK


def cmd_states(args: argparse.Namespace) -> int:
    lang = _check_lang(args.lang)
    states = _reference(args).states.values()
    if args.json:
        _print_json([{"iso3": s.iso3, "iso2": s.iso2, "status": s.status, **s.forms(lang)}
                     for s in states])
        return EXIT_OK
    for s in states:
        print(f"{s.iso3}  {s.form(lang, 'short'):<40} {s.form(lang, 'government')}")
    return EXIT_OK


def cmd_clauses(args: argparse.Namespace) -> int:
    lang = _check_lang(args.lang)
    ref = _reference(args)
    if args.json:
        _print_json([{"id": c.id, "instrument": c.instrument, "article": c.article,
                      "title": c.title_in(lang), "text": c.text_in(lang)}
                     for c in ref.clauses.values()])
        return EXIT_OK
    for c in ref.clauses.values():
        print(f"{c.id:<24} {c.instrument} {c.article:<8} {c.title_in(lang)}")
    return EXIT_OK


def cmd_add_holder(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        ws.add_holder(args.mandate, args.name, args.gender, args.start, args.end)
        mandate = ws.reference.mandate(args.mandate)
        print(f"{mandate.id}: " + "; ".join(
            f"{h.name} {h.start.isoformat()}..{h.end.isoformat() if h.end else ''}"
            for h in mandate.holders))
    return EXIT_OK


def cmd_add_reference(args: argparse.Namespace) -> int:
    try:
        entry = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommdraftError(f"{args.file}: cannot be read as JSON ({exc})") from None
    with _workspace(args) as ws:
        ws.add_reference_entry(args.kind, entry)
    print(f"{args.kind} {entry.get('id')!r} saved in {ws.reference_dir}")
    return EXIT_OK


def cmd_templates_check(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        paths, problems = ws.check_templates()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(paths)} layout(s)", file=sys.stderr)
        return EXIT_DATA
    print(f"{len(paths)} layout(s) checked: no problem")
    return EXIT_OK


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    def options(default: Any) -> argparse.ArgumentParser:
        # The sub-commands' copies default to SUPPRESS, so that "commdraft --workspace DIR
        # demo" keeps the DIR given before the command.
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--workspace", type=Path, metavar="DIR", default=default,
                            help="workspace folder (default: drafts/ in a checkout)")
        common.add_argument("--passphrase-file", type=Path, metavar="FILE", default=default,
                            help="passphrase of an encrypted workspace (or COMMDRAFT_PASSPHRASE)")
        return common

    common = options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="commdraft", parents=[options(None)],
        description="Draft UN Special Procedures communications: full letters and public "
                    "summaries as Word documents, from one case record.",
        epilog="Without a command (or with only --workspace DIR), commdraft opens the window.")
    parser.add_argument("--version", action="version", version=f"commdraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = add("list", cmd_list, "list the cases of the workspace")
    p.add_argument("--state", help="ISO 3166-1 alpha-3 code, e.g. MNE")
    p.add_argument("--kind", choices=["UA", "AL", "OL"])
    p.add_argument("--status", choices=["draft", "in_review", "approved", "sent", "published"])
    p.add_argument("--year", type=int)
    p.add_argument("--text", help="free text: names, topic, reference")
    p.add_argument("--json", action="store_true")
    p = add("show", cmd_show, "show one case (ID is a case id or a reference)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    p = add("check", cmd_check, "what is missing or inconsistent, by section")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true",
                   help="the items as JSON: section, field, code, message")
    p = add("render", cmd_render, "produce the Word documents of a case")
    p.add_argument("id", metavar="ID")
    p.add_argument("--variant", choices=["full", "short", "both"], default="both")
    p.add_argument("--lang", action="append", metavar="LANG",
                   help="document language (ar zh en fr ru es; repeat or comma-separate)")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder")
    p.add_argument("--author", metavar="NAME",
                   help="the documents' author property (default: COMMDRAFT_AUTHOR, else the "
                        "login's full name)")
    p.add_argument("--pdf", action="store_true",
                   help="also a PDF/A-2b of each document, fonts embedded (needs LibreOffice)")
    p = add("translation", cmd_translation,
            "a translation's state, text by text: missing, stale (source changed), current")
    p.add_argument("id", metavar="ID", nargs="?")
    p.add_argument("--lang", metavar="LANG", help="ar zh fr ru es")
    p.add_argument("--json", action="store_true")
    p.add_argument("--plaintext", action="store_true",
                   help="with --export-xliff: write it even inside an encrypted workspace")
    p.add_argument("--export-xliff", type=Path, metavar="FILE",
                   help="write the translation as XLIFF 1.2 for a CAT tool")
    p.add_argument("--import-xliff", type=Path, metavar="FILE",
                   help="read a translated XLIFF file back (its case is named inside)")
    p.add_argument("--realign", action="store_true",
                   help="after source paragraphs were inserted or removed, move each translated "
                        "paragraph back beside the source paragraph it was made from")
    p.add_argument("--mark-current", action="store_true",
                   help="record every translated text as checked against the current source")
    p = add("review", cmd_review,
            "legal review: export a copy for comment, import it back, decide on changes")
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    r = rsub.add_parser("export", parents=[common],
                        help="write a review copy (DOCX) to send for comment")
    r.add_argument("id", metavar="ID")
    r.add_argument("--lang", default="en", metavar="LANG")
    r.add_argument("--variant", choices=["full", "short"], default="full")
    r.add_argument("--out", type=Path, metavar="DIR", help="output folder")
    r = rsub.add_parser("redline", parents=[common],
                        help="a review copy showing what changed since a revision as tracked "
                             "changes (default: the revision of the last reviewed copy)")
    r.add_argument("id", metavar="ID")
    r.add_argument("--since", type=int, metavar="REVISION")
    r.add_argument("--lang", default="en", metavar="LANG")
    r.add_argument("--variant", choices=["full", "short"], default="full")
    r.add_argument("--out", type=Path, metavar="DIR", help="output folder")
    r = rsub.add_parser("import", parents=[common],
                        help="read a reviewed copy's comments and changes into its case")
    r.add_argument("file", type=Path, metavar="FILE")
    r = rsub.add_parser("list", parents=[common], help="the comments and proposed changes")
    r.add_argument("id", metavar="ID")
    r.add_argument("--json", action="store_true")
    for name, text in (("accept", "apply a proposed change to the case"),
                       ("reject", "set a proposed change aside")):
        r = rsub.add_parser(name, parents=[common], help=text)
        r.add_argument("id", metavar="ID")
        r.add_argument("item", metavar="CHANGE", help="e.g. r1s2 (see `review list`)")
    r = rsub.add_parser("resolve", parents=[common], help="mark a comment resolved")
    r.add_argument("id", metavar="ID")
    r.add_argument("item", metavar="COMMENT", help="e.g. r1c1")
    r.add_argument("--reopen", action="store_true")
    p = add("mark-sent", cmd_mark_sent,
            "record the date sent and the reference; the letter is then frozen (refused while "
            "the checklist has open items, unless --force)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--reference", metavar="REF",
                   help="the registry's number (\"UA XYZ 3/2024\"); without it the next free "
                        "number in this workspace is used")
    p.add_argument("--force", action="store_true",
                   help="mark sent although the checklist still has open items")
    p = add("reopen", cmd_reopen,
            "unfreeze a sent letter to correct it; the reason is kept in the case's history")
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True, help="why the sent letter must change")
    p = add("set-status", cmd_set_status, "move a case through draft, in_review, approved, published")
    p.add_argument("id", metavar="ID")
    p.add_argument("status", choices=["draft", "in_review", "approved", "published"])
    p = add("import", cmd_import, "import a case file (prints the case id on its last line)")
    p.add_argument("file", type=Path, metavar="FILE")
    p = add("export-case", cmd_export_case, "export a case as a commdraft.case/1 file")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", type=Path, metavar="FILE")
    add("demo", cmd_demo, "load the demo case (the seed's case) into the workspace")
    p.add_argument("--plaintext", action="store_true",
                   help="write it even inside an encrypted workspace (the file is not encrypted)")
    p = add("init", cmd_init, "create a workspace, optionally encrypted at rest")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the store with a passphrase (asked, or --passphrase-file)")
    p = add("encrypt", cmd_encrypt, "encrypt an existing workspace with a new passphrase")
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
    p.add_argument("--remove-plaintext", action="store_true",
                   help="delete the documents, exports and XLIFF files in the workspace that "
                        "encryption cannot cover (listed when it refuses)")
    add("backup", cmd_backup, "make a backup of the store now (the last N are kept)")
    p = add("restore", cmd_restore,
            "put the newest (or the given) backup in place of a damaged store")
    p.add_argument("backup", nargs="?", type=Path, metavar="BACKUP")
    p.add_argument("--list", action="store_true", help="list the backups")
    for name, func, text in (
        ("mandates", cmd_mandates, "the mandates: id, kind, latest resolution, title"),
        ("states", cmd_states, "the States: ISO code, UN short name, 'the Government of ...'"),
        ("clauses", cmd_clauses, "the legal-framework clauses"),
    ):
        p = add(name, func, text)
        p.add_argument("--json", action="store_true")
        p.add_argument("--lang", default="en", help="ar zh en fr ru es")
    p = add("add-holder", cmd_add_holder,
            "record a mandate holder in the workspace (the shipped data is not edited)")
    p.add_argument("mandate", metavar="MANDATE")
    p.add_argument("--name", required=True)
    p.add_argument("--gender", choices=["female", "male"], required=True)
    p.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD")
    p = add("add-reference", cmd_add_reference,
            "add or update a mandate, clause or question of the workspace from a JSON file")
    p.add_argument("kind", choices=["mandate", "clause", "question"])
    p.add_argument("file", type=Path, metavar="FILE")
    p = add("templates", None, "the Word layouts")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    t = tsub.add_parser("check", parents=[common],
                        help="name every unknown or missing variable and syntax error")
    t.set_defaults(func=cmd_templates_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_OK
    out = sys.stdout
    sys.stdout = _EscapingOutput(out)  # case text never acts on the terminal
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head`: not an error
        out = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_OK
    except (CommdraftError, OSError) as exc:
        from desktop_app.workspace.fileerrors import os_error
        from desktop_app.workspace.messages import cli_language, describe

        if isinstance(exc, OSError):  # a file the command itself touched: said, not traced
            exc = os_error(exc)
        print(f"commdraft: error: {_terminal(describe(exc, cli_language()))}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = out
