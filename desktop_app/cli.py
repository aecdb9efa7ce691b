"""The headless commands. ``commdraft`` with no arguments opens the window (once it exists).

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


def _workspace(args: argparse.Namespace):
    from desktop_app.workspace import Workspace

    return Workspace.open(args.workspace)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------- commands
def cmd_list(args: argparse.Namespace) -> int:
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
            print(f"{row.reference or '(unsent)':<16} {row.kind:<3} {who:<4} {row.status:<10} "
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
    with _workspace(args) as ws:
        case = ws.load(args.id)
        items = ws.check(case)
    if not items:
        print("Nothing missing.")
        return EXIT_OK
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            print(f"{section}:")
        mark = "!" if item.kind == "inconsistent" else "-"
        print(f"  {mark} {item.message}  [{item.field}]")
    return EXIT_DATA if any(i.kind == "inconsistent" for i in items) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from desktop_app.workspace import parse_languages

    variants = ["full", "short"] if args.variant == "both" else [args.variant]
    langs = parse_languages(args.lang or ["en"])
    with _workspace(args) as ws:
        case = ws.load(args.id)
        for path in ws.render(case, variants, langs, args.out):
            print(path)
    return EXIT_OK


def cmd_mark_sent(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.mark_sent(args.id, args.date)
    print(f"{case.reference}  sent {case.dates.sent.isoformat()}  (revision {case.revision})")
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
        print(ws.export_file(args.id, args.file))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        case = ws.load_demo()
        print(f"demo case {case.reference} loaded in {ws.root}")
        print(case.id)
    return EXIT_OK


def cmd_mandates(args: argparse.Namespace) -> int:
    from desktop_app.reference import load_reference

    mandates = load_reference().mandates.values()
    lang = args.lang
    if args.json:
        _print_json([{"id": m.id, "title": m.title_in(lang), "kind": m.kind,
                      "resolution": (m.resolution_on(None).number if m.resolutions else None)}
                     for m in mandates])
        return EXIT_OK
    for m in mandates:
        print(f"{m.id:<24} {m.title_in(lang)}")
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
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", type=Path, metavar="DIR",
                        help="workspace folder (default: drafts/ in a checkout)")
    parser = argparse.ArgumentParser(
        prog="commdraft", parents=[common],
        description="Draft UN Special Procedures communications: full letters and public "
                    "summaries as Word documents, from one case record.")
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
    p = add("render", cmd_render, "produce the Word documents of a case")
    p.add_argument("id", metavar="ID")
    p.add_argument("--variant", choices=["full", "short", "both"], default="both")
    p.add_argument("--lang", action="append", metavar="LANG",
                   help="document language (ar zh en fr ru es; repeat or comma-separate)")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder")
    p = add("mark-sent", cmd_mark_sent, "record the date sent and allocate the reference")
    p.add_argument("id", metavar="ID")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p = add("set-status", cmd_set_status, "move a case through draft, in_review, approved, published")
    p.add_argument("id", metavar="ID")
    p.add_argument("status", choices=["draft", "in_review", "approved", "published"])
    p = add("import", cmd_import, "import a case file (prints the case id on its last line)")
    p.add_argument("file", type=Path, metavar="FILE")
    p = add("export-case", cmd_export_case, "export a case as a commdraft.case/1 file")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", type=Path, metavar="FILE")
    add("demo", cmd_demo, "load the demo case (the seed's case) into the workspace")
    p = add("mandates", cmd_mandates, "list the mandates of the reference data")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", default="en")
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
    try:
        return args.func(args)
    except CommdraftError as exc:
        print(f"commdraft: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_OK
