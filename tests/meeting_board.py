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


def add_clerks_minutes(store, urn: int, mid: int) -> dict:
    """What a clerk adds to `build_meeting`'s meeting for the minutes: a member's apologies,
    a former governor wrongly marked absent, the discussion of item 2, two declarations of
    interest, two actions arising from decisions (one due before the meeting), the closing
    time and the next meeting's date. Returns the governors' ids by name."""
    from stoke_governor.meetings.actions import add_decision_action
    from stoke_governor.meetings.declarations import add_declaration

    former = board.add_governor(
        store, urn, "Fay Former", "parent", term_start="2020-09-01", term_end="2026-08-31"
    )
    attendance.set_attendance(store, mid, former, "absent")
    ids = {g.name: g.id for g in board.list_governors(store, urn)}
    attendance.set_attendance(store, mid, ids["Di Away"], "apologies accepted")
    items = meetings.agenda(store, mid)
    meetings.update_agenda_item(
        store, items[1].id, notes="The headteacher presented the attendance report."
    )
    add_declaration(
        store,
        mid,
        governor_id=ids["Bo Parent"],
        agenda_item_id=items[1].id,
        pecuniary=True,
        note="Spouse works for the attendance contractor",
    )
    add_declaration(store, mid, name="Pat Visitor", note="Trustee of the reading charity")
    add_decision_action(
        store,
        mid,
        "Clerk to circulate the link to the attendance policy",
        agenda_item_id=items[1].id,
        owner="Eve Clerk",
        due_on="2026-10-01",
    )
    add_decision_action(
        store,
        mid,
        "Chair to write to the LA about transport",
        agenda_item_id=items[2].id,
        owner="Ann Chair",
        due_on="2026-11-30",
    )
    meetings.update_meeting(store, mid, closed_at="19:45", next_meeting_on="2026-12-10")
    return ids
