"""The City picture's Category column: the most serious school first, each category with
its reasons and weights on hover and under the table, and the written rule on the header."""

from __future__ import annotations

from PySide6.QtCore import Qt

from stoke_governor.la.categories import CATEGORIES, RULE_VERSION, categorise, counts
from stoke_governor.la.city import city_picture
from stoke_governor.ui.la.city_table import CATEGORY, SCHOOL
from tests.ui.test_city_page import WEAK_AC, _plain, _row, page, returns  # noqa: F401

TIP = Qt.ItemDataRole.ToolTipRole


def _shown_urns(page) -> list[int]:  # noqa: F811
    return [
        page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).urn
        for r in range(page.proxy.rowCount())
    ]


def test_the_most_severe_school_comes_first_and_reads_its_category(page, la_store):  # noqa: F811
    placed = categorise(la_store, city_picture(la_store))
    most = max(placed, key=lambda p: (-p.rank, p.severity, len(p.concerns)))
    assert _shown_urns(page)[0] == most.urn
    assert page.proxy.index(0, CATEGORY).data() == most.category
    assert page.proxy.index(0, CATEGORY).data() in CATEGORIES
    every = [page.proxy.index(r, CATEGORY).data() for r in range(page.proxy.rowCount())]
    ranks = [CATEGORIES.index(c) for c in every]
    assert ranks == sorted(ranks)  # not by name: by category, most serious first
    names = [page.proxy.index(r, SCHOOL).data() for r in range(page.proxy.rowCount())]
    assert names != sorted(names, key=str.casefold)
    assert (
        page.categories.text()
        == "Categories: "
        + ", ".join(f"{n} {name.lower()}" for name, n in counts(placed).items())
        + "."
    )


def test_hovering_a_category_gives_its_reasons_weights_and_the_rule(page, la_store):  # noqa: F811
    placed = {p.urn: p for p in categorise(la_store, city_picture(la_store))}[WEAK_AC]
    tip = _plain(page.proxy.index(_row(page, WEAK_AC), CATEGORY).data(TIP))
    assert tip.startswith(f"The Willows Primary School: {placed.category} (severity ")
    first = placed.reasons[0]
    assert f"{first.text} ({first.side}, weight {first.weight:g})" in tip
    assert f"rule version {RULE_VERSION}" in tip
    header = page.model.headerData(CATEGORY, Qt.Orientation.Horizontal, TIP)
    assert "Intensive support: severity 6 or more" in " ".join(_plain(header).split())
    page.select_school(WEAK_AC)  # the selected school's category in words, for the keyboard
    assert page.category_why.text().startswith(
        f"The Willows Primary School — {placed.category} (severity "
    )
    assert first.text in page.category_why.text()


def test_a_header_click_still_sorts_by_name(page, qtbot):  # noqa: F811
    page.table.sortByColumn(SCHOOL, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, SCHOOL).data() for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
