"""What one row of a governor list changes on the board: the member added or updated, and
the committees they sit on (a committee the board does not have yet is made).

`apply` makes the changes row by row, each in its own savepoint: a row the board's rules
refuse leaves nothing behind, and says why. The importer runs it under `Store.undone()` for
the preview and in one transaction, after a backup, for the import: the same code, so the
preview says exactly what the import will do.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.board import roster
from stoke_governor.board.committees import (
    add_committee,
    governor_committees,
    list_committees,
    set_governor_committees,
)
from stoke_governor.board.governors import (
    CATEGORIES,
    Governor,
    add_governor,
    clean_roles,
    ensure_board,
    former_governors,
    list_governors,
    same_person,
    update_governor,
)
from stoke_governor.board.roster import Member
from stoke_governor.core.dates import uk_date
from stoke_governor.core.errors import BoardError
from stoke_governor.db.store import Store
from stoke_governor.files.columns import norm

NEW, UPDATED, UNCHANGED, LEFT_OUT, PROBLEM = "new", "updated", "unchanged", "left out", "problem"
APPOINTED = "Appointed by: "


class RowResult(NamedTuple):
    row: int  # as the user sees it in their spreadsheet
    name: str
    status: str  # NEW, UPDATED, UNCHANGED, LEFT_OUT or PROBLEM
    detail: str  # what changes, why it is left out, or its problems


def apply(store: Store, urn: int, members: list[Member]) -> dict[int, RowResult | str]:
    """Each member's row, stored one at a time (a row that fails leaves nothing): its result,
    or the board's reason for refusing it. A refused row is tried once more at the end, so
    the order of the rows does not matter (the new chair listed before the old one)."""
    ensure_board(store, urn)
    outcomes: dict[int, RowResult | str] = {}
    pending = list(members)
    for _attempt in range(2):
        refused = []
        for m in pending:
            try:
                with store.transaction():
                    outcomes[m.row] = _apply_one(store, urn, m)
            except BoardError as exc:
                outcomes[m.row] = str(exc).rstrip(".")
                refused.append(m)
        if len(refused) in (0, len(pending)):
            break
        pending = refused
    return outcomes


def _apply_one(store: Store, urn: int, m: Member) -> RowResult:
    held = next((g for g in list_governors(store, urn) if same_person(g.name, m.name)), None)
    if held is None:
        gid = add_governor(
            store,
            urn,
            m.name,
            m.category or "",
            term_start=m.term_start,
            term_end=m.term_end,
            roles=m.roles or (),
            note=_note(None, m),
        )
        changes = [CATEGORIES[m.category or ""]]
        left = [g.left_on for g in former_governors(store, urn) if same_person(g.name, m.name)]
        if left:
            changes.append(f"joins again (left on {uk_date(left[0])})")
    else:
        gid, changes = held.id, _update(store, held, m)
    if m.committees is not None:
        changes += _join_committees(store, urn, gid, m.committees, new=held is None)
    status = NEW if held is None else UPDATED if changes else UNCHANGED
    return RowResult(m.row, m.name, status, "; ".join(changes))


def _update(store: Store, g: Governor, m: Member) -> list[str]:
    """Change what the row gives that differs from what is held; the changes, in words."""
    wanted: dict[str, object] = {}
    if m.category and m.category != g.category:
        wanted["category"] = m.category
    for key in ("term_start", "term_end"):
        if getattr(m, key) and getattr(m, key) != getattr(g, key):
            wanted[key] = getattr(m, key)
    if m.roles is not None and clean_roles(m.roles) != g.roles:
        wanted["roles"] = m.roles
    note = _note(g.note, m)
    if note != (g.note or None):
        wanted["note"] = note
    if not wanted:
        return []
    new = update_governor(store, g.id, **wanted)
    labels = {"category": "category", "term_start": "term start", "term_end": "term end"}
    words = [
        f"{label} {_shown(key, g)} → {_shown(key, new)}"
        for key, label in (labels | {"roles": "roles"}).items()
        if key in wanted
    ]
    return words + (["note"] if "note" in wanted else [])


def _shown(key: str, g: Governor) -> str:
    if key == "category":
        return g.category_label
    if key == "roles":
        return ", ".join(g.roles) or "none"
    return uk_date(getattr(g, key)) or "none"


def _note(held: str | None, m: Member) -> str | None:
    """The note as kept: "Appointed by: …" on its first line, then the notes."""
    lines = (held or "").splitlines()
    appointed = [line for line in lines[:1] if line.startswith(APPOINTED)]
    rest = "\n".join(lines[len(appointed) :]).strip()
    first = f"{APPOINTED}{m.appointed_by}" if m.appointed_by else "".join(appointed)
    return "\n".join(p for p in (first, m.note or rest) if p) or None


def _join_committees(
    store: Store, urn: int, gid: int, names: tuple[str, ...], *, new: bool
) -> list[str]:
    """Sit the member on these committees (made now if the board has none by the name)."""
    held = {roster.committee_key(c.name): c for c in list_committees(store, urn)}
    ids = []
    for name in names:
        key = roster.committee_key(name)
        if key not in held:
            cid = add_committee(store, urn, name)
            held[key] = next(c for c in list_committees(store, urn) if c.id == cid)
        ids.append(held[key].id)
    before = governor_committees(store, urn).get(gid, ())
    wanted = {held[roster.committee_key(n)].name for n in names}
    if {norm(n) for n in before} == {norm(n) for n in wanted}:
        return []
    set_governor_committees(store, gid, ids)
    if new:
        return [f"sits on {', '.join(sorted(wanted))}"]
    return [f"committees {', '.join(before) or 'none'} → {', '.join(sorted(wanted)) or 'none'}"]
