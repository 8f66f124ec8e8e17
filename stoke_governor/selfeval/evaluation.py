"""The board's self-evaluation: one per board and academic year, against a framework.

The board rates each item on the framework's scale, writes its evidence and next actions,
and links evidence to what the app holds (challenge-log entries, meetings, training
records, measures). Every change is checked first and committed at once, so a half-done
evaluation survives a crash; a `SelfEvaluationError` says what is wrong and nothing is
stored. The framework is found by id and version among those shipped: when a version is
no longer shipped, the evaluation and everything in it stay stored and the message says so.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

from stoke_governor.board.governors import ensure_board, iso_date
from stoke_governor.core.dates import academic_year
from stoke_governor.core.errors import BoardError, SelfEvaluationError
from stoke_governor.db.store import Store
from stoke_governor.selfeval.frameworks import Catalogue, Framework, shipped_frameworks

LINK_KINDS = {
    "challenge": "Challenge-log entry",
    "meeting": "Meeting",
    "training": "Training record",
    "measure": "Measure",
}
MAX_TEXT = 10_000  # characters of evidence, an action or its owner


class Evaluation(NamedTuple):
    id: int
    urn: int
    framework_id: str
    framework_version: str
    year: str
    title: str
    agreed_by: str | None
    agreed_on: str | None
    return_id: str
    revision: int
    revised_at: str | None
    exported_digest: str | None
    created_at: str
    updated_at: str


class Rating(NamedTuple):
    item_id: str
    rating: int | None
    evidence: str | None
    updated_at: str


class Action(NamedTuple):
    id: int
    item_id: str
    action: str
    owner: str | None
    due_on: str | None


class Link(NamedTuple):
    id: int
    item_id: str
    kind: str
    ref: str
    label: str


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


_SELECT = (
    "SELECT id, urn, framework_id, framework_version, year, title, agreed_by, agreed_on, "
    "return_id, revision, revised_at, exported_digest, created_at, updated_at FROM evaluations "
)


def get_evaluation(store: Store, evaluation_id: int) -> Evaluation:
    row = store.query_one(_SELECT + "WHERE id = ?", (evaluation_id,))
    if row is None:
        raise SelfEvaluationError(f"No self-evaluation with id {evaluation_id} is held.")
    return Evaluation(*row)


def list_evaluations(store: Store, urn: int) -> list[Evaluation]:
    """The board's evaluations, the latest year first."""
    return [
        Evaluation(*r) for r in store.query(_SELECT + "WHERE urn = ? ORDER BY year DESC", (urn,))
    ]


def current_evaluation(store: Store, urn: int) -> Evaluation | None:
    held = list_evaluations(store, urn)
    return held[0] if held else None


def previous_evaluation(store: Store, evaluation: Evaluation) -> Evaluation | None:
    """The board's evaluation of the year before this one's (last year beside this year)."""
    row = store.query_one(
        _SELECT + "WHERE urn = ? AND year < ? ORDER BY year DESC LIMIT 1",
        (evaluation.urn, evaluation.year),
    )
    return None if row is None else Evaluation(*row)


def start_evaluation(
    store: Store,
    urn: int,
    *,
    year: str | None = None,
    framework: Framework | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """This year's evaluation for the board: the one held, or a new one (board made if need be)."""
    year = year or academic_year(today or dt.date.today())
    row = store.query_one(_SELECT + "WHERE urn = ? AND year = ?", (urn, year))
    if row is not None:
        return Evaluation(*row)
    fw = framework or shipped_frameworks(store).default
    if fw is None:
        raise SelfEvaluationError("No self-evaluation framework is installed; reinstall the app.")
    ensure_board(store, urn)
    now = _now()
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO evaluations (urn, framework_id, framework_version, year, title, "
            "return_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                urn,
                fw.id,
                fw.version,
                year,
                f"Board self-evaluation {year}",
                str(uuid.uuid4()),
                now,
                now,
            ),
        )
    return get_evaluation(store, new_id)


def framework_of(
    evaluation: Evaluation, catalogue: Catalogue | None = None, store: Store | None = None
) -> Framework:
    """The framework the evaluation was made against (shipped, or from an LA pack the
    board applied when `store` is given), or a message if it is no longer held."""
    catalogue = catalogue or shipped_frameworks(store)
    fw = catalogue.get(evaluation.framework_id, evaluation.framework_version)
    if fw is None:
        raise SelfEvaluationError(
            f"The {evaluation.year} self-evaluation uses the framework "
            f"{evaluation.framework_id} version {evaluation.framework_version}, which this "
            "version of the app no longer has; its ratings are kept and show again when the "
            "framework is installed (from an LA pack or an update)."
        )
    return fw


