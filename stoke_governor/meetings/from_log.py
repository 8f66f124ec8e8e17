"""The meetings a board's challenge log names: matched to the board's records, or made.

A clerk's log says where each question was asked: the meeting's date (the column chosen for
Date asked: in a clerk's log, the date of the meeting) and, in a Meeting or Committee
column, which body met ("FGB", "Resources committee"). An import files each question under
that meeting, so it appears under it in the Meetings page, in its minutes and, while its
action is open, in the matters arising of the same body's later meetings.

Decisions, so they are written once:
- A name that reads as the full board (FGB, LGB, Full governing board, Governing body,
  Board…) is the full board; one that matches a committee of the board (ignoring case, the
  words "committee", "meeting", "the", "and", and "&") is that committee; anything else
  is a full-board meeting titled as written (the preview says so: add the committee on the
  Board page before importing to file those meetings under it).
- Questions with the same date and body share a meeting. It is the board's meeting that day
  of the same committee (the full board: one of no committee, its own title blank or a name
  for the full board before any other; a meeting titled as written: one with that title);
  without one, a meeting is made (its title is left blank for the full board and a
  committee, so the app names it as it names its own).
- A log with no Meeting column (or a row with the cell blank): each date is the date of a
  meeting, the board's only meeting that day if it has exactly one, else its full-board
  meeting, else a full-board meeting is made.
- Nothing is made by a preview or a dry run: `plan_meetings` only reads; `LogMeetings.file`
  makes the meetings inside the import's transaction, matching afresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from stoke_governor.challenges.preview import Preview
from stoke_governor.db.store import Store
from stoke_governor.files.columns import norm
from stoke_governor.meetings.meetings import (
    FULL_BOARD,
    Meeting,
    add_meeting,
    committees,
    list_meetings,
)

_FULL_BOARD_WORDS = {"fgb", "lgb"}
_FULL_BOARD_NAMES = {
    "full governing board",
    "full governing body",
    "full board",
    "full board of governors",
    "full governors",
    "governing board",
    "governing body",
    "local governing board",
    "local governing body",
    "board",
    "board of governors",
    "governors",
}
_FILLER = {"committee", "meeting", "meetings", "the", "and", "of"}


class Body(NamedTuple):
    """Which body met: the full board, a committee of the board, or a meeting named as written."""

    committee_id: int | None
    title: str | None  # a meeting named as written (not a committee of the board)
    label: str  # as the user sees it


class Group(NamedTuple):
    held_on: str
    body: Body | None  # None: the log names no meeting for these questions
    questions: int
    meeting: Meeting | None  # the board's meeting it matches; None: one will be made

    @property
    def label(self) -> str:
        return self.body.label if self.body else FULL_BOARD

    def line(self, meeting_id: int | None = None, made: bool = False) -> str:
        day = dt.date.fromisoformat(self.held_on).strftime("%d/%m/%Y")
        asked = f"{self.questions} question{'s' if self.questions != 1 else ''}"
        if meeting_id is not None:
            how = "created" if made else "matched"
            return f"Meeting {meeting_id}: {self.label} on {day} — {how}, {asked}"
        if self.meeting is not None:
            return f"{self.label} on {day} — matches meeting {self.meeting.id}, {asked}"
        return f"{self.label} on {day} — will be created, {asked}"


@dataclass
class LogMeetings:
    """What importing a log will do with its meetings (challenges.preview.MeetingPlan)."""

    groups: list[Group]
    keys: list[tuple[str, Body | None]]  # each row's group
    named: bool  # the log names its meetings (a column is chosen for Meeting)
    unknown: list[str] = field(default_factory=list)  # names that are no committee of the board

    @property
    def summary(self) -> str:
        made = sum(1 for g in self.groups if g.meeting is None)
        matched = len(self.groups) - made
        if made and matched:
            text = f"{_count(made)} will be created, {matched:,} matched."
        elif made:
            text = f"{_count(made)} will be created."
        else:
            text = f"{_count(matched)} matched; none will be created."
        if not self.named:
            text = (
                "Each date asked is taken as the date of a board meeting (no column names "
                f"the meeting): {text}"
            )
        for name in self.unknown[:3]:
            text += (
                f" '{name}' is not one of the board's committees, so its meetings will be "
                f"recorded as full-board meetings titled '{name}'; to file them under a "
                "committee, add it on the Board page before importing."
            )
        return text

    @property
    def lines(self) -> list[str]:
        return [g.line() for g in self.groups]

    def file(self, store: Store, preview: Preview) -> tuple[list[dict], list[str]]:
        """The preview's rows, each with its meeting's id, making the meetings not matched
        (run inside the import's transaction); one line per meeting filed."""
        now = plan_meetings(store, preview)
        ids: dict[tuple[str, Body | None], int] = {}
        lines = []
        for g in now.groups:
            if g.meeting is not None:
                ids[(g.held_on, g.body)] = g.meeting.id
            else:
                body = g.body or Body(None, None, FULL_BOARD)
                ids[(g.held_on, g.body)] = add_meeting(
                    store, preview.urn, g.held_on, committee_id=body.committee_id, title=body.title
                )
            lines.append(g.line(ids[(g.held_on, g.body)], made=g.meeting is None))
        pairs = zip(preview.rows, now.keys, strict=True)
        rows = [{**row, "meeting_id": ids[key]} for row, key in pairs]
        return rows, lines


def _count(n: int) -> str:
    return f"{n:,} meeting{'s' if n != 1 else ''}"


def plan_meetings(store: Store, preview: Preview) -> LogMeetings:
    """Which meeting each previewed question belongs to, matched or to be made; reads only."""
    by_name = {_committee_key(c.name): c for c in committees(store, preview.urn)}
    held: dict[str, list[Meeting]] = {}
    for m in sorted(list_meetings(store, preview.urn), key=lambda m: m.id):
        held.setdefault(m.held_on, []).append(m)
    keys: list[tuple[str, Body | None]] = []
    counts: dict[tuple[str, Body | None], int] = {}
    titled: dict[str, Body] = {}  # a name the board has no committee for, by its first spelling
    names = preview.meeting_names
    for i, row in enumerate(preview.rows):
        name = names[i] if i < len(names) else None
        body = _body(name, by_name) if name else None
        if body is not None and body.title is not None:
            body = titled.setdefault(norm(body.title), body)
        key = (row["asked_on"], body)
        keys.append(key)
        counts[key] = counts.get(key, 0) + 1
    groups = [
        Group(day, body, n, _match(held.get(day, []), body, set(titled)))
        for (day, body), n in sorted(counts.items(), key=lambda kv: (kv[0][0], _order(kv[0][1])))
    ]
    unknown = [b.label for b in titled.values()]
    return LogMeetings(groups, keys, "meeting" in preview.mapping, unknown)


def _order(body: Body | None) -> tuple[int, str]:
    return (0, "") if body is None or body.label == FULL_BOARD else (1, body.label.casefold())


def _committee_key(name: str) -> str:
    return " ".join(w for w in norm(name).split() if w not in _FILLER)


def _body(name: str, by_name: dict) -> Body:
    words = norm(name).split()
    plain = " ".join(w for w in words if w not in ("meeting", "meetings"))
    if _FULL_BOARD_WORDS & set(words) or plain in _FULL_BOARD_NAMES:
        return Body(None, None, FULL_BOARD)
    committee = by_name.get(_committee_key(name))
    if committee is not None:
        return Body(committee.id, None, committee.name)
    return Body(None, name, name)


def _reads_as_full_board(title: str | None) -> bool:
    return not (title or "").strip() or _body(title or "", {}).title is None


def _match(that_day: list[Meeting], body: Body | None, titled: set[str]) -> Meeting | None:
    """The board's meeting on the day for this body (see the module's note), if it has one."""
    if body is None and len(that_day) == 1:
        return that_day[0]
    if body is not None and body.committee_id is not None:
        return next((m for m in that_day if m.committee_id == body.committee_id), None)
    board = [m for m in that_day if m.committee_id is None]
    if body is not None and body.title is not None:
        return next((m for m in board if norm(m.title) == norm(body.title)), None)
    plain = [m for m in board if _reads_as_full_board(m.title)]
    others = [m for m in board if norm(m.title) not in titled]  # the board's, titled its way
    return next(iter(plain or others), None)
