"""The window as a governor meets it: choose the school, read the dashboard."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.schools.register import list_schools, select_school, selected_school
from stoke_governor.startup import open_database
from stoke_governor.ui.measures.dashboard_model import (
    CITY,
    ENGLAND,
    MEASURE,
    SCHOOL,
    STATUS,
    TARGET,
    YEAR,
)
from stoke_governor.ui.shell.main_window import MainWindow
from stoke_governor.ui.shell.school_picker import SchoolPicker
from tests.conftest import BIRCHES_HEAD


@pytest.fixture
def window(qtbot, store):
    school = select_school(store, BIRCHES_HEAD)
    win = MainWindow(store, school)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def cell(win, row, col):
    model = win.dashboard.table.model()
    return model.index(row, col).data()


def row_of(win, label):
    model = win.dashboard.table.model()
    for row in range(model.rowCount()):
        if model.index(row, MEASURE).data() == label:
            return row
    raise AssertionError(f"{label} is not on the dashboard")


def test_first_run_picker_finds_a_school_by_typing(qtbot, store):
    picker = SchoolPicker(list_schools(store))
    qtbot.addWidget(picker)
    picker.show()
    open_count = picker.proxy.rowCount()
    assert open_count == len(list_schools(store, include_closed=False))
    qtbot.keyClicks(picker.search, "birches head")
    assert picker.proxy.rowCount() == 3  # the academy, and two schools in Birches Head
    qtbot.keyClicks(picker.search, " academy")
    assert picker.proxy.rowCount() == 1
    assert picker.selected_urn() == BIRCHES_HEAD
    qtbot.keyClick(picker.search, "\r")
    assert picker.result() == picker.DialogCode.Accepted


def test_picker_searches_by_urn_and_can_show_closed_schools(qtbot, store):
    picker = SchoolPicker(list_schools(store))
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "Jackfield")
    # The maintained school closed in 2018 and reopened as an academy with a new URN.
    assert picker.proxy.rowCount() == 1
    assert picker.selected_urn() == 143487
    picker.show_closed.setChecked(True)
    assert picker.proxy.rowCount() == 2
    picker.search.setText(str(BIRCHES_HEAD))
    assert picker.selected_urn() == BIRCHES_HEAD


def test_picker_cannot_accept_nothing(qtbot, store):
    picker = SchoolPicker(list_schools(store))
    qtbot.addWidget(picker)
    picker.search.setText("no such school anywhere")
    ok = picker.buttons.button(picker.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert picker.selected_urn() is None


def test_dashboard_shows_the_schools_real_figures(window):
    assert window.windowTitle().startswith("Birches Head Academy")
    assert window.dashboard.heading.text() == "Birches Head Academy"
    assert "Ofsted: Requires improvement" in window.dashboard.facts.text()
    att8 = row_of(window, "Attainment 8 (average score)")
    assert cell(window, att8, SCHOOL) == "33.9"
    assert cell(window, att8, CITY) == "42.8"  # LAIT's final figure
    assert cell(window, att8, ENGLAND) == "46.7"
    assert cell(window, att8, STATUS) == "Behind England"
    grade5 = row_of(window, "Grade 5 or above in English and maths")
    assert cell(window, grade5, SCHOOL) == "23.0%"
    assert cell(window, grade5, TARGET) == (
        "over 65% of young people (if read as grade 5+) by Dec 2030"
    )
    # 2018-19 is six years before the 2025-2030 strategy: context, not on or off its track.
    assert cell(window, grade5, STATUS) == "Before the strategy"
    tip = window.dashboard.table.model().index(grade5, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "before the strategy's baseline year" in tip


def test_selecting_a_measure_shows_sources_and_the_target_passage(window, qtbot):
    row = row_of(window, "Grade 5 or above in English and maths")
    window.dashboard.table.selectRow(row)
    text = window.dashboard.detail.toPlainText()
    assert "Key stage 4 results (provisional), England (2018-19)" in text
    assert "Improving Education Strategy 2025-2030" in text
    assert "65%" in text


def test_suppressed_figures_are_shown_as_not_published(qtbot, store):
    win = MainWindow(store, select_school(store, 124500))  # a special school: NE markers
    qtbot.addWidget(win)
    att8 = row_of(win, "Attainment 8 (average score)")
    assert cell(win, att8, SCHOOL) == "Not published (NE)"
    assert cell(win, att8, STATUS) == "Not published"


def test_change_school_from_the_menu(window, qtbot, monkeypatch):
    other = next(s for s in list_schools(window.store) if s.name.startswith("Co-op Academy"))

    class FakePicker:
        def __init__(self, schools, parent, demo_urn=None):
            pass

        def exec(self):
            return 1

        def selected_urn(self):
            return other.urn

    monkeypatch.setattr("stoke_governor.ui.shell.school_picker.SchoolPicker", FakePicker)
    window.change_school()
    assert window.windowTitle().startswith(other.name)
    assert selected_school(window.store).urn == other.urn


def test_keyboard_moves_from_navigation_to_the_find_box_then_the_table(window, qtbot):
    window.nav.setFocus()
    qtbot.keyClick(window.nav, "\t")
    assert window.focusWidget() is window.dashboard.finder.box
    qtbot.keyClick(window.focusWidget(), "\t")
    assert window.focusWidget() is window.dashboard.table


def test_run_gui_smoke_test_opens_and_quits(db_path):
    """In its own process: once an application's exec() has returned, Qt no longer delivers
    signals queued from worker threads, which later tests in this process rely on."""
    import subprocess
    import sys

    with open_database(db_path) as s:
        select_school(s, BIRCHES_HEAD)
    code = (
        "import sys; from stoke_governor.ui.shell.app import run_gui; "
        "sys.exit(run_gui(sys.argv[1], smoke_test=True))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_run_gui_refuses_a_bad_database_without_touching_it(tmp_path, monkeypatch):
    from stoke_governor.ui.shell import app as app_module

    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a: shown.append(a[2]))
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database")
    assert app_module.run_gui(path) == 2
    assert "not an SQLite file" in shown[0]
    assert path.read_text() == "not a database"


def test_first_run_picker_offers_the_demo_board(qtbot, store):
    picker = SchoolPicker(list_schools(store), demo_urn=BIRCHES_HEAD)
    qtbot.addWidget(picker)
    picker.show()
    demo = next(b for b in picker.buttons.buttons() if "demo" in b.text())
    with qtbot.waitSignal(picker.accepted):
        demo.click()
    assert picker.selected_urn() == BIRCHES_HEAD


def test_picker_without_a_demo_board_offers_none(qtbot, store):
    picker = SchoolPicker(list_schools(store))
    qtbot.addWidget(picker)
    assert not [b for b in picker.buttons.buttons() if "demo" in b.text()]


def test_files_handed_to_the_window_open_the_import_window_with_them(window, tmp_path):
    csv = tmp_path / "2024-25_census.csv"
    csv.write_text("URN,LEA,SCHNAME,NOR\n124390,861,Birches Head Academy,700\n", encoding="utf-8")
    window.open_files([str(csv)])
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert csv in dialog.files
    dialog.reject()


def test_the_window_says_when_it_shows_the_demo_board(qtbot, store):
    from stoke_governor.schools.register import select_school
    from stoke_governor.ui.shell.main_window import MainWindow

    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    assert "demo board" in win.windowTitle()
    win.show_school(select_school(store, 136102))
    assert "demo" not in win.windowTitle()


def test_the_dashboard_says_how_old_its_figures_are(window):
    age = window.dashboard.age
    assert age.isVisibleTo(window)
    assert age.text().startswith("School results: 2018-19, provisional — ")
    assert "years old" in age.text() and "File ▸ Import data…" in age.text()
    grade5 = row_of(window, "Grade 5 or above in English and maths")
    assert cell(window, grade5, YEAR) == "2018-19, provisional"


def test_an_old_row_says_old_in_words(qtbot, store):
    win = MainWindow(store, select_school(store, 136460))  # St Joseph's College
    qtbot.addWidget(win)
    aab = row_of(win, "AAB or better at A level, two in key subjects")
    att8 = row_of(win, "Attainment 8 (average score)")
    assert cell(win, aab, YEAR) == "2015-16, final — old"
    assert cell(win, att8, YEAR) == "2018-19, provisional"
    tip = win.dashboard.table.model().index(aab, YEAR).data(Qt.ItemDataRole.ToolTipRole)
    assert "more than two years older" in tip
