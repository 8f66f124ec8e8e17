"""Real return files for tests, written by the app's own export from a school database.

One seeded database can hold many boards, so a single `store` makes returns for any city
school. The LA's database in a test is another file (`la_store`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from stoke_governor.board.governors import add_governor, list_governors
from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.reports.return_workbook import export_return
from stoke_governor.selfeval.evaluation import rate, start_evaluation

TODAY = dt.date(2026, 11, 20)
ITEMS = ("SL1", "SL2", "SL3", "SL4", "SL5", "AC1", "AC2", "AC3")


def make_return(
    store,
    urn: int,
    target: Path,
    *,
    ratings: dict[str, int | None] | None = None,
    key=None,
    governors: int = 3,
    today: dt.date = TODAY,
) -> Path:
    """Export the board's return for `urn` to `target` (a folder or a file path).

    `ratings` are applied first (item id → 1–4 or None), so calling again with other
    ratings makes the next revision of the same return. `key` is an `la.SchoolKey` (or
    None: unsigned). A board with no governors gets `governors` fictional ones.
    """
    if not _has_board(store, urn) or not list_governors(store, urn):
        for n in range(governors):
            add_governor(store, urn, f"Test Governor {urn}-{n + 1}", "parent")
    evaluation = start_evaluation(store, urn, today=today)
    for item, value in (ratings or {"SL1": 3, "AC1": 2}).items():
        rate(store, evaluation.id, item, value)
    store.set_settings(
        **{
            LA_RETURN_KEY.key: key.key_hex if key else None,
            LA_RETURN_KEY_ID.key: key.key_id if key else None,
        }
    )
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return export_return(store, start_evaluation(store, urn, today=today), target, today).path


def copy_as(path: Path, folder: Path, name: str | None = None) -> Path:
    """Keep a copy (a later export of the same board reuses the file name)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, folder / (name or path.name)))


def _has_board(store, urn: int) -> bool:
    return store.query_one("SELECT 1 FROM boards WHERE urn = ?", (urn,)) is not None
