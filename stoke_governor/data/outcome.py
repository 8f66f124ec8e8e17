"""One file's outcome in a data import, and the four it may have.

`imported`; `unchanged` (this very file is held already); `superseded` (stored as history,
because a later release of the same year is held); `rejected` (with the reason; nothing
from the file is stored).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

IMPORTED, UNCHANGED, SUPERSEDED, REJECTED = "imported", "unchanged", "superseded", "rejected"


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str
    reason: str = ""
    rows: int = 0
    details: tuple[str, ...] = ()  # a GIAS extract's changes: added, renamed, closed

    def as_dict(self) -> dict:
        out = asdict(self)
        if not self.details:
            del out["details"]
        else:
            out["details"] = list(self.details)
        return out
