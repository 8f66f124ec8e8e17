"""Backups: checked before they are kept, never lost to a full disk, never of a damaged file;
a full disk during a write is a sentence, and the store is as it was."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from stoke_governor.challenges.log import add_challenges
from stoke_governor.core.errors import DiskFullError, StoreError
from stoke_governor.db import bulk_change
from stoke_governor.db.backups import BACKUPS_KEPT, list_backups, newest_good_backup
from tests.conftest import BIRCHES_HEAD
from tests.damaged_db import backups_now, integrity_ok, questions

MB = 1_000_000


def challenge_count(store) -> int:
    return store.query_row("SELECT count(*) FROM challenges")[0]


def a_full_disk(monkeypatch, free: int = 3 * MB) -> None:
    """Every disk reports `free` bytes free (what the app asks before a backup)."""
    real = shutil.disk_usage

    def disk_usage(path):
        total = real(path).total
        return type(real(path))(total, total - free, free)

    monkeypatch.setattr(shutil, "disk_usage", disk_usage)


def a_disk_that_fills_during_the_copy(monkeypatch) -> None:
    """SQLite finds the disk full (SQLITE_FULL) while writing a backup: a real full condition,
    made by capping how many pages a backup's file may have."""
    real = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 20")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_a_backup_is_a_checked_copy_under_its_final_name_only(store):
    store.set_settings(note="before the import")
    copy = store.backup("before data import")
    assert copy.name.endswith("-before-data-import.sqlite")
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # no temporary left
    assert integrity_ok(copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT value FROM settings WHERE key = 'note'").fetchone()[0] == (
        "before the import"
    )
    conn.close()
    assert newest_good_backup(store.path).path == copy


def test_no_room_for_a_backup_is_a_sentence_and_costs_no_backup(store, monkeypatch):
    held = challenge_count(store)
    for _ in range(3):
        store.backup("before-challenge-import")
    before = backups_now(store.path)
    a_full_disk(monkeypatch)
    with pytest.raises(DiskFullError) as refused, bulk_change(store, "before-challenge-import"):
        add_challenges(store, BIRCHES_HEAD, questions(3))
    message = str(refused.value)
    folder = store.path.parent / "backups"
    assert message.startswith("There is not enough free space to back up the database")
    assert f"MB is needed in {folder}, 3 MB is free." in message
    assert message.endswith("Free some space or move the database, then try again.")
    assert backups_now(store.path) == before  # the same files, the same bytes
    assert challenge_count(store) == held
    assert integrity_ok(store.path)


def test_the_space_asked_for_is_about_the_databases_size(store, monkeypatch):
    size = store.path.stat().st_size
    a_full_disk(monkeypatch, free=size)  # room for the copy, none for the change after it
    with pytest.raises(DiskFullError, match="MB is needed"):
        store.backup("before data import")
    a_full_disk(monkeypatch, free=size + 64 * MB)
    assert store.backup("before data import").is_file()


def test_a_disk_filling_up_during_the_copy_leaves_no_file_and_prunes_nothing(store, monkeypatch):
    for _ in range(BACKUPS_KEPT):
        store.backup("before-challenge-import")
    before = backups_now(store.path)
    a_disk_that_fills_during_the_copy(monkeypatch)
    for _ in range(3):  # retries never push out a good backup
        with pytest.raises(DiskFullError) as refused:
            store.backup("before-challenge-import")
    message = str(refused.value)
    assert message.startswith(
        "There is not enough free space to back up the database before this change: about "
    )
    assert f"MB is needed in {store.path.parent / 'backups'}, and the disk filled up" in message
    assert backups_now(store.path) == before  # no partial or empty file; all ten still there
    assert integrity_ok(store.path)


def test_a_full_disk_during_a_write_is_a_sentence_and_changes_nothing(store):
    add_challenges(store, BIRCHES_HEAD, questions(2))
    held = challenge_count(store)
    pages = store.query_row("PRAGMA page_count")[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL at the next growth
    with pytest.raises(DiskFullError) as refused:
        add_challenges(store, BIRCHES_HEAD, questions(300, 2))
    assert str(refused.value).startswith(
        f"There is not enough free space to save this change: the disk holding "
        f"{store.path.parent} is full"
    )
    assert "Nothing was changed" in str(refused.value)
    assert challenge_count(store) == held
    assert not store.conn.in_transaction
    assert integrity_ok(store.path)
    store.conn.execute(f"PRAGMA max_page_count = {2**31}")  # space again: the write goes in
    add_challenges(store, BIRCHES_HEAD, questions(300, 2))
    assert challenge_count(store) == held + 300


def test_a_full_disk_in_a_bulk_change_is_rolled_back(store):
    held = challenge_count(store)
    pages = store.query_row("PRAGMA page_count")[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError), bulk_change(store, "before-challenge-import") as db:
        db.table("challenges").insert_all(
            {"urn": BIRCHES_HEAD, "asked_on": "2025-01-01", "question": "Q" * 2000}
            | {"created_at": "2025-01-01", "updated_at": "2025-01-01"}
            for _ in range(300)
        )
    assert challenge_count(store) == held
    assert integrity_ok(store.path)


def test_pruning_keeps_the_newest_good_backups_and_clears_empty_leftovers(store):
    folder = store.path.parent / "backups"
    folder.mkdir()
    stem = store.path.stem
    # what a full disk left with an older version: empty files that counted as backups
    for n in range(BACKUPS_KEPT):
        (folder / f"{stem}-20200101-0000{n:02d}-000000-before-data-import.sqlite").touch()
    made = [store.backup("before data import") for _ in range(BACKUPS_KEPT + 2)]
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted(p.name for p in made[-BACKUPS_KEPT:])


def test_the_list_says_which_backups_pass_the_check(store):
    older = store.backup("before data import")
    newer = store.backup("before data import")
    with newer.open("r+b") as fh:  # a backup spoilt on disk since it was made
        fh.seek(4096 * 3)
        fh.write(b"\xee" * 64)
    listed = list(list_backups(store.path))
    assert [b.path for b in listed] == [newer, older]  # newest first
    assert not listed[0].good and listed[0].problem
    assert listed[1].good and listed[1].size == older.stat().st_size
    assert newest_good_backup(store.path).path == older


def test_a_backup_that_cannot_be_written_is_a_sentence(store, monkeypatch):
    (store.path.parent / "backups").write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="could not be backed up"):
        store.backup("before data import")
