"""A board's meeting as the clerk's exports need one, for the tests of the minutes."""

from __future__ import annotations

from stoke_governor.board import governors as board
from stoke_governor.challenges import log as challenges
from stoke_governor.meetings import attendance, meetings


def build_meeting(store, urn: int) -> int:
    """A full-board meeting with attendance, agenda, challenges and an earlier meeting."""
    chair = board.add_governor(store, urn, "Ann Chair", "co-opted", roles=["chair"])
    parent = board.add_governor(store, urn, "Bo Parent", "parent")
    head = board.add_governor(store, urn, "Cy Head", "headteacher")
    board.add_governor(store, urn, "Di Away", "la")
    earlier = meetings.add_meeting(store, urn, "2026-07-09", title="Summer term meeting")
    challenges.add_challenge(
        store,
        urn,
        question="What is the plan for reading?",
        asked_on="2026-07-09",
        meeting_id=earlier,
        action="Bring the reading plan",
        action_owner="Cy Head",
        due_on="2026-09-30",
    )
    mid = meetings.add_meeting(
        store,
        urn,
        "2026-10-08",
        starts_at="18:00",
        location="Library",
        clerk="Eve Clerk",
        agenda=["Welcome", "Attendance", "Any other business"],
    )
    for gid, status in ((chair, "present"), (parent, "present"), (head, "present")):
        attendance.set_attendance(store, mid, gid, status)
    items = meetings.agenda(store, mid)
    meetings.update_agenda_item(store, items[1].id, decisions="The board agreed a new target.")
    challenges.add_challenge(
        store,
        urn,
        question="Why is absence above the city's?",
        asked_on="2026-10-08",
        meeting_id=mid,
        agenda_item_id=items[1].id,
        asked_by=parent,
        response="Illness in Year 9.",
        responder="Headteacher",
        board_view="partly satisfied",
        action="Report absence by year group",
        action_owner="Headteacher",
        due_on="2026-11-01",
    )
    challenges.add_challenge(
        store,
        urn,
        question="How are pupils with SEND supported?",
        asked_on="2026-10-08",
        meeting_id=mid,
        agenda_item_id=items[1].id,
    )
    return mid
