"""Undo and redo for the challenge log, through the domain so the history records each step.

Each change is made first (so a refused entry never reaches the stack); the command's
first redo is then a no-op. Undoing an addition deletes the entry, redoing restores it;
undoing a deletion restores it; undoing an edit writes the old values back (with the
snapshot taken before, never a new one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.core.errors import StokeGovernorError

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

Report = Callable[[int | None, str | None], None]  # (entry to select, error to show)


class _Command(QUndoCommand):
    def __init__(self, store: Store, cid: int, text: str, report: Report):
        super().__init__(text)
        self.store, self.cid, self.report = store, cid, report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.do, "Redo")

    def undo(self) -> None:
        self._run(self.undo_it, "Undo")

    def _run(self, step, what: str) -> None:
        try:
            selected = step()
        except StokeGovernorError as exc:
            self.report(None, f"{what} was not possible: {exc}")
            return
        self.report(selected, None)

    def do(self) -> int | None:  # pragma: no cover - each command defines it
        raise NotImplementedError

    def undo_it(self) -> int | None:  # pragma: no cover
        raise NotImplementedError


class Added(_Command):
    def __init__(self, store, cid, report):
        super().__init__(store, cid, "record the challenge", report)

    def do(self):
        ch.restore_challenge(self.store, self.cid)
        return self.cid

    def undo_it(self):
        ch.delete_challenge(self.store, self.cid)
        return None


class Deleted(_Command):
    def __init__(self, store, cid, report):
        super().__init__(store, cid, "delete the challenge", report)

    def do(self):
        ch.delete_challenge(self.store, self.cid)
        return None

    def undo_it(self):
        ch.restore_challenge(self.store, self.cid)
        return self.cid


class Edited(_Command):
    def __init__(self, store, cid, before: dict, after: dict, report):
        super().__init__(store, cid, "edit the challenge", report)
        self.before, self.after = before, after

    def do(self):
        ch.update_challenge(self.store, self.cid, **self.after)
        return self.cid

    def undo_it(self):
        ch.update_challenge(self.store, self.cid, **self.before)
        return self.cid


def edit(store: Store, entry: records.Challenge, values: dict, report: Report) -> Edited | None:
    """Make the edit now; the command to undo it (None when nothing changed)."""
    values = dict(values)
    if values.get("asked_by") is not None:
        values.pop("asked_by_name", None)  # the governor's own name is kept
    changes = {k: v for k, v in values.items() if getattr(entry, k) != v}
    updated = ch.update_challenge(store, entry.id, **changes)
    changed = {f for f in records.FIELDS if getattr(updated, f) != getattr(entry, f)}
    if not changed:
        return None
    before = {f: getattr(entry, f) for f in changed}
    after = {f: getattr(updated, f) for f in changed}
    if "measure" in changed:
        before["snapshot"], after["snapshot"] = entry.snapshot, updated.snapshot
    return Edited(store, entry.id, before, after, report)
