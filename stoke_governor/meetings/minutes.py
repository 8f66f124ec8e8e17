"""The record of a meeting's minutes, and the board's action log: what the clerk exports.

`minutes_record` gathers everything the minutes of one meeting say — the board and school,
the meeting, who attended and whether it was quorate (the rule: `meetings.attendance.quorum`),
each agenda item with the challenge questions asked under it, the leader's responses and
the board's view, the decisions, the actions agreed and the matters arising from earlier
meetings — as plain records. `action_log` lists the follow-up actions of a board or of one
meeting. The PDF and workbook writers in `reports/` only lay these records out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from stoke_governor.board.governors import get_board
from stoke_governor.challenges.records import Challenge, find_challenges
from stoke_governor.core.errors import MeetingError
from stoke_governor.db.store import Store
from stoke_governor.meetings import meetings
from stoke_governor.meetings.attendance import (
    Attendee,
    MatterArising,
    Quorum,
    attendance,
    matters_arising,
    quorum,
)
from stoke_governor.schools.register import get_school

VIEW_LABELS = {
    "satisfied": "Satisfied",
    "partly satisfied": "Partly satisfied",
    "not satisfied": "Not satisfied",
}
STATUS_LABELS = {
    "open": "Open",
    "in progress": "In progress",
    "done": "Done",
    "no action needed": "No action needed",
}
ATTENDANCE_LABELS = {
    "present": "Present",
    "apologies accepted": "Apologies (accepted)",
    "apologies not accepted": "Apologies (not accepted)",
    "absent": "Absent",
    None: "Not recorded",
}


def view_label(c: Challenge) -> str:
    return VIEW_LABELS.get(c.board_view or "", "Not yet recorded")


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def has_action(c: Challenge) -> bool:
    return bool((c.action or "").strip())


def is_overdue(c: Challenge, today: dt.date) -> bool:
    """A follow-up action still open after its due date."""
    return has_action(c) and c.overdue_on(today)


class ItemMinutes(NamedTuple):
    number: str  # "3", as the agenda numbers it; "" for questions under no item
    title: str
    notes: str | None
    decisions: str | None
    entries: list[Challenge]


class MinutesRecord(NamedTuple):
    urn: int
    school: str
    board: str
    demo: bool
    meeting: meetings.Meeting
    attendance: list[Attendee]
    quorum: Quorum
    items: list[ItemMinutes]  # the agenda in order, then any questions under no item
    actions: list[tuple[str, Challenge]]  # (question number, entry) for entries with an action
    matters_arising: list[MatterArising]
    made_on: dt.date

    @property
    def title(self) -> str:
        return meeting_title(self.meeting)

    @property
    def decisions(self) -> list[tuple[str, str, str]]:
        """(item number, item title, decisions) for every item that records any."""
        return [
            (i.number, i.title, i.decisions)
            for i in self.items
            if i.decisions and i.decisions.strip()
        ]

    @property
    def entry_count(self) -> int:
        return sum(len(i.entries) for i in self.items)


class ActionRow(NamedTuple):
    """One row of the action log."""

    challenge: Challenge
    meeting_held_on: str | None
    meeting_title: str | None
    agenda_item: str | None
    overdue: bool


def meeting_title(meeting: meetings.Meeting) -> str:
    """What the minutes call the meeting: its own title, else the board or committee."""
    return (meeting.title or "").strip() or f"{meeting.kind_label} meeting"


# -- queries ---------------------------------------------------------------------------------
def _at_meeting(store: Store, urn: int, meeting_id: int | None) -> list[Challenge]:
    """The board's challenges (or one meeting's), in the order they were asked."""
    found = find_challenges(store, urn, meeting_id=meeting_id)
    return sorted(found, key=lambda c: (c.asked_on, c.id))


def board_meeting(store: Store, urn: int, meeting_id: int) -> meetings.Meeting:
    """The meeting with this id, if it is this board's; MeetingError otherwise."""
    try:
        meeting = meetings.get_meeting(store, meeting_id)
    except MeetingError:
        meeting = None
    if meeting is None or meeting.urn != urn:
        raise MeetingError(
            f"There is no meeting number {meeting_id} for this school's board; "
            "list the meetings in the app's Meetings page."
        )
    return meeting


