"""Boards of different shapes for the LA's City picture tests: each writes a REAL return with
the app's own export (tests/return_files.py), which the LA's database then imports."""

from __future__ import annotations

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
) -> Path:
    """A board of `governors`, `trained` of them with every core module done, that rated
    itself `ratings`; its return is copied into `folder` (the path returned)."""
    if not list_governors(store, urn):
        for n in range(governors):
            add_governor(store, urn, f"Test Governor {urn}-{n + 1}", "parent")
    for g in list_governors(store, urn)[:trained]:
        for module in CORE:
            record_training(
                store, g.id, title="", module_id=module, completed_on="2026-10-01", today=TODAY
            )
    ev = start_evaluation(store, urn, today=TODAY)
    if agreed:
        set_agreed(store, ev.id, "Full board meeting", "2026-11-12")
    if evidence:
        set_evidence(store, ev.id, "SL1", evidence)
        add_action(store, ev.id, "SL1", "Review the strategy with staff", "Chair", "2027-01-31")
    staging = folder.parent / f"staging-{urn}"
    staging.mkdir(parents=True, exist_ok=True)
    return copy_as(make_return(store, urn, staging, ratings=ratings), folder)


def all_items(value: int) -> dict[str, int]:
    return dict.fromkeys(ITEMS, value)


def varied(store, folder: Path, urns: list[int], seed: int = 7) -> list[Path]:
    """Many boards with ratings, training and agreement varied at random (fixed seed)."""
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
            )
        )
    return paths
