"""Kill a process that is saving cases, at random moments, and check the store it leaves.

Used by ``test_crash.py`` and by ``benchmarks/store_crash.py``. Run as a script
(``python crash_harness.py child <workspace>``) it is the child: it opens the store, prints
``READY``, then saves revisions of a few cases in a loop and prints ``SAVED <id> <revision>``
after each save has returned. Every save it reported must be in the store after the kill.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.domain.case import Case, Person, Recipient, Texts  # noqa: E402
from desktop_app.storage import CaseNotFoundError, open_store  # noqa: E402
from desktop_app.storage.log.atomic import is_leftover  # noqa: E402

CASE_IDS = ("crash-a", "crash-b", "crash-c")
_SAVED = re.compile(r"^SAVED (\S+) (\d+)$")
#: The exit status of a killed child: -SIGKILL on POSIX; TerminateProcess makes it 1 on Windows.
_KILLED = 1 if sys.platform == "win32" else -9


# --------------------------------------------------------------------------- the child
def _record(index: int, case_id: str, round_: int) -> dict:
    # Some kilobytes of mixed-script text, so a write takes long enough to be interrupted.
    paragraph = f"Round {round_}: الاحتجاز التعسفي 任意拘留 arbitrary detention. " * 20
    return Case(
        id=case_id,
        kind="AL",
        reference=f"AL KAZ {index + 1}/2024",
        recipient=Recipient("state", "KAZ"),
        mandates=["arbitrary-detention"],
        persons=[Person(id="p1", name="ليلى أحمد")],
        text={"en": Texts(topic=f"Case {case_id}, round {round_}", background=[paragraph])},
    ).to_dict()


def child_main(workspace: Path) -> None:
    store = open_store(workspace)
    print("READY", flush=True)
    round_ = 0
    while True:
        for index, case_id in enumerate(CASE_IDS):
            try:
                base: int | None = store.get(case_id)["revision"]
            except CaseNotFoundError:
                base = None
            saved = store.save(_record(index, case_id, round_), base_revision=base)
            # Only after save() returned: a line here is a promise the parent will check.
            print(f"SAVED {case_id} {saved['revision']}", flush=True)
        round_ += 1


# --------------------------------------------------------------------------- the parent
@dataclass
class CrashReport:
    kills: int = 0
    saves: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def kill_child_once(workspace: Path, delay: float) -> tuple[list[tuple[str, int]], str | None]:
    """Start a child, kill it ``delay`` seconds after it is ready; return the saves it
    reported, and a failure message if it did not run as expected."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "child", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(),
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    if ready.strip() != "READY":
        proc.kill()
        _, err = proc.communicate(timeout=60)
        return [], f"child did not get ready: {ready!r} {err.strip()[-2000:]}"
    time.sleep(delay)
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
    out, err = proc.communicate(timeout=60)
    saves = []
    for line in out.splitlines():  # a line cut by the kill does not match
        match = _SAVED.match(line)
        if match:
            saves.append((match.group(1), int(match.group(2))))
    problem = None
    if proc.returncode != _KILLED or err.strip():
        problem = f"child ended by itself (exit {proc.returncode}): {err.strip()[-2000:]}"
    return saves, problem


def check_store(workspace: Path, reported: dict[str, int], new: list[tuple[str, int]]) -> list[str]:
    """Open the store the way a user would and check every reported save is there."""
    try:
        store = open_store(workspace, lock_timeout=30)
    except Exception as exc:  # any exception is a finding, not a crash of the harness
        return [f"store does not open: {exc!r}"]
    failures: list[str] = []
    try:
        listed = {s.id: s.revision for s in store.list()}
        for case_id, last in reported.items():
            latest = store.get(case_id)["revision"]
            if latest < last:
                failures.append(f"{case_id}: stored revision {latest} < reported {last}")
            history = [info.revision for info in store.history(case_id)]
            if history != list(range(1, latest + 1)):
                failures.append(f"{case_id}: history has gaps: {history}")
            if listed.get(case_id) != latest:
                failures.append(f"{case_id}: index says {listed.get(case_id)}, file says {latest}")
        for case_id, revision in new:
            if store.get_revision(case_id, revision)["revision"] != revision:
                failures.append(f"{case_id}: revision {revision} reads back wrong")
        damaged = store.damaged()  # a crash must never look like damage
        if damaged:
            failures.append(f"cases set aside as damaged: {damaged}")
        for folder in (store.root, store.cases_dir, store.conflicts_dir):
            left = [n for n in os.listdir(folder) if is_leftover(n)]
            if left:
                failures.append(f"temp files left after open in {folder}: {left}")
    except Exception as exc:
        failures.append(f"checking failed: {exc!r}")
    finally:
        store.close()
    return failures


def run_kills(
    root: Path,
    kills: int,
    *,
    seed: int | None = None,
    kills_per_workspace: int = 25,
    progress: Callable[[int, CrashReport], None] | None = None,
) -> CrashReport:
    """Kill ``kills`` children; a workspace is reused for several kills (so each child also
    recovers from the previous crash) and then replaced, to keep case histories short."""
    rng = random.Random(seed)
    report = CrashReport()
    started = time.perf_counter()
    reported: dict[str, int] = {}
    workspace = root
    for kill in range(kills):
        if kill % kills_per_workspace == 0:
            workspace = root / f"workspace-{kill // kills_per_workspace}"
            reported = {}
        saves, problem = kill_child_once(workspace, rng.uniform(0.005, 0.150))
        report.kills += 1
        report.saves += len(saves)
        if problem:
            report.failures.append(f"kill {kill}: {problem}")
        for case_id, revision in saves:
            reported[case_id] = max(revision, reported.get(case_id, 0))
        report.failures += [f"kill {kill}: {f}" for f in check_store(workspace, reported, saves)]
        if progress:
            progress(kill + 1, report)
    report.seconds = time.perf_counter() - started
    return report


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child_main(Path(sys.argv[2]))