# -- changes (each checked, then committed at once) ---------------------------------------
def _item(store: Store, evaluation_id: int, item_id: str) -> tuple[Evaluation, Framework]:
    ev = get_evaluation(store, evaluation_id)
    fw = framework_of(ev, store=store)
    if fw.item(item_id) is None:
        raise SelfEvaluationError(f"“{str(item_id)[:40]}” is not an item of {fw.title}.")
    return ev, fw


def _text(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise SelfEvaluationError(
            f"The {what} is {len(text):,} characters long; keep it under {MAX_TEXT:,}."
        )
    return text or None


def _upsert(store: Store, evaluation_id: int, item_id: str, column: str, value) -> None:
    now = _now()
    with store.transaction():
        store.execute(
            f"INSERT INTO evaluation_ratings (evaluation_id, item_id, {column}, updated_at) "
            f"VALUES (?, ?, ?, ?) ON CONFLICT (evaluation_id, item_id) DO UPDATE SET "
            f"{column} = excluded.{column}, updated_at = excluded.updated_at",
            (evaluation_id, item_id, value, now),
        )
        store.execute("UPDATE evaluations SET updated_at = ? WHERE id = ?", (now, evaluation_id))


def rate(store: Store, evaluation_id: int, item_id: str, rating: int | None) -> None:
    """Rate an item on the framework's scale; None clears the rating (evidence is kept)."""
    _ev, fw = _item(store, evaluation_id, item_id)
    if rating is not None and (isinstance(rating, bool) or rating not in fw.scale.numbers):
        scale = ", ".join(f"{v.value} ({v.label})" for v in fw.scale.values)
        raise SelfEvaluationError(
            f"“{str(rating)[:20]}” is not a rating on this framework's scale: choose {scale}."
        )
    _upsert(store, evaluation_id, item_id, "rating", rating)


def set_evidence(store: Store, evaluation_id: int, item_id: str, evidence: str | None) -> None:
    _item(store, evaluation_id, item_id)
    _upsert(store, evaluation_id, item_id, "evidence", _text(evidence, "evidence"))


def _date(value: str | None, what: str) -> str | None:
    try:
        return iso_date(value, what)
    except BoardError as exc:
        raise SelfEvaluationError(str(exc)) from None


def set_agreed(
    store: Store, evaluation_id: int, agreed_by: str | None, agreed_on: str | None
) -> Evaluation:
    """Who agreed the evaluation (e.g. “Full board meeting”) and when."""
    get_evaluation(store, evaluation_id)
    by, on = _text(agreed_by, "name of who agreed it"), _date(agreed_on, "date agreed")
    with store.transaction():
        store.execute(
            "UPDATE evaluations SET agreed_by = ?, agreed_on = ?, updated_at = ? WHERE id = ?",
            (by, on, _now(), evaluation_id),
        )
    return get_evaluation(store, evaluation_id)


def add_action(
    store: Store,
    evaluation_id: int,
    item_id: str,
    action: str,
    owner: str | None = None,
    due_on: str | None = None,
) -> int:
    _item(store, evaluation_id, item_id)
    text = _text(action, "action")
    if not text:
        raise SelfEvaluationError("Write the action the board will take.")
    owner, due = _text(owner, "action owner"), _date(due_on, "due date")
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO evaluation_actions (evaluation_id, item_id, action, owner, due_on, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (evaluation_id, item_id, text, owner, due, _now()),
        )
        store.execute("UPDATE evaluations SET updated_at = ? WHERE id = ?", (_now(), evaluation_id))
    return new_id


def remove_action(store: Store, action_id: int) -> None:
    with store.transaction():
        store.execute("DELETE FROM evaluation_actions WHERE id = ?", (action_id,))


# Each kind of evidence: the query for what the board holds (newest first), and its label.
_LINK_CHOICES = {
    "challenge": (
        "SELECT id, asked_on, question FROM challenges WHERE urn = ? "
        "ORDER BY asked_on DESC, id DESC",
        lambda r: f"{r[1]}: {_short(r[2])}",
    ),
    "meeting": (
        "SELECT id, held_on, title FROM meetings WHERE urn = ? ORDER BY held_on DESC, id DESC",
        lambda r: f"{r[1]}: {r[2] or 'Meeting'}",
    ),
    "training": (
        "SELECT t.id, t.completed_on, g.name, t.title FROM training_records t JOIN "
        "governors g ON g.id = t.governor_id WHERE g.urn = ? ORDER BY t.completed_on DESC",
        lambda r: f"{r[1]}: {r[2]}, {r[3]}",
    ),
    "measure": (
        "SELECT code, label FROM measures WHERE level = 'school' ORDER BY headline DESC, label",
        lambda r: f"{r[1]} ({r[0]})",
    ),
}


def link_choices(store: Store, urn: int, kind: str) -> list[tuple[str, str]]:
    """What evidence of a kind the app holds for the board: (reference, label), newest first."""
    if kind not in _LINK_CHOICES:
        raise SelfEvaluationError(
            f"“{kind}” is not a kind of evidence; choose one of {', '.join(LINK_KINDS)}."
        )
    sql, label = _LINK_CHOICES[kind]
    rows = store.query(sql, (urn,) if "?" in sql else ())
    return [(str(r[0]), label(r)) for r in rows]


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def add_link(store: Store, evaluation_id: int, item_id: str, kind: str, ref: str | int) -> int:
    """Link evidence the app holds for this board to an item; the link keeps its label."""
    ev, _fw = _item(store, evaluation_id, item_id)
    label = dict(link_choices(store, ev.urn, kind)).get(str(ref))
    if label is None:
        raise SelfEvaluationError(
            f"No {LINK_KINDS[kind].lower()} “{str(ref)[:40]}” is held for this board."
        )
    with store.transaction():
        store.execute(
            "INSERT OR IGNORE INTO evaluation_links (evaluation_id, item_id, kind, ref, label) "
            "VALUES (?, ?, ?, ?, ?)",
            (evaluation_id, item_id, kind, str(ref), label),
        )
        row = store.query_one(
            "SELECT id FROM evaluation_links WHERE evaluation_id = ? AND item_id = ? AND "
            "kind = ? AND ref = ?",
            (evaluation_id, item_id, kind, str(ref)),
        )
        store.execute("UPDATE evaluations SET updated_at = ? WHERE id = ?", (_now(), evaluation_id))
    if row is None:
        raise SelfEvaluationError("The link just made to the self-evaluation is not held.")
    return row[0]


def remove_link(store: Store, link_id: int) -> None:
    with store.transaction():
        store.execute("DELETE FROM evaluation_links WHERE id = ?", (link_id,))


# -- reading ------------------------------------------------------------------------------
def ratings(store: Store, evaluation_id: int) -> dict[str, Rating]:
    rows = store.query(
        "SELECT item_id, rating, evidence, updated_at FROM evaluation_ratings "
        "WHERE evaluation_id = ?",
        (evaluation_id,),
    )
    return {r[0]: Rating(*r) for r in rows}


def actions(store: Store, evaluation_id: int) -> list[Action]:
    rows = store.query(
        "SELECT id, item_id, action, owner, due_on FROM evaluation_actions "
        "WHERE evaluation_id = ? ORDER BY due_on IS NULL, due_on, id",
        (evaluation_id,),
    )
    return [Action(*r) for r in rows]


def links(store: Store, evaluation_id: int) -> list[Link]:
    rows = store.query(
        "SELECT id, item_id, kind, ref, label FROM evaluation_links WHERE evaluation_id = ? "
        "ORDER BY item_id, kind, label",
        (evaluation_id,),
    )
    return [Link(*r) for r in rows]


# -- the demo board's evaluation --------------------------------------------------------
def load_demo(store: Store, urn: int, data: dict) -> Evaluation:
    """A part-completed evaluation for the demo board, from `resources/demo/self_evaluation.json`.

    Links name challenges and meetings by their question or date, so they find the demo
    board's own records whatever ids they were given.
    """
    held = [e for e in list_evaluations(store, urn) if e.year == data["year"]]
    if held:  # loaded already: never twice
        return held[0]
    ev = start_evaluation(store, urn, year=data["year"])
    if data.get("agreed_by") or data.get("agreed_on"):
        set_agreed(store, ev.id, data.get("agreed_by"), data.get("agreed_on"))
    for item in data.get("ratings", []):
        if item.get("rating") is not None:
            rate(store, ev.id, item["item"], item["rating"])
        if item.get("evidence"):
            set_evidence(store, ev.id, item["item"], item["evidence"])
        for link in item.get("links", []):
            ref = _demo_ref(store, urn, link)
            if ref is not None:
                add_link(store, ev.id, item["item"], link["kind"], ref)
    for a in data.get("actions", []):
        add_action(store, ev.id, a["item"], a["action"], a.get("owner"), a.get("due_on"))
    return get_evaluation(store, ev.id)


def _demo_ref(store: Store, urn: int, link: dict) -> str | None:
    match = str(link.get("match", "")).casefold()
    for ref, label in link_choices(store, urn, link["kind"]):
        if ref == str(link.get("ref")) or (match and match in label.casefold()):
            return ref
    return None
