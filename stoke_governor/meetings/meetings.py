"""Meetings of a school's governing board and its committees.

A meeting has a date, a kind (the full governing board, or one of the board's committees),
an agenda, the attendance of every member expected, and the quorum worked out from them.
Open follow-up actions from earlier meetings are carried forward as matters arising.
Attendance, quorum and matters arising live in `meetings.attendance`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from stoke_governor.board.governors import ensure_board
from stoke_governor.core.dates import parse_iso_date
from stoke_governor.core.errors import MeetingError
from stoke_governor.db.store import Store

FULL_BOARD = "Full governing board"
_FIELDS = (
    "held_on",
    "starts_at",
    "committee_id",
    "title",
    "location",
    "clerk",
    "in_attendance",
    "notes",
    "closed_at",
    "next_meeting_on",
)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Meeting(NamedTuple):
    id: int
    urn: int
    held_on: str
    starts_at: str | None
    committee_id: int | None
    committee: str | None  # the committee's name; None for the full board
    title: str | None
    location: str | None
    clerk: str | None
    in_attendance: str | None
    notes: str | None
    closed_at: str | None = None  # when the meeting closed, HH:MM
    next_meeting_on: str | None = None  # the date the meeting set for the next one

    @property
    def kind_label(self) -> str:
        return self.committee or FULL_BOARD


class Committee(NamedTuple):
    id: int
    name: str
    quorum: int | None


class AgendaItem(NamedTuple):
    id: int
    meeting_id: int
    position: int
    title: str
    decisions: str | None
    notes: str | None


# -- meetings -------------------------------------------------------------------------------
_SELECT = (
    "SELECT m.id, m.urn, m.held_on, m.starts_at, m.committee_id, c.name, m.title, m.location, "
    "m.clerk, m.in_attendance, m.notes, m.closed_at, m.next_meeting_on FROM meetings m "
    "LEFT JOIN committees c ON c.id = m.committee_id"
)


def committees(store: Store, urn: int) -> list[Committee]:
    """The board's committees, by name."""
    rows = store.query(
        "SELECT id, name, quorum FROM committees WHERE urn = ? ORDER BY name COLLATE NOCASE",
        (urn,),
    )
    return [Committee(*r) for r in rows]


def add_meeting(
    store: Store,
    urn: int,
    held_on: str,
    *,
    committee_id: int | None = None,
    title: str | None = None,
    location: str | None = None,
    starts_at: str | None = None,
    clerk: str | None = None,
    in_attendance: str | None = None,
    notes: str | None = None,
    agenda: tuple[str, ...] | list[str] = (),
) -> int:
    """Record a meeting (the board is made if needed), with its agenda in order; its id."""
    values = _checked(
        store,
        urn,
        held_on=held_on,
        committee_id=committee_id,
        title=title,
        location=location,
        starts_at=starts_at,
        clerk=clerk,
        in_attendance=in_attendance,
        notes=notes,
    )
    titles = [_agenda_title(t) for t in agenda]
    ensure_board(store, urn)
    with store.transaction():
        new_id = store.insert(
            f"INSERT INTO meetings (urn, {', '.join(values)}) "
            f"VALUES (?, {', '.join('?' for _ in values)})",
            (urn, *values.values()),
        )
        store.executemany(
            "INSERT INTO agenda_items (meeting_id, position, title) VALUES (?, ?, ?)",
            [(new_id, n, t) for n, t in enumerate(titles, 1)],
        )
    return new_id


def update_meeting(store: Store, meeting_id: int, **changes) -> Meeting:
    """Change some of a meeting's details (held_on, starts_at, committee_id, title, ...)."""
    meeting = get_meeting(store, meeting_id)
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise MeetingError(f"A meeting has no detail called {', '.join(sorted(unknown))}.")
    if changes:
        values = _checked(store, meeting.urn, **changes)
        with store.transaction():
            store.execute(
                f"UPDATE meetings SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                (*values.values(), meeting_id),
            )
    return get_meeting(store, meeting_id)


def delete_meeting(store: Store, meeting_id: int) -> None:
    """Delete a meeting with its agenda and attendance; challenges recorded at it are kept
    (no longer tied to a meeting)."""
    get_meeting(store, meeting_id)
    with store.transaction():
        store.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))


def challenges_at(store: Store, meeting_id: int) -> int:
    """How many challenges were recorded at this meeting."""
    return store.query("SELECT count(*) FROM challenges WHERE meeting_id = ?", (meeting_id,))[0][0]


def list_meetings(store: Store, urn: int) -> list[Meeting]:
    """The board's meetings and its committees', newest first."""
    rows = store.query(
        f"{_SELECT} WHERE m.urn = ? ORDER BY m.held_on DESC, m.starts_at DESC, m.id DESC", (urn,)
    )
    return [Meeting(*r) for r in rows]


