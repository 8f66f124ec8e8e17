"""The returns the LA holds: the current one per school, history, conflicts and the log.

A return received is in one of three states: 'current' (the one the city picture uses: at
most one per school and academic year), 'superseded' (history: an earlier revision, or a
second return id from the same school and year that was made earlier) or 'conflict' (the
same return id and revision as one held, with different content, waiting for a person to
choose with `resolve_conflict`). `la.returns.importer` explains how a file gets its state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import ReturnError
from stoke_governor.db.store import Store

_COLUMNS = (
    "r.id, r.return_id, r.revision, r.urn, s.name AS school, r.year, r.received_at, r.state, "
    "r.edited, r.signed, r.file_name, r.payload_digest, r.archived_as"
)
_FROM = "FROM returns_received r LEFT JOIN schools s ON s.urn = r.urn"


class HeldReturn(NamedTuple):
    id: int
    return_id: str
    revision: int
    urn: int
    school: str | None
    year: str | None
    received_at: str
    state: str  # 'current', 'superseded' or 'conflict'
    edited: bool  # accepted although changed outside the app
    signed: bool  # signed with the key the LA issued, and verified
    file_name: str
    payload_digest: str = ""
    archived_as: str = ""  # relative to the database's folder


class LogEntry(NamedTuple):
    at: str
    by: str
    file: str
    status: str
    reason: str | None
    urn: int | None
    return_id: str | None
    revision: int | None


def _held(row) -> HeldReturn:
    values = list(row)
    values[8], values[9] = bool(values[8]), bool(values[9])
    return HeldReturn(*values)


def years_held(store: Store) -> list[str]:
    """Academic years with a return held, newest first."""
    rows = store.query(
        "SELECT DISTINCT year FROM returns_received WHERE year IS NOT NULL ORDER BY year DESC"
    )
    return [r[0] for r in rows]


class HeldCounts(NamedTuple):
    returns: int  # every return received, whatever its state
    schools: int  # the schools they came from
    last_import: str | None  # when returns were last imported (ISO time stamp), if ever


def held_counts(store: Store) -> HeldCounts:
    """How many returns are held, from how many schools, and when the last import was."""
    returns, schools = store.query_row("SELECT count(*), count(DISTINCT urn) FROM returns_received")
    last = store.query_row("SELECT max(at) FROM return_import_log")[0]
    return HeldCounts(returns, schools, last)


def any_held(store: Store) -> bool:
    """Whether any return has been received yet."""
    return store.query_one("SELECT 1 FROM returns_received LIMIT 1") is not None


def urn_of_return(store: Store, received_id: int) -> int | None:
    """The URN of the school a return received came from; None if no such return is held."""
    row = store.query_one("SELECT urn FROM returns_received WHERE id = ?", (received_id,))
    return None if row is None else row[0]


def current_returns(store: Store, year: str | None = None) -> list[HeldReturn]:
    """One per school: the return the city picture uses, for `year` (default: the newest
    year any return is held for). Sorted by school name."""
    if year is None:
        years = years_held(store)
        if not years:
            return []
        year = years[0]
    rows = store.query(
        f"SELECT {_COLUMNS} {_FROM} WHERE r.state = 'current' AND r.year = ? "
        "ORDER BY s.name, r.urn, r.id DESC",
        (year,),
    )
    out, seen = [], set()
    for row in rows:  # the import keeps one current per school and year; be sure of it
        if row["urn"] not in seen:
            seen.add(row["urn"])
            out.append(_held(row))
    return out


def return_history(store: Store, urn: int) -> list[HeldReturn]:
    """Every return held from one school, newest year and revision first."""
    rows = store.query(
        f"SELECT {_COLUMNS} {_FROM} WHERE r.urn = ? "
        "ORDER BY r.year DESC, r.received_at DESC, r.revision DESC, r.id DESC",
        (urn,),
    )
    return [_held(r) for r in rows]


def get_held(store: Store, received_id: int) -> HeldReturn:
    row = store.query_one(f"SELECT {_COLUMNS} {_FROM} WHERE r.id = ?", (received_id,))
    if row is None:
        raise ReturnError(f"No return received is numbered {received_id}.")
    return _held(row)


def conflicts(store: Store) -> list[tuple[HeldReturn, HeldReturn]]:
    """Pairs (the return held, the one that conflicts with it): the same return id and
    revision with different content. Oldest first."""
    rows = store.query(
        f"SELECT {_COLUMNS}, (SELECT h.id FROM returns_received h WHERE h.return_id = "
        "r.return_id AND h.revision = r.revision AND h.state != 'conflict' "
        "ORDER BY h.state = 'current' DESC, h.id LIMIT 1) AS held_id "
        f"{_FROM} WHERE r.state = 'conflict' ORDER BY r.id"
    )
    pairs = []
    for row in rows:
        if row["held_id"] is not None:
            pairs.append((get_held(store, row["held_id"]), _held(tuple(row)[:-1])))
    return pairs


def resolve_conflict(store: Store, keep_id: int, by: str | None = None) -> None:
    """A person chose which of conflicting returns is right: it becomes current, the others
    of the same return id and revision (and any other current return of that school and
    year) become history. The choice is recorded (`conflict_decisions`: who, when, which)."""
    keep = get_held(store, keep_id)
    rivals = store.query(
        "SELECT id FROM returns_received WHERE return_id = ? AND revision = ? AND id != ?",
        (keep.return_id, keep.revision, keep.id),
    )
    in_conflict = keep.state == "conflict" or store.query_one(
        "SELECT 1 FROM returns_received WHERE return_id = ? AND revision = ? "
        "AND state = 'conflict'",
        (keep.return_id, keep.revision),
    )
    if not rivals or not in_conflict:
        raise ReturnError(
            f"Return {keep_id} ({keep.school or keep.urn}, revision {keep.revision}) is not "
            "in conflict with another: nothing to choose."
        )
    import datetime as dt
    import getpass

    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.transaction():
        store.execute(
            "INSERT INTO conflict_decisions (at, by, kept_id, set_aside) VALUES (?, ?, ?, ?)",
            (at, by or getpass.getuser(), keep.id, ",".join(str(r[0]) for r in rivals)),
        )
        store.execute(
            "UPDATE returns_received SET state = 'superseded' WHERE id != ? AND "
            "((return_id = ? AND revision = ?) OR (urn = ? AND year IS ? AND state = 'current'))",
            (keep.id, keep.return_id, keep.revision, keep.urn, keep.year),
        )
        store.execute("UPDATE returns_received SET state = 'current' WHERE id = ?", (keep.id,))


def payload_of(store: Store, received_id: int) -> dict:
    """The payload of a return received (the JSON the school's app wrote)."""
    row = store.query_one("SELECT payload FROM returns_received WHERE id = ?", (received_id,))
    if row is None:
        raise ReturnError(f"No return received is numbered {received_id}.")
    return json.loads(row[0])


def archived_file(store: Store, received_id: int) -> Path:
    """The original file as it arrived, kept beside the database."""
    return store.path.parent / get_held(store, received_id).archived_as


def import_log(store: Store, limit: int = 500) -> list[LogEntry]:
    """The newest entries of the import log first: who imported which file, when, and
    what came of it."""
    rows = store.query(
        "SELECT at, by, file, status, reason, urn, return_id, revision "
        "FROM return_import_log ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [LogEntry(*r) for r in rows]


class Decision(NamedTuple):
    at: str
    by: str
    kept_id: int
    set_aside: tuple[int, ...]


def conflict_decisions(store: Store) -> list[Decision]:
    """Every choice made between conflicting returns, newest first."""
    rows = store.query("SELECT at, by, kept_id, set_aside FROM conflict_decisions ORDER BY id DESC")
    return [Decision(r[0], r[1], r[2], tuple(int(x) for x in r[3].split(",") if x)) for r in rows]
