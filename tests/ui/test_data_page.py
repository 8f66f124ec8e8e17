"""The Data page and the import window, as a governor uses them."""

from __future__ import annotations

import csv

import pytest

from PySide6.QtCore import QPointF, Qt

from stoke_governor.core.areas import ENGLAND
from stoke_governor.data.importer import import_files, needs_year
from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.measures.trends import history
from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.main_window import MainWindow
from tests.conftest import BIRCHES_HEAD, DFE, needs_dfe

KS4 = "cscp_2018-19_england_ks4provisional__LA861_subset.csv"


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(1)  # the Data page: charts are made when it is first shown
    qtbot.waitExposed(win)
    yield win
    win.pool.waitForDone(5000)


def table(page) -> list[list[str]]:
    m = page.table_model
    return [[m.text(r, c) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_the_chart_table_holds_the_same_figures_as_the_files(window):
    page = window.data
    assert page.set_measure("PTL2BASICS_95")
    rows = {r[0]: r for r in table(page)}
    # Birches Head 23.0% and England 43.0% in the 2018-19 KS4 file; Stoke-on-Trent's final
    # 35.5% (LAIT) ahead of that file's provisional 35.2%.
    assert rows["2018-19"][1:4] == ["23.0%", "35.5%", "43.0%"]
    # The city's line reaches 2024-25 (LAIT, 33.2%), where the 2030 line starts; the school's
    # 2018-19 figure is context, not on or off track.
    assert rows["2024-25"][2] == "33.2%"
    assert page.status.text().startswith("Before the strategy")
    assert "baseline year" in page.status.toolTip()
    assert page.charts.currentWidget() is page.trend_chart


def test_missing_figures_stay_missing_in_the_table(qtbot, store):
    win = MainWindow(store, select_school(store, 123993))  # Waterside Primary School
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1)
    assert win.data.set_measure("PTRWM_EXP")
    rows = {r[0]: r for r in table(win.data)}
    # No key stage 2 tests in 2019-20 (LAIT's "-"): shown as not published, with why, never 0.
    assert rows["2019-20"][2] == "not published (no tests: COVID-19)"
    assert rows["2018-19"][2] == "60%"


def test_the_city_view_ranks_every_school_and_highlights_this_one(window, qtbot):
    page = window.data
    page.set_measure("PTL2BASICS_95")
    qtbot.mouseClick(page.city_button, qtbot_left())
    assert page.charts.currentWidget() is page.city_chart
    rows = table(page)
    assert rows[0][2] == "Stoke-on-Trent (all pupils)" and rows[0][1] == "35.5%"  # final
    assert rows[1] == ["1", "79.2%", "St Joseph's College"]
    mine = next(r for r in rows if r[2] == "Birches Head Academy")
    assert mine[0] == "14"
    # Like with like: the city's secondary schools (the 17 with a figure include two others).
    assert "14th of 15 city secondary schools" in page.status.text()


def test_context_measures_are_compared_but_not_ranked(window, qtbot):
    page = window.data
    page.set_measure("PNUMFSMEVER")  # free school meals: neither higher nor lower is better
    qtbot.mouseClick(page.city_button, qtbot_left())
    rows = table(page)
    assert all(r[0] == "" for r in rows)
    assert "not ranked" in page.status.text()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_save_chart_as_png(window, tmp_path):
    from PySide6.QtGui import QImage

    window.data.set_measure("PTL2BASICS_95")
    path = tmp_path / "chart.png"
    assert window.data.save_png(str(path))
    image = QImage(str(path))
    assert image.width() > 300 and image.height() > 250


def test_a_primary_school_is_offered_early_years_with_a_next_step(qtbot, store):
    primary = 123993  # Waterside Primary School
    win = MainWindow(store, select_school(store, primary))
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1)
    assert win.data.set_measure("SCH_GLD")
    assert not win.data.set_measure("ATT8SCR")  # a secondary measure it holds no figures for
    win.data.set_measure("SCH_GLD")
    text = win.data.status.text()
    assert text.startswith("No figure held") and "data template" in text
    rows = {r[0]: r for r in table(win.data)}
    assert rows["2024-25"][2] == "64.6%"  # the city's LAIT figure
    assert rows["2025-26"][5] == "72.0% (target)"


