"""Boards of different shapes for the LA's City picture tests: each writes a REAL return with
the app's own export (tests/return_files.py), which the LA's database then imports."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from stoke_governor.board.governors import add_governor, list_governors
from stoke_governor.selfeval.evaluation import (
    add_action,
    set_agreed,
    set_evidence,
    start_evaluation,
)
from stoke_governor.selfeval.frameworks import shipped_frameworks
from stoke_governor.training.modules import shipped_modules
from stoke_governor.training.records import record_training
from tests.return_files import TODAY, copy_as, make_return

ITEMS = [i.id for i in shipped_frameworks().default.items]
CORE = [m.id for m in shipped_modules().modules if m.core]


def board(
    store,
    urn: int,
    folder: Path,
    *,
    ratings: dict,
    trained: int = 4,
    governors: int = 4,
    agreed: bool = True,
    evidence: str | None = None,
    today: dt.date = TODAY,
) -> Path:
    """A board of `governors`, `trained` of them with every core module done, that rated
    itself `ratings` in the academic year holding `today` (the day it exports its return);
    its return is copied into `folder` (the path returned)."""
    if not list_governors(store, urn):
        for n in range(governors):
            add_governor(store, urn, f"Test Governor {urn}-{n + 1}", "parent")
    for g in list_governors(store, urn)[:trained]:
        for module in CORE:
            record_training(
                store,
                g.id,
                title="",
                module_id=module,
                completed_on=today - dt.timedelta(days=50),
                today=today,
            )
    ev = start_evaluation(store, urn, today=today)
    if agreed:
        set_agreed(store, ev.id, "Full board meeting", (today - dt.timedelta(days=8)).isoformat())
    if evidence:
        set_evidence(store, ev.id, "SL1", evidence)
        due = (today + dt.timedelta(days=72)).isoformat()
        add_action(store, ev.id, "SL1", "Review the strategy with staff", "Chair", due)
    staging = folder.parent / f"staging-{urn}"
    staging.mkdir(parents=True, exist_ok=True)
    return copy_as(make_return(store, urn, staging, ratings=ratings, today=today), folder)


def all_items(value: int) -> dict[str, int]:
    return dict.fromkeys(ITEMS, value)


def varied(
    store, folder: Path, urns: list[int], seed: int = 7, today: dt.date = TODAY
) -> list[Path]:
    """Many boards with ratings, training and agreement varied at random (fixed seed), as
    exported on `today`."""
    rnd = random.Random(seed)
    paths = []
    for urn in urns:
        rated = ITEMS[: rnd.randint(8, len(ITEMS))]
        ratings = {i: rnd.choice([1, 2, 3, 3, 3, 4, 4, None]) for i in rated}
        governors = rnd.randint(3, 8)
        paths.append(
            board(
                store,
                urn,
                folder,
                ratings=ratings,
                governors=governors,
                trained=rnd.randint(governors // 2, governors),
                agreed=rnd.random() < 0.8,
                today=today,
            )
        )
    return paths


LAST_YEAR = dt.date(TODAY.year - 1, TODAY.month, TODAY.day)  # a return day of the year before


def two_years(
    store, folder: Path, urns: list[int], *, missing_last_year: int = 10, seed: int = 7
) -> tuple[list[Path], list[Path]]:
    """Two years of varied boards' returns into `folder` ("last year" and "this year" in it):
    last year's exported a year before `TODAY` (academic year 2025-26), this year's on
    `TODAY` (2026-27). The last `missing_last_year` schools sent nothing last year. Each year's
    ratings, training and agreement vary at random (fixed seeds), so some sections get better,
    some worse and some stay the same. Last year's are made first, as they were in life."""
    before = varied(
        store, folder / "last year", urns[: len(urns) - missing_last_year], seed, LAST_YEAR
    )
    now = varied(store, folder / "this year", urns, seed + 1)
    return before, now
