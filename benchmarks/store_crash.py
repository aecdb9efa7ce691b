"""Kill -9 a saving process many times and check that every reported save survived.

    .venv/bin/python benchmarks/store_crash.py --kills 1000

The child process and the checks are those of ``tests/storage/test_crash.py``
(``tests/storage/crash_harness.py``); this runs them longer and reports the numbers.
Exit status 1 when any kill lost a save or left a store that does not open.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[1] / "tests" / "storage"
sys.path.insert(0, str(HARNESS))

from crash_harness import CrashReport, run_kills  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many times to kill (1000)")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the kill delays")
    parser.add_argument(
        "--per-workspace", type=int, default=25, help="kills before starting a fresh workspace (25)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="run in this folder and keep it (default: a temp folder, removed)",
    )
    args = parser.parse_args(argv)

    def progress(done: int, report: CrashReport) -> None:
        if done % 50 == 0 or done == args.kills:
            print(
                f"  {done} kills, {report.saves} saves, {len(report.failures)} failures", flush=True
            )

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = run_kills(
            args.keep,
            args.kills,
            seed=args.seed,
            kills_per_workspace=args.per_workspace,
            progress=progress,
        )
    else:
        with tempfile.TemporaryDirectory(prefix="commdraft-crash-") as folder:
            report = run_kills(
                Path(folder),
                args.kills,
                seed=args.seed,
                kills_per_workspace=args.per_workspace,
                progress=progress,
            )
    print(f"kills: {report.kills}")
    print(f"saves reported: {report.saves}")
    print(f"failures: {len(report.failures)}")
    for failure in report.failures[:50]:
        print(f"  {failure}")
    print(f"seconds: {report.seconds:.1f}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
