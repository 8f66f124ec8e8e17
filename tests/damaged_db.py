"""A real board's database with good backups, then a damaged page: what a failing disk leaves.

`make_damaged` keeps a board's challenge log, backs the database up three times as imports do,
records a few more challenges, closes it, then overwrites the start of one of the
challenges table's pages (its page header and cell pointers, not the file's header) so that
SQLite's `quick_check` fails, as it does for a bad sector.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from stoke_governor.challenges.log import add_challenges
from stoke_governor.schools.register import select_school
from stoke_governor.startup import open_database
from tests.conftest import BIRCHES_HEAD

BACKED_UP = 120  # challenges in every backup
AFTER = 5  # recorded after the last backup: only in the damaged file


@dataclass
class Damaged:
    path: Path
    backups: dict[str, bytes]  # every backup's name and bytes, as they were
    found: str  # what quick_check finds


def questions(n: int, start: int = 0) -> list[dict]:
    return [
        {"question": f"Question {start + i}: " + "why has attendance fallen? " * 8}
        for i in range(n)
    ]


def make_damaged(path: Path, table: str = "challenges") -> Damaged:
    with open_database(path) as store:
        select_school(store, BIRCHES_HEAD)
        add_challenges(store, BIRCHES_HEAD, questions(BACKED_UP))
        for _ in range(3):
            store.backup("before-challenge-import")
        add_challenges(store, BIRCHES_HEAD, questions(AFTER, BACKED_UP))
    folder = path.parent / "backups"
    backups = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert len(backups) == 3
    damage_page(path, table)
    return Damaged(path, backups, quick_check(path))


def damage_page(path: Path, table: str) -> None:
    """Overwrite the start of the table's first page with bytes no b-tree page has."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    assert root[0] > 1  # a table's page, not the file's header page
    with path.open("r+b") as fh:
        fh.seek((root[0] - 1) * page_size)
        fh.write(b"\xee" * 64)
    assert quick_check(path) is not None, "the damage must fail SQLite's check"


def quick_check(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return None if rows == ["ok"] else "; ".join(rows)


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def backups_now(path: Path) -> dict[str, bytes]:
    folder = path.parent / "backups"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}
