"""The challenge log: the questions a board asks its school's leaders, and what followed.

Each entry may be tied to a measure; the measure's figure, the city's target and the
status as they stood when the question was asked are kept with it (the snapshot), so the
record stays true after new data arrives. Every change is kept in `challenge_history`:
created, each edited field with its old and new value, deleted (with the whole record,
so it can be restored) and restored. Records and searches are in `challenges.records`,
the snapshot in `measures.snapshot`.
"""

from __future__ import annotations

import datetime as dt
import json

from stoke_governor.board.governors import ensure_board
from stoke_governor.challenges.records import (
    FIELDS,
    STATUSES,
    VIEWS,
    Challenge,
    _date,
    _raw,
    get_challenge,
)
from stoke_governor.core.errors import ChallengeError
from stoke_governor.db.store import Store
from stoke_governor.measures.priorities import is_known, priority_for_measure
from stoke_governor.measures.snapshot import every_measure, snapshot_of

TEXT_FIELDS = (
    "question",
    "asked_by_name",
    "response",
    "responder",
    "action",
    "action_owner",
    "impact",
    "priority",
    "measure",
)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# -- checking what is given --------------------------------------------------------------
def _id(field: str, value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ChallengeError(f"{FIELDS[field]}: {value!r} is not a number.") from None


def _check(store: Store, urn: int, v: dict) -> dict:
    """The values cleaned (text trimmed, blanks as None), or a ChallengeError naming a field."""
    for field in TEXT_FIELDS:
        if field in v:
            text = "" if v[field] is None else str(v[field]).strip()
            v[field] = text or None
    if "question" in v and not v["question"]:
        raise ChallengeError("The question is empty: write the question the board asked.")
    for field in ("asked_on", "due_on"):
        if field in v:
            v[field] = _date(field, v[field])
    if "asked_on" in v and v["asked_on"] is None:
        v["asked_on"] = dt.date.today().isoformat()
    if v.get("board_view") == "":
        v["board_view"] = None
    if v.get("board_view") not in (None, *VIEWS):
        raise ChallengeError(
            f"The board's view {v['board_view']!r} is not one of: " + ", ".join(VIEWS) + "."
        )
    if "status" in v and v["status"] not in STATUSES:
        raise ChallengeError(
            f"The status {v['status']!r} is not one of: " + ", ".join(STATUSES) + "."
        )
    for field in ("meeting_id", "agenda_item_id", "asked_by"):
        if field in v:
            v[field] = _id(field, v[field])
    if v.get("meeting_id") is not None and not store.query_one(
        "SELECT 1 FROM meetings WHERE id = ? AND urn = ?", (v["meeting_id"], urn)
    ):
        raise ChallengeError(f"Meeting {v['meeting_id']} is not one of this board's meetings.")
    if v.get("agenda_item_id") is not None:
        row = store.query_one(
            "SELECT a.meeting_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
            "WHERE a.id = ? AND m.urn = ?",
            (v["agenda_item_id"], urn),
        )
        if row is None:
            raise ChallengeError(
                f"Agenda item {v['agenda_item_id']} is not on any of this board's meetings."
            )
        if v.get("meeting_id") is None:
            v["meeting_id"] = row[0]
        elif v["meeting_id"] != row[0]:
            raise ChallengeError(f"Agenda item {v['agenda_item_id']} belongs to another meeting.")
    if v.get("asked_by") is not None:
        row = store.query_one(
            "SELECT name FROM governors WHERE id = ? AND urn = ?", (v["asked_by"], urn)
        )
        if row is None:
            raise ChallengeError(f"Governor {v['asked_by']} is not a member of this board.")
        v["asked_by_name"] = row[0]  # kept as it was, should the governor later be removed
    if v.get("measure") and not store.query_one(
        "SELECT 1 FROM measures WHERE code = ?", (v["measure"],)
    ):
        raise ChallengeError(f"There is no measure with the code {v['measure']!r}.")
    if v.get("priority") and not is_known(v["priority"]):
        raise ChallengeError(
            f"There is no city priority {v['priority']!r}; use one of the "
            "strategy's priorities or 'school' for the school's own."
        )
    return v


# -- writing ------------------------------------------------------------------------------
def _next_id(store: Store) -> int:
    """A fresh id, never one a deleted entry had (its history must stay its own)."""
    row = store.query_row(
        "SELECT max(coalesce((SELECT max(id) FROM challenges), 0), "
        "coalesce((SELECT max(challenge_id) FROM challenge_history), 0))"
    )
    return row[0] + 1


def _log(store: Store, cid: int, change: str, field=None, old=None, new=None, at=None) -> None:
    store.execute(
        "INSERT INTO challenge_history (challenge_id, changed_at, change, field, old, new) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (cid, at or _now(), change, field, old, new),
    )


def _insert(store: Store, urn: int, given: dict, dashboards: dict | None = None) -> int:
    """Check and insert one challenge; `dashboards` keeps the school's measures for the next
    row's snapshot when many are added at once."""
    unknown = set(given) - set(FIELDS)
    if unknown:
        raise ChallengeError(f"A challenge has no field {sorted(unknown)[0]!r}.")
    v = dict.fromkeys(FIELDS)
    v.update(status="open", asked_on=None)
    v.update(given)
    v = _check(store, urn, v)
    if v["measure"] and not v["priority"]:
        suggested = priority_for_measure(v["measure"])
        v["priority"] = suggested.id if suggested else None
    snapshot = None
    if v["measure"]:
        dashboards = {} if dashboards is None else dashboards
        if urn not in dashboards:
            dashboards[urn] = every_measure(store, urn)
        snapshot = snapshot_of(store, urn, v["measure"], dashboards[urn])
    now, cid = _now(), _next_id(store)
    record = {
        **v,
        "id": cid,
        "urn": urn,
        "snapshot": json.dumps(snapshot) if snapshot else None,
        "created_at": now,
        "updated_at": now,
    }
    names = ", ".join(record)
    store.execute(
        f"INSERT INTO challenges ({names}) VALUES ({', '.join('?' * len(record))})",
        tuple(record.values()),
    )
    _log(store, cid, "created", new=json.dumps(record), at=now)
    return cid


def add_challenge(store: Store, urn: int, *, question: str, **fields) -> int:
    """Record a challenge for the school's board (made now if needed); its id.

    Fields are those in FIELDS. With a measure, the snapshot is taken now, and the
    priority defaults to the city priority the measure belongs to.
    """
    ensure_board(store, urn)
    with store.transaction():
        return _insert(store, urn, {"question": question, **fields})


def add_challenges(store: Store, urn: int, rows: list[dict], first_row: int = 1) -> list[int]:
    """Record many challenges in one transaction: all of them, or (on any error) none.

    The error names the row (counted from `first_row`) and the field.
    """
    ensure_board(store, urn)
    ids: list[int] = []
    dashboards: dict = {}  # the school's measures, worked out once for every row's snapshot
    with store.transaction():
        for number, row in enumerate(rows, start=first_row):
            try:
                ids.append(_insert(store, urn, dict(row), dashboards))
            except ChallengeError as exc:
                raise ChallengeError(f"Row {number}: {exc}") from None
    return ids


def update_challenge(store: Store, challenge_id: int, **changes) -> Challenge:
    """Change some fields; one history row for each field that really changed.

    Changing the measure takes a new snapshot, unless `snapshot` is given (undo passes
    back the one taken before).
    """
    current = get_challenge(store, challenge_id)
    snapshot_given = "snapshot" in changes
    snapshot = changes.pop("snapshot", None)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ChallengeError(f"A challenge has no field {sorted(unknown)[0]!r}.")
    new = _check(store, current.urn, dict(changes))
    if "asked_by" in new and new["asked_by"] is None and "asked_by_name" not in changes:
        new["asked_by_name"] = current.asked_by_name if current.asked_by is None else None
    if new.get("measure") and not current.priority and "priority" not in changes:
        suggested = priority_for_measure(new["measure"])
        new["priority"] = suggested.id if suggested else None
    diffs = {f: val for f, val in new.items() if getattr(current, f) != val}
    if "measure" in diffs:
        if not snapshot_given:
            snapshot = (
                snapshot_of(store, current.urn, diffs["measure"]) if diffs["measure"] else None
            )
        diffs["snapshot"] = json.dumps(snapshot) if snapshot else None
    if not diffs:
        return current
    now = _now()
    old_snapshot = json.dumps(current.snapshot) if current.snapshot else None
    with store.transaction():
        sets = ", ".join(f"{f} = ?" for f in diffs)
        store.execute(
            f"UPDATE challenges SET {sets}, updated_at = ? WHERE id = ?",
            (*diffs.values(), now, challenge_id),
        )
        for field, value in diffs.items():
            old = old_snapshot if field == "snapshot" else getattr(current, field)
            _log(store, challenge_id, "edited", field, _text(old), _text(value), at=now)
    return get_challenge(store, challenge_id)


def _text(value) -> str | None:
    return None if value is None else str(value)


def delete_challenge(store: Store, challenge_id: int) -> None:
    """Delete an entry; its history keeps the whole record, so it can be restored."""
    row = _raw(store, challenge_id)
    with store.transaction():
        store.execute("DELETE FROM challenges WHERE id = ?", (challenge_id,))
        _log(store, challenge_id, "deleted", old=json.dumps(row))


def restore_challenge(store: Store, challenge_id: int) -> Challenge:
    """Bring back a deleted entry as it was (a meeting or governor since removed is left blank)."""
    if store.query_one("SELECT 1 FROM challenges WHERE id = ?", (challenge_id,)):
        raise ChallengeError(f"Challenge {challenge_id} has not been deleted.")
    row = store.query_one(
        "SELECT old FROM challenge_history WHERE challenge_id = ? AND change = 'deleted' "
        "ORDER BY id DESC LIMIT 1",
        (challenge_id,),
    )
    if row is None:
        raise ChallengeError(f"There is no deleted challenge {challenge_id} to restore.")
    record = json.loads(row[0])
    if not store.query_one("SELECT 1 FROM boards WHERE urn = ?", (record["urn"],)):
        raise ChallengeError("The board this challenge belonged to has been removed.")
    for field, table in (
        ("meeting_id", "meetings"),
        ("agenda_item_id", "agenda_items"),
        ("asked_by", "governors"),
    ):
        if record[field] is not None and not store.query_one(
            f"SELECT 1 FROM {table} WHERE id = ?", (record[field],)
        ):
            record[field] = None
    with store.transaction():
        store.execute(
            f"INSERT INTO challenges ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
            tuple(record.values()),
        )
        _log(store, challenge_id, "restored", new=json.dumps(record))
    return get_challenge(store, challenge_id)
