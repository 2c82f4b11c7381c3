"""Real file-system conditions for the reliability tests: a small tmpfs (a disk that fills up
for real, with ENOSPC from the kernel) and read-only mounts. Mounting needs root on Linux; the
tests that need it are skipped elsewhere, and their monkeypatched variants still run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    """A fresh tmpfs of `size` mounted at `where` (created), unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount(where: Path, options: str) -> None:
    """Change the options of a mounted tmpfs, e.g. 'ro' or 'rw'."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of `folder` until fewer than `leave` bytes are free."""
    filler = folder / "filler.bin"
    with filler.open("wb") as handle:
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave:
                break
            try:
                handle.write(b"\0" * min(65536, max(free - leave, 1)))
                handle.flush()
            except OSError:
                break
    return filler
