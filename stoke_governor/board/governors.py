"""A school's governing board: the record every board capability hangs from.

A board belongs to one school (by URN). It is made the first time anything is kept
for it (a governor, a meeting, a challenge); the demo board that ships with the app is
marked `demo` and can be removed in one step without touching any other board.

Here too: the governors (current and former, with roles and terms of office), committees,
the board's constitution (places per category) and the vacancies and term ends that follow.
Every change is checked first and made in one transaction: a `BoardError` names the problem
and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from stoke_governor.core.dates import parse_uk_date, uk_date
from stoke_governor.core.errors import BoardError
from stoke_governor.db.store import Store
from stoke_governor.schools.register import get_school

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
LEADING_ROLES = frozenset({"chair", "vice-chair"})  # held by governors only
TERM_WARNING_DAYS = 60  # how far ahead the end of a term of office is flagged


class Board(NamedTuple):
    urn: int
    name: str
    demo: bool
    created_at: str


def get_board(store: Store, urn: int) -> Board | None:
    row = store.query_one("SELECT urn, name, demo, created_at FROM boards WHERE urn = ?", (urn,))
    return None if row is None else Board(row[0], row[1], bool(row[2]), row[3])


def ensure_board(store: Store, urn: int) -> Board:
    """The school's board, made now if the school has none yet (raises for an unknown URN)."""
    board = get_board(store, urn)
    if board is not None:
        return board
    school = get_school(store, urn)
    created = dt.datetime.now().isoformat(timespec="seconds")
    with store.transaction():
        store.execute(
            "INSERT OR IGNORE INTO boards (urn, name, demo, created_at) VALUES (?, ?, 0, ?)",
            (urn, f"Governing board of {school.name}", created),
        )
    board = get_board(store, urn)
    if board is None:
        raise BoardError(f"The board for the school with URN {urn} could not be made.")
    return board


def demo_board(store: Store) -> Board | None:
    """The demo board shipped with the app, if it is still held."""
    row = store.query_one("SELECT urn FROM boards WHERE demo = 1")
    return None if row is None else get_board(store, row[0])


def remove_demo_board(store: Store) -> bool:
    """Delete the demo board and everything kept for it; True if there was one."""
    with store.transaction():
        store.execute(
            "DELETE FROM challenge_history WHERE challenge_id IN (SELECT c.id FROM challenges c "
            "JOIN boards b ON b.urn = c.urn WHERE b.demo = 1)"
        )
        deleted = store.execute("DELETE FROM boards WHERE demo = 1").rowcount
    return bool(deleted)


# -- rules (pure) --------------------------------------------------------------


def clean_name(name: str) -> str:
    """The name as kept: surrounding and repeated spaces removed; an empty name refused."""
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise BoardError("Enter the governor's name.")
    return cleaned


def same_person(a: str, b: str) -> bool:
    """Names that are the same apart from capitals and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_category(category: str) -> str:
    if category not in CATEGORIES:
        choices = ", ".join(CATEGORIES.values())
        raise BoardError(f"“{category}” is not a category of governor; choose one of: {choices}.")
    return category


def iso_date(value: str | dt.date | None, what: str) -> str | None:
    """A date as ISO text (YYYY-MM-DD), None when blank; `what` names the field in errors.

    Typed as people in the UK write dates (01/09/2023, 1 Sept 2023) or as ISO (2023-09-01).
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    text = (value or "").strip()
    if not text:
        return None
    try:
        return parse_uk_date(text).isoformat()
    except ValueError as exc:
        raise BoardError(f"The {what}: {exc}.") from None


def check_term(term_start: str | None, term_end: str | None) -> None:
    if term_start and term_end and term_end < term_start:
        raise BoardError(
            f"The term of office cannot end ({uk_date(term_end)}) before it starts "
            f"({uk_date(term_start)})."
        )


def clean_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Roles as kept: trimmed, blanks and repeats dropped, the usual ones in their usual case."""
    known = {r.casefold(): r for r in ROLES}
    kept: dict[str, str] = {}
    for role in roles:
        text = " ".join(str(role).split())
        if text:
            kept.setdefault(text.casefold(), known.get(text.casefold(), text))
    return tuple(sorted(kept.values()))


def days_to(term_end: str | None, today: dt.date) -> int | None:
    """Days from today to the end of the term (negative once it has ended)."""
    return None if not term_end else (dt.date.fromisoformat(term_end) - today).days


def term_note(days: int | None) -> str:
    """How the end of a term reads beside a governor's name."""
    if days is None:
        return ""
    if days > 1:
        return f"term ends in {days} days"
    if days >= 0:
        return "term ends tomorrow" if days == 1 else "term ends today"
    return "term ended yesterday" if days == -1 else f"term ended {-days} days ago"


def ending_soon(days: int | None, within_days: int = TERM_WARNING_DAYS) -> bool:
    """A term to act on: it ends within the window, or has ended while the governor serves."""
    return days is not None and days <= within_days


# -- governors -----------------------------------------------------------------
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


SELECT_GOVERNORS = (
    "SELECT g.id, g.urn, g.name, g.category, g.term_start, g.term_end, g.left_on, g.note, "
    "(SELECT group_concat(role, char(31)) FROM governor_roles r WHERE r.governor_id = g.id)"
    " FROM governors g "
)


def row_to_governor(row) -> Governor:
    roles = tuple(sorted(row[8].split("\x1f"))) if row[8] else ()
    return Governor._make((*row[:8], roles))


