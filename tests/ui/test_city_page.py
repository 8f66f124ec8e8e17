"""The LA's City picture page and the view of one school's return, over real returns made
by the app's own export (school database `store`) and imported into the LA's (`la_store`)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stoke_governor.la.city import city_picture, distribution
from stoke_governor.la.returns.importer import import_returns
from stoke_governor.la.risk import RISK_RULE
from stoke_governor.ui.common.keyboard import tab_moves_on
from stoke_governor.ui.la.city_page import EMPTY, CityPage
from stoke_governor.ui.la.city_table import COMPLETE, RETURNED, RISK, SCHOOL, SORT_ROLE
from tests.city_boards import ITEMS, all_items, board
from tests.keyboard_walk import assert_tab_reaches_every, tab_stops, unnamed
from tests.return_files import copy_as, make_return
from tests.window_pool import one_thread_pool

STRONG, WEAK_AC, NO_AC, WATCH = 123993, 123999, 124002, 124003  # open city schools


@pytest.fixture(scope="module")
def returns(seeded_template, tmp_path_factory):
    """Four boards' returns (one with two revisions) in a folder, as the LA receives them;
    made once from a school database of their own (the tests only read them)."""
    import shutil

    from stoke_governor.startup import open_database

    root = tmp_path_factory.mktemp("city")
    shutil.copy(seeded_template, root / "school.sqlite")
    folder = root / "returns"
    with open_database(root / "school.sqlite") as store:
        board(store, STRONG, folder, ratings=all_items(4), evidence="Minutes of 12 Nov <b>bold</b>")
        weak = dict(all_items(3), **{i: 1 for i in ITEMS if i.startswith("AC")})
        board(store, WEAK_AC, folder, ratings=weak)
        board(store, NO_AC, folder, ratings={i: 3 for i in ITEMS if not i.startswith("AC")})
        first = board(store, WATCH, folder, ratings=all_items(2), trained=3, governors=5)
        copy_as(first, folder, "0-first-" + first.name)  # imported first
        board(store, WATCH, folder, ratings=all_items(3), trained=0, governors=5)  # revision 2
    return folder


@pytest.fixture
def page(qtbot, la_store, returns):
    outcomes = import_returns(la_store, [returns])
    assert {o.status for o in outcomes} <= {"imported", "superseded", "stale"}
    p = CityPage(la_store, one_thread_pool())
    qtbot.addWidget(p)
    tab_moves_on(p)
    p.resize(1300, 800)
    p.show()
    p.refresh()
    return p


def _row(page, urn: int) -> int:
    for r in range(page.proxy.rowCount()):
        if page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).urn == urn:
            return r
    raise AssertionError(f"{urn} is not shown")


def _text(page, urn: int, column: int) -> str:
    return page.proxy.index(_row(page, urn), column).data()


def _plain(rich: str) -> str:
    """What a tooltip in rich text says."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def _column(page, title: str) -> int:
    return [h.replace("\n", " ") for h in page.model.header].index(title)


def test_every_open_school_is_listed_with_the_counts_in_the_header(page, la_store):
    open_schools = la_store.query("SELECT COUNT(*) FROM schools WHERE status != 'closed'")[0][0]
    assert page.proxy.rowCount() == open_schools
    assert page.headline.text().startswith(
        f"4 of {open_schools} boards have returned their 2026-27 self-evaluation. Of those, "
        "1 is at risk and 1 to watch;"
    )
    today = dt.date.today()  # the day the LA received them
    assert _text(page, WATCH, RETURNED) == f"{today.day} {today:%b %Y}"
    missing = la_store.query(
        "SELECT urn FROM schools WHERE status != 'closed' AND urn NOT IN (?, ?, ?, ?) LIMIT 1",
        (STRONG, WEAK_AC, NO_AC, WATCH),
    )
    assert _text(page, missing[0][0], RETURNED) == "Not returned"
    assert not page.year.isVisible()  # one year held: no chooser
    assert not page.import_button.isVisible()


