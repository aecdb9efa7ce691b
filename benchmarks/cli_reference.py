"""What loading the reference data adds to a command: `commdraft mandates` (and `states`,
`clauses`) against `commdraft --help`, same run, median of N fresh processes.

    python benchmarks/cli_reference.py [--runs 15]

Target (issue 4): `mandates` at most 30 ms more than `--help`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("commdraft", path=str(Path(sys.executable).parent)) or "commdraft"
    env = {**os.environ, "COMMDRAFT_WORKSPACE": tempfile.mkdtemp()}
    timed([exe, "--help"], 2, env)  # warm the file cache and the .pyc files
    base = timed([exe, "--help"], args.runs, env)
    print(f"commdraft --help      : {base:6.1f} ms (median of {args.runs})")
    results = {}
    for command in ("mandates", "states", "clauses"):
        results[command] = timed([exe, command, "--lang", "fr"], args.runs, env)
        print(f"commdraft {command:<11} : {results[command]:6.1f} ms  "
              f"(+{results[command] - base:.1f} ms)")
    extra = results["mandates"] - base
    print(f"reference data adds {extra:.1f} ms to `commdraft mandates` (target <= 30): "
          + ("PASS" if extra <= 30 else "MISS"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