def get_governor(store: Store, governor_id: int) -> Governor:
    row = store.query_one(SELECT_GOVERNORS + "WHERE g.id = ?", (governor_id,))
    if row is None:
        raise BoardError(f"No governor with id {governor_id} is held.")
    return row_to_governor(row)


def governor_name(store: Store, governor_id: int | None) -> str:
    """The name of the governor with this id; "" if there is none (or no id)."""
    if governor_id is None:
        return ""
    row = store.query_one("SELECT name FROM governors WHERE id = ?", (governor_id,))
    return row[0] if row else ""


def _checked(store: Store, g: Governor) -> Governor:
    """The member as they will be kept, or a BoardError saying what is wrong."""
    name = clean_name(g.name)
    check_category(g.category)
    start = iso_date(g.term_start, "term start date")
    end = iso_date(g.term_end, "term end date")
    check_term(start, end)
    roles = clean_roles(g.roles)
    if g.category in NOT_GOVERNORS and LEADING_ROLES & set(roles):
        raise BoardError(
            f"{name} is an associate member: only governors can be chair or vice-chair."
        )
    for other in list_governors(store, g.urn):
        if other.id == g.id:
            continue
        if same_person(other.name, name):
            raise BoardError(f"{other.name} is already a current member of this board.")
        if "chair" in roles and "chair" in other.roles:
            raise BoardError(
                f"{other.name} is the chair: take the role off them before giving it to {name}."
            )
        if g.category == other.category == "headteacher":
            raise BoardError(f"{other.name} is already the headteacher on this board.")
    note = (g.note or "").strip() or None
    return g._replace(name=name, term_start=start, term_end=end, roles=roles, note=note)


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
    g = _checked(
        store, Governor(0, urn, name, category, term_start, term_end, None, note, tuple(roles))
    )
    ensure_board(store, urn)
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO governors (urn, name, category, term_start, term_end, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (urn, g.name, g.category, g.term_start, g.term_end, g.note),
        )
        _set_roles(store, new_id, g.roles)
    return new_id


def _set_roles(store: Store, governor_id: int, roles: tuple[str, ...]) -> None:
    store.execute("DELETE FROM governor_roles WHERE governor_id = ?", (governor_id,))
    store.executemany(
        "INSERT INTO governor_roles (governor_id, role) VALUES (?, ?)",
        [(governor_id, role) for role in roles],
    )


EDITABLE = frozenset({"name", "category", "term_start", "term_end", "roles", "note"})


def update_governor(store: Store, governor_id: int, **changes) -> Governor:
    """Change a member's name, category, term dates, roles or note; the member as now kept."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"update_governor() cannot change {', '.join(sorted(unknown))}")
    g = _checked(store, get_governor(store, governor_id)._replace(**changes))
    with store.transaction():
        store.execute(
            "UPDATE governors SET name = ?, category = ?, term_start = ?, term_end = ?, "
            "note = ? WHERE id = ?",
            (g.name, g.category, g.term_start, g.term_end, g.note, governor_id),
        )
        _set_roles(store, governor_id, g.roles)
    return get_governor(store, governor_id)


def record_leaving(
    store: Store, governor_id: int, left_on: str | dt.date, *, today: dt.date | None = None
) -> Governor:
    """Record the day a member left: they are kept as a former member, with their history."""
    g = get_governor(store, governor_id)
    if g.left_on:
        raise BoardError(f"{g.name} already left the board on {uk_date(g.left_on)}.")
    day = iso_date(left_on, "leaving date")
    if day is None:
        raise BoardError(f"Enter the date {g.name} left the board.")
    if day > (today or dt.date.today()).isoformat():
        raise BoardError(f"The leaving date {uk_date(day)} is in the future: record it on the day.")
    if g.term_start and day < g.term_start:
        raise BoardError(
            f"{g.name} cannot leave ({uk_date(day)}) before their term started "
            f"({uk_date(g.term_start)})."
        )
    with store.transaction():
        store.execute("UPDATE governors SET left_on = ? WHERE id = ?", (day, governor_id))
    return get_governor(store, governor_id)


def list_governors(store: Store, urn: int, *, include_former: bool = False) -> list[Governor]:
    """The board's members, by name; former members (with `left_on`) only if asked for."""
    where = "" if include_former else "AND g.left_on IS NULL"
    rows = store.query(
        SELECT_GOVERNORS + f"WHERE g.urn = ? {where} ORDER BY g.name COLLATE NOCASE, g.id",
        (urn,),
    )
    return [row_to_governor(r) for r in rows]


def former_governors(store: Store, urn: int) -> list[Governor]:
    """Members who have left, the most recent first."""
    rows = store.query(
        SELECT_GOVERNORS + "WHERE g.urn = ? AND g.left_on IS NOT NULL "
        "ORDER BY g.left_on DESC, g.name COLLATE NOCASE",
        (urn,),
    )
    return [row_to_governor(r) for r in rows]


class TermEnding(NamedTuple):
    governor: Governor
    days: int  # to the end of the term; negative once it has ended

    @property
    def note(self) -> str:
        return term_note(self.days)


def terms_ending(
    store: Store, urn: int, today: dt.date, within_days: int = TERM_WARNING_DAYS
) -> list[TermEnding]:
    """Current members whose term ends within the window or has ended: the soonest first."""
    ending = []
    for g in list_governors(store, urn):
        days = days_to(g.term_end, today)
        if days is not None and ending_soon(days, within_days):
            ending.append(TermEnding(g, days))
    return sorted(ending, key=lambda t: (t.days, t.governor.name.casefold()))
