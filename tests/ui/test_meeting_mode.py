"""Meeting mode: a governor follows a meeting by keyboard — pages by Ctrl+1…Ctrl+7, a
measure found by typing, a challenge's form already on today's meeting and the last
person who asked, and Ctrl+Z taking back the challenge just saved, from anywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stoke_governor.board.governors import add_governor
from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.meetings.meetings import add_meeting
from stoke_governor.schools.register import select_school
from stoke_governor.ui.measures.dashboard_model import MEASURE
from stoke_governor.ui.measures.find_measure import PLACEHOLDER
from stoke_governor.ui.shell.la_window import LAWindow
from stoke_governor.ui.shell.main_window import MainWindow

COOP = 136102  # Co-op Academy Stoke-On-Trent: no demo board, KS4 figures held
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TODAY = dt.date.today().isoformat()
MEETINGS, CHALLENGES = 2, 3  # rows of the page list


@pytest.fixture
def window(qtbot, store):
    add_governor(store, COOP, "Asha Patel", "parent")
    add_governor(store, COOP, "Tom Byrne", "co-opted")
    win = MainWindow(store, select_school(store, COOP))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win.pool.waitForDone(5000)


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifiers)


def form_of(qtbot, window):
    """The challenge form, once open (a button's key clicks it a moment later)."""
    page = window.page(CHALLENGES)
    qtbot.waitUntil(lambda: page.form is not None)
    return page.form


def record(qtbot, window, question: str, asker: str | None = None) -> None:
    """Ctrl+N on the challenge log, the question typed, the asker if given, Ctrl+Enter."""
    window.nav.setCurrentRow(CHALLENGES)
    window.page(CHALLENGES).table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    form = form_of(qtbot, window)
    qtbot.waitUntil(lambda: focused() is form.question)
    qtbot.keyClicks(form.question, question)
    if asker is not None:
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), asker)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.page(CHALLENGES).form is None)  # saved and closed
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# -- pages by Ctrl+1…Ctrl+7 ---------------------------------------------------------------
def test_ctrl_3_shows_the_third_page_with_the_keyboard_on_it(qtbot, window):
    window.dashboard.table.setFocus()
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.nav.currentRow() == MEETINGS
    assert window.pages.currentWidget().title == "Meetings"
    assert window.pages.currentWidget().isAncestorOf(focused())
    press(qtbot, Qt.Key.Key_7, CTRL)
    assert window.nav.currentItem().text() == "Self-evaluation"
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.pages.currentWidget() is window.dashboard
    assert focused() is window.dashboard.finder.box  # the dashboard's first control


def test_the_go_menu_and_the_page_list_say_each_pages_key(window):
    (go,) = [a.menu() for a in window.menuBar().actions() if a.text() == "Go"]
    entries = [(a.text(), a.shortcut().toString()) for a in go.actions()]
    assert entries[0] == ("&1 School dashboard", "Ctrl+1")
    assert entries[2] == ("&3 Meetings", "Ctrl+3")
    assert len(entries) == 7
    assert window.nav.item(3).toolTip() == "Challenge log (Ctrl+4)"


def test_the_la_windows_pages_have_their_keys_too(qtbot, la_path):
    from stoke_governor.startup import open_database

    store = open_database(la_path)
    win = LAWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win.nav, Qt.Key.Key_3, CTRL)
    assert win.nav.currentItem().text() == "Packs for schools"
    assert win.nav.item(1).toolTip() == "Returns (Ctrl+2)"
    win.pool.waitForDone(5000)
    win.close()
    store.close()


# -- finding a measure ----------------------------------------------------------------------
def test_find_a_measure_on_the_dashboard_selects_its_row(qtbot, window):
    dash = window.dashboard
    assert dash.finder.box.isVisible() and dash.finder.box.placeholderText() == PLACEHOLDER
    dash.table.setFocus()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is dash.finder.box
    qtbot.keyClicks(focused(), "persistently")
    press(qtbot, Qt.Key.Key_Return)
    index = dash.table.currentIndex()
    assert dash.model.index(index.row(), MEASURE).data() == "Pupils persistently absent"
    assert dash.table.selectionModel().isRowSelected(index.row())
    assert focused() is dash.table  # Enter now opens its chart
    assert "Pupils persistently absent" in dash.detail.toPlainText()
    # a DfE code finds it too; a name nobody uses says so
    press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(focused(), "p8mea")
    press(qtbot, Qt.Key.Key_Return)
    assert (
        dash.model.index(dash.table.currentIndex().row(), MEASURE).data().startswith("Progress 8")
    )
    press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(focused(), "reading age")
    press(qtbot, Qt.Key.Key_Return)
    assert dash.finder.note.isVisible()
    assert dash.finder.note.text() == "No measure matches “reading age”."


def test_find_a_measure_on_the_data_page_charts_it(qtbot, window):
    press(qtbot, Qt.Key.Key_2, CTRL)
    data = window.data
    assert focused() is data.finder.box  # the page's first control
    qtbot.keyClicks(focused(), "grade 5 or above in")
    popup = data.finder.completer.popup()
    assert popup.isVisible()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Grade 5 or above in English and maths (PTL2BASICS_95)"]
    press(qtbot, Qt.Key.Key_Return)
    assert data.current_code() == "PTL2BASICS_95"
    assert data.charts.currentWidget() is data.trend_chart
    assert data.source_note.text().startswith("Grade 5 or above in English and maths")
    data.table.setFocus()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is data.finder.box and data.finder.box.selectedText()


