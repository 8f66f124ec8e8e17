"""Undo and redo for the challenge log, through the domain so the history records each step.

Each change is made first (so a refused entry never reaches the stack); the command's
first redo is then a no-op. Undoing an addition deletes the entry, redoing restores it;
undoing a deletion restores it; undoing an edit writes the old values back (with the
snapshot taken before, never a new one). Each command is named after its question
("recording challenge ‘Why is…’"), for the Undo button and the window's Edit menu; each
step reports what it did, or why it could not.
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

Report = Callable[[int | None, str], None]  # (entry to select, what happened, to show)


def named(doing: str, question: str) -> str:
    """'recording challenge ‘Why is Attainment 8 below…’' (the question shortened)."""
    question = " ".join(question.split())
    short = question if len(question) <= 40 else question[:39].rstrip() + "…"
    return f"{doing} challenge ‘{short}’"


class _Command(QUndoCommand):
    def __init__(self, store: Store, cid: int, text: str, report: Report):
        super().__init__(text)
        self.store, self.cid, self.report = store, cid, report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.do, "Redo", "Redone")

    def undo(self) -> None:
        self._run(self.undo_it, "Undo", "Undone")

    def _run(self, step, what: str, done: str) -> None:
        try:
            selected = step()
        except StokeGovernorError as exc:
            self.report(None, f"{what} was not possible: {exc}")
            return
        self.report(selected, f"{done}: {self.text()}.")

    def do(self) -> int | None:  # pragma: no cover - each command defines it
        raise NotImplementedError

    def undo_it(self) -> int | None:  # pragma: no cover
        raise NotImplementedError


class Added(_Command):
    def __init__(self, store, cid, report, question: str):
        super().__init__(store, cid, named("recording", question), report)

    def do(self):
        ch.restore_challenge(self.store, self.cid)
        return self.cid

    def undo_it(self):
        ch.delete_challenge(self.store, self.cid)
        return None


class Deleted(_Command):
    def __init__(self, store, cid, report, question: str):
        super().__init__(store, cid, named("deleting", question), report)

    def do(self):
        ch.delete_challenge(self.store, self.cid)
        return None

    def undo_it(self):
        ch.restore_challenge(self.store, self.cid)
        return self.cid


class Edited(_Command):
    def __init__(self, store, cid, before: dict, after: dict, report, question: str):
        super().__init__(store, cid, named("editing", question), report)
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
    return Edited(store, entry.id, before, after, report, updated.question)
