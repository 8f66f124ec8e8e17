"""What every command module shares: exit codes, output, usage errors, argument types."""

from __future__ import annotations

from stoke_governor.core.errors import StokeGovernorError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def say(*values, **kwargs) -> None:
    """What the command modules print goes through here: one place for output."""
    print(*values, **kwargs)


class UsageError(StokeGovernorError):
    """The command was given something it cannot use; exit code 2."""


def urn(text: str) -> int:
    """An argparse type: a school's URN."""
    if not text.strip().isdigit():
        import argparse

        raise argparse.ArgumentTypeError(f"'{text}' is not a URN (a school's 6-digit number)")
    return int(text)


def quote(text: str) -> str:
    """A path as it can be typed back at a shell prompt (Windows or Unix)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text
