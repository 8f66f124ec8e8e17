"""Named pipes and links to devices for tests of the one reader, and a guard that turns a
regression (a pipe opened to be read blocks for ever; /dev/zero read to its end fills memory)
into a failure within seconds."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
    reason="named pipes and /dev/zero are POSIX",
)
SPARE_MEMORY = 2 * 1024**3


def pipe(path: Path) -> Path:
    os.mkfifo(path)
    return path


def zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


@contextlib.contextmanager
def bounded(seconds: int = 10) -> Iterator[None]:
    """At most `seconds`, and 2 GB more memory than now, for what runs inside."""

    def stuck(_signum, _frame):
        raise TimeoutError("blocked: a named pipe was opened to be read")

    previous = signal.signal(signal.SIGALRM, stuck)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    in_use = _virtual_memory()
    if in_use is not None:
        cap, hard = in_use + SPARE_MEMORY, limits[1]
        resource.setrlimit(
            resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
        )
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, limits)


def _virtual_memory() -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next((s for s in status.splitlines() if s.startswith("VmSize:")), None)
    return int(line.split()[1]) * 1024 if line else None
