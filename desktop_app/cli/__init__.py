"""The headless commands (``commdraft`` with no command opens the window: see main.py).

Exit codes: 0 success, 1 the data is wrong (the message says what and where), 2 usage error.
Heavy modules (storage, documents, Babel) are imported inside the commands that need them, so
that ``commdraft mandates`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.cli import (
    cases,
    documents,
    reference,
    review,
    store,
    team_store,
    translation,
)
from desktop_app.cli.common import EXIT_DATA, EXIT_OK, EscapingOutput, terminal
from desktop_app.domain.errors import CommdraftError

__all__ = ["build_parser", "main"]

#: The commands, by subject, in the order ``--help`` lists them.
SUBJECTS = (cases, documents, translation, review, store, team_store, reference)


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
        common.add_argument("--store", metavar="LOCATION", default=default,
                            help="keep the cases on a team server, postgresql://USER@HOST/DB "
                                 "(or COMMDRAFT_STORE); default: the workspace's own store")
        return common

    common = options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="commdraft", parents=[options(None)],
        description="Draft UN Special Procedures communications: full letters and public "
                    "summaries as Word documents, from one case record.",
        epilog="Without a command (or with only --workspace DIR), commdraft opens the window.")
    parser.add_argument("--version", action="version", version=f"commdraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Any, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    for subject in SUBJECTS:
        subject.register(add, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_OK
    out = sys.stdout
    sys.stdout = EscapingOutput(out)  # case text never acts on the terminal
    try:
        code: int = args.func(args)
        return code
    except BrokenPipeError:  # output piped into `head`: not an error
        out = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_OK
    except (CommdraftError, OSError) as exc:
        from desktop_app.workspace.fileerrors import os_error
        from desktop_app.workspace.messages import cli_language, describe

        if isinstance(exc, OSError):  # a file the command itself touched: said, not traced
            exc = os_error(exc)
        print(f"commdraft: error: {terminal(describe(exc, cli_language()))}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = out
