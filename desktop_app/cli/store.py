"""Commands on the workspace's store: create, encrypt, back up, restore."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_OK, open_workspace, read_passphrase
from desktop_app.domain.errors import CommdraftError


def cmd_init(args: argparse.Namespace) -> int:
    from desktop_app.workspace import Workspace, default_workspace

    passphrase = None
    if args.encrypt:
        passphrase = read_passphrase(args, prompt=True, confirm=True)
        if passphrase is None:
            raise CommdraftError("--encrypt needs a passphrase: --passphrase-file FILE, "
                                 "COMMDRAFT_PASSPHRASE, or run it in a terminal")
    with Workspace.create(args.workspace or default_workspace(), passphrase=passphrase) as ws:
        state = "encrypted" if ws.encrypted else "not encrypted"
        print(f"workspace created in {ws.root} ({state})")
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    new = read_passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file),
                      prompt=True, confirm=True)
    if new is None:
        raise CommdraftError("give the new passphrase with --new-passphrase-file FILE")
    with open_workspace(args) as ws:
        removed = ws.encrypt(new, remove_plaintext=args.remove_plaintext)
        print(f"{ws.root}: every case file, the index, conflicts and trash are now encrypted")
        for path in removed:
            print(f"removed (it was readable): {path}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        print(ws.backup())
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop_app.workspace import backups_of, default_workspace, restore

    root = args.workspace or default_workspace()
    if args.case:
        with open_workspace(args) as ws:
            info = ws.restore_case(args.case)
            print(f"{args.case}: restored from the backup of {info.created:%Y-%m-%d %H:%M} UTC; "
                  "no other case was touched, and the damaged file is kept in the store's "
                  "quarantine folder")
        return EXIT_OK
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


def register(add: Any, common: argparse.ArgumentParser) -> None:
    """Add these commands to the parser (``add(name, func, help)`` makes one)."""
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
    p.add_argument("--case", metavar="ID",
                   help="restore only this damaged case, from the newest backup that has a "
                        "readable copy of it; the other cases are not touched")
