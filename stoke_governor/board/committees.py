"""The board's committees and who sits on them.

A committee belongs to one board; its members are current members of that board
(associate members included: they sit on committees). A committee's quorum, when the
board sets one, is at least three governors. Who attends a committee's meetings, and
whether they were quorate, is the meetings module's business.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from stoke_governor.board.governors import SELECT_GOVERNORS, Governor, ensure_board, row_to_governor
from stoke_governor.core.errors import BoardError
from stoke_governor.db.store import Store


class Committee(NamedTuple):
    id: int
    urn: int
    name: str
    quorum: int | None


def _clean(name: str) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise BoardError("Enter the committee's name.")
    return cleaned


def _check_quorum(quorum: int | None) -> int | None:
    if quorum is None:
        return None
    if isinstance(quorum, bool) or not isinstance(quorum, int) or quorum < 3:
        raise BoardError(
            f"A committee's quorum must be at least 3 governors (it was given as {quorum})."
        )
    return quorum


def _check_unique(store: Store, urn: int, name: str, committee_id: int = 0) -> None:
    for c in list_committees(store, urn):
        if c.id != committee_id and c.name.casefold() == name.casefold():
            raise BoardError(f"The board already has a committee called {c.name}.")


def get_committee(store: Store, committee_id: int) -> Committee:
    row = store.query_one(
        "SELECT id, urn, name, quorum FROM committees WHERE id = ?", (committee_id,)
    )
    if row is None:
        raise BoardError(f"No committee with id {committee_id} is held.")
    return Committee(*row)


def add_committee(store: Store, urn: int, name: str, quorum: int | None = None) -> int:
    """A new committee of the school's board (made now if needed); its id."""
    name, quorum = _clean(name), _check_quorum(quorum)
    _check_unique(store, urn, name)
    ensure_board(store, urn)
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO committees (urn, name, quorum) VALUES (?, ?, ?)", (urn, name, quorum)
        )
    return new_id


def update_committee(
    store: Store, committee_id: int, *, name: str | None = None, quorum: int | None = None
) -> Committee:
    """Rename a committee or set its quorum (None keeps the name; quorum=None clears it)."""
    c = get_committee(store, committee_id)
    new_name = c.name if name is None else _clean(name)
    _check_unique(store, c.urn, new_name, committee_id)
    with store.transaction():
        store.execute(
            "UPDATE committees SET name = ?, quorum = ? WHERE id = ?",
            (new_name, _check_quorum(quorum), committee_id),
        )
    return get_committee(store, committee_id)


def remove_committee(store: Store, committee_id: int) -> None:
    """Delete a committee and its membership (its past meetings keep their minutes)."""
    get_committee(store, committee_id)
    with store.transaction():
        store.execute("DELETE FROM committees WHERE id = ?", (committee_id,))


def list_committees(store: Store, urn: int) -> list[Committee]:
    rows = store.query(
        "SELECT id, urn, name, quorum FROM committees WHERE urn = ? ORDER BY name COLLATE NOCASE",
        (urn,),
    )
    return [Committee(*r) for r in rows]


def set_committee_members(store: Store, committee_id: int, governor_ids: Iterable[int]) -> None:
    """Make these current members of the board the committee's members (replacing any)."""
    c = get_committee(store, committee_id)
    wanted = set(governor_ids)
    current = {
        r[0]
        for r in store.query("SELECT id FROM governors WHERE urn = ? AND left_on IS NULL", (c.urn,))
    }
    strangers = wanted - current
    if strangers:
        raise BoardError(
            f"Only current members of this board can sit on {c.name} "
            f"(not governor id {', '.join(str(i) for i in sorted(strangers))})."
        )
    try:
        with store.transaction():
            store.execute(
                "DELETE FROM committee_members WHERE committee_id = ? AND governor_id IN "
                "(SELECT id FROM governors WHERE left_on IS NULL)",
                (committee_id,),
            )
            store.executemany(
                "INSERT INTO committee_members (committee_id, governor_id) VALUES (?, ?)",
                [(committee_id, gid) for gid in sorted(wanted)],
            )
    except sqlite3.IntegrityError as exc:  # only if the board changed under us
        raise BoardError(f"The members of {c.name} could not be saved ({exc}).") from None


def set_governor_committees(store: Store, governor_id: int, committee_ids: Iterable[int]) -> None:
    """Make these the committees a current member of the board sits on (replacing any)."""
    row = store.query_one("SELECT urn, name, left_on FROM governors WHERE id = ?", (governor_id,))
    if row is None:
        raise BoardError(f"No governor with id {governor_id} is held.")
    urn, name, left_on = row
    wanted = set(committee_ids)
    if wanted and left_on:
        raise BoardError(f"{name} has left the board, so cannot sit on its committees.")
    strangers = wanted - {c.id for c in list_committees(store, urn)}
    if strangers:
        raise BoardError(
            f"{name} can only sit on this board's committees "
            f"(not committee id {', '.join(str(i) for i in sorted(strangers))})."
        )
    with store.transaction():
        store.execute("DELETE FROM committee_members WHERE governor_id = ?", (governor_id,))
        store.executemany(
            "INSERT INTO committee_members (committee_id, governor_id) VALUES (?, ?)",
            [(cid, governor_id) for cid in sorted(wanted)],
        )


def committee_members(
    store: Store, committee_id: int, *, include_former: bool = False
) -> list[Governor]:
    """The committee's members, by name; those who have left the board only if asked for."""
    where = "" if include_former else "AND g.left_on IS NULL"
    rows = store.query(
        SELECT_GOVERNORS + "JOIN committee_members m ON m.governor_id = g.id "
        f"WHERE m.committee_id = ? {where} ORDER BY g.name COLLATE NOCASE, g.id",
        (committee_id,),
    )
    return [row_to_governor(r) for r in rows]


def governor_committees(store: Store, urn: int) -> dict[int, tuple[str, ...]]:
    """Each member's committees by name, for every member of the board who sits on one."""
    rows = store.query(
        "SELECT m.governor_id, c.name FROM committee_members m "
        "JOIN committees c ON c.id = m.committee_id WHERE c.urn = ? "
        "ORDER BY c.name COLLATE NOCASE",
        (urn,),
    )
    held: dict[int, list[str]] = {}
    for gid, name in rows:
        held.setdefault(gid, []).append(name)
    return {gid: tuple(names) for gid, names in held.items()}