def get_meeting(store: Store, meeting_id: int) -> Meeting:
    rows = store.query(f"{_SELECT} WHERE m.id = ?", (meeting_id,))
    if not rows:
        raise MeetingError(f"There is no meeting number {meeting_id}; it may have been deleted.")
    return Meeting(*rows[0])


def _checked(store: Store, urn: int, **values) -> dict:
    """The details as they will be stored: text trimmed (blank is None), each one checked."""
    out = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        if key == "held_on":
            value = check_date(value, "meeting date")
        elif key in ("starts_at", "closed_at") and value is not None and not _TIME.match(value):
            what = "start time" if key == "starts_at" else "closing time"
            raise MeetingError(
                f"The {what} '{value}' is not a time of day; write it as HH:MM, e.g. 18:00."
            )
        elif key == "next_meeting_on" and value is not None:
            value = check_date(value, "date of the next meeting")
        elif key == "committee_id" and value is not None:
            found = store.query("SELECT 1 FROM committees WHERE id = ? AND urn = ?", (value, urn))
            if not found:
                raise MeetingError(
                    f"Committee number {value} is not one of this board's committees."
                )
        out[key] = value
    return out


def check_date(value: str | None, what: str) -> str:
    """An ISO date (YYYY-MM-DD) as text, or MeetingError naming the field."""
    text = (value or "").strip()
    try:
        return parse_iso_date(text).isoformat()
    except ValueError:
        shown = f"'{text}'" if text else "empty"
        raise MeetingError(
            f"The {what} is {shown}, which is not a date; write it as YYYY-MM-DD, e.g. 2025-03-12."
        ) from None


# -- agenda ---------------------------------------------------------------------------------
def agenda(store: Store, meeting_id: int) -> list[AgendaItem]:
    rows = store.query(
        "SELECT id, meeting_id, position, title, decisions, notes FROM agenda_items "
        "WHERE meeting_id = ? ORDER BY position, id",
        (meeting_id,),
    )
    return [AgendaItem(*r) for r in rows]


def add_agenda_item(
    store: Store, meeting_id: int, title: str, *, decisions: str | None = None
) -> int:
    """Add an item at the end of the meeting's agenda; its id."""
    get_meeting(store, meeting_id)
    title = _agenda_title(title)
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO agenda_items (meeting_id, position, title, decisions) VALUES (?, "
            "(SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?)",
            (meeting_id, meeting_id, title, (decisions or "").strip() or None),
        )
    return new_id


def update_agenda_item(store: Store, item_id: int, **changes) -> AgendaItem:
    """Change an item's title, decisions or notes."""
    item = _agenda_item(store, item_id)
    unknown = set(changes) - {"title", "decisions", "notes"}
    if unknown:
        raise MeetingError(f"An agenda item has no detail called {', '.join(sorted(unknown))}.")
    values = {k: (v or "").strip() or None for k, v in changes.items()}
    if "title" in changes:
        values["title"] = _agenda_title(changes["title"])
    if values:
        with store.transaction():
            store.execute(
                f"UPDATE agenda_items SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                (*values.values(), item_id),
            )
    return _agenda_item(store, item.id)


def move_agenda_item(store: Store, item_id: int, up: bool) -> bool:
    """Swap an item with the one before (up) or after it; False if it is already at that end."""
    item = _agenda_item(store, item_id)
    items = agenda(store, item.meeting_id)
    at = [i.id for i in items].index(item_id)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(items):
        return False
    order = [i.id for i in items]
    order[at], order[other] = order[other], order[at]
    _renumber(store, order)
    return True


def delete_agenda_item(store: Store, item_id: int) -> None:
    """Remove an item; the rest close up (challenges tied to it stay, tied to the meeting)."""
    item = _agenda_item(store, item_id)
    rest = [i.id for i in agenda(store, item.meeting_id) if i.id != item_id]
    with store.transaction():
        store.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))
    _renumber(store, rest)


def _renumber(store: Store, ids: list[int]) -> None:
    with store.transaction():
        store.executemany(
            "UPDATE agenda_items SET position = ? WHERE id = ?",
            [(n, i) for n, i in enumerate(ids, 1)],
        )


def _agenda_item(store: Store, item_id: int) -> AgendaItem:
    rows = store.query(
        "SELECT id, meeting_id, position, title, decisions, notes FROM agenda_items WHERE id = ?",
        (item_id,),
    )
    if not rows:
        raise MeetingError(f"There is no agenda item number {item_id}; it may have been removed.")
    return AgendaItem(*rows[0])


def _agenda_title(title: str | None) -> str:
    text = (title or "").strip()
    if not text:
        raise MeetingError("An agenda item needs a title, e.g. 'Headteacher's report'.")
    return text
