"""Importing the governor list from the Board page: preview each row, then all or nothing, or
the good rows with the bad ones skipped."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.board.committees import list_committees
from stoke_governor.board.governors import add_governor, list_governors
from tests.board.test_board_import import HEADINGS, write_csv
from tests.ui.test_board_page import URN, texts
from tests.window_pool import school_page


@pytest.fixture
def board(qtbot, store):
    """The Board page with a pool like the window's (one thread)."""
    from stoke_governor.ui.board.page import BoardPage

    page = school_page(qtbot, BoardPage, store, URN)
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.pool.waitForDone()


LINES = [
    "Co-op Academy governing board,,,,,,",
    HEADINGS,
    "Asha Patel,Co-opted,Chair,Governing board,01/09/2023,31/08/2027,Finance; Curriculum",
    "Ben Lee,Parent,,Parents,01/09/2022,31/13/2026,",
    "Cara Hughes,LA,,Local authority,01/09/2024,31/08/2028,Finance",
    "Dee Okafor,Headteacher,,,,,",
    "Jo Clark,Clerk to governors,,,,,",
]


def open_dialog(qtbot, board, path):
    qtbot.mouseClick(board.import_button, Qt.MouseButton.LeftButton)
    dialog = board.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.preview is not None, timeout=10_000)
    return dialog


def test_the_preview_shows_each_row_and_bad_rows_are_skipped_only_when_chosen(qtbot, board):
    add_governor(board.store, URN, "Dee Okafor", "headteacher")
    board.refresh()
    dialog = open_dialog(qtbot, board, write_csv(board.store.path.parent, LINES))
    assert dialog.columns.text().startswith("Headings in row 2. Columns read: Name ← “Governor”")
    model = dialog.rows_model
    assert [(model.text(r, 0), model.text(r, 1), model.text(r, 2)) for r in range(5)] == [
        ("3", "Asha Patel", "Added"),
        ("4", "Ben Lee", "Not imported: problem"),
        ("5", "Cara Hughes", "Added"),
        ("6", "Dee Okafor", "Unchanged"),
        ("7", "Jo Clark", "Left out"),
    ]
    assert model.text(1, 3) == "Term end: '31/13/2026' is not a date that exists"
    assert model.text(4, 3) == "the clerk is not a member of the board"
    assert dialog.summary.text().startswith(
        "2 new, 1 unchanged; 1 with problems. New committees will be made: Curriculum, Finance."
    )
    # All or nothing: with a bad row, Import waits for the choice to skip it.
    assert not dialog.import_button.isEnabled() and dialog.skip.isEnabled()
    assert [g.name for g in list_governors(board.store, URN)] == ["Dee Okafor"]
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(board.board_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == (
        "Imported: 2 added, 0 updated, 1 unchanged; 1 row with problems left out. "
        "See them on the Board page."
    )
    assert not dialog.import_button.isEnabled()
    assert texts(board.model, 0) == ["Asha Patel", "Cara Hughes", "Dee Okafor"]
    assert texts(board.model, 3) == ["01/09/2023", "01/09/2024", ""]  # dates shown in UK form
    assert texts(board.model, 6) == ["Curriculum, Finance", "Finance", ""]
    assert [c.name for c in list_committees(board.store, URN)] == ["Curriculum", "Finance"]
    dialog.reject()
    assert board.dialog is None


def test_a_file_the_app_cannot_read_says_so_and_stores_nothing(qtbot, board):
    bad = board.store.path.parent / "governors.xlsx"
    bad.write_text("Name,Category\nAnn,Parent\n")
    qtbot.mouseClick(board.import_button, Qt.MouseButton.LeftButton)
    dialog = board.dialog
    dialog.set_path(bad)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert dialog.summary.text().startswith(
        "Nothing was imported: governors.xlsx is not a workbook"
    )
    assert not dialog.import_button.isEnabled() and list_governors(board.store, URN) == []
    dialog.reject()
