"""Who attended a meeting, whether it was quorate, and what is carried forward to it.

The quorum rules are those of the School Governance (Roles, Procedures and Allowances)
(England) Regulations 2013 (see QUORUM_RULE_BOARD and QUORUM_RULE_COMMITTEE). Use these
through `stoke_governor.meetings.meetings`, which re-exports them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from stoke_governor.core.errors import MeetingError
from stoke_governor.db.store import Store
from stoke_governor.meetings.actions import board_actions

ATTENDANCE = ("present", "apologies accepted", "apologies not accepted", "absent")
QUORUM_RULE_BOARD = (
    "Quorum of the full governing board (School Governance (Roles, Procedures and Allowances) "
    "(England) Regulations 2013, regulation 14(1)): one half, rounded up to a whole number, "
    "of the membership of the governing board, excluding vacancies. Only governors in office "
    "on the meeting date count; associate members do not."
)
QUORUM_RULE_COMMITTEE = (
    "Quorum of a committee (School Governance (Roles, Procedures and Allowances) (England) "
    "Regulations 2013): the number the governing board set for the committee, and never "
    "fewer than three governors. Only governor members who are present count; associate "
    "members do not."
)
COMMITTEE_MINIMUM = 3
# A governor in office on :d: the term has started, has not ended and they have not left.
_IN_OFFICE = (
    "(g.term_start IS NULL OR g.term_start <= :d) AND (g.term_end IS NULL OR g.term_end >= :d) "
    "AND (g.left_on IS NULL OR g.left_on >= :d)"
)


class Attendee(NamedTuple):
    governor_id: int
    name: str
    category: str
    roles: tuple[str, ...]
    status: str | None  # one of ATTENDANCE, or None when nothing is recorded yet

    @property
    def is_governor(self) -> bool:
        """Associate members are listed but never count towards the quorum."""
        return self.category != "associate"


class Quorum(NamedTuple):
    membership: int  # governors counted (full board: in office; committee: governor members)
    required: int
    present: int
    met: bool
    explanation: str  # "Quorate: 6 present, 5 needed (half of 10 governors, rounded up)"


class MatterArising(NamedTuple):
    challenge_id: int | None  # None for an action arising from a decision
    meeting_held_on: str | None  # None for an action recorded outside any meeting
    question: str  # "" for an action arising from a decision
    action: str
    action_owner: str | None
    due_on: str | None
    status: str
    number: str = ""  # the action's number in its meeting's minutes, e.g. "5.1"

    def overdue(self, today: dt.date | None = None) -> bool:
        """Due before today and still not done."""
        today = today or dt.date.today()
        return bool(self.due_on and self.due_on < today.isoformat())


class _Meeting(NamedTuple):
    id: int
    urn: int
    held_on: str
    committee_id: int | None
    committee_quorum: int | None


def _meeting(store: Store, meeting_id: int) -> _Meeting:
    rows = store.query(
        "SELECT m.id, m.urn, m.held_on, m.committee_id, c.quorum FROM meetings m "
        "LEFT JOIN committees c ON c.id = m.committee_id WHERE m.id = ?",
        (meeting_id,),
    )
    if not rows:
        raise MeetingError(f"There is no meeting number {meeting_id}; it may have been deleted.")
    return _Meeting(*rows[0])


def set_attendance(store: Store, meeting_id: int, governor_id: int, status: str | None) -> None:
    """Record a member's attendance at a meeting (one of ATTENDANCE), or clear it with None."""
    meeting = _meeting(store, meeting_id)
    if status is not None and status not in ATTENDANCE:
        raise MeetingError(
            f"'{status}' is not an attendance status; use one of: {', '.join(ATTENDANCE)}."
        )
    found = store.query("SELECT urn, name FROM governors WHERE id = ?", (governor_id,))
    if not found or found[0][0] != meeting.urn:
        raise MeetingError(f"Governor number {governor_id} is not a member of this board.")
    with store.transaction():
        if status is None:
            store.execute(
                "DELETE FROM attendance WHERE meeting_id = ? AND governor_id = ?",
                (meeting_id, governor_id),
            )
        else:
            store.execute(
                "INSERT INTO attendance (meeting_id, governor_id, status) VALUES (?, ?, ?) "
                "ON CONFLICT (meeting_id, governor_id) DO UPDATE SET status = excluded.status",
                (meeting_id, governor_id, status),
            )


