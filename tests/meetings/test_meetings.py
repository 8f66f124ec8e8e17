"""Meetings: agenda, attendance, the 2013 regulations' quorum, and matters arising."""

from __future__ import annotations

import datetime as dt

import pytest

from stoke_governor.board.governors import add_governor, ensure_board
from stoke_governor.core.errors import MeetingError
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import meetings as mt

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board here
DATE = "2025-03-12"


def governors(store, n, category="parent", **kw):
    return [add_governor(store, URN, f"{category} {i}", category, **kw) for i in range(n)]


def committee(store, name, quorum=None, members=()):
    ensure_board(store, URN)
    with store.transaction():
        cid = store.execute(
            "INSERT INTO committees (urn, name, quorum) VALUES (?, ?, ?)", (URN, name, quorum)
        ).lastrowid
        store.executemany(
            "INSERT INTO committee_members VALUES (?, ?)", [(cid, g) for g in members]
        )
    return cid


def challenge(
    store, meeting_id, question, action="Report back", status="open", due=None, asked_on=DATE
):
    now = "2025-01-01T00:00:00"
    with store.transaction():
        return store.execute(
            "INSERT INTO challenges (urn, meeting_id, asked_on, question, action, due_on, "
            "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (URN, meeting_id, asked_on, question, action, due, status, now, now),
        ).lastrowid


def mark(store, meeting_id, ids, status="present"):
    for g in ids:
        att.set_attendance(store, meeting_id, g, status)


@pytest.mark.parametrize(("members", "needed"), [(9, 5), (10, 5), (11, 6), (1, 1)])
def test_full_board_quorum_is_half_the_governors_rounded_up(store, members, needed):
    ids = governors(store, members)
    m = mt.add_meeting(store, URN, DATE)
    mark(store, m, ids[: needed - 1])
    q = att.quorum(store, m)
    assert (q.membership, q.required, q.present, q.met) == (members, needed, needed - 1, False)
    assert q.explanation.startswith(f"Not quorate: {needed - 1} present, {needed} needed")
    mark(store, m, ids[needed - 1 : needed])
    q = att.quorum(store, m)
    assert q.met and q.explanation == (
        f"Quorate: {needed} present, {needed} needed (half of {members} governor"
        f"{'s' if members > 1 else ''}, rounded up)"
    )


def test_vacancies_associates_and_former_governors_are_not_members(store):
    current = governors(store, 6)
    associates = governors(store, 3, "associate")
    left = add_governor(store, URN, "Left in January", "parent")
    with store.transaction():
        store.execute("UPDATE governors SET left_on = '2025-01-31' WHERE id = ?", (left,))
    add_governor(store, URN, "Term ended", "la", term_start="2021-01-01", term_end="2025-03-11")
    add_governor(store, URN, "Not yet started", "co-opted", term_start="2025-04-01")
    on_the_day = add_governor(store, URN, "Term ends today", "staff", term_end=DATE)
    with store.transaction():  # places on the board that nobody fills are vacancies, not members
        store.execute("INSERT INTO board_places VALUES (?, 'parent', 12)", (URN,))
    m = mt.add_meeting(store, URN, DATE)
    mark(store, m, associates)  # present, but associate members never count
    q = att.quorum(store, m)
    assert (q.membership, q.required, q.present, q.met) == (7, 4, 0, False)
    mark(store, m, [*current[:3], on_the_day])
    assert att.quorum(store, m).explanation == (
        "Quorate: 4 present, 4 needed (half of 7 governors, rounded up)"
    )
    listed = {a.name: a for a in att.attendance(store, m)}
    assert "Left in January" not in listed and "Not yet started" not in listed
    assert listed["associate 0"].status == "present" and not listed["associate 0"].is_governor


def test_committee_quorum_is_the_boards_figure_and_never_fewer_than_three(store):
    gov = governors(store, 5)
    assoc = governors(store, 2, "associate")
    finance = committee(store, "Finance and resources", None, [*gov[:4], *assoc])
    m = mt.add_meeting(store, URN, DATE, committee_id=finance)
    assert mt.get_meeting(store, m).kind_label == "Finance and resources"
    assert {a.governor_id for a in att.attendance(store, m)} == {*gov[:4], *assoc}
    mark(store, m, [*gov[:2], *assoc, gov[4]])  # gov[4] is not a member of the committee
    q = att.quorum(store, m)
    assert (q.membership, q.required, q.present, q.met) == (4, 3, 2, False)
    assert q.explanation == (
        "Not quorate: 2 present, 3 needed (the minimum of three governors; "
        "the board has set no other quorum)"
    )
    mark(store, m, gov[2:3])
    assert att.quorum(store, m).met
    strict = committee(store, "Standards", 4, gov[:4])
    s = mt.add_meeting(store, URN, DATE, committee_id=strict)
    mark(store, s, gov[:3])
    assert att.quorum(store, s).explanation.startswith("Not quorate: 3 present, 4 needed")


