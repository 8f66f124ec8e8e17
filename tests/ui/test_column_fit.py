"""A fitted table's columns fill the width its rows are shown in, whatever comes and goes:
the window's size, the vertical scroll bar as rows are added and removed, the row headers."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTableView

from stoke_governor.ui.common.column_fit import ColumnFit, viewport_width

TITLES = ["Measure", "School", "City target", "Year"]
KEY = 2


@pytest.fixture
def fitted(qtbot):
    window = QMainWindow()
    table = QTableView()
    model = QStandardItemModel(0, len(TITLES))
    model.setHorizontalHeaderLabels(TITLES)
    table.setModel(model)
    window.setCentralWidget(table)
    qtbot.addWidget(window)
    fit = ColumnFit(table, TITLES, KEY, 20, whole=(3,))
    window.resize(900, 400)
    window.show()
    qtbot.waitExposed(window)

    def rows(count: int) -> None:
        model.setRowCount(0)
        for n in range(count):
            model.appendRow(
                [QStandardItem(t) for t in (f"Measure {n}", "41.2", "over 65% by 2030", "2024-25")]
            )
        fit.refit()
        qtbot.wait(10)  # the view lays out its scroll bars on the next turn

    return window, table, rows


def used(table: QTableView) -> int:
    return sum(table.columnWidth(c) for c in range(len(TITLES)))


def test_room_is_the_viewport_width_as_scroll_bars_and_headers_come_and_go(fitted, qtbot):
    window, table, rows = fitted
    for count in (2, 200, 1):
        rows(count)
        assert viewport_width(table) == table.viewport().width()
    table.verticalHeader().hide()
    qtbot.wait(10)
    assert viewport_width(table) == table.viewport().width()


def test_columns_fill_the_rows_room_when_the_scroll_bar_comes_and_goes(fitted):
    window, table, rows = fitted
    rows(2)
    assert not table.verticalScrollBar().isVisible()
    wide, room = table.columnWidth(KEY), table.viewport().width()
    assert used(table) == room

    rows(200)  # the scroll bar appears (and the row numbers widen): the key column gives way
    assert table.verticalScrollBar().isVisible()
    assert used(table) == table.viewport().width() < room
    assert table.columnWidth(KEY) < wide
    assert not table.horizontalScrollBar().isVisible()

    rows(1)  # and takes it back when the bar goes
    assert not table.verticalScrollBar().isVisible()
    assert table.columnWidth(KEY) == wide


def test_columns_follow_the_window_width(fitted, qtbot):
    window, table, rows = fitted
    rows(3)
    before = table.columnWidth(KEY)
    window.resize(700, 400)
    qtbot.waitUntil(lambda: table.columnWidth(KEY) < before)
    assert used(table) == table.viewport().width()
    assert table.columnWidth(KEY) == before - 200


def test_tall_rows_grow_to_their_wrapped_text_and_shrink_back(qtbot):
    window = QMainWindow()
    table = QTableView()
    table.setWordWrap(True)
    model = QStandardItemModel(0, len(TITLES))
    long_target = "over 65% of young people achieving a good pass in English and maths by 2030"
    for target in ("72%", long_target):
        model.appendRow([QStandardItem(t) for t in ("Measure", "41.2", target, "2024-25")])
    table.setModel(model)
    window.setCentralWidget(table)
    qtbot.addWidget(window)
    fit = ColumnFit(table, TITLES, KEY, 12, caps={KEY: 30}, tall_rows=True)
    fit.refit()
    window.resize(420, 300)  # the city target needs more than one line here
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: table.rowHeight(1) > table.rowHeight(0))
    narrow = table.rowHeight(1)
    window.resize(1400, 300)  # room for the whole of it on one line
    qtbot.waitUntil(lambda: table.rowHeight(1) < narrow)
    assert table.rowHeight(1) == table.rowHeight(0)