def attendance(store: Store, meeting_id: int) -> list[Attendee]:
    """Every member expected at the meeting, by name, with their recorded status.

    Full board: everyone in office on the meeting date, associate members included (listed,
    never counted). Committee: its members in office on that date. Anyone else recorded as
    present (a visiting governor, one whose term had ended) is listed too; someone not in
    office on the date is never listed as absent or as sending apologies: they were no
    longer (or not yet) a member.
    """
    meeting = _meeting(store, meeting_id)
    if meeting.committee_id is None:
        expected = f"g.urn = :urn AND {_IN_OFFICE}"
    else:
        expected = (
            f"g.id IN (SELECT governor_id FROM committee_members WHERE committee_id = :c) "
            f"AND {_IN_OFFICE}"
        )
    rows = store.query(
        "SELECT g.id, g.name, g.category, "
        "(SELECT group_concat(role, char(31)) FROM governor_roles r WHERE r.governor_id = g.id), "
        "a.status FROM governors g "
        "LEFT JOIN attendance a ON a.governor_id = g.id AND a.meeting_id = :m "
        f"WHERE g.urn = :urn AND (({expected}) OR a.status = 'present') "
        "ORDER BY g.name COLLATE NOCASE, g.id",
        {"urn": meeting.urn, "d": meeting.held_on, "c": meeting.committee_id, "m": meeting_id},
    )
    return [
        Attendee(r[0], r[1], r[2], tuple(sorted(r[3].split("\x1f"))) if r[3] else (), r[4])
        for r in rows
    ]


def quorum(store: Store, meeting_id: int) -> Quorum:
    """Whether the meeting is quorate, by the 2013 regulations (see QUORUM_RULE_*).

    Full board: one half, rounded up, of the governors in office on the date (vacancies are
    not members; associate members are not governors). Committee: the quorum the board set,
    never fewer than three, counting governor members (not associates) who are present.
    """
    meeting = _meeting(store, meeting_id)
    params = {"urn": meeting.urn, "d": meeting.held_on, "c": meeting.committee_id, "m": meeting_id}
    if meeting.committee_id is None:
        members = f"g.urn = :urn AND g.category != 'associate' AND {_IN_OFFICE}"
    else:
        members = (
            "g.id IN (SELECT governor_id FROM committee_members WHERE committee_id = :c) "
            f"AND g.category != 'associate' AND {_IN_OFFICE}"
        )
    membership, present = store.query(
        "SELECT count(*), coalesce(sum(a.status = 'present'), 0) FROM governors g "
        "LEFT JOIN attendance a ON a.governor_id = g.id AND a.meeting_id = :m "
        f"WHERE {members}",
        params,
    )[0]
    if meeting.committee_id is None:
        required = math.ceil(membership / 2)
        basis = f"half of {membership} governor{'' if membership == 1 else 's'}, rounded up"
        if membership == 0:
            return Quorum(0, 0, 0, False, "Not quorate: no governors were in office on this date")
    else:
        set_by_board = meeting.committee_quorum or COMMITTEE_MINIMUM
        required = max(set_by_board, COMMITTEE_MINIMUM)
        basis = (
            f"the quorum the board set for this committee, of {membership} governor members"
            if meeting.committee_quorum
            else "the minimum of three governors; the board has set no other quorum"
        )
    met = present >= required
    word = "Quorate" if met else "Not quorate"
    return Quorum(
        membership,
        required,
        present,
        met,
        f"{word}: {present} present, {required} needed ({basis})",
    )


def matters_arising(store: Store, meeting_id: int) -> list[MatterArising]:
    """Follow-up actions carried forward to this meeting, soonest due first.

    Those still open (not 'done' or 'no action needed') from the same body's earlier
    meetings, whether they arose from a challenge question or from a decision: a full-board
    meeting carries forward its earlier full-board meetings' actions, and those recorded
    outside any meeting before its date; a committee meeting carries forward that
    committee's earlier meetings' actions. Committee actions are reported to the board
    through the committee's minutes, so they are not repeated there.
    """
    meeting = _meeting(store, meeting_id)
    params = {"urn": meeting.urn, "d": meeting.held_on, "c": meeting.committee_id, "m": meeting_id}
    same_body = "committee_id IS NULL" if meeting.committee_id is None else "committee_id = :c"
    earlier = {
        r[0]
        for r in store.query(
            f"SELECT id FROM meetings WHERE urn = :urn AND {same_body} "
            "AND (held_on < :d OR (held_on = :d AND id < :m))",
            params,
        )
    }
    carried = [
        a
        for a in board_actions(store, meeting.urn)
        if a.status not in ("done", "no action needed")
        and (
            a.meeting_id in earlier
            or (
                a.meeting_id is None
                and meeting.committee_id is None
                and a.challenge is not None
                and a.challenge.asked_on < meeting.held_on
            )
        )
    ]
    carried.sort(key=lambda a: (a.due_on is None, a.due_on or "", a.meeting_held_on or ""))
    return [
        MatterArising(
            a.challenge.id if a.challenge else None,
            a.meeting_held_on,
            a.challenge.question if a.challenge else "",
            a.text,
            a.owner,
            a.due_on,
            a.status,
            a.number,
        )
        for a in carried
    ]
