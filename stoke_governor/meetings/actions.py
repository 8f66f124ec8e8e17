"""The actions agreed at a meeting, and the one number each carries everywhere.

An action arises either from a challenge question (the question's follow-up action, kept in
the challenge log) or from a decision on an agenda item ("Clerk to circulate the link"),
kept here. Both are numbered by the item they belong to: item 5's actions are 5.1, 5.2…
in the order the minutes list them (the questions' actions in the order the questions were
asked, then the decisions' actions in the order they were recorded). Questions and actions
recorded at the meeting under no agenda item are grouped after the last item and numbered
as the next one. `number_actions` is that rule; the minutes (PDF and Word) and the action
log all take their numbers from `board_actions`, which applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, TypeVar

from stoke_governor.challenges.records import OPEN_STATUSES, STATUSES, Challenge, find_challenges
from stoke_governor.core.dates import parse_iso_date
from stoke_governor.core.errors import MeetingError
from stoke_governor.db.store import Store
from stoke_governor.meetings.meetings import AgendaItem, Meeting, agenda, get_meeting

T = TypeVar("T")
OTHER_ITEM = "Other questions and actions (under no agenda item)"


class Action(NamedTuple):
    number: str  # "5.1"; "" for an action recorded outside any meeting
    text: str
    owner: str | None
    due_on: str | None
    status: str  # one of challenges' STATUSES
    meeting_id: int | None
    meeting_held_on: str | None
    agenda_item_id: int | None
    item_number: str  # "5"; "" outside any meeting
    item_title: str | None
    challenge: Challenge | None  # the question it arises from; None when from a decision
    action_id: int | None  # a decision's action: its own id

    @property
    def from_decision(self) -> bool:
        return self.challenge is None

    @property
    def due_before_meeting(self) -> bool:
        """Due before the meeting that set it: the date is almost certainly a slip."""
        return bool(self.due_on and self.meeting_held_on and self.due_on < self.meeting_held_on)

    def overdue(self, today: dt.date | None = None) -> bool:
        """Still open (or in progress) after its due date."""
        day = (today or dt.date.today()).isoformat()
        return bool(self.due_on and self.due_on < day) and self.status in OPEN_STATUSES

    @property
    def warning(self) -> str | None:
        """What the clerk should check before the minutes go out, if anything."""
        return due_warning(f"Action {self.number}", self.due_on, self.meeting_held_on)


def due_warning(what: str, due_on: str | None, held_on: str | None) -> str | None:
    """'Action 5.1 is due on 1 Oct 2026, before the meeting that set it (8 Oct 2026); check
    the due date.' when it is; None otherwise (no date, or not a date, is no warning)."""
    try:
        due, held = parse_iso_date(due_on or ""), parse_iso_date(held_on or "")
    except ValueError:
        return None
    if due >= held:
        return None
    return (
        f"{what} is due on {day_label(due_on)}, before the meeting that set it "
        f"({day_label(held_on)}); check the due date."
    )


def number_actions(groups: Sequence[tuple[str, Sequence[T]]]) -> list[tuple[str, T]]:
    """Each item's actions numbered n.1, n.2… in order: `groups` is (item number, actions)
    in the order the minutes list the items. The one numbering rule for actions."""
    return [(f"{item}.{n}", a) for item, actions in groups for n, a in enumerate(actions, 1)]


def other_item_number(items: Sequence[AgendaItem]) -> str:
    """The number of the group after the agenda: questions and actions under no item."""
    return str(max((i.position for i in items), default=0) + 1)


def day_label(iso: str | None) -> str:
    """'1 Oct 2026'; text that is not a date as it is."""
    try:
        d = parse_iso_date(iso or "")
    except ValueError:
        return iso or ""
    return f"{d.day} {d:%b %Y}"


def has_action(c: Challenge) -> bool:
    return bool((c.action or "").strip())


# -- reading ---------------------------------------------------------------------------------
class _Decided(NamedTuple):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    action: str
    owner: str | None
    due_on: str | None
    status: str


def board_actions(store: Store, urn: int, *, meeting_id: int | None = None) -> list[Action]:
    """Every action of the board (or of one of its meetings), numbered: meeting by meeting,
    oldest first, each in minutes order; then (for the whole board) those recorded outside
    any meeting, in the order they were asked."""
    scope = {"u": urn, "m": meeting_id}
    held = store.query(
        "SELECT id, held_on FROM meetings WHERE urn = :u AND (:m IS NULL OR id = :m) "
        "ORDER BY held_on, id",
        scope,
    )
    items: dict[int, list[AgendaItem]] = {mid: [] for mid, _day in held}
    for row in store.query(
        "SELECT a.id, a.meeting_id, a.position, a.title, a.decisions, a.notes FROM agenda_items a "
        "JOIN meetings m ON m.id = a.meeting_id WHERE m.urn = :u AND (:m IS NULL OR m.id = :m) "
        "ORDER BY a.meeting_id, a.position, a.id",
        scope,
    ):
        items[row[1]].append(AgendaItem(*row))
    decided: dict[int, list[_Decided]] = {mid: [] for mid, _day in held}
    for row in store.query(
        "SELECT x.id, x.meeting_id, x.agenda_item_id, x.action, x.owner, x.due_on, x.status "
        "FROM meeting_actions x JOIN meetings m ON m.id = x.meeting_id "
        "WHERE m.urn = :u AND (:m IS NULL OR m.id = :m) ORDER BY x.id",
        scope,
    ):
        decided[row[1]].append(_Decided(*row))
    asked: dict[int | None, list[Challenge]] = {}
    entries = find_challenges(store, urn, meeting_id=meeting_id)
    for c in sorted(entries, key=lambda c: (c.asked_on, c.id)):
        if has_action(c):
            asked.setdefault(c.meeting_id, []).append(c)
    out: list[Action] = []
    for mid, held_on in held:
        out += _numbered(mid, held_on, items[mid], asked.get(mid, []), decided[mid])
    if meeting_id is None:
        out += [_from_question("", c) for c in asked.get(None, [])]
    return out


