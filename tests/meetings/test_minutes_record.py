"""Minutes as clerks write them: declarations of interest, apologies, each item's discussion
and decisions, actions from decisions as well as questions, one number per action
everywhere, the close of the meeting; former governors never listed as absent."""

from __future__ import annotations

import datetime as dt

import pytest

from stoke_governor.board import governors as board
from stoke_governor.challenges import log as challenges
from stoke_governor.core.errors import MeetingError
from stoke_governor.meetings import actions as ac
from stoke_governor.meetings import attendance, meetings
from stoke_governor.meetings import declarations as dc
from stoke_governor.meetings.minutes import action_log, minutes_record
from tests.meeting_board import add_clerks_minutes, build_meeting

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def meeting(store):
    mid = build_meeting(store, URN)
    add_clerks_minutes(store, URN, mid)
    return mid


def test_the_numbering_rule():
    groups = [("1", []), ("2", ["a", "b"]), ("3", ["c"])]
    assert ac.number_actions(groups) == [("2.1", "a"), ("2.2", "b"), ("3.1", "c")]


def test_questions_then_decisions_numbered_by_item_the_same_in_minutes_and_action_log(
    store, meeting
):
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    numbered = [(a.number, a.text, a.from_decision) for a in r.actions]
    assert numbered == [
        ("2.1", "Report absence by year group", False),
        ("2.2", "Clerk to circulate the link to the attendance policy", True),
        ("3.1", "Chair to write to the LA about transport", True),
    ]
    item = r.items[1]
    assert [n for n, _q, a in item.questions()] == ["1", "2"]
    assert item.questions()[0][2].number == "2.1" and item.questions()[1][2] is None
    assert [a.number for a in item.decision_actions] == ["2.2"]
    assert item.notes == "The headteacher presented the attendance report."
    log = action_log(store, URN, meeting_id=meeting, today=TODAY)
    assert [(row.action.number, row.action.text) for row in log] == [
        (n, text) for n, text, _d in numbered
    ]
    assert log[1].agenda_item == "2. Attendance" and log[1].meeting_title
    everything = action_log(store, URN, today=TODAY)  # the earlier meeting's first
    assert [row.action.number for row in everything] == ["1.1", "2.1", "2.2", "3.1"]


def test_questions_and_actions_under_no_item_follow_the_agenda(store, meeting):
    challenges.add_challenge(
        store,
        URN,
        question="Is the roof safe?",
        asked_on="2026-10-08",
        meeting_id=meeting,
        action="Survey the roof",
        due_on="2026-12-01",
    )
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    other = r.items[-1]
    assert (other.number, other.on_agenda) == ("4", False)
    assert [a.number for a in other.actions] == ["4.1"]
    assert [row.action.number for row in action_log(store, URN, meeting_id=meeting)][-1] == "4.1"
    agenda_item = meetings.add_agenda_item(store, meeting, "Premises")
    ac.add_decision_action(store, meeting, "Book the surveyor", agenda_item_id=agenda_item)
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    assert [(i.number, [a.number for a in i.actions]) for i in r.items[3:]] == [
        ("4", ["4.1"]),
        ("5", ["5.1"]),
    ]


def test_an_action_due_before_its_meeting_is_kept_with_a_warning(store, meeting):
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    assert r.warnings == [
        "Action 2.2 is due on 1 Oct 2026, before the meeting that set it (8 Oct 2026); "
        "check the due date."
    ]
    assert ac.due_warning("This action", "2026-10-08", "2026-10-08") is None
    assert ac.due_warning("This action", "not a date", "2026-10-08") is None


