"""Commands on the reference data: mandates, States, clauses, and the workspace's own additions."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_OK,
    check_lang,
    iso_date,
    open_workspace,
    print_json,
    reference_data,
)
from desktop_app.domain.errors import CommdraftError


def cmd_mandates(args: argparse.Namespace) -> int:
    lang = check_lang(args.lang)
    mandates = reference_data(args).mandates.values()
    if args.json:
        print_json([{"id": m.id, "title": m.title_in(lang), "kind": m.kind,
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
    lang = check_lang(args.lang)
    states = reference_data(args).states.values()
    if args.json:
        print_json([{"iso3": s.iso3, "iso2": s.iso2, "status": s.status, **s.forms(lang)}
                     for s in states])
        return EXIT_OK
    for s in states:
        print(f"{s.iso3}  {s.form(lang, 'short'):<40} {s.form(lang, 'government')}")
    return EXIT_OK


def cmd_clauses(args: argparse.Namespace) -> int:
    lang = check_lang(args.lang)
    ref = reference_data(args)
    if args.json:
        print_json([{"id": c.id, "instrument": c.instrument, "article": c.article,
                      "title": c.title_in(lang), "text": c.text_in(lang)}
                     for c in ref.clauses.values()])
        return EXIT_OK
    for c in ref.clauses.values():
        print(f"{c.id:<24} {c.instrument} {c.article:<8} {c.title_in(lang)}")
    return EXIT_OK


def cmd_add_holder(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
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
    with open_workspace(args) as ws:
        ws.add_reference_entry(args.kind, entry)
    print(f"{args.kind} {entry.get('id')!r} saved in {ws.reference_dir}")
    return EXIT_OK


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
    p.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD")
    p = add("add-reference", cmd_add_reference,
            "add or update a mandate, clause or question of the workspace from a JSON file")
    p.add_argument("kind", choices=["mandate", "clause", "question"])
    p.add_argument("file", type=Path, metavar="FILE")