def test_risk_is_a_word_with_the_rule_and_this_schools_reasons_on_hover(page):
    assert _text(page, WEAK_AC, RISK) == "At risk"
    assert _text(page, STRONG, RISK) == "No concern"
    assert _text(page, WATCH, RISK) == "Watch"
    tip = _plain(page.proxy.index(_row(page, WEAK_AC), RISK).data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("The Willows Primary School: At risk")
    assert "holding leaders to account (1.0 of 4)" in tip
    assert all(line in tip for line in RISK_RULE.splitlines())  # the whole rule, as written
    page.select_school(WEAK_AC)  # the flag and its reasons, in words, for the keyboard
    assert page.why.text().startswith("The Willows Primary School — At risk: rates itself")
    header = page.model.headerData(RISK, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert RISK_RULE.splitlines()[0] in _plain(header)
    tint = page.proxy.index(_row(page, WEAK_AC), RISK).data(Qt.ItemDataRole.BackgroundRole)
    assert tint is not None and tint.color().name() != "#ffffff"


def test_a_section_not_rated_is_blank_never_zero(page):
    accountability = _column(page, "Accountability")
    assert _text(page, NO_AC, accountability) == ""
    assert _text(page, WEAK_AC, accountability) == "1.0"
    assert _text(page, STRONG, accountability) == "4.0"
    assert _text(page, NO_AC, _column(page, "Strategic leadership")) == "3.0"


def test_columns_sort_numbers_as_numbers_with_blanks_last(page):
    training = _column(page, "Core training")
    page.table.sortByColumn(training, Qt.SortOrder.AscendingOrder)
    shown = [page.proxy.index(r, training).data() for r in range(page.proxy.rowCount())]
    held = [t for t in shown if t]
    assert held == ["60%", "100%", "100%", "100%"]  # 60 < 100 as numbers, not as text
    assert shown[: len(held)] == held  # the schools without a return come after
    page.table.sortByColumn(training, Qt.SortOrder.DescendingOrder)
    shown = [page.proxy.index(r, training).data() for r in range(page.proxy.rowCount())]
    assert shown[:4] == ["100%", "100%", "100%", "60%"] and not shown[4]
    page.table.sortByColumn(COMPLETE, Qt.SortOrder.AscendingOrder)
    values = [page.proxy.index(r, COMPLETE).data(SORT_ROLE) for r in range(4)]
    assert values == sorted(values) and all(isinstance(v, float) for v in values)


def test_filters_and_search(page, qtbot):
    page.show_only.setCurrentIndex(page.show_only.findText("To watch"))
    assert page.proxy.rowCount() == 1 and _text(page, WATCH, SCHOOL)
    page.show_only.setCurrentIndex(page.show_only.findText("Not returned"))
    assert page.proxy.rowCount() == page.model.rowCount() - 4
    page.show_only.setCurrentIndex(0)
    qtbot.keyClicks(page.search, str(STRONG))
    assert page.proxy.rowCount() == 1 and "Showing 1 of" in page.shown.text()


def test_the_charts_table_gives_the_numbers_of_distribution(page, la_store):
    picture = city_picture(la_store)
    for index in range(page.chart.section.count()):
        page.chart.section.setCurrentIndex(index)
        counts = distribution(picture, page.chart.section.itemData(index))
        model = page.chart.model
        table = {model.text(r, 0): int(model.text(r, 1)) for r in range(model.rowCount())}
        for value in (1, 2, 3, 4):
            label = next(k for k in table if k.startswith(f"{value} "))
            assert table[label] == counts[value]
        assert table["Not rated"] == counts["not rated"]
        assert table["No return"] == counts["no return"]
        assert table["All open schools"] == len(picture.rows)
        assert [b.count for b in page.chart.chart.bars] == [table[k] for k in list(table)[:6]]
    page.chart.section.setCurrentIndex(page.chart.section.findData("accountability"))
    table = {page.chart.model.text(r, 0): page.chart.model.text(r, 1) for r in range(7)}
    assert table["Not rated"] == "1" and table["1 Not yet in place"] == "1"


def test_enter_opens_the_return_with_ratings_evidence_and_history(page, qtbot):
    assert page.select_school(WATCH)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    view = page.return_view
    assert view is not None and view.isVisible()
    text = view.body.toPlainText()
    assert "revision 2" in view.heading.text()
    assert "Ratings by section" in text and "3 Established" in text
    assert "Revisions received" in text
    assert view.revision.count() == 2  # both revisions can be read
    view.revision.setCurrentIndex(1)
    assert "revision 1" in view.heading.text() and "2 Developing" in view.body.toPlainText()
    view.close()
    page.select_school(STRONG)
    cell = page.table.visualRect(page.table.currentIndex()).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    view = page.return_view
    assert view.isVisible() and "Waterside" in view.windowTitle()
    text = view.body.toPlainText()
    assert "Minutes of 12 Nov <b>bold</b>" in text  # the board's evidence, shown as text
    assert "Review the strategy with staff" in text and "Full board meeting" in text
    assert "Signed with the school's key" in text
    assert "Risk flag: No concern" in text


def test_a_school_without_a_return_says_so_and_what_to_do(page):
    page.show_only.setCurrentIndex(page.show_only.findText("Not returned"))
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    view = page.view_return()
    assert "no return for 2026-27" in view.heading.text()
    text = view.body.toPlainText()
    assert "Risk flag: At risk" in text and "No self-evaluation returned for 2026-27" in text
    assert "has been imported" in text and "Packs for schools" in text and "Chase" in text
    view.remind_button.click()
    reminder = QApplication.clipboard().text()
    assert view.school in reminder and "2026-27" in reminder and "Export return" in reminder


def test_keyboard_and_screen_reader_names(page, qtbot):
    assert page.view_button.text() == "&View return…"
    stops = tab_stops(page)
    assert page.table in stops and page.chart.section in stops and page.search in stops
    assert not unnamed(stops)
    page.activateWindow()
    qtbot.waitActive(page)
    assert_tab_reaches_every(qtbot, stops, "the City page")
    page.select_school(NO_AC)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # View return…
    qtbot.waitUntil(lambda: page.return_view is not None)  # a mnemonic animates the click
    assert "Blurton" in page.return_view.windowTitle()
    assert page.return_view.accessibleName() == "The return of Blurton Primary School"
    page.return_view.close()


def test_empty_city_says_what_to_do_next(qtbot, la_store):
    p = CityPage(la_store, one_thread_pool())
    qtbot.addWidget(p)
    p.refresh()
    assert p.headline.text() == EMPTY
    assert p.proxy.rowCount() > 100 and not p.xlsx_button.isEnabled()
    assert p.import_button.isVisibleTo(p)
    with qtbot.waitSignal(p.import_requested):
        p.import_button.click()


def test_the_city_report_is_exported_off_the_gui_thread(page, qtbot, tmp_path):
    out = tmp_path / "city.xlsx"
    with qtbot.waitSignal(page.runner().done, timeout=20000) as done:
        page.export_report("xlsx", str(out))
    assert done.args[0].path == out and out.stat().st_size > 0
    page.exports.box.close()


def test_a_second_year_brings_the_year_chooser(store, la_store, tmp_path, qtbot):
    # last year's return, then this year's (a return dated after tomorrow is refused)
    make_return(store, STRONG, tmp_path / "a", ratings={"SL1": 2}, today=dt.date(2025, 10, 1))
    make_return(store, STRONG, tmp_path / "b", ratings={"SL1": 4})
    import_returns(la_store, [tmp_path / "a", tmp_path / "b"])
    p = CityPage(la_store, one_thread_pool())
    qtbot.addWidget(p)
    p.show()
    p.refresh()
    assert p.year.isVisible() and p.year.currentText() == "2026-27"
    p.year.setCurrentIndex(1)
    p.year.activated.emit(1)
    assert p.picture.year == "2025-26"