def meeting_actions(store: Store, meeting_id: int) -> list[Action]:
    """The actions agreed at one meeting, numbered, in minutes order."""
    meeting = get_meeting(store, meeting_id)
    return board_actions(store, meeting.urn, meeting_id=meeting_id)


def item_groups(
    items: Sequence[AgendaItem], known_item: Sequence[int | None]
) -> list[tuple[str, str, int | None]]:
    """(number, title, item id) of each group the minutes list: the agenda in order, then
    the group of things under no item (id None) when `known_item` holds any None."""
    groups: list[tuple[str, str, int | None]] = [(str(i.position), i.title, i.id) for i in items]
    if None in known_item:
        groups.append((other_item_number(items), OTHER_ITEM, None))
    return groups


def _numbered(
    meeting_id: int,
    held_on: str,
    items: list[AgendaItem],
    asked: list[Challenge],
    decided: list[_Decided],
) -> list[Action]:
    known = {i.id for i in items}

    def item_of(item_id: int | None) -> int | None:
        return item_id if item_id in known else None

    where = [item_of(c.agenda_item_id) for c in asked]
    where += [item_of(d.agenda_item_id) for d in decided]
    groups: list[tuple[str, list[Action]]] = []
    for number, title, item_id in item_groups(items, where):
        at = (meeting_id, held_on, item_id, number, title)
        group = [_from_question("", c, *at) for c in asked if item_of(c.agenda_item_id) == item_id]
        group += [
            Action("", d.action, d.owner, d.due_on, d.status, *at, None, d.id)
            for d in decided
            if item_of(d.agenda_item_id) == item_id
        ]
        groups.append((number, group))
    return [a._replace(number=n) for n, a in number_actions(groups)]


def _from_question(
    number: str,
    c: Challenge,
    meeting_id: int | None = None,
    held_on: str | None = None,
    item_id: int | None = None,
    item_number: str = "",
    item_title: str | None = None,
) -> Action:
    text = (c.action or "").strip()
    at = (meeting_id, held_on, item_id, item_number, item_title)
    return Action(number, text, c.action_owner, c.due_on, c.status, *at, c, None)


# -- a decision's actions ----------------------------------------------------------------------
def add_decision_action(
    store: Store,
    meeting_id: int,
    action: str,
    *,
    agenda_item_id: int | None,
    owner: str | None = None,
    due_on: str | None = None,
    status: str = "open",
) -> int:
    """Record an action arising from a decision on one of the meeting's items; its id."""
    meeting = get_meeting(store, meeting_id)
    values = _checked(store, meeting, action, agenda_item_id, owner, due_on, status)
    with store.transaction():
        return store.insert(
            "INSERT INTO meeting_actions (meeting_id, agenda_item_id, action, owner, due_on, "
            "status) VALUES (?, ?, ?, ?, ?, ?)",
            (meeting_id, *values),
        )


def update_decision_action(
    store: Store,
    action_id: int,
    action: str,
    *,
    agenda_item_id: int | None,
    owner: str | None = None,
    due_on: str | None = None,
    status: str = "open",
) -> None:
    """Replace what a decision's action says: its text, item, owner, due date and status."""
    meeting = get_meeting(store, _meeting_of(store, action_id))
    values = _checked(store, meeting, action, agenda_item_id, owner, due_on, status)
    with store.transaction():
        store.execute(
            "UPDATE meeting_actions SET agenda_item_id = ?, action = ?, owner = ?, due_on = ?, "
            "status = ? WHERE id = ?",
            (*values, action_id),
        )


def delete_decision_action(store: Store, action_id: int) -> None:
    _meeting_of(store, action_id)
    with store.transaction():
        store.execute("DELETE FROM meeting_actions WHERE id = ?", (action_id,))


def _meeting_of(store: Store, action_id: int) -> int:
    rows = store.query("SELECT meeting_id FROM meeting_actions WHERE id = ?", (action_id,))
    if not rows:
        raise MeetingError(f"There is no action number {action_id}; it may have been removed.")
    return rows[0][0]


def _checked(
    store: Store,
    meeting: Meeting,
    action: str,
    agenda_item_id: int | None,
    owner: str | None,
    due_on: str | None,
    status: str,
) -> tuple:
    """(item id, action, owner, due date, status) as stored; MeetingError saying what is
    wrong. A due date before the meeting is kept: the minutes and the editor warn of it."""
    text = (action or "").strip()
    if not text:
        raise MeetingError("An action needs to say what is to be done, e.g. 'Circulate the link'.")
    if agenda_item_id is not None and agenda_item_id not in {
        a.id for a in agenda(store, meeting.id)
    }:
        raise MeetingError(
            f"Agenda item number {agenda_item_id} is not on this meeting's agenda; choose one "
            "of its items."
        )
    due = (due_on or "").strip() or None
    if due is not None:
        try:
            due = parse_iso_date(due).isoformat()
        except ValueError:
            raise MeetingError(
                f"The due date '{due}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30."
            ) from None
    if status not in STATUSES:
        raise MeetingError(f"'{status}' is not a status; use one of: {', '.join(STATUSES)}.")
    return agenda_item_id, text, (owner or "").strip() or None, due, status
