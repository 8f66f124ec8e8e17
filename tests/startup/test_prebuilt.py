"""First run copies the prebuilt seeded database: the same content as seeding from the CSVs,
never stale, never over an existing file, and nothing half-made if it is interrupted."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from stoke_governor.board import governors as board
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import DEMO_BOARD, SEEDED_FROM, SEEDED_WITH
from stoke_governor.db.opening import open_store
from stoke_governor.db.store import SCHEMA_VERSION
from stoke_governor.startup import open_database
from stoke_governor.startup.prebuilt import (
    PREBUILT,
    SEED_FILES,
    copy_prebuilt,
    prebuilt_fingerprint,
    seed_fingerprint,
)
from stoke_governor.startup.seed import TABLES, ensure_seeded
from tests.conftest import BIRCHES_HEAD

REBUILD = "python -m stoke_governor.build_resources --prebuilt-only"
SEEDED_TABLES = ("sources", *TABLES)


def dump(path):
    conn = sqlite3.connect(path)
    try:
        tables = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in SEEDED_TABLES
        }
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        return tables, schema
    finally:
        conn.close()


def test_a_new_database_holds_exactly_what_seeding_from_the_csvs_gives(tmp_path):
    copied = tmp_path / "copied.sqlite"
    store = open_database(copied)
    assert store.setting(SEEDED_FROM.key) == seed_fingerprint()  # it came from the prebuilt file
    assert store.query_row("PRAGMA journal_mode")[0] == "wal"
    store.close()
    old_way = open_store(tmp_path / "csv.sqlite")
    assert ensure_seeded(old_way)
    old_way.close()
    (tables, schema), (expected, expected_schema) = dump(copied), dump(tmp_path / "csv.sqlite")
    assert schema == expected_schema
    for name in SEEDED_TABLES:
        assert expected[name], f"{name} seeds no rows"
        assert tables[name] == expected[name], f"{name} differs from the CSVs"


def test_the_shipped_prebuilt_file_is_up_to_date_with_the_csvs():
    path = resources_dir() / PREBUILT
    assert prebuilt_fingerprint(path) == seed_fingerprint(), f"out of date: run {REBUILD}"
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION, REBUILD
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM boards").fetchone()[0] == 0
    finally:
        conn.close()


def _resources_copy(tmp_path):
    folder = tmp_path / "resources"
    folder.mkdir()
    for name in (*SEED_FILES, PREBUILT):
        shutil.copy(resources_dir() / name, folder / name)
    return folder


def test_a_prebuilt_file_out_of_date_with_the_csvs_is_not_used(tmp_path):
    folder = _resources_copy(tmp_path)
    figures = folder / "school_figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    target = tmp_path / "new.sqlite"
    assert not copy_prebuilt(target, folder)
    assert not target.exists()
    shutil.copy(resources_dir() / "school_figures.csv", figures)
    assert copy_prebuilt(target, folder)
    store = open_store(target)
    assert store.setting(SEEDED_WITH.key) and store.query_row("SELECT count(*) FROM schools")[0]
    store.close()


def test_an_existing_database_is_never_replaced(db_path):
    store = open_database(db_path)
    governor = board.ensure_board(store, 136102)
    board.add_governor(store, governor.urn, "Ada Lovelace", "parent")
    store.close()
    store = open_database(db_path)
    assert [g.name for g in board.list_governors(store, 136102)] == ["Ada Lovelace"]
    store.close()


def test_an_empty_file_left_by_an_interrupted_first_run_is_filled_whole(tmp_path):
    path = tmp_path / "interrupted.sqlite"
    path.touch()  # what a crash during the copy rolls back to
    store = open_database(path)
    assert store.query_row("SELECT count(*) FROM school_figures")[0] > 1000
    assert board.demo_board(store) is not None
    store.close()


def test_an_older_prebuilt_file_is_brought_up_to_the_apps_schema(tmp_path):
    folder = _resources_copy(tmp_path)
    conn = sqlite3.connect(folder / PREBUILT)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    target = tmp_path / "new.sqlite"
    assert copy_prebuilt(target, folder)
    store = open_store(target)
    assert store.query_row("PRAGMA user_version")[0] == SCHEMA_VERSION
    store.close()


def test_a_demo_build_that_fails_half_way_leaves_nothing_of_it(tmp_path, monkeypatch):
    from stoke_governor.startup import demo

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(demo, "_self_evaluation", broken)
    with pytest.raises(OSError):
        open_database(tmp_path / "new.sqlite")
    monkeypatch.undo()
    store = open_store(tmp_path / "new.sqlite")
    assert board.get_board(store, BIRCHES_HEAD) is None
    assert store.query_row("SELECT count(*) FROM governors")[0] == 0
    assert store.setting(DEMO_BOARD.key) is None
    store.close()
    store = open_database(tmp_path / "new.sqlite")
    assert len(board.list_governors(store, BIRCHES_HEAD)) == 11
    store.close()


def test_a_partial_copy_left_by_an_interrupted_first_run_is_replaced(tmp_path):
    path = tmp_path / "new.sqlite"
    leftover = tmp_path / ".new.sqlite.copying"
    leftover.write_bytes(b"SQLite format 3\x00 cut short by a crash")
    store = open_database(path)
    assert store.query_row("SELECT count(*) FROM school_figures")[0] > 1000
    assert store.query_row("PRAGMA journal_mode")[0] == "wal"
    store.close()
    assert not leftover.exists()
