"""The app's start-up: opening the database, seeding it on first run, the demo board.

The store (`stoke_governor.db`) knows nothing of the capabilities; this package, called by the
command line and the GUI before anything else, fills a new database from `resources/`, gives an
existing one the app's current catalogue and targets, and builds the demo board once.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from stoke_governor.db.health import fault
from stoke_governor.db.opening import check_file, open_store, unusable
from stoke_governor.db.store import Store
from stoke_governor.startup.seed import reference_fingerprint


def open_database(path: str | os.PathLike, *, seed: bool = True) -> Store:
    """The database at `path` (created if absent), migrated and, with `seed`, ready for the app.

    A new database starts as a copy of the prebuilt seeded one when it matches the shipped
    CSVs (no CSV parsing at first run); an existing file is never replaced. An existing file
    is checked (`check_database`) before anything is written to it: a damaged one raises
    DamagedDatabaseError at its first write, and is never backed up.
    """
    made = _start_from_prebuilt(Path(path).expanduser().resolve()) if seed else False
    store = open_store(path)
    if made:
        store.known_sound()
    if seed:
        try:
            _seed_or_refresh(store)
        except sqlite3.OperationalError as exc:
            store.close()
            raise fault(exc, store.path) or unusable(store.path, exc) from exc
        except BaseException:
            store.close()
            raise
    return store


def check_database(store: Store) -> str | None:
    """What SQLite's `quick_check` finds wrong with the opened file, in a line; None if it is
    sound. Checked once per opening (about a tenth of a second for a 50 MB file): the GUI
    runs it off its thread as the window opens; a write asked for sooner waits for it."""
    return store.check()


def _start_from_prebuilt(path: Path) -> bool:
    """Fill a new (absent or empty) database file from the prebuilt one, if it is current;
    True if it did."""
    if check_file(path):
        return False  # an existing database: opened as it is
    from stoke_governor.startup.prebuilt import copy_prebuilt

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return copy_prebuilt(path)
    except sqlite3.OperationalError as exc:
        raise fault(exc, path) or unusable(path, exc) from exc


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
