"""`stoke-governor --smoke-test` checks an installation, a new one included: with no school
chosen yet it opens the demo board, as a newcomer's "Explore the demo board" does, and
chooses nothing for next time."""

from __future__ import annotations

import os
import subprocess
import sys

from stoke_governor.board.governors import demo_board, remove_demo_board
from stoke_governor.schools.register import select_school, selected_school
from stoke_governor.startup import open_database
from tests.conftest import BIRCHES_HEAD

OPENED = "The main window opened: this installation works."


def smoke(db) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "stoke_governor", "--db", str(db), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_new_installation_passes_its_smoke_test_on_the_demo_board(tmp_path):
    db = tmp_path / "new.sqlite"
    result = smoke(db)
    assert result.returncode == 0, result.stderr
    assert OPENED in result.stdout
    with open_database(db) as store:
        assert selected_school(store) is None  # nothing chosen: the picker still asks
        assert demo_board(store).urn == BIRCHES_HEAD  # the board it opened


def test_the_smoke_test_opens_the_school_chosen(tmp_path):
    db = tmp_path / "chosen.sqlite"
    with open_database(db) as store:
        select_school(store, 136102)
    result = smoke(db)
    assert result.returncode == 0, result.stderr
    with open_database(db) as store:
        assert selected_school(store).urn == 136102


def test_with_no_school_chosen_and_no_demo_board_it_says_what_to_do(tmp_path):
    db = tmp_path / "bare.sqlite"
    with open_database(db) as store:
        remove_demo_board(store)
    result = smoke(db)
    assert result.returncode == 2
    assert "No school has been chosen yet; run 'stoke-governor school select URN'." in (
        result.stderr
    )
    assert OPENED not in result.stdout
    with open_database(db) as store:
        assert selected_school(store) is None
