"""Cold start of the desktop bundle against the installed package, in the same run.

    python benchmarks/desktop_bundle.py [--bundle dist/commdraft/commdraft] [--installed .venv/bin/commdraft] [--runs 5]

Two measures each: ``--version`` (start-up of the program alone) and ``--check-window`` on a demo
workspace (the window opens, renders its preview and closes; offscreen). Median of the runs, plus
the bundle's size on disk. Build the bundle first: ``python tools/build_desktop.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "commdraft" / "commdraft")
    parser.add_argument("--installed", type=Path,
                        default=Path(sys.executable).with_name("commdraft"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.bundle.exists():
        print(f"no bundle at {args.bundle}: run python tools/build_desktop.py", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "COMMDRAFT_SETTINGS": str(Path(tmp, "settings.json"))}
        workspace = Path(tmp, "ws")
        subprocess.run([str(args.installed), "--workspace", str(workspace), "demo"], env=env,
                       check=True, capture_output=True)
        print(f"{'':22} {'bundle':>10} {'installed':>10}")
        for label, extra in (("--version", ["--version"]),
                             ("--check-window", ["--check-window", "--workspace",
                                                 str(workspace)])):
            bundle = timed([str(args.bundle), *extra], env, args.runs)
            installed = timed([str(args.installed), *extra], env, args.runs)
            print(f"{label:22} {bundle:8.0f} ms {installed:8.0f} ms  ({bundle / installed:.2f}x)")
    folder = args.bundle.parent
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB ({folder})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
