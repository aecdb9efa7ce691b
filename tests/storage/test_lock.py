"""The store lock: the OS frees it when its holder dies, and a timeout says who holds it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.storage import StoreLockedError, open_store

REPO_ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from desktop_app.storage import open_store
    store = open_store(sys.argv[1])
    with store.transaction():
        print("LOCKED", flush=True)
        time.sleep(600)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_frees_the_lock(workspace: Path, new_record) -> None:
    store = open_store(workspace, lock_timeout=0.2)  # opening takes the lock too: first
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "LOCKED"
        with pytest.raises(StoreLockedError) as info:
            store.save(new_record(), base_revision=None)
        assert f"process {child.pid} on {socket.gethostname()}" in str(info.value)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]  (a pipe)
        started = time.monotonic()
        store._lock.timeout = 10  # noqa: SLF001  (the default a user has)
        saved = store.save(new_record(), base_revision=None)
        waited = time.monotonic() - started
        assert saved["revision"] == 1
        assert waited < 2, f"waited {waited:.2f} s for the lock of a dead process"
    finally:
        store.close()
        if child.poll() is None:
            child.kill()
            child.wait()
            child.stdout.close()  # type: ignore[union-attr]  (a pipe)


def test_a_timeout_names_the_lock_and_its_holder(workspace: Path, new_record) -> None:
    holder, waiter = open_store(workspace), open_store(workspace, lock_timeout=0.1)
    try:
        with holder.transaction():
            owner = workspace / "store" / ".lock.owner"
            assert owner.exists()
            with pytest.raises(StoreLockedError) as info:
                waiter.save(new_record(), base_revision=None)
        error = info.value
        assert error.lock_path == workspace / "store" / ".lock" and error.timeout == 0.1
        assert error.holder is not None and f"process {os.getpid()}" in error.holder
        assert str(error.lock_path) in str(error) and "another commdraft" in str(error)
        assert not owner.exists()  # released: nobody holds it
        waiter.save(new_record(), base_revision=None)
    finally:
        holder.close()
        waiter.close()
