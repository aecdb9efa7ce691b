"""The legal-review commands: export a copy for comment or a redline, import it, decide."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_OK, item_text, open_workspace, print_json
from desktop_app.domain.errors import CommdraftError


def cmd_review(args: argparse.Namespace) -> int:
    from desktop_app.workspace import decide, export_review, import_review, resolve

    with open_workspace(args) as ws:
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
                print(f"note: {item_text(warning, ws)}", file=sys.stderr)
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
        print_json(review.to_dict())
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


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
