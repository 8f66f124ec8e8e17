"""The LA's City measures page: each city target, where the city is heading, and why not."""

from __future__ import annotations

import pytest

from stoke_governor.measures.projection import TooFew
from stoke_governor.ui.shell.app import open_main_window
from stoke_governor.ui.shell.la_window import LA_PAGES, MEASURES_PAGE


@pytest.fixture
def window(qtbot, la_path):
    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.pool.waitForDone(10000)
    win.store.close()


def cells(page) -> dict[str, list[str]]:
    m = page.model
    rows = [[m.text(r, c) for c in range(m.columnCount())] for r in range(m.rowCount())]
    return {f"{r[0]} — {r[1]}": r for r in rows}


def test_the_officer_sees_each_city_target_with_its_projection_and_range(window, qtbot):
    assert LA_PAGES[-1][0] == "City measures"
    window.nav.setCurrentRow(MEASURES_PAGE)
    page = window.page(MEASURES_PAGE)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20000)
    rows = cells(page)
    gld = next(r for k, r in rows.items() if "good level" in k and k.endswith("75% by 2028"))
    assert gld[2] == "64.6% (2024-25)"
    assert gld[3] == "68.1% by 2028" and " to " in gld[4]
    grade4 = next(r for k, r in rows.items() if k.startswith("Grade 4 or above"))
    assert grade4[3].endswith("by 2030") and "%" in grade4[4]
    # the first line is selected: its sentence under the chart, and the chart drawn
    assert page.sentence.text().startswith("At the present rate the city reaches ")
    legend = [label.text for _item, label in page.chart.legend.items]
    assert "Stoke-on-Trent: projection and likely range" in legend
    assert "90% prediction interval" in page.method.text()
    page.copy_button.click()
    from PySide6.QtWidgets import QApplication

    copied = QApplication.clipboard().text()
    assert copied.count("At the present rate the city reaches") == len(page.rows)


def test_a_measure_with_too_few_comparable_years_says_why(window, qtbot, monkeypatch):
    from stoke_governor.measures import city_projection

    monkeypatch.setattr(city_projection, "project", _needs_eleven)
    window.nav.setCurrentRow(MEASURES_PAGE)
    page = window.page(MEASURES_PAGE)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20000)
    first = page.model
    assert first.text(0, 3) == "not projected"
    assert first.text(0, 4).startswith("Only 4 comparable years since the 2020-21 break")
    assert page.sentence.text().startswith("No projection for the city: only 4 comparable")
    assert all(isinstance(r.outcome, TooFew) for r in page.rows)


def _needs_eleven(points, target_x, **options):
    from stoke_governor.measures.projection import project

    return project(points, target_x, **{**options, "minimum": 11})
