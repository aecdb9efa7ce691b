"""``commdraft store …``: the team store on a PostgreSQL server (make and upgrade its schema,
add people) and moving cases between stores (``store copy``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_OK, print_json, read_passphrase, terminal
from desktop_app.domain.errors import CommdraftError

ROLES = ("drafter", "translator", "reviewer", "admin")


def server_location(args: argparse.Namespace) -> str:
    """The server of ``--store`` (or COMMDRAFT_STORE); an error when there is none."""
    from desktop_app.storage import checked_server_location
    from desktop_app.workspace import store_location

    return checked_server_location(store_location(getattr(args, "store", None)))


def cmd_store_init(args: argparse.Namespace) -> int:
    from desktop_app.storage import init_server

    applied = init_server(server_location(args))
    print("schema made: migrations " + ", ".join(map(str, applied)) if applied
          else "the schema was already made: nothing to do")
    return EXIT_OK


def cmd_store_upgrade(args: argparse.Namespace) -> int:
    from desktop_app.storage import upgrade_server

    applied = upgrade_server(server_location(args))
    print("upgraded: migrations " + ", ".join(map(str, applied)) if applied
          else "the schema is current: nothing to do")
    return EXIT_OK


def cmd_store_status(args: argparse.Namespace) -> int:
    from desktop_app.storage import server_status

    status = server_status(server_location(args))
    if args.json:
        print_json(status)
        return EXIT_OK
    for key, value in status.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
        print(f"{key}: {terminal(str(shown))}")
    return EXIT_OK


def _new_password(args: argparse.Namespace) -> tuple[str | None, bool]:
    """The new person's password: from --password-file, COMMDRAFT_NEW_PASSWORD or a prompt;
    else (None, True): made up and shown once."""
    if args.password_file:
        try:
            return args.password_file.read_text(encoding="utf-8").rstrip("\r\n"), False
        except OSError as exc:
            raise CommdraftError(f"{args.password_file}: cannot read ({exc.strerror})") from None
    if os.environ.get("COMMDRAFT_NEW_PASSWORD"):
        return os.environ["COMMDRAFT_NEW_PASSWORD"], False
    if sys.stdin.isatty() and not args.certificate:
        import getpass

        first = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Repeat it: ") != first:
            raise CommdraftError("the two passwords differ; nobody was added")
        return first, False
    return None, not args.certificate


def _check_mandates(args: argparse.Namespace, mandates: list[str]) -> None:
    """Teams are mandates: an id the reference data does not know (a typo) would give a person
    no case at all, silently; refused, with the ids that come close."""
    import difflib

    from desktop_app.cli.common import reference_data

    known = set(reference_data(args).mandates)
    unknown = [m for m in mandates if m not in known]
    if unknown and not args.any_mandate:
        hints = {m: difflib.get_close_matches(m, sorted(known), n=2) for m in unknown}
        shown = "; ".join(f"{m!r}" + (f" (did you mean {', '.join(h)}?)" if h else "")
                          for m, h in hints.items())
        raise CommdraftError(
            f"unknown mandate id(s): {shown}. `commdraft mandates` lists them; "
            "--any-mandate accepts ids of the workspace's own (nobody was added)")


def cmd_store_add_user(args: argparse.Namespace) -> int:
    import secrets

    from desktop_app.storage import add_server_user

    mandates = [m.strip() for m in args.mandates.split(",") if m.strip()] if args.mandates else []
    if args.role != "admin" and not mandates:
        raise CommdraftError("a drafter, translator or reviewer belongs to one mandate team at "
                             "least: --mandates a,b", code="store.user_needs_mandates")
    _check_mandates(args, mandates)
    password, made_up = _new_password(args)
    if made_up:
        password = secrets.token_urlsafe(18)
    add_server_user(server_location(args), args.name, role=args.role, mandates=mandates,
                    password=password)
    teams = ", ".join(mandates) if mandates else "every team (admin)"
    print(f"{args.name}: {args.role}, {teams}")
    if made_up:
        print(f"password (shown once; give it to {args.name} by a safe way): {password}")
    return EXIT_OK


def _open_location(location: str, passphrase: str | None) -> Any:
    from desktop_app.storage import PassphraseRequiredError, is_server_location, open_store

    if is_server_location(location):
        return open_store(location)
    try:
        return open_store(Path(location), passphrase=passphrase)
    except PassphraseRequiredError:
        raise CommdraftError(
            f"{location} is an encrypted workspace: give its passphrase (--passphrase-file "
            "FILE or COMMDRAFT_PASSPHRASE) to copy it; nothing was copied",
            code="store.copy_needs_passphrase", params={"folder": location}) from None


def cmd_store_copy(args: argparse.Namespace) -> int:
    from desktop_app.storage import copy_store, display_location

    passphrase = read_passphrase(args, prompt=False)
    with _open_location(args.source, passphrase) as source, \
            _open_location(args.target, None) as target:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty() and (done % 50 == 0 or done == total):
                print(f"\r{done}/{total} cases", end="" if done < total else "\n",
                      file=sys.stderr)

        report = copy_store(source, target, progress=progress)
    print(f"copied {report.cases} case(s), {report.revisions} revision(s) from "
          f"{terminal(display_location(args.source))} to "
          f"{terminal(display_location(args.target))}; checked: the same revisions and "
          f"content on both sides (sha256 {report.digest[:16]}…)")
    return EXIT_OK


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """``store ACTION``: one command, its actions as sub-commands."""
    p = add("store", None, "the team store on a PostgreSQL server, and copying between stores")
    ssub = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)

    def action(name: str, func: Any, help: str) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = ssub.add_parser(
            name, parents=[common], help=help, description=help)
        q.set_defaults(func=func)
        return q

    action("init", cmd_store_init,
           "make the schema on an empty server database (an admin; idempotent)")
    action("upgrade", cmd_store_upgrade, "bring the server's schema up to this version")
    q = action("status", cmd_store_status, "the server's schema, who you are there, your teams")
    q.add_argument("--json", action="store_true")
    q = action("add-user", cmd_store_add_user,
               "add a person to the server (an admin): a role and the mandate teams")
    q.add_argument("name", metavar="NAME", help="their login name on the server")
    q.add_argument("--role", required=True, choices=ROLES)
    q.add_argument("--mandates", metavar="A,B", default="",
                   help="mandate ids of the teams they belong to, comma-separated")
    q.add_argument("--password-file", type=Path, metavar="FILE",
                   help="their password (else COMMDRAFT_NEW_PASSWORD, a prompt, or made up)")
    q.add_argument("--any-mandate", action="store_true",
                   help="accept mandate ids the reference data does not know")
    q.add_argument("--certificate", action="store_true",
                   help="they log in with a client certificate: no password")
    q = action("copy", cmd_store_copy,
               "copy every case with all revisions from one store to another, and check it")
    q.add_argument("source", metavar="SOURCE", help="a workspace folder or postgresql://…")
    q.add_argument("target", metavar="TARGET", help="a workspace folder or postgresql://…")
