"""Migrations: an older database upgrades to exactly the schema of a fresh one."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from stoke_governor.db import open_store
from stoke_governor.db.migrations import known_names, migrations
from stoke_governor.db.store import SCHEMA_VERSION


def schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    conn.close()
    return rows


def test_schema_version_counts_the_migrations():
    assert len(known_names()) == SCHEMA_VERSION
    assert known_names() == sorted(known_names())  # applied in name order, m001, m002...


def make_first_release_database(path):
    """A database as version 0.1 left it: only the first migration, with a school in it."""
    db = Database(path)
    db.execute("PRAGMA application_id = 1397182294")
    migrations.apply(db, stop_before="m002_figure_lookup_indexes")
    db.execute("PRAGMA user_version = 1")
    db["schools"].insert({"urn": 100001, "name": "Board's own record", "status": "open"})
    db["sources"].insert(
        {"id": 1, "file": "england_ks4final.csv", "title": "KS4", "publisher": "DfE"}
    )
    db["school_figures"].insert(
        {
            "urn": 100001,
            "measure": "ATT8SCR",
            "year": "2018-19",
            "value": 41.5,
            "raw": "41.5",
            "source_id": 1,
        }
    )
    db.execute("INSERT INTO settings (key, value) VALUES ('school_urn', '100001')")
    db.close()


def test_older_database_upgrades_to_the_fresh_schema_and_keeps_its_data(tmp_path):
    old, fresh = tmp_path / "old.sqlite", tmp_path / "fresh.sqlite"
    make_first_release_database(old)
    open_store(fresh).close()
    with open_store(old) as store:
        assert store.setting("school_urn") == "100001"
        assert store.query("SELECT name FROM schools")[0]["name"] == "Board's own record"
        figure = store.query(
            "SELECT f.value, s.file FROM school_figures f JOIN sources s ON s.id = f.source_id"
        )
        assert [tuple(r) for r in figure] == [(41.5, "england_ks4final.csv")]
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert schema(old) == schema(fresh)
    backups = list((tmp_path / "backups").glob("old-*-before-migration.sqlite"))
    assert len(backups) == 1
    assert ("index", "idx_school_figures_lookup") not in [r[:2] for r in schema(backups[0])]


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    old = tmp_path / "old.sqlite"
    make_first_release_database(old)
    before = schema(old)

    def broken(db):
        db.execute("CREATE INDEX half_done ON schools (name)")
        raise RuntimeError("power cut")

    for m in migrations._migrations:
        if m.name == "m002_figure_lookup_indexes":
            monkeypatch.setattr(m, "fn", broken)
    with pytest.raises(RuntimeError, match="power cut"):
        open_store(old)
    assert schema(old) == before
