"""Commands that make documents: render (DOCX, PDF/A) and the layouts' check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_DATA, EXIT_OK, open_workspace


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
    with open_workspace(args) as ws:
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


def cmd_templates_check(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        paths, problems = ws.check_templates()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(paths)} layout(s)", file=sys.stderr)
        return EXIT_DATA
    print(f"{len(paths)} layout(s) checked: no problem")
    return EXIT_OK


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
    p = add("templates", None, "the Word layouts")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    t = tsub.add_parser("check", parents=[common],
                        help="name every unknown or missing variable and syntax error")
    t.set_defaults(func=cmd_templates_check)
