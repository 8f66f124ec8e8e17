"""The demo board shipped with the app, so a newcomer sees every page alive.

The school is real; its governors, meetings and questions are fictional, and the board
is marked as a demo everywhere it shows. It is built from `resources/demo/board.json`
through the same domain functions a clerk's typing goes through, so it obeys every
rule they check. A database gets it once: if a start is interrupted half-way, the
next start removes the partial demo and builds it again; once the user removes it,
it never comes back.
"""

from __future__ import annotations

import json
from pathlib import Path

from stoke_governor.core.errors import StoreError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import DEMO_BOARD
from stoke_governor.db.store import Store

DEMO_FILE = Path("demo") / "board.json"


def read_demo(folder: Path | None = None) -> dict:
    path = (folder or resources_dir()) / DEMO_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"The bundled demo board {path.name} cannot be read ({exc}).") from exc


def ensure_demo(store: Store, folder: Path | None = None) -> bool:
    """Build the demo board if this database never had it; True if built now."""
    if store.setting(DEMO_BOARD.key):
        return False
    from stoke_governor.board.governors import get_board, remove_demo_board

    data = read_demo(folder)
    with store.transaction():  # all of it or none, and one write to disk rather than hundreds
        remove_demo_board(store)  # anything left by an earlier app's interrupted build
        existing = get_board(store, data["urn"])
        if existing is None:
            build_demo(store, data)
        store.set_settings(**{DEMO_BOARD.key: "built" if existing is None else "declined"})
    return existing is None


def build_demo(store: Store, data: dict) -> None:
    from stoke_governor.board import committees, constitution
    from stoke_governor.board import governors as board
    from stoke_governor.challenges import log as challenges
    from stoke_governor.meetings import attendance, meetings

    urn = data["urn"]
    board.ensure_board(store, urn)
    with store.transaction():
        store.execute("UPDATE boards SET demo = 1, name = ? WHERE urn = ?", (data["name"], urn))
    constitution.set_places(store, urn, data["places"])  # the constitution
    ids: dict[str, int] = {}
    for g in data["governors"]:
        ids[g["name"]] = board.add_governor(
            store,
            urn,
            g["name"],
            g["category"],
            term_start=g.get("term_start"),
            term_end=g.get("term_end"),
            roles=g.get("roles", ()),
        )
        if g.get("left_on"):
            board.record_leaving(store, ids[g["name"]], g["left_on"])
    for c in data["committees"]:
        committee = committees.add_committee(store, urn, c["name"], quorum=c.get("quorum"))
        committees.set_committee_members(store, committee, [ids[n] for n in c["members"]])
    meeting_ids: dict[str, int] = {}
    items: dict[tuple[str, int], int] = {}
    for m in data["meetings"]:
        meeting = meetings.add_meeting(
            store,
            urn,
            m["held_on"],
            title=m.get("title"),
            location=m.get("location"),
            starts_at=m.get("starts_at"),
            clerk=m.get("clerk"),
            in_attendance=m.get("in_attendance"),
        )
        meeting_ids[m["held_on"]] = meeting
        for number, item in enumerate(m["agenda"], start=1):
            items[(m["held_on"], number)] = meetings.add_agenda_item(
                store, meeting, item["title"], decisions=item.get("decisions")
            )
            if item.get("discussion"):
                meetings.update_agenda_item(
                    store, items[(m["held_on"], number)], notes=item["discussion"]
                )
        for status, names in m["attendance"].items():
            for name in names:
                attendance.set_attendance(store, meeting, ids[name], status)
        own = {n: item for (day, n), item in items.items() if day == m["held_on"]}
        _minutes(store, meeting, m, ids, own)
    rows = []
    for c in data["challenges"]:
        row = {k: v for k, v in c.items() if k not in ("meeting", "item", "asked_by")}
        row["meeting_id"] = meeting_ids[c["meeting"]]
        row["agenda_item_id"] = items[(c["meeting"], c["item"])]
        row["asked_by"] = ids[c["asked_by"]]
        row["asked_on"] = c["meeting"]
        rows.append(row)
    challenges.add_challenges(store, urn, rows)
    _training(store, data, ids)
    _self_evaluation(store, urn)


def _minutes(store: Store, meeting: int, m: dict, ids: dict, items: dict) -> None:
    """What the clerk recorded for the minutes: the closing time, the next meeting's date,
    declarations of interest and the actions arising from decisions."""
    from stoke_governor.meetings import actions, declarations, meetings

    meetings.update_meeting(
        store, meeting, closed_at=m.get("closed_at"), next_meeting_on=m.get("next_meeting_on")
    )
    for d in m.get("declarations", ()):
        declarations.add_declaration(
            store,
            meeting,
            governor_id=ids[d["name"]],
            agenda_item_id=items[d["item"]],
            pecuniary=d["pecuniary"],
            note=d.get("note"),
        )
    for a in m.get("actions", ()):
        actions.add_decision_action(
            store,
            meeting,
            a["action"],
            agenda_item_id=items[a["item"]],
            owner=a.get("owner"),
            due_on=a.get("due_on"),
            status=a.get("status", "open"),
        )


def _self_evaluation(store: Store, urn: int) -> None:
    """A part-completed self-evaluation, linked to the demo's own meetings and challenges."""
    from stoke_governor.selfeval.evaluation import load_demo

    path = resources_dir() / "demo" / "self_evaluation.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"The demo evaluation {path.name} cannot be read ({exc}).") from exc
    load_demo(store, urn, data)


def _training(store: Store, data: dict, ids: dict[str, int]) -> None:
    """Completions: courses the clerk recorded, and knowledge checks passed in the app."""
    from stoke_governor.training.modules import shipped_modules
    from stoke_governor.training.records import record_pass, record_training

    modules = shipped_modules()
    for module_id, name, day, how in data["training"]:
        module = modules.get(module_id)
        if module is None:
            continue  # a module the app no longer ships: its demo completions go with it
        if how == "check":
            record_pass(store, ids[name], module, [q.correct for q in module.questions], day)
        else:
            record_training(
                store,
                ids[name],
                title=module.title,
                completed_on=day,
                module_id=module_id,
                provider=data["training_provider"],
                catalogue=modules,
                evidence="Attendance list from Governor Services.",
            )
