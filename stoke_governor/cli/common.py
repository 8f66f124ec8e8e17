"""What every command module shares: exit codes, output, usage errors, quoting a path."""

from __future__ import annotations

import sys
from typing import TextIO

from stoke_governor.core.errors import StokeGovernorError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def say(*values: object, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """Everything the command line prints (results and errors) goes through here: to
    standard output unless `file` names another stream (standard error for errors)."""
    stream = sys.stdout if file is None else file
    stream.write(" ".join(str(v) for v in values) + end)
    if flush:
        stream.flush()


class UsageError(StokeGovernorError):
    """The command was given something it cannot use; exit code 2."""


def quote(text: str) -> str:
    """A path as it can be typed back at a shell prompt (Windows or Unix)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text
