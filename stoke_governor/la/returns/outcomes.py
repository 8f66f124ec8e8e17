"""The outcome of importing one return file: its status (`la.returns.importer` says what
each means) and what it names, for the log, the command line and the import dialog."""

from __future__ import annotations

from typing import NamedTuple

IMPORTED, SUPERSEDED, DUPLICATE, STALE, CONFLICT, REJECTED = (
    "imported",
    "superseded",
    "duplicate",
    "stale",
    "conflict",
    "rejected",
)
STATUSES = (IMPORTED, SUPERSEDED, DUPLICATE, STALE, CONFLICT, REJECTED)


class Outcome(NamedTuple):
    file: str
    status: str
    reason: str
    urn: int | None = None
    return_id: str | None = None
    revision: int | None = None
    school: str | None = None
    received_id: int | None = None  # the returns_received row stored (or matched)
    year: str | None = None  # the academic year the return is for (as it claims, if refused)
    refusal: str | None = None  # refused: the reason in a few words ("edited after signing")
    claimed_urn: int | None = None  # refused: the school the file says it is from (unchecked)

    def as_json(self) -> dict:
        keys = ("file", "status", "reason", "urn", "return_id", "revision")
        return {k: getattr(self, k) for k in keys}

    def describe(self) -> str:
        """One line for a person: `file: status — school, return, revision: reason`."""
        about = []
        if self.urn is not None:
            about.append(f"{self.school} (URN {self.urn})" if self.school else f"URN {self.urn}")
        if self.return_id:
            about.append(f"return {self.return_id[:8]}")
        if self.revision is not None:
            about.append(f"revision {self.revision}")
        head = ", ".join(about)
        text = f"{head}: {self.reason}" if head and self.reason else head or self.reason
        return f"{self.file}: {self.status}" + (f" — {text}" if text else "")
