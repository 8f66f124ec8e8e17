"""The store: checks that leave foreign files untouched, durability settings, backups."""

from __future__ import annotations

import os
import sqlite3

import pytest

from stoke_governor.core.errors import ReadOnlyStoreError, SchemaTooNewError, StoreError
from stoke_governor.core.settings import SEEDED_WITH
from stoke_governor.db import bulk_change, open_store
from stoke_governor.db.health import APPLICATION_ID
from stoke_governor.db.store import SCHEMA_VERSION
from stoke_governor.startup import open_database
from stoke_governor.startup.seed import ensure_seeded


def test_new_database_is_wal_with_foreign_keys_and_seeded(tmp_path):
    with open_database(tmp_path / "new" / "gov.sqlite") as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM schools").fetchone()[0] > 100
        assert store.setting(SEEDED_WITH.key)


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError), store.conn:
        store.conn.execute(
            "INSERT INTO school_figures (urn, measure, year, raw, source_id) "
            "VALUES (999999, 'ATT8SCR', '2018-19', '1', 1)"
        )


def _untouched(path, action):
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        action()
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()
    return str(info.value)


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "minutes.sqlite"
    path.write_text("Minutes of the full governing board meeting\n" * 20)
    message = _untouched(path, lambda: open_store(path))
    assert "not an SQLite file" in message and str(path) in message


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER)")
    conn.commit()
    conn.close()
    assert "another program" in _untouched(path, lambda: open_store(path))


def test_a_database_from_a_newer_app_is_refused_and_left_alone(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError, match="newer version"):
        open_store(db_path)


def test_an_unknown_migration_means_too_new(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('stoke_governor', 'm999_from_the_future', 'now')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNewError):
        open_store(db_path)


def test_a_read_only_database_is_refused(db_path, monkeypatch):
    if os.geteuid() == 0:  # root may write anywhere: deny write access as the OS would
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw),
        )
    else:
        db_path.chmod(0o444)
    before = db_path.read_bytes()
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_a_named_pipe_is_not_a_database_and_nothing_waits_on_it(tmp_path):
    pipe = tmp_path / "governor.sqlite"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="is not a regular file"):
        open_store(pipe)


def test_backup_is_a_consistent_copy(store):
    store.set_settings(note="before backup")
    copy = store.backup("before bulk import")
    assert copy.parent.name == "backups" and "before-bulk-import" in copy.name
    conn = sqlite3.connect(copy)
    assert (
        conn.execute("SELECT value FROM settings WHERE key = 'note'").fetchone()[0]
        == "before backup"
    )
    assert conn.execute("SELECT count(*) FROM schools").fetchone()[0] > 100
    conn.close()


def test_seeding_is_all_or_nothing(tmp_path):
    resources = tmp_path / "resources"
    from stoke_governor.core.paths import resources_dir

    resources.mkdir()
    for f in resources_dir().glob("*.csv"):
        resources.joinpath(f.name).write_bytes(f.read_bytes())
    # A broken last file: the figures reference a source that does not exist.
    with resources.joinpath("area_figures.csv").open("a", encoding="utf-8") as fh:
        fh.write("E92000001,ATT8SCR,2018-19,2018-19,,1.0,,1.0,final,no-such-file.csv\n")
    store = open_store(tmp_path / "gov.sqlite")
    with pytest.raises(KeyError):
        ensure_seeded(store, resources)
    assert store.query("SELECT count(*) AS n FROM schools")[0]["n"] == 0
    assert store.setting(SEEDED_WITH.key) is None
    assert ensure_seeded(store) is True  # the next start seeds it properly
    assert store.query("SELECT count(*) AS n FROM schools")[0]["n"] > 100
    store.close()


def test_each_thread_gets_its_own_connection(store):
    import threading

    seen = {}

    def work():
        seen["conn"] = store.conn
        seen["schools"] = store.query("SELECT count(*) AS n FROM schools")[0]["n"]

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["conn"] is not store.conn
    assert seen["schools"] > 100


