"""Two processes saving at once: to their own cases and to one shared case.

Each writer saves N times to its own case and makes N successful read-modify-save edits of a
shared case, retrying after each ConflictError. Afterwards: no save is lost (every revision
number was won by exactly one save), every conflict was reported, and every refused version
is in conflicts/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.storage import open_store

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = "shared-case"

WRITER = textwrap.dedent(
    """
    import json, random, sys, time
    from desktop_app.storage import ConflictError, open_store

    workspace, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(workspace, lock_timeout=60)
    own = {"id": f"own-{name}", "format": "commdraft.case/1", "revision": 0, "n": 0}
    own_base = None
    won, conflicts, kept = [], 0, []
    print("READY", flush=True)
    sys.stdin.readline()  # both start together
    for i in range(count):
        own = store.save({**own, "n": i}, base_revision=own_base)
        own_base = own["revision"]
        while True:
            record = store.get("shared-case")
            record["edits"] = record.get("edits", []) + [f"{name}/{i}"]
            time.sleep(random.random() / 1000)  # a person takes longer: let the other win
            try:
                saved = store.save(record, base_revision=record["revision"])
            except ConflictError as exc:
                conflicts += 1
                kept.append(str(store.conflict_path(exc.kept_as)))
                continue
            won.append(saved["revision"])
            break
    store.close()
    print(json.dumps({"own": own_base, "won": won, "conflicts": conflicts, "kept": kept}))
    """
)


def run_writers(workspace: Path, count: int) -> list[dict]:
    with open_store(workspace) as store:
        store.save(
            {"id": SHARED, "format": "commdraft.case/1", "revision": 0, "edits": []},
            base_revision=None,
        )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(workspace), name, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "READY"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=900)
        assert writer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check(workspace: Path, results: list[dict], count: int) -> None:
    with open_store(workspace) as store:
        for name, result in zip(("a", "b"), results, strict=True):
            assert result["own"] == count  # every save to its own case is there
            assert store.get(f"own-{name}")["n"] == count - 1
            assert [h.revision for h in store.history(f"own-{name}")] == list(range(1, count + 1))
        won = sorted(results[0]["won"] + results[1]["won"])
        assert won == list(range(2, 2 * count + 2))  # each revision won by exactly one save
        shared = store.get(SHARED)
        assert shared["revision"] == 1 + 2 * count
        # Read-modify-save with retries: every successful edit is in the final record.
        assert sorted(shared["edits"]) == sorted(f"{n}/{i}" for n in "ab" for i in range(count))
        kept = results[0]["kept"] + results[1]["kept"]
        assert len(kept) == results[0]["conflicts"] + results[1]["conflicts"]
        assert len(set(kept)) == len(kept)
        assert sorted(os.listdir(store.conflicts_dir)) == sorted(Path(k).name for k in kept)
        for path in kept:
            assert store.read_conflict(path)["id"] == SHARED


def test_two_processes_lose_no_save(workspace: Path) -> None:
    count = int(os.environ.get("COMMDRAFT_WRITER_SAVES", 100))
    results = run_writers(workspace, count)
    check(workspace, results, count)


@pytest.mark.slow
def test_two_processes_a_thousand_saves_each(workspace: Path) -> None:
    results = run_writers(workspace, 1000)
    check(workspace, results, 1000)
    assert results[0]["conflicts"] + results[1]["conflicts"] > 0  # they did race
