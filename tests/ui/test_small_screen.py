"""Every page of both windows reads on a 1024×600 screen: nothing forces the window wider
or taller, the page list is whole, and each page's key text keeps a readable width."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.la.returns.importer import import_returns
from stoke_governor.meetings import meetings as mt
from stoke_governor.schools.register import select_school
from stoke_governor.startup import open_database
from stoke_governor.ui.shell.app import open_main_window
from tests.city_boards import all_items, board
from tests.conftest import BIRCHES_HEAD

SMALL = (1024, 600)
LONG_TITLE = (
    "Headteacher's report on attendance, persistent absence and the support plan for "
    "pupils with an education, health and care plan"
)


def chars(widget, n: int) -> int:
    """The width of `n` average characters of the widget's text."""
    return n * widget.fontMetrics().averageCharWidth()


def settle(qtbot, window) -> None:
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() <= SMALL[0] and window.height() <= SMALL[1])


def assert_fits(window, page: str) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], (page, hint.toTuple())
    assert (window.width(), window.height()) == SMALL, page
    nav = window.nav
    assert not nav.horizontalScrollBar().isVisible(), page
    room = nav.viewport().width()
    metrics = nav.fontMetrics()
    for row in range(nav.count()):  # each page's title whole, not cut
        text = nav.item(row).text()
        assert metrics.horizontalAdvance(text) < room, (page, text)


@pytest.fixture
def school_window(qtbot, db_path):
    with open_database(db_path) as s:  # the demo board: real data, real challenges
        select_school(s, BIRCHES_HEAD)
        mt.add_meeting(s, BIRCHES_HEAD, "2026-11-26", agenda=[LONG_TITLE])
    win = open_main_window(db_path, ask_for_school=False)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    yield win
    win.pool.waitForDone(10000)
    win.store.close()


def test_every_board_page_reads_at_1024_by_600(school_window, qtbot):
    win = school_window
    for row in range(win.nav.count()):
        win.nav.setCurrentRow(row)
        settle(qtbot, win)
        assert_fits(win, win.nav.item(row).text())


def test_the_dashboards_measure_and_city_target_stay_readable(school_window, qtbot):
    from stoke_governor.ui.measures.dashboard_model import MEASURE, TARGET

    table = school_window.dashboard.table
    assert table.columnWidth(TARGET) >= chars(table, 18)
    assert table.columnWidth(MEASURE) >= chars(table, 18)
    edge = table.columnViewportPosition(TARGET) + table.columnWidth(TARGET)
    assert edge <= table.viewport().width()  # on screen, not off the right edge
    target = table.model().index(0, TARGET)  # Attainment 8: the city's long target
    assert target.data() in target.data(3)  # the whole target on hover (ToolTipRole)


def test_the_challenge_logs_question_stays_readable(school_window, qtbot):
    win = school_window
    win.nav.setCurrentRow(3)
    settle(qtbot, win)
    log = win.page(3)
    assert log.model.rowCount() > 0
    assert log.table.columnWidth(1) >= chars(log.table, 25)
    edge = log.table.columnViewportPosition(1) + log.table.columnWidth(1)
    assert edge <= log.table.viewport().width()
    question = log.model.entries[0].question
    assert log.model.index(0, 1).data(3) == question  # whole on hover
    assert question in log.detail.toPlainText()  # and in the details below
    header = log.table.horizontalHeader()
    measure = 3  # "Measure / priority": cut on a small screen, it shows its start
    if log.table.columnWidth(measure) < header.fontMetrics().horizontalAdvance(
        "Measure / priority"
    ):
        assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    assert log.model.headerData(measure, Qt.Orientation.Horizontal, 3) == "Measure / priority"


def test_the_training_reader_opens_at_the_left_edge(school_window, qtbot):
    win = school_window
    win.nav.setCurrentRow(5)
    settle(qtbot, win)
    training = win.page(5)
    reader = training.reader
    for row in range(training.module_list.count()):
        training.module_list.setCurrentRow(row)
        assert reader.horizontalScrollBar().value() == 0, row
        assert reader.verticalScrollBar().value() == 0, row
    training.module_list.setCurrentRow(0)  # text only: its lines wrap to the reader's width
    assert reader.document().size().width() <= reader.viewport().width()
    assert not reader.horizontalScrollBar().isVisible()


def test_the_meeting_item_title_shows_its_start(school_window, qtbot):
    win = school_window
    win.nav.setCurrentRow(2)
    settle(qtbot, win)
    meetings = win.page(2)
    meetings.show_tab(meetings.agenda)
    meetings.agenda.items.setCurrentRow(0)
    title = meetings.agenda.item_title
    assert title.text() == LONG_TITLE
    assert title.cursorPosition() == 0  # the start of the title is what shows


def test_the_school_data_tables_long_notes_wrap_instead_of_widening_it(school_window, qtbot):
    win = school_window
    win.nav.setCurrentRow(1)  # School data
    win.data.set_measure("ATT8SCR")  # the COVID-19 years read "not published (no exams…)"
    settle(qtbot, win)
    table, model = win.data.table, win.data.table.model()
    texts = [model.index(r, 1).data() for r in range(model.rowCount())]
    covid = next(r for r, t in enumerate(texts) if t and t.startswith("not published ("))
    plain = next(r for r, t in enumerate(texts) if t == "—")
    assert chars(table, 8) <= table.columnWidth(1) <= chars(table, 15)
    assert table.rowHeight(covid) > table.rowHeight(plain)  # wrapped onto more lines
    assert texts[covid] in model.index(covid, 1).data(3)  # the whole note on hover


def test_every_la_page_reads_at_1024_by_600(qtbot, store, la_path, tmp_path):
    folder = tmp_path / "returns"
    board(store, 123993, folder, ratings=all_items(4), evidence="Minutes of 12 Nov")
    board(store, 123999, folder, ratings=all_items(2))
    with open_database(la_path) as la:
        import_returns(la, [folder])
    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        for row in range(win.nav.count()):
            win.nav.setCurrentRow(row)
            settle(qtbot, win)
            assert_fits(win, win.nav.item(row).text())
    finally:
        win.pool.waitForDone(10000)
        win.store.close()


def test_the_city_measures_table_shows_every_column_at_1024_by_600(qtbot, la_path):
    """Each measure's target keeps a readable width and the other columns give way (the
    whole text on hover): nothing behind a sideways scroll bar."""
    from stoke_governor.ui.la.measures_page import TARGET, TARGET_CHARS

    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        win.nav.setCurrentRow(win.nav.count() - 1)  # City measures
        page = win.pages.currentWidget()
        table = page.table
        qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=30000)
        settle(qtbot, win)
        qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
        assert table.columnWidth(TARGET) >= chars(table, TARGET_CHARS)
        columns = range(table.model().columnCount())
        assert sum(table.columnWidth(c) for c in columns) <= table.viewport().width()
    finally:
        win.pool.waitForDone(30000)
        win.store.close()
