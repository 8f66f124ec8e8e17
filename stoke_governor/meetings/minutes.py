"""The record of a meeting's minutes, and the board's action log: what the clerk exports.

`minutes_record` gathers everything the minutes of one meeting say — the board and school,
the meeting, who attended, apologies and whether they were accepted, whether it was quorate
(the rule: `meetings.attendance.quorum`), declarations of interest, matters arising from
earlier meetings, each agenda item with its discussion, the challenge questions asked under
it (the leader's responses and the board's view), its decisions and the actions agreed, and
when the meeting closed and meets next — as plain records. `action_log` lists the follow-up
actions of a board or of one meeting, numbered as the minutes number them
(`meetings.actions`). The writers in `reports/` only lay these records out.
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
from stoke_governor.meetings.actions import Action, board_actions, item_groups, meeting_actions
from stoke_governor.meetings.attendance import (
    Attendee,
    MatterArising,
    Quorum,
    attendance,
    matters_arising,
    quorum,
)
from stoke_governor.meetings.declarations import Declaration, declarations
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


class ItemMinutes(NamedTuple):
    number: str  # "3", as the agenda numbers it (the group under no item: the next number)
    title: str
    notes: str | None  # the discussion, as the clerk wrote it
    decisions: str | None
    entries: list[Challenge]  # the challenge questions asked under the item, in order
    actions: list[Action]  # the item's actions, numbered: the questions' then the decisions'
    on_agenda: bool = True  # False for the group of questions and actions under no item

    def questions(self) -> list[tuple[str, Challenge, Action | None]]:
        """(number, question, its action if any): 1, 2… within the item."""
        by_question = {a.challenge.id: a for a in self.actions if a.challenge is not None}
        return [(str(n), e, by_question.get(e.id)) for n, e in enumerate(self.entries, 1)]

    @property
    def decision_actions(self) -> list[Action]:
        return [a for a in self.actions if a.from_decision]


class MinutesRecord(NamedTuple):
    urn: int
    school: str
    board: str
    demo: bool
    meeting: meetings.Meeting
    attendance: list[Attendee]
    quorum: Quorum
    declarations: list[Declaration]
    items: list[ItemMinutes]  # the agenda in order, then anything under no item
    actions: list[Action]  # every action agreed at the meeting, in number order
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

    def names(self, status: str | None) -> list[str]:
        """Who is recorded with this attendance status (associate members included)."""
        return [a.name for a in self.attendance if a.status == status]

    @property
    def warnings(self) -> list[str]:
        """What the clerk should check before the draft goes to the chair."""
        return [a.warning for a in self.actions if a.warning]


class ActionRow(NamedTuple):
    """One row of the action log."""

    action: Action
    meeting_title: str | None
    agenda_item: str | None  # "5. Budget"
    overdue: bool

    @property
    def meeting_held_on(self) -> str | None:
        return self.action.meeting_held_on


def meeting_title(meeting: meetings.Meeting) -> str:
    """What the minutes call the meeting: its own title, else the board or committee."""
    return (meeting.title or "").strip() or f"{meeting.kind_label} meeting"


# -- queries ---------------------------------------------------------------------------------
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
    found = find_challenges(store, meeting.urn, meeting_id=meeting.id)
    entries = sorted(found, key=lambda c: (c.asked_on, c.id))
    agenda = meetings.agenda(store, meeting.id)
    known = {a.id for a in agenda}
    by_item: dict[int | None, list[Challenge]] = {}
    for e in entries:
        by_item.setdefault(e.agenda_item_id if e.agenda_item_id in known else None, []).append(e)
    actions = meeting_actions(store, meeting.id)
    where = [*by_item, *(a.agenda_item_id for a in actions)]
    details = {a.id: a for a in agenda}
    items = [
        ItemMinutes(
            number,
            title,
            details[item_id].notes if item_id in details else None,
            details[item_id].decisions if item_id in details else None,
            by_item.get(item_id, []),
            [a for a in actions if a.agenda_item_id == item_id],
            item_id is not None,
        )
        for number, title, item_id in item_groups(agenda, where)
    ]
    return MinutesRecord(
        urn=meeting.urn,
        school=school.name,
        board=board.name if board else f"Governing board of {school.name}",
        demo=bool(board and board.demo),
        meeting=meeting,
        attendance=attendance(store, meeting.id),
        quorum=quorum(store, meeting.id),
        declarations=declarations(store, meeting.id),
        items=items,
        actions=actions,
        matters_arising=matters_arising(store, meeting.id),
        made_on=today or dt.date.today(),
    )


def action_log(
    store: Store, urn: int, *, meeting_id: int | None = None, today: dt.date | None = None
) -> list[ActionRow]:
    """Every follow-up action, from a challenge question or a decision: the board's, or one
    meeting's (which must be this board's). Meeting by meeting, oldest first, each with the
    number the meeting's minutes give it."""
    today = today or dt.date.today()
    if meeting_id is not None:
        board_meeting(store, urn, meeting_id)
    held = {m.id: m for m in meetings.list_meetings(store, urn)}
    return [
        ActionRow(
            a,
            meeting_title(held[a.meeting_id]) if a.meeting_id in held else None,
            f"{a.item_number}. {a.item_title}" if a.agenda_item_id is not None else None,
            a.overdue(today),
        )
        for a in board_actions(store, urn, meeting_id=meeting_id)
    ]


# -- names for files ---------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_part(text: str, limit: int = 60) -> str:
    """Text for a file name: letters, digits, '.', '_' and '-' only, spaces as '-'."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-.")
    return cleaned[:limit].rstrip("-.") or "untitled"


def minutes_file_name(meeting: meetings.Meeting, suffix: str = "pdf") -> str:
    """`2026-10-08_Full-governing-board_minutes.pdf` (or `.docx`)"""
    what = (meeting.title or "").strip() or meeting.kind_label
    return f"{meeting.held_on}_{safe_file_part(what)}_minutes.{suffix}"


def action_log_file_name(urn: int, school: str, today: dt.date | None = None) -> str:
    """`124390_Birches-Head-Academy_action-log_2026-10-09.xlsx`"""
    day = (today or dt.date.today()).isoformat()
    return f"{urn}_{safe_file_part(school)}_action-log_{day}.xlsx"
