"""Commands on cases: list, show, check, import and export, the demo, status, sending."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    iso_date,
    item_text,
    open_workspace,
    print_json,
    terminal,
)
from desktop_app.domain.errors import CommdraftError


# ---------------------------------------------------------------------- commands
def cmd_list(args: argparse.Namespace) -> int:
    from desktop_app.domain.references import normalise
    from desktop_app.storage import CaseQuery

    with open_workspace(args) as ws:
        query = CaseQuery(state=args.state, kind=args.kind, status=args.status, year=args.year,
                          text=args.text)
        rows = ws.cases(query)
        _say_damaged(ws)
        if args.json:
            print_json([_summary_dict(row) for row in rows])
            return EXIT_OK
        if not rows:
            if ws.is_empty() and ws.server:
                print(f"No case of your teams on {ws.server} yet.")
            elif ws.is_empty():
                print(f"No cases in {ws.root} yet. Load the demo case with: commdraft demo")
            else:
                print("No case matches.")
            return EXIT_OK
        for row in rows:
            who = row.state or row.recipient_name or "?"
            print(f"{normalise(row.reference) if row.reference else '(unsent)':<16} {row.kind:<3} {who:<4} {row.status:<10} "
                  f"{row.sent or '':<10}  {row.id}  {row.topic[:50]}")
    return EXIT_OK


def _say_damaged(ws: Any) -> None:
    """Cases set aside as damaged, on standard error (the list itself stays machine-readable):
    what, where, and the command that restores that one case."""
    for item in ws.damaged():
        where = f"{item.path}" + (f", line {item.line}" if item.line else "")
        print(terminal(f"damaged, set aside: {item.case_id} ({where}): {item.reason}. Restore "
                       f"this case alone with: commdraft restore --case {item.case_id}"),
              file=sys.stderr)


def _summary_dict(row: Any) -> dict[str, Any]:

    data: dict[str, Any] = row._asdict()
    data["mandates"] = list(row.mandates)
    return data


def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.load(args.id)
        if args.json:
            print_json(case.to_dict())
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


def cmd_history(args: argparse.Namespace) -> int:
    """Every revision of a case, oldest first: when, and who saved it (on a team server)."""
    with open_workspace(args) as ws:
        case = ws.load(args.id)
        revisions = ws.store.history(case.id)
    if args.json:
        print_json([{"revision": r.revision, "saved_at": r.saved_at, "saved_by": r.saved_by}
                    for r in revisions])
        return EXIT_OK
    for info in revisions:
        who = info.saved_by or "-"
        print(f"{info.revision:>6}  {info.saved_at}  {who}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop_app.workspace.messages import cli_language, describe, item_dict, section_title

    lang = cli_language()
    with open_workspace(args) as ws:
        case = ws.load(args.id)
        items = ws.check(case)
        reference = ws.reference
        replaced = _consent_replacements(ws, case)
    status = EXIT_DATA if any(i.kind == "inconsistent" for i in items) else EXIT_OK
    if getattr(args, "json", False):
        print_json([item_dict(item, lang, reference) for item in items])
        return status
    if not [item for item in items if item.kind != "info"]:
        print("Nothing missing.")
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            print(f"{section_title(section, lang)}:")
        mark = {"inconsistent": "!", "info": "i"}.get(item.kind, "-")
        print(f"  {mark} {terminal(describe(item, lang, reference))}  [{item.field}]")
    if replaced:
        print("names replaced for want of consent (read them as printed):")
        for line in replaced:
            print(f"  > {terminal(line)}")
    return status


def _consent_replacements(ws: Any, case: Any) -> list[str]:
    """Each name the letter or the summary prints as a public label instead (consent)."""
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


def cmd_mark_sent(args: argparse.Namespace) -> int:
    from desktop_app.workspace import OpenItemsError

    with open_workspace(args) as ws:
        try:
            case = ws.mark_sent(args.id, args.date, reference=args.reference, force=args.force,
                                by=os.environ.get("COMMDRAFT_AUTHOR") or None)
        except OpenItemsError as exc:
            print(f"commdraft: error: {item_text(exc, ws)}", file=sys.stderr)
            for item in exc.items:
                print(f"  - {item_text(item, ws)}  [{item.section}: {item.field}]",
                      file=sys.stderr)
            return EXIT_DATA
    print(f"{case.reference}  sent {case.dates.sent.isoformat()}  (revision {case.revision})")
    if not args.reference:
        print(f"commdraft: {case.reference} is the next free number in this workspace; if the "
              "registry gave another, reopen the case and mark it sent again with --reference",
              file=sys.stderr)
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.reopen(args.id, args.reason, by=os.environ.get("COMMDRAFT_AUTHOR") or None)
    print(f"{case.reference or case.id}: reopened, now {case.status} (revision {case.revision}); "
          "mark it sent again when the letter is corrected")
    return EXIT_OK


def cmd_set_status(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.set_status(args.id, args.status)
    print(f"{case.reference or case.id}: {case.status} (revision {case.revision})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        result = ws.import_file(args.file)
    print(f"{result.action}: {result.case.reference or '(no reference)'} "
          f"revision {result.case.revision}")
    print(result.case.id)
    return EXIT_OK


def cmd_export_case(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        print(ws.export_file(args.id, args.file, plaintext=args.plaintext))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        case = ws.load_demo()
        print(f"demo case {case.reference} loaded in {ws.root}")
        print(case.id)
    return EXIT_OK


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
    p = add("history", cmd_history,
            "every revision of a case: when, and who saved it (on a team server)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    p = add("check", cmd_check, "what is missing or inconsistent, by section")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true",
                   help="the items as JSON: section, field, code, message")
    p = add("mark-sent", cmd_mark_sent,
            "record the date sent and the reference; the letter is then frozen (refused while "
            "the checklist has open items, unless --force)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
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
