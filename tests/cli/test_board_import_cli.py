"""`board import FILE`: the governor list from the command line, with a dry run and the
choice to skip bad rows; exit 1 when the file is refused."""

from __future__ import annotations

import pytest

from stoke_governor.board.governors import list_governors
from stoke_governor.cli.main import main
from tests.board.test_board_import import HEADINGS, URN, write_csv
from tests.cli.test_cli import run


def names(db_path):
    from stoke_governor.startup import open_database

    with open_database(db_path) as store:
        return [g.name for g in list_governors(store, URN)]


def test_dry_run_then_all_or_nothing_then_skipping_bad_rows(db_path, tmp_path, capsys):
    path = write_csv(
        tmp_path,
        [
            "Stoke governors,,,,,,",
            HEADINGS,
            "Asha Patel,Co-opted,Chair,,01/09/2023,31/08/2027,Finance",
            "Ben Lee,Parent,,,01/09/2023,31/13/2024,",
            "Jo Clark,Clerk,,,,,",
        ],
    )
    args = ["--db", str(db_path), "board", "import", "--urn", str(URN)]
    assert main([*args, "--dry-run", "--skip-bad-rows", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  row 3: Asha Patel: new — Co-opted governor" in out
    assert "  row 5: Jo Clark: left out — the clerk is not a member of the board" in out
    assert "  Row 4, Term end: '31/13/2024' is not a date that exists" in out
    assert out.splitlines()[-1] == (
        f"{path}: checked, nothing stored (--dry-run) — 1 new; 1 with problems. New committees "
        "will be made: Finance. 1 row left out (see above)."
    )
    assert names(db_path) == []
    assert main([*args, str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: rejected — governors.csv, Row 4, Term end:" in out
    assert "add --skip-bad-rows to import the others" in out
    assert names(db_path) == []
    assert main([*args, "--skip-bad-rows", str(path)]) == 0
    assert "imported — 1 new, 0 updated, 0 unchanged, 1 row with problems skipped." in (
        capsys.readouterr().out
    )
    assert names(db_path) == ["Asha Patel"]


def test_the_heading_row_can_be_given(db_path, tmp_path, capsys):
    path = write_csv(tmp_path, ["Name,Kind", "Who,Category", "Ann Lee,Parent"])
    args = ["--db", str(db_path), "board", "import", "--urn", str(URN), str(path)]
    assert main(args) == 1
    assert "No column is headed Category" in capsys.readouterr().out
    assert main([*args, "--header-row", "2"]) == 1  # "Who" is not a name's heading either
    assert main([*args, "--header-row", "9"]) == 1
    assert "Row 9 of governors.csv is blank or past the end" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main([*args, "--header-row", "0"])
    assert usage.value.code == 2


def test_run_as_a_user_runs_it(db_path, tmp_path):
    path = write_csv(tmp_path, ["Name,Category,Term end", "Ann Lee,LA,31/08/2028"])
    result = run("--db", db_path, "board", "import", "--urn", URN, path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{path}: imported — 1 new, 0 updated, 0 unchanged."
    result = run("--db", db_path, "board", "import", "--urn", URN, path)
    assert result.stdout.splitlines()[-1] == f"{path}: imported — 0 new, 0 updated, 1 unchanged."
