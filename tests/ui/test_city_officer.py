"""What the LA officer sees on the City picture: the year just imported, a refused return
in words with its file, the board's export date with the LA's receipt beside it, and a
chart whose axis steps are round."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt

from stoke_governor.la.returns.importer import import_returns
from stoke_governor.ui.la.city_page import CityPage
from stoke_governor.ui.la.city_table import RETURNED, RISK
from stoke_governor.ui.shell.app import open_main_window
from stoke_governor.ui.shell.la_window import CITY_PAGE
from tests.la.test_officer_view import (
    CO_OP,
    EXPORTED,
    SIGNED,
    files,  # noqa: F401 (a fixture)
)
from tests.la.test_returns_hostile import key_of
from tests.la.test_returns_import import hold_key
from tests.return_files import make_return
from tests.ui.test_city_page import _plain, _row, _text
from tests.ui.test_la_window import import_all
from tests.window_pool import one_thread_pool

LAST_YEAR = dt.date(2025, 11, 3)


@pytest.fixture
def window(qtbot, la_path):
    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    yield win
    win.pool.waitForDone(10000)
    win.store.close()


def test_after_an_import_the_city_picture_shows_the_year_just_imported(
    window, qtbot, store, tmp_path
):
    last = make_return(store, 124390, tmp_path / "last", today=LAST_YEAR)
    older = make_return(store, 123993, tmp_path / "older", today=LAST_YEAR)
    import_all(qtbot, window, [last, older])
    window.show()
    window.show_city()
    city = window.page(CITY_PAGE)
    assert city.picture.year == "2025-26"
    this = make_return(store, 136102, tmp_path / "this")
    import_all(qtbot, window, [this])
    assert city.picture.year == "2026-27"  # not left on last year
    assert city.year.currentText() == "2026-27" and city.year.isVisible()
    assert city.headline.text().startswith("1 of ")
    city.year.setCurrentIndex(city.year.findData("2025-26"))  # the officer looks back
    city.year.activated.emit(city.year.currentIndex())
    assert city.picture.year == "2025-26"
    another = make_return(store, 124002, tmp_path / "another")
    import_all(qtbot, window, [another])  # this year's returns keep coming in
    assert city.picture.year == "2026-27" and city.headline.text().startswith("2 of ")


def test_an_import_while_another_page_is_in_front_turns_the_city_picture_when_shown(
    window, qtbot, store, tmp_path
):
    import_all(qtbot, window, [make_return(store, 136102, tmp_path / "this")])
    window.show()
    window.show_city()
    city = window.page(CITY_PAGE)
    assert city.picture.year == "2026-27"
    window.nav.setCurrentRow(CITY_PAGE + 1)  # the Returns page in front
    import_all(qtbot, window, [make_return(store, 124390, tmp_path / "last", today=LAST_YEAR)])
    window.show_city()
    assert city.picture.year == "2025-26"  # the year of the returns just imported


@pytest.fixture
def page(qtbot, la_store):
    p = CityPage(la_store, one_thread_pool())
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    return p


def test_a_refused_return_reads_refused_with_its_file_not_not_returned(page, la_store, files):  # noqa: F811
    hold_key(la_store, key_of(SIGNED, 7))
    import_returns(la_store, [files["edited-signed"]])
    page.refresh()
    assert _text(page, SIGNED, RETURNED) == "Return refused: edited after signing"
    assert "without a return (1 of them refused) are flagged at risk" in page.headline.text()
    tip = page.proxy.index(_row(page, SIGNED), RETURNED).data(Qt.ItemDataRole.ToolTipRole)
    assert "waterside-edited.xlsx" in tip and "changed outside the app" in tip
    risk = _plain(page.proxy.index(_row(page, SIGNED), RISK).data(Qt.ItemDataRole.ToolTipRole))
    assert "Return refused: edited after signing (waterside-edited.xlsx" in risk
    assert page.select_school(SIGNED)
    assert "return refused: edited after signing" in page.why.text()
    page.show_only.setCurrentIndex(page.show_only.findData("not returned"))
    assert SIGNED in page._shown_urns()  # nothing from it is used


def test_returned_is_the_boards_export_with_the_las_receipt_beside_it(page, la_store, files):  # noqa: F811
    import_returns(la_store, [files["exported-earlier"]])
    page.refresh()
    today = dt.datetime.now(dt.UTC).date()
    assert _text(page, CO_OP, RETURNED) == f"12 Nov 2026 (received {today.day} {today:%b %Y})"
    assert page.model.headerData(RETURNED, Qt.Orientation.Horizontal) == "Returned"
    tip = page.proxy.index(_row(page, CO_OP), RETURNED).data(Qt.ItemDataRole.ToolTipRole)
    assert f"exported by the board {EXPORTED}" in tip


def test_the_charts_count_axis_steps_in_round_numbers(page, la_store, files):  # noqa: F811
    import_returns(la_store, [files["exported-earlier"]])
    page.refresh()
    ticks = page.chart.chart.ticks  # ~100 schools with no return in the tallest bar
    step = ticks[1] - ticks[0]
    tallest = max(b.count for b in page.chart.chart.bars)
    assert tallest > 50 and step in (10, 20, 25, 50)
    assert ticks[-1] >= tallest and all(t % step == 0 for t in ticks)
    page.chart.chart.grab()  # drawn with its axis
