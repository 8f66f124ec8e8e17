"""The app's start-up: opening the database, seeding it on first run, the demo board.

The store (`stoke_governor.db`) knows nothing of the capabilities; this package, called by the
command line and the GUI before anything else, fills a new database from `resources/`, gives an
existing one the app's current catalogue and targets, and builds the demo board once.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from stoke_governor.db.store import Store, check_file, open_store, unusable
from stoke_governor.startup.seed import reference_fingerprint


def open_database(path: str | os.PathLike, *, seed: bool = True) -> Store:
    """The database at `path` (created if absent), migrated and, with `seed`, ready for the app.

    A new database starts as a copy of the prebuilt seeded one when it matches the shipped
    CSVs (no CSV parsing at first run); an existing file is never replaced.
    """
    if seed:
        _start_from_prebuilt(Path(path).expanduser().resolve())
    store = open_store(path)
    if seed:
        try:
            _seed_or_refresh(store)
        except sqlite3.OperationalError as exc:
            store.close()
            raise unusable(store.path, exc) from exc
        except BaseException:
            store.close()
            raise
    return store


def _start_from_prebuilt(path: Path) -> None:
    """Fill a new (absent or empty) database file from the prebuilt one, if it is current."""
    if check_file(path):
        return  # an existing database: opened as it is
    from stoke_governor.startup.prebuilt import copy_prebuilt

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_prebuilt(path)
    except sqlite3.OperationalError as exc:
        raise unusable(path, exc) from exc


def _seed_or_refresh(store: Store) -> None:
    """Fill a new database; give an existing one the app's current catalogue and targets,
    and the demo board once."""
    from stoke_governor.core.settings import DEMO_BOARD, REFERENCE_DATA, SEEDED_WITH

    if not store.setting(SEEDED_WITH.key):
        from stoke_governor.startup.seed import ensure_seeded

        ensure_seeded(store)
    elif store.setting(REFERENCE_DATA.key) != reference_fingerprint():
        from stoke_governor.startup.seed import refresh_reference

        refresh_reference(store)
    if not store.setting(DEMO_BOARD.key):
        from stoke_governor.startup.demo import ensure_demo

        ensure_demo(store)