@needs_dfe
def test_import_a_download_from_the_gui_and_see_the_school_on_track(window, qtbot, tmp_path):
    """An undated file: the window asks for the year, imports off the GUI thread, refreshes."""
    with (DFE / KS4).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    mine = next(r for r in rows if r["URN"] == str(BIRCHES_HEAD))
    city = next(r for r in rows if r["RECTYPE"] == "4" and r["LEA"] == "861")
    new = tmp_path / "england_ks4final.csv"  # says no year
    with new.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerow({**mine, "PTL2BASICS_95": "52%"})
        writer.writerow({**city, "PTL2BASICS_95": "40%"})  # the city's 2025: the line's start
    bad = tmp_path / "notes-2024-25.csv"
    bad.write_text("name,score\nx,1\n", encoding="utf-8")
    window.import_data([str(new), str(bad)])
    dialog = window.import_dialog
    assert not dialog.import_button.isEnabled()  # the year must be chosen first
    assert "do not say which year" in dialog.year_note.text()
    dialog.year.setCurrentText("2024-25")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        dialog.import_button.click()
        assert dialog.cancel_button.isEnabled()  # running: it can be stopped
    statuses = [o.status for o in done.args[0]]
    assert statuses == ["imported", "rejected"]
    assert dialog.table.item(1, 1).text() == "rejected"
    assert "notes-2024-25.csv" in dialog.table.item(1, 3).text()
    window.data.set_measure("PTL2BASICS_95")
    table_rows = {r[0]: r for r in table(window.data)}
    assert table_rows["2024-25"][1] == "52.0%"
    assert window.data.status.text().startswith("On track")
    dialog.close_button.click()
    assert window.import_dialog is None


def test_dropping_files_on_the_window_opens_the_import(window, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    src = tmp_path / "2018-2019"
    src.mkdir()
    # a performance-tables file, whose year only its folder's name gives
    text = "RECTYPE,LEA,URN,SCHNAME,ATT8SCR\n1,861,124390,Birches Head Academy,40.1\n"
    (src / "england_ks4provisional.csv").write_text(text)
    (tmp_path / "england_ks4provisional.csv").write_text(text)
    assert needs_year(tmp_path / "england_ks4provisional.csv")  # elsewhere it would need one
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(src))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    dialog = window.import_dialog
    assert dialog.files == [src / "england_ks4provisional.csv"]
    assert dialog.import_button.isEnabled()  # the folder names the year
    dialog.close_button.click()


def test_history_agrees_with_the_page(window, store):
    window.data.set_measure("ATT8SCR")
    h = history(store, BIRCHES_HEAD, "ATT8SCR", "Secondary", "Birches Head Academy")
    shown = {r[0]: r[1] for r in table(window.data)}
    assert shown["2018-19"] == h.measure.format(h.school.at(2019).value)


def test_make_a_template_fill_it_import_it_and_see_the_school_against_the_target(
    qtbot, store, tmp_path, monkeypatch
):
    """The early years figure the DfE does not publish per school, end to end in the GUI."""
    import datetime as dt

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from stoke_governor.data.template_workbook import template_years
    from tests.data.test_data_template import fill

    win = MainWindow(store, select_school(store, 123993))  # Waterside Primary School
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(1)
    path = tmp_path / "waterside.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    win.data.template_button.click()
    assert path.exists() and "Import data" in told[0]
    year = "2025-26" if "2025-26" in template_years(dt.date.today()) else None
    if year is None:
        pytest.skip("the template no longer offers 2025-26")
    fill(path, {("SCH_GLD", year): 73})
    win.import_data([str(path)])
    with qtbot.waitSignal(win.import_dialog.imported, timeout=20000) as done:
        win.import_dialog.import_button.click()
    assert [o.status for o in done.args[0]] == ["imported"]
    win.data.set_measure("SCH_GLD")
    rows = {r[0]: r for r in table(win.data)}
    assert rows[year][1] == "73.0%"
    # 72% by 2026 from 65% in 2025: 73% in 2025-26 is on track.
    assert win.data.status.text().startswith("On track")
    win.import_dialog.close_button.click()


def test_enter_on_a_dashboard_measure_opens_its_chart(qtbot, store):
    from PySide6.QtCore import Qt

    from stoke_governor.ui.measures.dashboard_model import MEASURE

    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.dashboard.table
    model = view.model()
    label = "Grade 5 or above in English and maths"
    row = next(r for r in range(model.rowCount()) if model.index(r, MEASURE).data() == label)
    view.setFocus()
    view.setCurrentIndex(model.index(row, MEASURE))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert win.pages.currentWidget() is win.data
    assert win.data.current_code() == "PTL2BASICS_95"
    assert {r[0]: r for r in table(win.data)}["2018-19"][1] == "23.0%"


def test_the_page_opens_on_a_headline_measure_and_counts_meet_no_area_totals(window):
    page = window.data
    assert page.current_code() == "ATT8SCR"  # not "pupils at the end of Year 11"
    page.set_measure("TPUP")
    rows = {r[0]: r for r in table(page)}
    assert rows["2018-19"][1:] == ["122", "—", "—", "—"]  # England's 542,831 pupils: not shown