def test_attendance_statuses_are_recorded_changed_and_cleared(store):
    a, b = governors(store, 2)
    m = mt.add_meeting(store, URN, DATE)
    assert [x.status for x in att.attendance(store, m)] == [None, None]
    att.set_attendance(store, m, a, "apologies accepted")
    att.set_attendance(store, m, b, "absent")
    att.set_attendance(store, m, b, "apologies not accepted")
    assert [x.status for x in att.attendance(store, m)] == [
        "apologies accepted",
        "apologies not accepted",
    ]
    att.set_attendance(store, m, a, None)
    assert att.attendance(store, m)[0].status is None
    with pytest.raises(MeetingError, match="'late' is not an attendance status"):
        att.set_attendance(store, m, a, "late")
    other = add_governor(store, 124390, "Elsewhere", "parent")
    with pytest.raises(MeetingError, match=f"Governor number {other} is not a member"):
        att.set_attendance(store, m, other, "present")


def test_agenda_keeps_its_order_through_moves_and_removals(store):
    m = mt.add_meeting(store, URN, DATE, agenda=["Welcome", "Minutes", "Head's report"])
    items = mt.agenda(store, m)
    assert [i.title for i in items] == ["Welcome", "Minutes", "Head's report"]
    extra = mt.add_agenda_item(store, m, "  Any other business ", decisions="None")
    assert mt.move_agenda_item(store, extra, up=True)
    assert not mt.move_agenda_item(store, items[0].id, up=True)
    mt.delete_agenda_item(store, items[1].id)
    mt.update_agenda_item(store, items[2].id, title="Headteacher's report", decisions="Noted")
    after = mt.agenda(store, m)
    assert [(i.position, i.title) for i in after] == [
        (1, "Welcome"),
        (2, "Any other business"),
        (3, "Headteacher's report"),
    ]
    assert after[2].decisions == "Noted"
    with pytest.raises(MeetingError, match="needs a title"):
        mt.add_agenda_item(store, m, "   ")
    with pytest.raises(MeetingError, match="needs a title"):
        mt.update_agenda_item(store, extra, title="")


def test_meetings_newest_first_edit_and_delete_keeps_challenges(store):
    old = mt.add_meeting(store, URN, "2024-11-20", title="Autumn", location="Library")
    new = mt.add_meeting(store, URN, DATE, starts_at="18:00")
    assert [x.id for x in mt.list_meetings(store, URN)] == [new, old]
    changed = mt.update_meeting(store, old, location="  ", clerk="A. Clerk")
    assert (changed.location, changed.clerk, changed.kind_label) == (
        None,
        "A. Clerk",
        "Full governing board",
    )
    kept = challenge(store, old, "Why is attendance falling?")
    assert mt.challenges_at(store, old) == 1
    mt.delete_meeting(store, old)
    assert [x.id for x in mt.list_meetings(store, URN)] == [new]
    row = store.query("SELECT meeting_id FROM challenges WHERE id = ?", (kept,))[0]
    assert row[0] is None
    with pytest.raises(MeetingError, match="no meeting number"):
        mt.get_meeting(store, old)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": "12/03/2025"}, "The meeting date is '12/03/2025', which is not a date"),
        ({"held_on": "2025-02-30"}, "not a date; write it as YYYY-MM-DD"),
        ({"held_on": ""}, "The meeting date is empty"),
        ({"starts_at": "6pm"}, "The start time '6pm' is not a time of day"),
        ({"committee_id": 999999}, "Committee number 999999 is not one of this board's"),
        ({"venue": "Hall"}, "A meeting has no detail called venue"),
    ],
)
def test_bad_details_are_refused_with_a_plain_reason(store, changes, message):
    m = mt.add_meeting(store, URN, DATE)
    with pytest.raises(MeetingError, match=message):
        mt.update_meeting(store, m, **changes)
    assert mt.get_meeting(store, m).held_on == DATE
    if "venue" not in changes:
        with pytest.raises(MeetingError, match=message):
            mt.add_meeting(store, URN, **{"held_on": DATE, **changes})


def test_matters_arising_carry_open_actions_from_the_same_bodys_earlier_meetings(store):
    finance = committee(store, "Finance")
    first = mt.add_meeting(store, URN, "2024-10-01")
    fin = mt.add_meeting(store, URN, "2024-11-01", committee_id=finance)
    now = mt.add_meeting(store, URN, DATE)
    later = mt.add_meeting(store, URN, "2025-06-01")
    wanted = challenge(store, first, "Reading at KS2?", due="2024-12-01")
    progress = challenge(store, first, "Phonics?", status="in progress", due="2025-05-01")
    outside = challenge(store, None, "Website?", asked_on="2025-01-10")
    challenge(store, first, "Closed one", status="done")
    challenge(store, first, "Nothing to do", status="no action needed")
    challenge(store, first, "No action", action="  ")
    challenge(store, fin, "Budget?")  # the committee's, not the board's
    challenge(store, now, "Asked at this meeting")
    challenge(store, later, "Asked later")
    arising = att.matters_arising(store, now)
    assert [a.challenge_id for a in arising] == [wanted, progress, outside]
    assert arising[0].meeting_held_on == "2024-10-01" and arising[2].meeting_held_on is None
    day = dt.date(2025, 3, 12)
    assert arising[0].overdue(day) and not arising[1].overdue(day)
    fin2 = mt.add_meeting(store, URN, DATE, committee_id=finance)
    assert [a.question for a in att.matters_arising(store, fin2)] == ["Budget?"]
