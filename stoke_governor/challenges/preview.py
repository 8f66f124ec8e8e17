"""What importing a challenge log would do, before anything is stored: the preview.

It holds the file as read, the columns chosen for each field, the challenges ready to add
(with the row each came from), each row's problems, the columns left out, and, when the
caller planned them, what will happen to the meetings the log names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from stoke_governor.challenges import mapping as cm
from stoke_governor.challenges.rows import RowProblem
from stoke_governor.db.store import Store
from stoke_governor.files.sheets import Sheet


class MeetingPlan(Protocol):
    """What importing will do with the meetings the log names (made by `meetings.from_log`)."""

    @property
    def summary(self) -> str: ...  # one sentence for the preview

    @property
    def lines(self) -> list[str]: ...  # one line per meeting: which, and matched or made

    def file(self, store: Store, preview: Preview) -> tuple[list[dict], list[str]]:
        """The preview's rows, each with its meeting; and one line per meeting filed."""
        ...


PlanMeetings = Callable[[Store, "Preview"], MeetingPlan]


@dataclass
class Preview:
    """What importing the file would do; nothing has been stored."""

    sheet: Sheet
    urn: int
    digest: str  # SHA-256 of the file
    mapping: dict[str, int]  # field key → column index
    remembered: bool = False  # the mapping is the one confirmed for these headings before
    rows: list[dict] = field(default_factory=list)  # challenges ready for add_challenges
    row_numbers: list[int] = field(default_factory=list)  # each one's row in the file
    problems: list[RowProblem] = field(default_factory=list)
    meeting_names: list[str | None] = field(default_factory=list)  # each row's, as written
    meetings: MeetingPlan | None = None  # what importing will do with the log's meetings
    filed: list[str] = field(default_factory=list)  # once imported: each meeting, and how
    already: dict | None = None  # when and how much, if this file was imported before

    @property
    def file(self) -> str:
        return self.sheet.file

    @property
    def headers(self) -> list[str]:
        return self.sheet.headers

    @property
    def missing(self) -> list[str]:
        """Labels of required fields no column is chosen for."""
        return [cm.FIELD_BY_KEY[k].label for k in cm.REQUIRED if k not in self.mapping]

    @property
    def ignored(self) -> list[str]:
        """Headings of the columns no field is chosen for (a blank column without a heading
        is left out)."""
        used = set(self.mapping.values())
        rows = self.sheet.rows
        return [
            h
            for i, h in enumerate(self.headers)
            if i not in used
            and (
                not h.startswith("Column ")
                or any(i < len(v) and cm.text(v[i]) is not None for _n, v in rows)
            )
        ]

    @property
    def summary(self) -> str:
        if self.missing:
            return (
                f"Choose the column that holds: {', '.join(self.missing)}; "
                "nothing can be imported without it."
            )
        n, bad = len(self.rows), len({p.row for p in self.problems})
        text = f"{n:,} challenge{'s' if n != 1 else ''} will be added"
        if bad:
            text += f"; {bad:,} row{'s have' if bad != 1 else ' has'} problems"
        text += "."
        if self.meetings is not None and self.rows:
            text += " " + self.meetings.summary
        return text + (" " + self.ignored_sentence if self.ignored else "")

    @property
    def ignored_sentence(self) -> str:
        return not_imported(self.ignored)

    def refusal(self) -> str | None:
        """Why the file cannot be imported as it stands (None if it can)."""
        if self.missing:
            return f"{self.sheet.where}: {self.summary}"
        if self.already:
            return (
                f"{self.file} was already imported on {self.already.get('on', '?')} "
                f"({self.already.get('rows', 0):,} challenges); it is not imported twice."
            )
        if self.problems:
            first = self.problems[0]
            more = len({p.row for p in self.problems}) - 1
            tail = f" ({more:,} more row{'s' if more != 1 else ''} with problems)" if more else ""
            return (
                f"{self.sheet.where}, {first}{tail}. Nothing was imported; fix the rows or "
                "choose to skip them."
            )
        if not self.rows:
            return f"{self.sheet.where} has no challenges below its headings."
        return None


def not_imported(headings) -> str:
    """'Columns not imported: Ref, Notes.' (the first eight, each cut short if long)."""
    shown = [h if len(h) <= 40 else h[:39] + "…" for h in list(headings)[:8]]
    more = len(headings) - len(shown)
    return f"Columns not imported: {', '.join(shown)}" + (f" and {more} more." if more else ".")
