"""Challenge log records, and the ways to read them: one entry, its history, a search.

Writing (with its checks and history) is in `challenges`, which re-exports all of this.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from stoke_governor.core.dates import parse_iso_date
from stoke_governor.core.errors import ChallengeError
from stoke_governor.db.store import Store
from stoke_governor.measures.priorities import priority_label
from stoke_governor.measures.snapshot import snapshot_text

VIEWS = ("satisfied", "partly satisfied", "not satisfied")
STATUSES = ("open", "in progress", "done", "no action needed")
OPEN_STATUSES = ("open", "in progress")
# Fields a user gives and edits, in the order a board works through them; labels for history.
FIELDS = {
    "asked_on": "Date asked",
    "question": "Question",
    "asked_by": "Asked by (governor)",
    "asked_by_name": "Asked by",
    "meeting_id": "Meeting",
    "agenda_item_id": "Agenda item",
    "measure": "Measure",
    "priority": "Priority",
    "response": "Leader's response",
    "responder": "Response given by",
    "board_view": "Board's view of the response",
    "action": "Follow-up action",
    "action_owner": "Action owner",
    "due_on": "Due",
    "status": "Status",
    "impact": "Impact seen later",
}
COLUMNS = (
    "id",
    "urn",
    "meeting_id",
    "agenda_item_id",
    "asked_on",
    "question",
    "asked_by",
    "asked_by_name",
    "priority",
    "measure",
    "snapshot",
    "response",
    "responder",
    "board_view",
    "action",
    "action_owner",
    "due_on",
    "status",
    "impact",
    "created_at",
    "updated_at",
)


class Challenge(NamedTuple):
    id: int
    urn: int
    meeting_id: int | None
    agenda_item_id: int | None
    asked_on: str
    question: str
    asked_by: int | None
    asked_by_name: str | None
    priority: str | None
    measure: str | None
    snapshot: dict | None
    response: str | None
    responder: str | None
    board_view: str | None
    action: str | None
    action_owner: str | None
    due_on: str | None
    status: str
    impact: str | None
    created_at: str
    updated_at: str
    asker: str  # the governor's name, or the name as written; "" if nobody was named
    meeting_on: str | None
    meeting_label: str
    agenda_item: str
    measure_label: str

    def overdue_on(self, today: dt.date | str | None = None) -> bool:
        """A follow-up still open after its due date."""
        today = _iso(today or dt.date.today())
        return bool(self.due_on and self.due_on < today) and self.status in OPEN_STATUSES

    @property
    def priority_label(self) -> str:
        return priority_label(self.priority)

    @property
    def snapshot_text(self) -> str:
        return snapshot_text(self.snapshot)


class Change(NamedTuple):
    id: int
    challenge_id: int
    changed_at: str
    change: str  # created, edited, deleted, restored
    field: str | None
    old: str | None
    new: str | None

    @property
    def description(self) -> str:
        if self.change != "edited":
            return {"created": "Recorded", "deleted": "Deleted", "restored": "Restored"}[
                self.change
            ]
        label = FIELDS.get(self.field or "", "Snapshot of the measure")
        return f"{label}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: str | None) -> str:
    if value is None or value == "":
        return "(blank)"
    if value.startswith("{"):
        try:
            return snapshot_text(json.loads(value)) or value
        except ValueError:
            return value
    return f"“{value}”"


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _date(field: str, value) -> str | None:
    if value is None or value == "":
        return None
    text = _iso(value).strip()
    try:
        parse_iso_date(text)
    except ValueError:
        raise ChallengeError(
            f"{FIELDS[field]}: {text!r} is not a date; write it as YYYY-MM-DD."
        ) from None
    return text


# -- reading ----------------------------------------------------------------------------
SELECT = (
    "SELECT " + ", ".join(f"c.{c}" for c in COLUMNS) + ", coalesce(g.name, c.asked_by_name, '')"
    ", m.held_on, coalesce(m.title, co.name), coalesce(a.title, ''), "
    "coalesce(ms.label, c.measure, '') "
    "FROM challenges c LEFT JOIN governors g ON g.id = c.asked_by "
    "LEFT JOIN meetings m ON m.id = c.meeting_id "
    "LEFT JOIN committees co ON co.id = m.committee_id "
    "LEFT JOIN agenda_items a ON a.id = c.agenda_item_id "
    "LEFT JOIN measures ms ON ms.code = c.measure "
)


def meeting_label(held_on: str | None, title: str | None) -> str:
    if not held_on:
        return ""
    return f"{title or 'Full governing board'}, {held_on}"


def from_row(row) -> Challenge:
    values = list(row)
    snap = values[10]
    values[10] = json.loads(snap) if snap else None
    held_on, title = values[22], values[23]
    return Challenge._make([*values[:22], held_on, meeting_label(held_on, title), *values[24:]])


def _raw(store: Store, challenge_id: int) -> dict:
    row = store.query_one(
        f"SELECT {', '.join(COLUMNS)} FROM challenges WHERE id = ?", (challenge_id,)
    )
    if row is None:
        raise ChallengeError(f"There is no challenge {challenge_id}.")
    return dict(row)


def get_challenge(store: Store, challenge_id: int) -> Challenge:
    row = store.query_one(SELECT + "WHERE c.id = ?", (challenge_id,))
    if row is None:
        raise ChallengeError(f"There is no challenge {challenge_id}.")
    return from_row(row)


def last_asker(store: Store, urn: int, meeting_id: int) -> str:
    """Who asked the question recorded last at this meeting: a governor's name, or the name
    as written ('' if no question was recorded there, or nobody was named)."""
    row = store.query_one(
        SELECT + "WHERE c.urn = ? AND c.meeting_id = ? ORDER BY c.created_at DESC, c.id DESC",
        (urn, meeting_id),
    )
    return from_row(row).asker if row else ""


def history(store: Store, challenge_id: int) -> list[Change]:
    """Every change to the entry, oldest first."""
    rows = store.query(
        "SELECT id, challenge_id, changed_at, change, field, old, new FROM challenge_history "
        "WHERE challenge_id = ? ORDER BY id",
        (challenge_id,),
    )
    return [Change(*r) for r in rows]


def _like(text: str) -> str:
    """A LIKE pattern matching the text anywhere, with % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_challenges(
    store: Store,
    urn: int,
    *,
    meeting_id: int | None = None,
    priority: str | None = None,
    measure: str | None = None,
    asked_by: int | None = None,
    status: str | None = None,
    since=None,
    until=None,
    text: str | None = None,
    overdue_only: bool = False,
    today=None,
) -> list[Challenge]:
    """The board's challenges matching every filter given, newest first.

    `priority` 'school' matches every school's-own priority; `text` is found anywhere in
    the question, response, action or impact (any case); `since`/`until` bound the date
    asked; `overdue_only` keeps open follow-ups past their due date (`today` by default).
    """
    where = ["c.urn = ?"]
    params: list[object] = [urn]
    for column, value in (
        ("c.meeting_id", meeting_id),
        ("c.measure", measure),
        ("c.asked_by", asked_by),
        ("c.status", status),
    ):
        if value is not None and value != "":
            where.append(f"{column} = ?")
            params.append(value)
    if priority == "school":
        where.append("(c.priority = 'school' OR c.priority LIKE 'school:%')")
    elif priority:
        where.append("c.priority = ?")
        params.append(priority)
    if since:
        where.append("c.asked_on >= ?")
        params.append(_date("asked_on", since))
    if until:
        where.append("c.asked_on <= ?")
        params.append(_date("asked_on", until))
    if text and text.strip():
        pattern = _like(text.strip())
        where.append(
            "("
            + " OR ".join(
                f"c.{f} LIKE ? ESCAPE '\\'" for f in ("question", "response", "action", "impact")
            )
            + ")"
        )
        params += [pattern] * 4
    if overdue_only:
        where.append("c.due_on < ? AND c.status IN ('open', 'in progress')")
        params.append(_iso(today or dt.date.today()))
    rows = store.query(
        SELECT + "WHERE " + " AND ".join(where) + " ORDER BY c.asked_on DESC, c.id DESC",
        tuple(params),
    )
    return [from_row(r) for r in rows]
