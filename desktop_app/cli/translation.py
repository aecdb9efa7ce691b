"""The translation command: a translation's state, XLIFF out and in, realign, mark current."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_OK, open_workspace, print_json
from desktop_app.domain.errors import CommdraftError


def cmd_translation(args: argparse.Namespace) -> int:
    from desktop_app.domain.translation import NEEDS_WORK, UnitState, units

    with open_workspace(args) as ws:
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
        print_json([{"key": u.key, "state": str(u.state), "source": u.source,
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


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
