"""A damaged database: found by SQLite's check, written to by nothing, backed up by nothing;
its newest good backup restored in its place, the damaged file kept beside it."""

from __future__ import annotations

import sqlite3

import pytest

from stoke_governor.challenges.log import add_challenge
from stoke_governor.challenges.records import find_challenges
from stoke_governor.core.errors import DamagedDatabaseError, StoreError
from stoke_governor.db.backups import list_backups
from stoke_governor.startup import check_database, open_database
from stoke_governor.startup.recovery import newest_good_backup, restore
from tests.conftest import BIRCHES_HEAD
from tests.damaged_db import BACKED_UP, backups_now, integrity_ok, make_damaged


@pytest.fixture
def damaged(db_path):
    return make_damaged(db_path)


def test_the_check_finds_the_damage(damaged):
    with open_database(damaged.path) as store:
        found = check_database(store)
    assert found and "btreeInitPage" in found


def test_no_write_and_no_backup_on_a_damaged_file(damaged):
    before = damaged.path.read_bytes()
    with open_database(damaged.path) as store:
        with pytest.raises(DamagedDatabaseError) as refused:
            add_challenge(store, BIRCHES_HEAD, question="Why?")
        with pytest.raises(DamagedDatabaseError):
            store.backup("before-challenge-import")
        with pytest.raises(DamagedDatabaseError):
            store.set_settings(note="x")
    message = str(refused.value)
    assert message.startswith(f"{damaged.path} is damaged (the check found: ")
    assert "Nothing will be written to it, and no backup will be made of it." in message
    assert message.endswith(f"stoke-governor --db {damaged.path} restore --list")
    assert backups_now(damaged.path) == damaged.backups
    assert damaged.path.read_bytes() == before


def test_a_read_that_meets_the_damage_is_a_sentence_and_stops_writes(damaged):
    with open_database(damaged.path) as store:
        with pytest.raises(DamagedDatabaseError, match="is damaged"):
            find_challenges(store, BIRCHES_HEAD)
        with pytest.raises(DamagedDatabaseError):  # no check needed: the read found it
            store.set_settings(note="x")


def test_the_backups_are_listed_newest_first_with_their_check(damaged):
    listed = list(list_backups(damaged.path))
    assert [b.path.name for b in listed] == sorted(damaged.backups, reverse=True)
    assert all(b.good for b in listed)
    assert newest_good_backup(damaged.path).path.name == max(damaged.backups)


def test_restoring_keeps_the_damaged_file_and_brings_back_the_backup(damaged):
    damaged_bytes = damaged.path.read_bytes()
    name = max(damaged.backups)
    restored = restore(damaged.path, name)
    assert restored.was_damaged and restored.kept.name.startswith("governor.damaged-")
    assert restored.kept.read_bytes() == damaged_bytes  # kept aside as it was
    assert integrity_ok(damaged.path)
    assert backups_now(damaged.path) == damaged.backups
    with open_database(damaged.path) as store:
        assert check_database(store) is None
        held = find_challenges(store, BIRCHES_HEAD, text="why has attendance fallen")
        assert len(held) == BACKED_UP  # as the backup had them
        add_challenge(store, BIRCHES_HEAD, question="Written again?")  # writes work again
    assert "changes made since then are not in it" in restored.summary


def test_a_backup_that_fails_its_check_is_not_restored(damaged):
    name = max(damaged.backups)
    backup = damaged.path.parent / "backups" / name
    with backup.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xee" * 64)
    before = damaged.path.read_bytes()
    with pytest.raises(StoreError, match="fails the check"):
        restore(damaged.path, name)
    assert damaged.path.read_bytes() == before
    assert sorted(p.name for p in damaged.path.parent.iterdir()) == ["backups", "governor.sqlite"]


def test_a_database_in_use_is_not_replaced(damaged):
    other = sqlite3.connect(damaged.path)  # another program has it open
    other.execute("PRAGMA schema_version").fetchone()
    try:
        with pytest.raises(StoreError, match="is in use"):
            restore(damaged.path, max(damaged.backups))
    finally:
        other.close()
    assert not list(damaged.path.parent.glob("*.damaged-*"))
