"""Training completions, renewals and the board's take-up of the LA's core modules.

A completion is kept when a governor passes a module's knowledge check in the app
(`record_pass`), or when the clerk records a course or other training (`record_training`).
A completion of any version of a module counts for that module; it lasts for the module's
renewal period (if it has one) from the day it was completed.

Versions: the clerk may record a module at its current version, or at a version the
board has already recorded before (an earlier version a governor really did); any other
version "no longer exists" and is refused, so nothing is stored against a module text
that no one can read.

Take-up is counted over the board's current governors; associate members are not
governors, so the city's expectation that "the core training offered by the LA will be
taken up by all governors" is measured without them (the summary says how many were left
out). `training_summary` is the one query behind the Training page, the board's training
outputs and the self-evaluation return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from stoke_governor.board.governors import Governor, list_governors
from stoke_governor.core.dates import add_months, parse_iso_date
from stoke_governor.core.errors import TrainingError
from stoke_governor.db.store import Store
from stoke_governor.training.modules import LoadResult, Module, shipped_modules

RENEWAL_WINDOW_DAYS = 60  # "renewal due" this many days before a completion expires
KNOWLEDGE_CHECK, BY_CLERK = "knowledge check", "recorded by clerk"
EARLIEST = dt.date(1990, 1, 1)


class Completion(NamedTuple):
    id: int
    governor_id: int
    module_id: str | None
    module_version: str | None
    title: str
    completed_on: str
    provider: str | None
    evidence: str | None
    how: str
    score: int | None
    recorded_at: str


class CheckResult(NamedTuple):
    passed: bool
    score: int
    total: int
    pass_mark: int
    wrong: tuple[int, ...]  # question numbers (from 1) answered wrongly or not at all
    completion_id: int | None  # the stored completion, when passed

    @property
    def message(self) -> str:
        head = f"{self.score} of {self.total} right"
        if self.passed:
            return f"Passed: {head}. The module is recorded as done."
        wrong = ", ".join(str(n) for n in self.wrong)
        return (
            f"Not passed yet: {head} (the pass mark is {self.pass_mark}). Questions to look "
            f"at again: {wrong}. Nothing has been recorded; read the module and try again."
        )


class ModuleStatus(NamedTuple):
    module_id: str
    state: str  # 'done', 'renewal due', 'expired' or 'not done'
    text: str  # the words shown: 'done', 'renewal due in 12 days', 'expired', 'not done'
    completed_on: str | None
    expires_on: str | None

    @property
    def current(self) -> bool:
        return self.state in ("done", "renewal due")


class GovernorTraining(NamedTuple):
    governor: Governor
    statuses: tuple[ModuleStatus, ...]  # one per core module, in the summary's order
    missing: tuple[str, ...]  # titles of core modules without a current completion

    @property
    def complete(self) -> bool:
        return not self.missing


class ModuleTakeUp(NamedTuple):
    module: Module
    done: int  # governors with a current completion
    total: int  # governors counted

    @property
    def percent(self) -> float | None:
        return None if not self.total else 100 * self.done / self.total


class TrainingSummary(NamedTuple):
    urn: int
    today: str
    core: tuple[Module, ...]
    governors: tuple[GovernorTraining, ...]  # current governors, associate members excluded
    take_up: tuple[ModuleTakeUp, ...]  # every module, core first
    all_core_done: int  # governors with every core module current
    associates_excluded: int

    @property
    def overall_percent(self) -> float | None:
        n = len(self.governors)
        return None if not n else 100 * self.all_core_done / n

    def for_module(self, module_id: str) -> ModuleTakeUp | None:
        return next((t for t in self.take_up if t.module.id == module_id), None)


class GovernorRecord(NamedTuple):
    governor: Governor
    today: str
    completions: tuple[Completion, ...]  # newest first
    statuses: tuple[tuple[Module, ModuleStatus], ...]  # every module, core first


# -- dates --------------------------------------------------------------------------
def _date(value: dt.date | str, what: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_iso_date(str(value).strip())
    except ValueError:
        raise TrainingError(
            f"The {what} '{str(value)[:20]}' is not a date; use the form 2026-03-31."
        ) from None


def _today(today: dt.date | str | None) -> dt.date:
    return dt.date.today() if today is None else _date(today)


# -- recording ----------------------------------------------------------------------
def score_answers(module: Module, answers: Sequence[int | None]) -> tuple[int, tuple[int, ...]]:
    """How many answers are right, and the numbers (from 1) of the others."""
    wrong = tuple(
        n
        for n, q in enumerate(module.questions, start=1)
        if n > len(answers) or answers[n - 1] != q.correct
    )
    return len(module.questions) - len(wrong), wrong


def record_pass(
    store: Store,
    governor_id: int,
    module: Module,
    answers: Sequence[int | None],
    today: dt.date | str | None = None,
) -> CheckResult:
    """Score a knowledge check; a pass is stored as a completion today, a fail is not."""
    _governor_row(store, governor_id)
    day = _today(today)
    score, wrong = score_answers(module, answers)
    passed = score >= module.pass_mark
    completion_id = None
    if passed:
        completion_id = _insert(
            store,
            governor_id,
            module.id,
            module.version,
            module.title,
            day,
            None,
            f"Passed the knowledge check in the app ({score} of {len(module.questions)}).",
            KNOWLEDGE_CHECK,
            score,
        )
    return CheckResult(passed, score, len(module.questions), module.pass_mark, wrong, completion_id)


def record_training(
    store: Store,
    governor_id: int,
    *,
    title: str,
    completed_on: dt.date | str,
    provider: str | None = None,
    evidence: str | None = None,
    module_id: str | None = None,
    module_version: str | None = None,
    catalogue: LoadResult | None = None,
    today: dt.date | str | None = None,
) -> int:
    """The clerk records a course or other training; the new completion's id."""
    _governor_row(store, governor_id)
    day = _date(completed_on, "completion date")
    now = _today(today)
    if day > now:
        raise TrainingError(
            f"The completion date {day.isoformat()} is in the future; enter the date the "
            "training was completed."
        )
    if day < EARLIEST:
        raise TrainingError(f"The completion date {day.isoformat()} is too long ago to be right.")
    title = (title or "").strip()
    if module_id:
        module = (catalogue or shipped_modules(store)).get(module_id)
        if module is None:
            raise TrainingError(f"There is no training module '{module_id}'.")
        version = (module_version or module.version).strip()
        if version != module.version and not _version_recorded(store, module_id, version):
            raise TrainingError(
                f"Version {version} of '{module.title}' no longer exists (the current version "
                f"is {module.version}); record it as version {module.version}, or as other "
                "training with its own title."
            )
        title = title or module.title
    else:
        version = None
    if not title:
        raise TrainingError("Give the training a title (or choose one of the modules).")
    return _insert(
        store,
        governor_id,
        module_id or None,
        version,
        title[:200],
        day,
        (provider or "").strip()[:200] or None,
        (evidence or "").strip()[:2000] or None,
        BY_CLERK,
        None,
    )


