"""A school's governing board: the record every board capability hangs from.

A board belongs to one school (by URN). It is made the first time anything is kept
for it (a governor, a meeting, a challenge); the demo board that ships with the app is
marked `demo` and can be removed in one step without touching any other board.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .db.store import Store
from .schools import get_school

# Categories of governor (DfE "The constitution of governing bodies of maintained
# schools", 2017): key stored → label shown. Associate members sit on committees but are
# not governors: they do not count towards the board's membership or its quorum.
CATEGORIES = {
    "parent": "Parent governor",
    "staff": "Staff governor",
    "headteacher": "Headteacher",
    "la": "Local authority governor",
    "co-opted": "Co-opted governor",
    "foundation": "Foundation governor",
    "partnership": "Partnership governor",
    "associate": "Associate member",
}
NOT_GOVERNORS = frozenset({"associate"})
# Roles a board commonly gives its members; a board may add others of its own.
ROLES = (
    "chair",
    "vice-chair",
    "safeguarding link",
    "SEND link",
    "pupil premium link",
    "attendance link",
    "early years link",
    "careers link",
    "health and safety link",
    "training link",
)


class Board(NamedTuple):
    urn: int
    name: str
    demo: bool
    created_at: str


def get_board(store: Store, urn: int) -> Board | None:
    row = store.conn.execute(
        "SELECT urn, name, demo, created_at FROM boards WHERE urn = ?", (urn,)
    ).fetchone()
    return None if row is None else Board(row[0], row[1], bool(row[2]), row[3])


def ensure_board(store: Store, urn: int) -> Board:
    """The school's board, made now if the school has none yet (raises for an unknown URN)."""
    board = get_board(store, urn)
    if board is not None:
        return board
    school = get_school(store, urn)
    created = dt.datetime.now().isoformat(timespec="seconds")
    with store.conn:
        store.conn.execute(
            "INSERT OR IGNORE INTO boards (urn, name, demo, created_at) VALUES (?, ?, 0, ?)",
            (urn, f"Governing board of {school.name}", created),
        )
    return get_board(store, urn)


def demo_board(store: Store) -> Board | None:
    """The demo board shipped with the app, if it is still held."""
    row = store.conn.execute("SELECT urn FROM boards WHERE demo = 1").fetchone()
    return None if row is None else get_board(store, row[0])


def remove_demo_board(store: Store) -> bool:
    """Delete the demo board and everything kept for it; True if there was one."""
    with store.conn:
        store.conn.execute(
            "DELETE FROM challenge_history WHERE challenge_id IN (SELECT c.id FROM challenges c "
            "JOIN boards b ON b.urn = c.urn WHERE b.demo = 1)"
        )
        deleted = store.conn.execute("DELETE FROM boards WHERE demo = 1").rowcount
    return bool(deleted)


class Governor(NamedTuple):
    id: int
    urn: int
    name: str
    category: str
    term_start: str | None
    term_end: str | None
    left_on: str | None
    note: str | None
    roles: tuple[str, ...]

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def is_governor(self) -> bool:
        """Associate members are members of committees, not governors."""
        return self.category not in NOT_GOVERNORS


def add_governor(
    store: Store,
    urn: int,
    name: str,
    category: str,
    *,
    term_start: str | None = None,
    term_end: str | None = None,
    roles: tuple[str, ...] | list[str] = (),
    note: str | None = None,
) -> int:
    """Add a member to the school's board (made now if needed); the new governor's id."""
    ensure_board(store, urn)
    with store.conn:
        cur = store.conn.execute(
            "INSERT INTO governors (urn, name, category, term_start, term_end, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (urn, name.strip(), category, term_start, term_end, note),
        )
        store.conn.executemany(
            "INSERT OR IGNORE INTO governor_roles (governor_id, role) VALUES (?, ?)",
            [(cur.lastrowid, role) for role in roles],
        )
    return cur.lastrowid


def list_governors(store: Store, urn: int, *, include_former: bool = False) -> list[Governor]:
    """The board's members, by name; former members (with `left_on`) only if asked for."""
    where = "" if include_former else "AND g.left_on IS NULL"
    rows = store.query(
        "SELECT g.id, g.urn, g.name, g.category, g.term_start, g.term_end, g.left_on, g.note, "
        "(SELECT group_concat(role, char(31)) FROM governor_roles r WHERE r.governor_id = g.id)"
        f" FROM governors g WHERE g.urn = ? {where} ORDER BY g.name COLLATE NOCASE, g.id",
        (urn,),
    )
    return [Governor(*r[:8], tuple(sorted(r[8].split("\x1f"))) if r[8] else ()) for r in rows]