def segments(line) -> list[list[int]]:
    """The runs of years a chart line joins, as drawn."""
    xs, ys = line.xData, line.yData
    joined = line.opts["connect"]
    runs: list[list[int]] = []
    for i, x in enumerate(xs):
        if ys[i] != ys[i]:  # NaN: no figure that year
            continue
        if i and joined[i - 1] and runs:
            runs[-1].append(int(x))
        else:
            runs.append([int(x)])
    return runs


@needs_dfe
def test_the_chart_never_joins_a_line_across_a_series_break(qtbot, store, tmp_path):
    from tests.data.test_dfe_import import ks4_copy

    import_files(store, [ks4_copy(tmp_path, "2022-2023_england_ks4final.csv", change="35.1")])
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(1)
    page = win.data
    assert page.set_measure("ATT8SCR")
    chart = page.trend_chart
    assert segments(chart.lines["school"]) == [[2019], [2023]]
    # The city: old points before 2017, then CAG 2020 and TAG 2021 each on their own.
    assert segments(chart.lines["E06000021"]) == [
        [2016],
        [2017, 2018, 2019],
        [2020],
        [2021],
        [2022, 2023, 2024, 2025],
    ]
    # Hovering over 2020-21 (low on the chart, away from any point) says why.
    view = chart.plotItem.getViewBox()
    low = view.viewRange()[1][0]
    at = view.mapViewToScene(QPointF(2021, low + 0.5))
    tip = next(i.toolTip() for i in chart.scene().items(at) if i.toolTip())
    assert tip.startswith("2019-20 to 2020-21: not published (no exams: COVID-19)")
    assert "teacher-assessed" in tip and "cancelled in 2020 and 2021" in tip
    rows = {r[0]: r for r in table(page)}
    assert rows["2019-20"][1] == "not published (no exams: COVID-19)"
    assert rows["2019-20"][2] == "46.3 (not comparable)"  # the city's centre-assessed grades
    assert rows["2021-22"][1] == "—"  # published at the time, not held here: no break
    assert rows["2015-16"][1] == "—"  # no figure; the city's is on older points
    assert rows["2015-16"][2] == "47.2 (not comparable)"
    assert rows["2022-23"][1] == "35.1"
    win.pool.waitForDone(5000)


def test_a_special_school_is_charted_beside_englands_special_schools_only(qtbot, store):
    win = MainWindow(store, select_school(store, 124500))  # Abbey Hill, a special school
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(1)
    qtbot.waitExposed(win)
    page = win.data
    assert page.set_measure("PERCTOT")
    m = page.table_model
    header = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    # No city, West Midlands or all-school England column, and no city target line.
    assert header == ["Year", "This school", "England (special schools)"]
    assert {r[0]: r for r in table(page)}["2018-19"] == ["2018-19", "6.2%", "10.1%"]
    assert set(page.trend_chart.lines) == {"school", ENGLAND}
    legend = [label.text for _, label in page.trend_chart.legend.items]
    assert "City target and trajectory" not in legend
    assert page.status.text().startswith("Better than England")
    assert "compared with England's special schools" in page.source_note.text()
    # The dashboard's status for the same figure, word for word.
    [row] = [r for r in school_dashboard(store, 124500, "Special") if r.measure.code == "PERCTOT"]
    assert page.status.text().startswith(row.status)
    win.pool.waitForDone(5000)


def test_an_average_grade_is_shown_as_published_beside_englands(qtbot, store):
    win = MainWindow(store, select_school(store, 136145))  # a sixth form with a grade D
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1)
    assert win.data.set_measure("TALLPPEGRD_ALEV_1618")
    rows = {r[0]: r for r in table(win.data)}
    assert rows["2015-16"] == ["2015-16", "D", "C", "C", "—"]  # school, city, England, region
    assert win.data.status.text() == (
        "No comparison — Published as D; England's is C. A grade is shown as published, not ranked."
    )


def test_the_city_projection_is_drawn_and_said_and_a_short_series_says_why(window, qtbot):
    page = window.data
    assert page.set_measure("PTL2BASICS_94")
    note = page.projection
    qtbot.waitUntil(lambda: note.text().startswith("At the present rate"), timeout=20000)
    city, school = note.text().split("\n")
    assert city.startswith("At the present rate the city reaches ")
    assert "by 2030, short of its 65% target; the likely range is " in city
    # Birches Head has one grade 4+ figure held: nothing drawn for it, and the reason
    assert school == (
        "No projection for Birches Head Academy: only 1 comparable year; a projection needs 4."
    )
    assert "prediction interval" in note.toolTip()
    chart = page.trend_chart
    legend = [label.text for _item, label in chart.legend.items]
    assert "Stoke-on-Trent: projection and likely range" in legend
    assert chart.plotItem.getViewBox().viewRange()[0][1] > 2030  # the years reach the target
    page.city_button.setChecked(True)  # every city school: no projection
    assert note.isHidden()