def _insert(store, governor_id, module_id, version, title, day, provider, evidence, how, score):
    recorded = dt.datetime.now().isoformat(timespec="seconds")
    with store.transaction():
        new_id = store.insert(
            "INSERT INTO training_records (governor_id, module_id, module_version, title, "
            "completed_on, provider, evidence, how, score, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                governor_id,
                module_id,
                version,
                title,
                day.isoformat(),
                provider,
                evidence,
                how,
                score,
                recorded,
            ),
        )
    return new_id


def _governor_row(store: Store, governor_id: int):
    row = store.query_one("SELECT id, urn, name FROM governors WHERE id = ?", (governor_id,))
    if row is None:
        raise TrainingError(f"There is no governor with the id {governor_id} on any board.")
    return row


def _version_recorded(store: Store, module_id: str, version: str) -> bool:
    return (
        store.query_one(
            "SELECT 1 FROM training_records WHERE module_id = ? AND module_version = ? LIMIT 1",
            (module_id, version),
        )
        is not None
    )


# -- reading ------------------------------------------------------------------------
def completions(store: Store, governor_ids: Sequence[int]) -> dict[int, list[Completion]]:
    """Each governor's completions, newest first."""
    out: dict[int, list[Completion]] = {gid: [] for gid in governor_ids}
    if not governor_ids:
        return out
    marks = ",".join("?" * len(governor_ids))
    rows = store.query(
        "SELECT id, governor_id, module_id, module_version, title, completed_on, provider, "
        "evidence, how, score, recorded_at FROM training_records "
        f"WHERE governor_id IN ({marks}) ORDER BY completed_on DESC, id DESC",
        tuple(governor_ids),
    )
    for r in rows:
        out[r[1]].append(Completion(*r))
    return out


def module_status(module: Module, done: Sequence[Completion], today: dt.date) -> ModuleStatus:
    """Where one governor stands on one module, from their completions (any order)."""
    latest = max(
        (c for c in done if c.module_id == module.id), key=lambda c: c.completed_on, default=None
    )
    if latest is None:
        return ModuleStatus(module.id, "not done", "not done", None, None)
    if module.renewal_months is None:
        return ModuleStatus(module.id, "done", "done", latest.completed_on, None)
    expires = add_months(_date(latest.completed_on), module.renewal_months)
    left = (expires - today).days
    if left <= 0:
        state, text = "expired", "expired"
    elif left <= RENEWAL_WINDOW_DAYS:
        state, text = "renewal due", f"renewal due in {left} day{'s' if left != 1 else ''}"
    else:
        state, text = "done", "done"
    return ModuleStatus(module.id, state, text, latest.completed_on, expires.isoformat())


def training_summary(
    store: Store,
    urn: int,
    catalogue: LoadResult | None = None,
    today: dt.date | str | None = None,
) -> TrainingSummary:
    """The board's take-up of every module, and each governor's core modules."""
    modules = (catalogue or shipped_modules(store)).modules
    day = _today(today)
    members = list_governors(store, urn)
    governors = [g for g in members if g.is_governor]
    held = completions(store, [g.id for g in governors])
    core = tuple(m for m in modules if m.core)
    rows = []
    for g in governors:
        statuses = tuple(module_status(m, held[g.id], day) for m in core)
        missing = tuple(m.title for m, s in zip(core, statuses, strict=True) if not s.current)
        rows.append(GovernorTraining(g, statuses, missing))
    take_up = tuple(
        ModuleTakeUp(
            m, sum(module_status(m, held[g.id], day).current for g in governors), len(governors)
        )
        for m in modules
    )
    return TrainingSummary(
        urn,
        day.isoformat(),
        core,
        tuple(rows),
        take_up,
        sum(r.complete for r in rows),
        len(members) - len(governors),
    )


def governor_record(
    store: Store,
    governor_id: int,
    catalogue: LoadResult | None = None,
    today: dt.date | str | None = None,
) -> GovernorRecord:
    """One member's training: every completion, and where they stand on every module."""
    row = _governor_row(store, governor_id)
    governor = next(
        g for g in list_governors(store, row[1], include_former=True) if g.id == governor_id
    )
    day = _today(today)
    done = completions(store, [governor_id])[governor_id]
    modules = (catalogue or shipped_modules(store)).modules
    statuses = tuple((m, module_status(m, done, day)) for m in modules)
    return GovernorRecord(governor, day.isoformat(), tuple(done), statuses)
