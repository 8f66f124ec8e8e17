"""The command line on a damaged database, on a full disk, and `restore`: a sentence and a
non-zero exit, never a traceback; the backups untouched; the newest good one put back."""

from __future__ import annotations

import pytest

from stoke_governor.cli.main import main
from tests.cli.test_cli import run
from tests.damaged_db import backups_now, integrity_ok, make_damaged, quick_check
from tests.db.test_backups import a_full_disk


@pytest.fixture
def damaged(db_path):
    return make_damaged(db_path)


def damaged_sentence(damaged) -> str:
    return (
        f"{damaged.path} is damaged (the check found: {damaged_found(damaged)}). Nothing will "
        "be written to it, and no backup will be made of it. Restore the newest good backup: "
        f"stoke-governor --db {damaged.path} restore --list"
    )


def damaged_found(damaged) -> str:
    """What the app's check finds (SQLite's words: the page, the error)."""
    from stoke_governor.startup import check_database, open_database

    with open_database(damaged.path) as store:
        return check_database(store)


def test_commands_that_write_refuse_a_damaged_database(damaged, tmp_path):
    log = tmp_path / "challenges.csv"
    log.write_text("Question,Date\nWhy has attendance fallen?,01/10/2024\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    before = damaged.path.read_bytes()
    sentence = damaged_sentence(damaged)
    for command in (
        ("challenge", "import", log),
        ("selfeval", "export", "-o", out),
        ("challenge", "export", "--format", "pdf", "-o", out / "minutes.pdf"),
        ("challenge", "export", "--format", "xlsx", "-o", out / "actions.xlsx"),
    ):
        result = run("--db", damaged.path, *command)
        assert result.returncode == 2, command
        assert result.stderr.strip() == sentence, command
        assert result.stdout == ""
    assert list(out.iterdir()) == []  # no return, minutes or action log written
    assert backups_now(damaged.path) == damaged.backups  # same files, same bytes
    assert damaged.path.read_bytes() == before


def test_showing_the_figures_of_a_damaged_database_ends_with_the_sentence(damaged):
    shown = run("--db", damaged.path, "data", "show")
    assert shown.returncode == 2
    assert "Birches Head Academy" in shown.stdout  # what could be read is shown
    assert shown.stderr.strip() == damaged_sentence(damaged)
    assert "Traceback" not in shown.stderr


def test_restore_lists_the_good_backups_then_restores_one(damaged):
    listed = run("--db", damaged.path, "restore", "--list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == (
        f"Backups of {damaged.path} (kept in {damaged.path.parent / 'backups'}), newest first:"
    )
    names = sorted(damaged.backups, reverse=True)
    assert [line.split()[0] for line in lines[1:4]] == names
    assert lines[1].endswith("good: passes the check (the newest good one)")
    assert all(line.endswith("good: passes the check") for line in lines[2:4])
    assert lines[4] == f"To restore one: stoke-governor --db {damaged.path} restore NAME"

    damaged_bytes = damaged.path.read_bytes()
    restored = run("--db", damaged.path, "restore", names[0])
    assert restored.returncode == 0, restored.stderr
    kept = next(damaged.path.parent.glob("governor.damaged-*.sqlite"))
    assert restored.stdout.startswith(f"Restored {damaged.path} from the backup made ")
    assert f"The damaged file is kept as {kept}." in restored.stdout
    assert kept.read_bytes() == damaged_bytes
    assert quick_check(damaged.path) is None and integrity_ok(damaged.path)
    assert backups_now(damaged.path) == damaged.backups

    actions = damaged.path.parent / "actions.xlsx"
    exported = run("--db", damaged.path, "challenge", "export", "--format", "xlsx", "-o", actions)
    assert exported.returncode == 0, exported.stderr
    assert actions.is_file()


def test_restore_needs_a_backup_or_list(db_path):
    result = run("--db", db_path, "restore")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "restore: give --list to see the backups, or the name of the one to restore."
    )
    none = run("--db", db_path, "restore", "--list")
    assert none.returncode == 1
    assert none.stderr.strip().startswith(f"There are no backups of {db_path}")
    unknown = run("--db", db_path, "restore", "governor-yesterday.sqlite")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("There is no backup governor-yesterday.sqlite")


def test_a_full_disk_is_a_sentence_not_a_traceback(db_path, tmp_path, monkeypatch, capsys):
    csv = tmp_path / "2024-25_census.csv"
    csv.write_text("URN,LEA,SCHNAME,NOR\n124390,861,Birches Head Academy,700\n", encoding="utf-8")
    before = db_path.read_bytes()
    a_full_disk(monkeypatch)
    assert main(["--db", str(db_path), "data", "import", str(csv)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("There is not enough free space to back up the database")
    assert err.endswith(
        f"MB is needed in {db_path.parent / 'backups'}, 3 MB is free. "
        "Free some space or move the database, then try again."
    )
    assert len(err.splitlines()) == 1
    assert backups_now(db_path) == {}
    assert db_path.read_bytes() == before
