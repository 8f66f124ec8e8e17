"""What the LA officer sees of the change since last year: each section's word and ratings in
a school's return, and last year's distribution beside this year's on the City picture.
Two years of real returns, exported by the boards' own app and imported by the LA."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.la.returns.importer import import_returns
from stoke_governor.ui.la.city_page import CityPage
from tests.city_boards import ITEMS, LAST_YEAR, board
from tests.la.test_returns_import import school_store
from tests.window_pool import one_thread_pool

BOTH, NEW = 136102, 142990  # open city schools


def rated(**prefixes) -> dict:
    """Every item whose id starts with a prefix at that rating: rated(SL=3, AC=2)."""
    return {i: v for i in ITEMS for p, v in prefixes.items() if i.startswith(p)}


@pytest.fixture(scope="module")
def files(seeded_template, tmp_path_factory):
    """BOTH returned last year (2025-26) and this year (2026-27): better on strategic
    leadership, worse on accountability, the same on people. NEW returned this year only."""
    root = tmp_path_factory.mktemp("city-trend")
    school = school_store(seeded_template, root)
    try:
        last = [
            board(school, BOTH, root / "last", ratings=rated(SL=2, AC=3, PE=3), today=LAST_YEAR)
        ]
        now = [
            board(school, BOTH, root / "now", ratings=rated(SL=3, AC=2, PE=3)),
            board(school, NEW, root / "now", ratings=rated(SL=4, AC=4)),
        ]
    finally:
        school.close()
    return last, now


def city_page(qtbot, la_store, paths) -> CityPage:
    import_returns(la_store, paths, by="test officer")
    page = CityPage(la_store, one_thread_pool())
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.refresh()
    return page


def since_last_year(body: str, title: str) -> str:
    """What the return view's 'Since last year' table says of one row (a table's cells are
    lines of the view's text)."""
    part = body[body.index("Since last year (") : body.index("Ratings by section")]
    lines = part.splitlines()
    return lines[lines.index(title) + 1]


def test_the_return_shows_each_section_since_last_year(qtbot, la_store, files):
    page = city_page(qtbot, la_store, [*files[0], *files[1]])
    assert page.year.currentData() == "2026-27"
    assert page.select_school(BOTH)
    view = page.view_return()
    body = view.body.toPlainText()
    assert "Since last year (2025-26)" in body
    assert "Since 2025-26: better in 1 section, the same in 1, worse in 1." in body
    assert "Better (2.0 → 3.0)" in since_last_year(body, "Strategic leadership")
    assert "Worse (3.0 → 2.0)" in since_last_year(body, "Accountability")
    assert "Same (3.0 → 3.0)" in since_last_year(body, "People")
    assert "Not rated either year" in since_last_year(body, "Structures")
    assert "less than 0.25 of a point reads “Same”" in body
    view.close()
    assert page.select_school(NEW)
    body = page.view_return().body.toPlainText()
    assert "No return for 2025-26 to compare with." in body
    assert "Better (" not in body


def test_the_distribution_shows_last_year_beside_this_year(qtbot, la_store, files):
    page = city_page(qtbot, la_store, [*files[0], *files[1]])
    panel = page.chart
    panel.section.setCurrentIndex(panel.section.findData("strategic-leadership"))
    model = panel.model
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == [
        "Rating",
        "Boards 2026-27",
        "Share 2026-27",
        "Boards 2025-26",
        "Share 2025-26",
    ]
    table = {model.text(r, 0): [model.text(r, c) for c in (1, 3)] for r in range(model.rowCount())}
    schools = int(table["All open schools"][0])
    assert table["2 Developing"] == ["0", "1"]  # BOTH last year
    assert table["3 Established"] == ["1", "0"]  # BOTH this year
    assert table["4 Strong"] == ["1", "0"]  # NEW, this year only
    assert table["No return"] == [str(schools - 2), str(schools - 1)]
    assert table["All open schools"] == [str(schools), str(schools)]
    assert "Since 2025-26, of the 1 board that rated it both years: 1 better" in (
        panel.caption.text()
    )
    assert "2 Developing: 0 boards (0%); 2025-26: 1 (" in panel.chart.toolTip()
    assert panel.chart.years == ("2026-27", "2025-26") and len(panel.chart.before) == 6


def test_with_no_returns_last_year_only_this_year_is_shown(qtbot, la_store, files):
    page = city_page(qtbot, la_store, files[1])
    model = page.chart.model
    assert model.columnCount() == 3 and not page.chart.chart.before
    assert "No returns are held for 2025-26, so there is nothing to compare with." in (
        page.chart.caption.text()
    )
    assert page.select_school(BOTH)
    assert "No return for 2025-26 to compare with." in page.view_return().body.toPlainText()
