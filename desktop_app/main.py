"""The ``commdraft`` command: the window without a sub-command, the headless CLI with one."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app import cli


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--check-window"]:
        # Open the window, render the preview, close: for installers and CI.
        from desktop_app.ui.app import check_window

        rest = args[1:]
        return check_window(Path(rest[1]) if rest[:1] == ["--workspace"] and len(rest) == 2
                            else None)
    # Only --workspace DIR (or nothing) means "open the window"; anything else is the CLI.
    if not args or (len(args) == 2 and args[0] == "--workspace"):
        from desktop_app.ui.app import run

        return run(Path(args[1]) if args else None)
    if len(args) == 1 and args[0].startswith("--workspace="):
        from desktop_app.ui.app import run

        return run(Path(args[0].split("=", 1)[1]))
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