# -- the challenge form during a meeting ----------------------------------------------------
def test_the_form_starts_on_todays_meeting_and_the_last_person_who_asked(qtbot, window, store):
    add_meeting(store, COOP, "2025-03-12", title="Spring")
    today = add_meeting(store, COOP, TODAY, title="Tonight")
    record(qtbot, window, "Why is absence up?", "asha")
    (entry,) = records.find_challenges(store, COOP)
    assert entry.meeting_id == today and entry.asker == "Asha Patel"

    window.page(CHALLENGES).table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    form = form_of(qtbot, window)
    assert form.meeting.currentData() == today
    assert form.asked_by.currentText() == "Asha Patel"
    form.reject()


def test_the_measure_path_by_keyboard_alone(qtbot, window, store):
    """School data, find the measure, raise a challenge on it, type the question, save."""
    tonight = add_meeting(store, COOP, TODAY, title="Tonight")
    ch.add_challenge(store, COOP, question="Earlier?", meeting_id=tonight, asked_by_name="Tom")
    press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(focused(), "grade 4")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    form = form_of(qtbot, window)
    qtbot.waitUntil(lambda: focused() is form.question)
    assert form.asked_by.currentText() == "Tom"  # the last asked at tonight's meeting
    qtbot.keyClicks(form.question, "Why is grade 4 falling?")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "tom b")  # replaces the name offered
    press(qtbot, Qt.Key.Key_Return, CTRL)
    entry = records.find_challenges(store, COOP)[0]
    assert (entry.question, entry.asker) == ("Why is grade 4 falling?", "Tom Byrne")
    assert entry.measure == "PTL2BASICS_94" and entry.meeting_id == tonight


def test_with_no_meeting_today_the_form_starts_on_the_meeting_open_on_the_meetings_page(
    qtbot, window, store
):
    spring = add_meeting(store, COOP, "2025-03-12", title="Spring")
    add_meeting(store, COOP, "2025-06-18", title="Summer")
    window.page(CHALLENGES).new_challenge()
    assert form_of(qtbot, window).meeting.currentData() is None  # Meetings not opened: none
    form_of(qtbot, window).reject()

    press(qtbot, Qt.Key.Key_3, CTRL)
    window.pages.currentWidget().select_meeting(spring)
    form = window.raise_challenge(measure="ATT8SCR")
    assert form.meeting.currentData() == spring
    assert form.asked_on.text() == "12/03/2025"
    assert form.asked_by.currentText() == ""  # nobody has asked anything at it yet


# -- Ctrl+Z after a save --------------------------------------------------------------------
def test_ctrl_z_from_the_page_list_takes_back_the_challenge_just_saved(qtbot, window, store):
    record(qtbot, window, "How are the mocks going?")
    assert len(records.find_challenges(store, COOP)) == 1
    (edit,) = [a.menu() for a in window.menuBar().actions() if a.text() == "Edit"]
    undo = edit.actions()[0]
    assert (
        undo.isEnabled() and undo.text() == "&Undo recording challenge ‘How are the mocks going?’"
    )
    assert window.statusBar().currentMessage() == "Saved — Ctrl+Z undoes it."

    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert records.find_challenges(store, COOP) == []
    assert window.statusBar().currentMessage() == (
        "Undone: recording challenge ‘How are the mocks going?’."
    )
    assert window.page(CHALLENGES).model.rowCount() == 0
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # and back again
    assert [e.question for e in records.find_challenges(store, COOP)] == [
        "How are the mocks going?"
    ]
    assert window.statusBar().currentMessage().startswith("Redone: recording challenge")


def test_ctrl_z_from_another_page_and_from_the_log_itself(qtbot, window, store):
    record(qtbot, window, "First?")
    record(qtbot, window, "Second?")
    assert focused() is window.page(CHALLENGES).table
    press(qtbot, Qt.Key.Key_Z, CTRL)  # on the log: the menu's key, once (not twice)
    assert [e.question for e in records.find_challenges(store, COOP)] == ["First?"]
    press(qtbot, Qt.Key.Key_1, CTRL)
    window.dashboard.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert records.find_challenges(store, COOP) == []


def test_a_text_box_undoes_its_own_typing_first(qtbot, window, store):
    record(qtbot, window, "Is the reading plan working?")
    page = window.page(CHALLENGES)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "reading")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert page.search.text() == ""  # the typing, not the challenge
    assert len(records.find_challenges(store, COOP)) == 1
    press(qtbot, Qt.Key.Key_Z, CTRL)  # nothing typed left to undo: the challenge
    assert records.find_challenges(store, COOP) == []

    record(qtbot, window, "And the writing plan?")
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert focused() is window.dashboard.finder.box  # an untouched box
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert records.find_challenges(store, COOP) == []

    record(qtbot, window, "And maths?")
    page.since.setFocus()  # a date box, untouched
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert records.find_challenges(store, COOP) == []


def test_ctrl_z_in_the_form_is_the_forms_own(qtbot, window, store):
    record(qtbot, window, "Kept?")
    window.page(CHALLENGES).table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    form = form_of(qtbot, window)
    qtbot.waitUntil(lambda: focused() is form.question)
    qtbot.keyClicks(form.question, "Typo")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert form.question.toPlainText() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [e.question for e in records.find_challenges(store, COOP)] == ["Kept?"]
    form.reject()
