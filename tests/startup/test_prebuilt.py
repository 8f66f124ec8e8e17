"""First run copies the prebuilt seeded database: the same content as seeding from the CSVs and
building the demo board, never stale, never over an existing file, its own return id in each
copy, and nothing half-made if it is interrupted."""

from __future__ import annotations

import re
import shutil
import sqlite3
import uuid

import pytest

from stoke_governor.board import governors as board
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import DEMO_BOARD, SEEDED_FROM, SEEDED_WITH
from stoke_governor.db.opening import open_store
from stoke_governor.db.store import SCHEMA_VERSION
from stoke_governor.startup import open_database
from stoke_governor.startup.demo import ensure_demo
from stoke_governor.startup.prebuilt import (
    DEMO_FOLDERS,
    NEW_UUID,
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


# what may differ between two builds of the same database: when it was built, and the
# return id each installation draws anew
BUILT_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}|\"taken_on\": \"[\d-]+\"")


def _rows(conn, table):
    """The table's rows as they would be whenever and wherever built."""
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    drawn = [d[0] == "return_id" for d in cursor.description]  # each installation's own
    return [
        tuple(
            "(drawn anew)" if anew else BUILT_AT.sub("(when built)", v) if isinstance(v, str) else v
            for v, anew in zip(row, drawn, strict=True)
        )
        for row in cursor
    ]


def dump(path):
    """Every table but the per-installation settings and the migrations' log, and the schema."""
    conn = sqlite3.connect(path)
    try:
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'settings' ORDER BY name"
        ).fetchall()
        # not the migrations' own log (when each ran)
        tables = {name: _rows(conn, name) for (name,) in names if not name.startswith("_")}
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        return tables, schema
    finally:
        conn.close()


def test_a_new_database_holds_exactly_what_seeding_and_building_the_demo_gives(tmp_path):
    copied = tmp_path / "copied.sqlite"
    store = open_database(copied)
    assert store.setting(SEEDED_FROM.key) == seed_fingerprint()  # it came from the prebuilt file
    assert store.query_row("PRAGMA journal_mode")[0] == "wal"
    store.close()
    old_way = open_store(tmp_path / "csv.sqlite")
    assert ensure_seeded(old_way)
    assert ensure_demo(old_way)
    old_way.close()
    (tables, schema), (expected, expected_schema) = dump(copied), dump(tmp_path / "csv.sqlite")
    assert schema == expected_schema
    assert tables.keys() == expected.keys()
    for name in SEEDED_TABLES + ("governors", "meetings", "challenges", "evaluations"):
        assert expected[name], f"{name} holds no rows"
    for name, rows in expected.items():
        assert tables[name] == rows, f"{name} differs from seeding and building the demo"


def test_the_shipped_prebuilt_file_is_up_to_date_with_what_it_is_made_from():
    path = resources_dir() / PREBUILT
    assert prebuilt_fingerprint(path) == seed_fingerprint(), f"out of date: run {REBUILD}"
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION, REBUILD
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT urn, demo FROM boards").fetchall() == [(BIRCHES_HEAD, 1)]
    finally:
        conn.close()


def test_each_new_database_draws_its_own_return_id(tmp_path):
    """The LA tells returns apart by their id: two installations' demo evaluations never
    share one, nor with the shipped file."""
    ids = set()
    for name in ("first.sqlite", "second.sqlite"):
        store = open_database(tmp_path / name)
        assert store.setting(SEEDED_FROM.key) == seed_fingerprint()
        (return_id,) = store.query_row("SELECT return_id FROM evaluations")
        store.close()
        assert uuid.UUID(return_id).version == 4
        assert str(uuid.UUID(return_id)) == return_id  # written as uuid4() writes it
        ids.add(return_id)
    conn = sqlite3.connect(f"{(resources_dir() / PREBUILT).as_uri()}?mode=ro&immutable=1", uri=True)
    ids.add(conn.execute("SELECT return_id FROM evaluations").fetchone()[0])
    conn.close()
    assert len(ids) == 3


def test_the_drawn_ids_are_version_4_uuids_of_every_variant():
    conn = sqlite3.connect(":memory:")
    drawn = [conn.execute(f"SELECT {NEW_UUID}").fetchone()[0] for _ in range(400)]
    conn.close()
    assert len(set(drawn)) == 400
    parsed = [uuid.UUID(d) for d in drawn]
    assert {u.version for u in parsed} == {4}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert {d[19] for d in drawn} == set("89ab")
    assert all(str(u) == d for u, d in zip(parsed, drawn, strict=True))


def _resources_copy(tmp_path):
    folder = tmp_path / "resources"
    folder.mkdir()
    for name in (*SEED_FILES, PREBUILT):
        shutil.copy(resources_dir() / name, folder / name)
    for name in DEMO_FOLDERS:
        shutil.copytree(resources_dir() / name, folder / name)
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


@pytest.mark.parametrize("changed", ["demo/board.json", "modules", "frameworks"])
def test_a_prebuilt_file_out_of_date_with_the_demo_boards_files_is_not_used(tmp_path, changed):
    folder = _resources_copy(tmp_path)
    path = folder / changed
    if path.is_dir():  # a module or framework the demo uses, edited
        path = sorted(p for p in path.rglob("*") if p.is_file())[0]
    path.write_bytes(path.read_bytes() + b"\n")
    assert not copy_prebuilt(tmp_path / "new.sqlite", folder)
    assert not (tmp_path / "new.sqlite").exists()


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
    """A first run that builds the demo itself (the prebuilt file out of date)."""
    from stoke_governor.startup import demo, prebuilt

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(prebuilt, "prebuilt_fingerprint", lambda path: None)
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