def latest_meeting(store: Store, urn: int, today: dt.date | None = None) -> meetings.Meeting:
    """The most recent meeting held on or before today (else the earliest one planned)."""
    held = meetings.list_meetings(store, urn)
    if not held:
        raise MeetingError(
            "This school's board has no meetings recorded yet, so there are no minutes to "
            "export; add a meeting first."
        )
    today_text = (today or dt.date.today()).isoformat()
    past = [m for m in held if m.held_on <= today_text]
    return past[0] if past else held[-1]


def minutes_record(
    store: Store, meeting_id: int, *, urn: int | None = None, today: dt.date | None = None
) -> MinutesRecord:
    """Everything the minutes of this meeting say. With `urn`, the meeting must be that
    board's (MeetingError otherwise)."""
    meeting = (
        board_meeting(store, urn, meeting_id)
        if urn is not None
        else meetings.get_meeting(store, meeting_id)
    )
    school = get_school(store, meeting.urn)
    board = get_board(store, meeting.urn)
    entries = _at_meeting(store, meeting.urn, meeting.id)
    by_item: dict[int | None, list[Challenge]] = {}
    agenda = meetings.agenda(store, meeting.id)
    known = {a.id for a in agenda}
    for e in entries:
        by_item.setdefault(e.agenda_item_id if e.agenda_item_id in known else None, []).append(e)
    items = [
        ItemMinutes(str(a.position), a.title, a.notes, a.decisions, by_item.get(a.id, []))
        for a in agenda
    ]
    if by_item.get(None):
        items.append(ItemMinutes("", "Other challenge questions", None, None, by_item[None]))
    actions = [(number, e) for item in items for number, e in numbered(item) if has_action(e)]
    return MinutesRecord(
        urn=meeting.urn,
        school=school.name,
        board=board.name if board else f"Governing board of {school.name}",
        demo=bool(board and board.demo),
        meeting=meeting,
        attendance=attendance(store, meeting.id),
        quorum=quorum(store, meeting.id),
        items=items,
        actions=actions,
        matters_arising=matters_arising(store, meeting.id),
        made_on=today or dt.date.today(),
    )


def numbered(item: ItemMinutes) -> list[tuple[str, Challenge]]:
    """The item's questions with the numbers the minutes give them: 3.1, 3.2… (Q1… when
    under no item)."""
    if item.number:
        return [(f"{item.number}.{n}", e) for n, e in enumerate(item.entries, 1)]
    return [(f"Q{n}", e) for n, e in enumerate(item.entries, 1)]


def action_log(
    store: Store, urn: int, *, meeting_id: int | None = None, today: dt.date | None = None
) -> list[ActionRow]:
    """Every challenge with a follow-up action: the board's, or one meeting's (which must be
    this board's). Oldest first."""
    today = today or dt.date.today()
    if meeting_id is not None:
        board_meeting(store, urn, meeting_id)
    entries = _at_meeting(store, urn, meeting_id)
    held = {m.id: m for m in meetings.list_meetings(store, urn)}
    titles: dict[int, str] = {
        item_id: title
        for item_id, title in store.query(
            "SELECT a.id, a.position || '. ' || a.title FROM agenda_items a "
            "JOIN meetings m ON m.id = a.meeting_id WHERE m.urn = ?",
            (urn,),
        )
    }
    rows = []
    for e in entries:
        if not has_action(e):
            continue
        m = held.get(e.meeting_id) if e.meeting_id is not None else None
        item = titles.get(e.agenda_item_id) if e.agenda_item_id is not None else None
        rows.append(
            ActionRow(
                e,
                m.held_on if m else None,
                meeting_title(m) if m else None,
                item,
                is_overdue(e, today),
            )
        )
    return rows


# -- names for files ---------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_part(text: str, limit: int = 60) -> str:
    """Text for a file name: letters, digits, '.', '_' and '-' only, spaces as '-'."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-.")
    return cleaned[:limit].rstrip("-.") or "untitled"


def minutes_file_name(meeting: meetings.Meeting) -> str:
    """`2026-10-08_Full-governing-board_minutes.pdf`"""
    what = (meeting.title or "").strip() or meeting.kind_label
    return f"{meeting.held_on}_{safe_file_part(what)}_minutes.pdf"


def action_log_file_name(urn: int, school: str, today: dt.date | None = None) -> str:
    """`124390_Birches-Head-Academy_action-log_2026-10-09.xlsx`"""
    day = (today or dt.date.today()).isoformat()
    return f"{urn}_{safe_file_part(school)}_action-log_{day}.xlsx"