def test_decision_actions_are_checked_and_changed(store, meeting):
    items = meetings.agenda(store, meeting)
    with pytest.raises(MeetingError, match="needs to say what is to be done"):
        ac.add_decision_action(store, meeting, "  ", agenda_item_id=items[0].id)
    with pytest.raises(MeetingError, match="'31/12/2026' is not a date"):
        ac.add_decision_action(store, meeting, "Do it", agenda_item_id=None, due_on="31/12/2026")
    other = meetings.add_meeting(store, URN, "2026-12-10", agenda=["Welcome"])
    with pytest.raises(MeetingError, match="not on this meeting's agenda"):
        ac.add_decision_action(
            store, meeting, "Do it", agenda_item_id=meetings.agenda(store, other)[0].id
        )
    [mine] = [a for a in ac.meeting_actions(store, meeting) if a.number == "3.1"]
    ac.update_decision_action(
        store, mine.action_id, "Chair to write", agenda_item_id=items[0].id, status="done"
    )
    moved = [a for a in ac.meeting_actions(store, meeting) if a.action_id == mine.action_id]
    assert (moved[0].number, moved[0].status, moved[0].owner) == ("1.1", "done", None)
    ac.delete_decision_action(store, mine.action_id)
    assert mine.action_id not in [a.action_id for a in ac.meeting_actions(store, meeting)]


def test_declarations_name_who_which_item_and_whether_pecuniary(store, meeting):
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    assert [(d.name, d.item_label, d.kind_label) for d in r.declarations] == [
        ("Pat Visitor", "All items", "Not pecuniary"),
        ("Bo Parent", "2. Attendance", "Pecuniary"),
    ]
    with pytest.raises(MeetingError, match="needs the name"):
        dc.add_declaration(store, meeting, name="  ")
    stranger = board.add_governor(store, 124390, "Elsewhere", "parent")
    with pytest.raises(MeetingError, match="not a member of this board"):
        dc.add_declaration(store, meeting, governor_id=stranger)
    first = r.declarations[0]
    changed = dc.update_declaration(store, first.id, name="Pat Visitor", pecuniary=True)
    assert changed.pecuniary and changed.note is None
    dc.delete_declaration(store, first.id)
    assert [d.name for d in dc.declarations(store, meeting)] == ["Bo Parent"]
    meetings.delete_meeting(store, meeting)  # the meeting's declarations go with it
    gone = store.query("SELECT count(*) FROM declarations WHERE meeting_id = ?", (meeting,))
    assert gone[0][0] == 0


def test_apologies_and_former_governors(store, meeting):
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    assert r.names("apologies accepted") == ["Di Away"]
    assert "Fay Former" not in [a.name for a in r.attendance]  # term ended in August
    assert r.quorum.membership == 4
    former = next(g.id for g in board.list_governors(store, URN) if g.name == "Fay Former")
    attendance.set_attendance(store, meeting, former, "present")  # came anyway: listed
    assert "Fay Former" in [a.name for a in attendance.attendance(store, meeting)]


def test_open_decision_actions_are_carried_forward_with_their_numbers(store, meeting):
    later = meetings.add_meeting(store, URN, "2026-12-10")
    arising = attendance.matters_arising(store, later)
    assert [(a.number, a.action, a.question) for a in arising] == [  # soonest due first
        ("1.1", "Bring the reading plan", "What is the plan for reading?"),
        ("2.2", "Clerk to circulate the link to the attendance policy", ""),
        ("2.1", "Report absence by year group", "Why is absence above the city's?"),
        ("3.1", "Chair to write to the LA about transport", ""),
    ]


def test_closing_time_and_next_meeting_are_checked(store, meeting):
    saved = meetings.get_meeting(store, meeting)
    assert (saved.closed_at, saved.next_meeting_on) == ("19:45", "2026-12-10")
    with pytest.raises(MeetingError, match="closing time '7.45pm' is not a time of day"):
        meetings.update_meeting(store, meeting, closed_at="7.45pm")
    with pytest.raises(MeetingError, match="date of the next meeting is '10 Dec'"):
        meetings.update_meeting(store, meeting, next_meeting_on="10 Dec")
    cleared = meetings.update_meeting(store, meeting, closed_at="", next_meeting_on=" ")
    assert (cleared.closed_at, cleared.next_meeting_on) == (None, None)
