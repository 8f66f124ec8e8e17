"""What every command module shares: exit codes, output, usage errors, quoting a path."""

from __future__ import annotations

from stoke_governor.core.errors import StokeGovernorError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def say(*values, **kwargs) -> None:
    """Everything the command line prints (results and errors) goes through here."""
    print(*values, **kwargs)


class UsageError(StokeGovernorError):
    """The command was given something it cannot use; exit code 2."""


def quote(text: str) -> str:
    """A path as it can be typed back at a shell prompt (Windows or Unix)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text
