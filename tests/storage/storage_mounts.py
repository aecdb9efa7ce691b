"""Small file systems for tests: a tmpfs of a given size (full disks) that can be made
read-only. Mounting needs root; without it a test falls back to chmod or is skipped with the
reason said."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IS_ROOT = os.name == "posix" and os.geteuid() == 0


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (e.g. "2m") on ``folder``; skip the test if that is not
    possible (not root, or no permission to mount in this container)."""
    if not IS_ROOT:
        pytest.skip("mounting a small tmpfs needs root (uid 0); not run as root here")
    folder.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield folder
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))


def remount_read_only(folder: Path) -> None:
    done = _run("mount", "-o", "remount,ro", str(folder))
    assert done.returncode == 0, done.stderr


def remount_read_write(folder: Path) -> None:
    done = _run("mount", "-o", "remount,rw", str(folder))
    assert done.returncode == 0, done.stderr


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; return the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        chunk = b"\0" * 65536
        while True:
            try:
                handle.write(chunk)
            except OSError:
                break
        for size in (4096, 512, 1):
            while True:
                try:
                    handle.write(b"\0" * size)
                except OSError:
                    break
    return filler
