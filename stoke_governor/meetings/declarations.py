"""Declarations of interest made at a meeting: who, on which agenda item, and whether the
interest is pecuniary (money: a business, a contract, a relative's job) or not.

A declaration is normally a governor's; someone else in attendance (a member of staff, an
adviser) can be named as written. A declaration on no particular item covers the meeting.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.errors import MeetingError
from stoke_governor.db.store import Store
from stoke_governor.meetings.meetings import agenda, get_meeting


class Declaration(NamedTuple):
    id: int
    meeting_id: int
    governor_id: int | None
    name: str  # the governor's name, or the name as written
    agenda_item_id: int | None
    item_position: int | None  # the item's number on the agenda; None for the whole meeting
    item_title: str | None
    pecuniary: bool
    note: str | None

    @property
    def item_label(self) -> str:
        """'5. Budget', or 'All items' for a declaration on the whole meeting."""
        if self.item_position is None:
            return "All items"
        return f"{self.item_position}. {self.item_title}"

    @property
    def kind_label(self) -> str:
        return "Pecuniary" if self.pecuniary else "Not pecuniary"


_SELECT = (
    "SELECT d.id, d.meeting_id, d.governor_id, coalesce(g.name, d.name), d.agenda_item_id, "
    "a.position, a.title, d.pecuniary, d.note FROM declarations d "
    "LEFT JOIN governors g ON g.id = d.governor_id "
    "LEFT JOIN agenda_items a ON a.id = d.agenda_item_id"
)


def declarations(store: Store, meeting_id: int) -> list[Declaration]:
    """The meeting's declarations in agenda order (those on the whole meeting first), then
    in the order they were recorded."""
    rows = store.query(
        f"{_SELECT} WHERE d.meeting_id = ? ORDER BY a.position IS NOT NULL, a.position, d.id",
        (meeting_id,),
    )
    return [_declaration(r) for r in rows]


def add_declaration(
    store: Store,
    meeting_id: int,
    *,
    governor_id: int | None = None,
    name: str | None = None,
    agenda_item_id: int | None = None,
    pecuniary: bool = False,
    note: str | None = None,
) -> int:
    """Record a declaration by a governor of the board (`governor_id`) or by someone named
    (`name`), on one of the meeting's agenda items or on the whole meeting; its id."""
    values = _checked(store, meeting_id, governor_id, name, agenda_item_id)
    with store.transaction():
        return store.insert(
            "INSERT INTO declarations (meeting_id, governor_id, name, agenda_item_id, "
            "pecuniary, note) VALUES (?, ?, ?, ?, ?, ?)",
            (meeting_id, *values, int(bool(pecuniary)), (note or "").strip() or None),
        )


def update_declaration(
    store: Store,
    declaration_id: int,
    *,
    governor_id: int | None = None,
    name: str | None = None,
    agenda_item_id: int | None = None,
    pecuniary: bool = False,
    note: str | None = None,
) -> Declaration:
    """Replace what a declaration says (who, which item, pecuniary or not, note)."""
    old = get_declaration(store, declaration_id)
    values = _checked(store, old.meeting_id, governor_id, name, agenda_item_id)
    with store.transaction():
        store.execute(
            "UPDATE declarations SET governor_id = ?, name = ?, agenda_item_id = ?, "
            "pecuniary = ?, note = ? WHERE id = ?",
            (*values, int(bool(pecuniary)), (note or "").strip() or None, declaration_id),
        )
    return get_declaration(store, declaration_id)


def delete_declaration(store: Store, declaration_id: int) -> None:
    get_declaration(store, declaration_id)
    with store.transaction():
        store.execute("DELETE FROM declarations WHERE id = ?", (declaration_id,))


def get_declaration(store: Store, declaration_id: int) -> Declaration:
    rows = store.query(f"{_SELECT} WHERE d.id = ?", (declaration_id,))
    if not rows:
        raise MeetingError(
            f"There is no declaration number {declaration_id}; it may have been removed."
        )
    return _declaration(rows[0])


def _declaration(row) -> Declaration:
    values = list(row)
    values[7] = bool(values[7])
    return Declaration._make(values)


def _checked(
    store: Store,
    meeting_id: int,
    governor_id: int | None,
    name: str | None,
    agenda_item_id: int | None,
) -> tuple[int | None, str, int | None]:
    """(governor id, name, item id) as stored; MeetingError saying what is wrong."""
    meeting = get_meeting(store, meeting_id)
    written = " ".join((name or "").split())
    if governor_id is not None:
        found = store.query("SELECT urn, name FROM governors WHERE id = ?", (governor_id,))
        if not found or found[0][0] != meeting.urn:
            raise MeetingError(f"Governor number {governor_id} is not a member of this board.")
        written = found[0][1]
    if not written:
        raise MeetingError(
            "A declaration needs the name of the person declaring an interest; choose a "
            "governor or write the name."
        )
    if agenda_item_id is not None and agenda_item_id not in {
        a.id for a in agenda(store, meeting_id)
    }:
        raise MeetingError(
            f"Agenda item number {agenda_item_id} is not on this meeting's agenda; choose one "
            "of its items, or none for the whole meeting."
        )
    return governor_id, written, agenda_item_id
