"""What every command shares: the workspace and its passphrase, dates, JSON, and output
that case text cannot act on."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import CommdraftError

if TYPE_CHECKING:
    from desktop_app.reference import ReferenceData
    from desktop_app.workspace import Workspace

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def read_passphrase(args: argparse.Namespace, *, prompt: bool, confirm: bool = False) -> str | None:
    """From --passphrase-file, then COMMDRAFT_PASSPHRASE, then (on a terminal) a prompt."""
    if getattr(args, "passphrase_file", None):
        try:
            text: str = args.passphrase_file.read_text(encoding="utf-8")
            return text.rstrip("\r\n")
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


def open_workspace(args: argparse.Namespace) -> Workspace:
    from desktop_app.storage import PassphraseRequiredError
    from desktop_app.workspace import Workspace, store_location

    server = store_location(getattr(args, "store", None))
    if server:
        return Workspace.open(args.workspace, store=server)
    try:
        return Workspace.open(args.workspace, passphrase=read_passphrase(args, prompt=False))
    except PassphraseRequiredError:
        passphrase = read_passphrase(args, prompt=True)
        if passphrase is None:
            raise CommdraftError(
                "this workspace is encrypted: give its passphrase with --passphrase-file FILE "
                "or the COMMDRAFT_PASSPHRASE variable") from None
        return Workspace.open(args.workspace, passphrase=passphrase)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def reference_data(args: argparse.Namespace) -> ReferenceData:
    """The reference data, with the workspace's own additions when it has any."""
    from desktop_app.reference import load_reference
    from desktop_app.workspace import default_workspace

    root = args.workspace or default_workspace()
    extra = root / "reference"
    return load_reference(extra if extra.is_dir() else None)


def check_lang(lang: str) -> str:
    from desktop_app.domain.languages import LANGUAGES

    if lang not in LANGUAGES:
        raise CommdraftError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


#: Characters that would act on a terminal instead of being shown: C0 and C1 controls but the
#: line feed and tab, and the bidirectional embeddings and overrides (U+202A-U+202E, U+2066,
#: U+2067) that reorder what follows them. Joiners, marks and the first-strong isolates the
#: messages use (U+2068, U+2069) are part of the text and stay.
_ACTING = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20))}
_ACTING.update({c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)})  # valid in JSON strings too
_ACTING.update({c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), 0x2066, 0x2067)})


def terminal(text: str) -> str:
    """Case text shown in a terminal: control characters (a carriage return, an escape
    sequence, a right-to-left override) are shown escaped, never acted on."""
    return text.translate(_ACTING)


class EscapingOutput:
    """Standard output with :func:`terminal` applied to everything written (JSON output
    included: its strings already escape control characters, and ``\\u202e`` is valid JSON)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def item_text(item: Any, ws: Any) -> str:
    """A checklist item or a notice in words (the CLI's language), safe for a terminal."""
    from desktop_app.workspace.messages import cli_language, describe

    return terminal(describe(item, cli_language(), ws.reference))