def test_bulk_change_backs_up_first_and_is_all_or_nothing(store):
    with pytest.raises(RuntimeError), bulk_change(store, "import") as db:
        db["settings"].insert({"key": "half", "value": "done"})
        raise RuntimeError("bad row 600")
    assert store.setting("half") is None
    backups = list((store.path.parent / "backups").glob("*-import.sqlite"))
    assert len(backups) == 1
    with bulk_change(store, "import") as db:
        db["settings"].insert({"key": "whole", "value": "done"})
    assert store.setting("whole") == "done"


def test_a_newer_catalogue_and_targets_replace_the_old_ones_and_nothing_else(db_path):
    """An app update that ships new measures or targets updates an existing database."""
    from stoke_governor.core.settings import REFERENCE_DATA

    with open_database(db_path) as store:
        figures = store.conn.execute("SELECT count(*) FROM school_figures").fetchone()[0]
        store.conn.execute("DELETE FROM measures WHERE code = 'SCH_GLD'")
        store.conn.execute("UPDATE city_targets SET value = 1 WHERE id = 'eyfs_gld_target_2026'")
        store.set_settings(**{REFERENCE_DATA.key: "from an older version"})
        store.conn.commit()
    with open_database(db_path) as store:
        assert store.conn.execute("SELECT 1 FROM measures WHERE code = 'SCH_GLD'").fetchone()
        value = store.conn.execute(
            "SELECT value FROM city_targets WHERE id = 'eyfs_gld_target_2026'"
        ).fetchone()[0]
        assert value == 72
        assert store.conn.execute("SELECT count(*) FROM school_figures").fetchone()[0] == figures


def test_a_transaction_is_all_or_nothing_and_nests_as_a_savepoint(store):
    class Boom(Exception):
        pass

    def names():
        return [r[0] for r in store.query("SELECT key FROM settings WHERE key LIKE 't-%'")]

    with pytest.raises(Boom), store.transaction():
        store.execute("INSERT INTO settings (key, value) VALUES ('t-outer', '1')")
        raise Boom
    assert names() == []  # nothing of a failed write is left
    with store.transaction():
        store.execute("INSERT INTO settings (key, value) VALUES ('t-kept', '1')")
        with pytest.raises(Boom), store.transaction():
            store.execute("INSERT INTO settings (key, value) VALUES ('t-inner', '1')")
            raise Boom
    assert names() == ["t-kept"]  # the inner failure undid only its own part
    assert store.query_one("SELECT value FROM settings WHERE key = 't-kept'")[0] == "1"
    assert store.query_one("SELECT value FROM settings WHERE key = 'missing'") is None
    assert store.query_row("SELECT count(*) FROM settings WHERE key = 'missing'")[0] == 0
    with pytest.raises(StoreError, match="no answer"):
        store.query_row("SELECT value FROM settings WHERE key = 'missing'")


def test_insert_gives_the_new_rows_id(store):
    with store.transaction():
        first = store.insert("INSERT INTO settings (key, value) VALUES ('t-a', '1')")
        second = store.insert("INSERT INTO settings (key, value) VALUES (?, ?)", ("t-b", "2"))
    assert second == first + 1
    row = store.query_one("SELECT key FROM settings WHERE rowid = ?", (second,))
    assert row[0] == "t-b"


def test_writes_in_undone_are_rolled_back_and_leave_an_outer_transaction_alone(store):
    def keys():
        return [r[0] for r in store.query("SELECT key FROM settings WHERE key LIKE 'u-%'")]

    with store.undone():
        store.execute("INSERT INTO settings (key, value) VALUES ('u-tried', '1')")
        assert keys() == ["u-tried"]  # seen inside, as a dry run sees its own writes
    assert keys() == [] and not store.conn.in_transaction
    with store.transaction():
        store.execute("INSERT INTO settings (key, value) VALUES ('u-kept', '1')")
        with store.undone():
            store.execute("INSERT INTO settings (key, value) VALUES ('u-tried', '1')")
    assert keys() == ["u-kept"]
