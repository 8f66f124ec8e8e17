"""The date field every form uses: typed in UK form or ISO, shown in UK form, picked from a
calendar, and a date that is not one said in words."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from stoke_governor.ui.common.date_field import DateField, first_problem


@pytest.fixture
def form(qtbot):
    """A window holding a date field and a box after it, as a form has."""
    window = QWidget()
    field = DateField(name="Term ends")
    after = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(after)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()  # focus moves on Tab only in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield field  # the window lives while the test runs


def type_and_leave(qtbot, field, text):
    field.edit.clear()
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize("typed", ["01/09/2023", "1/9/23", "1 Sept 2023", "2023-09-01"])
def test_uk_and_iso_dates_are_read_and_shown_in_uk_form(qtbot, form, typed):
    with qtbot.waitSignal(form.date_changed):
        type_and_leave(qtbot, form, typed)
    assert form.text() == "01/09/2023"
    assert (form.date(), form.iso(), form.problem()) == (dt.date(2023, 9, 1), "2023-09-01", None)
    assert not form.message.isVisible()


def test_a_date_from_the_store_is_shown_in_uk_form(qtbot):
    field = DateField("2027-08-31", name="Term ends")
    qtbot.addWidget(field)
    assert field.text() == "31/08/2027" and field.iso() == "2027-08-31"
    field.setText("2025-09-01")
    assert field.text() == "01/09/2025"
    field.clear()
    assert (field.text(), field.date(), field.iso(), field.problem()) == ("", None, "", None)


def test_text_that_is_not_a_date_is_said_in_words_under_the_field(qtbot, form):
    type_and_leave(qtbot, form, "31/13/2024")
    assert form.message.isVisible()
    assert form.message.text() == "Term ends: '31/13/2024' is not a date that exists."
    assert form.problem() == form.message.text() and form.date() is None
    assert form.iso() == "31/13/2024"  # as typed: never a different day
    type_and_leave(qtbot, form, "next week")
    assert form.message.text() == (
        "Term ends: 'next week' is not a date (write it as, for example, 12/03/2024)."
    )
    qtbot.keyClicks(form.edit, "x")  # typing again hides the message until the field is left
    assert not form.message.isVisible()


def test_required_and_latest_dates_say_why(qtbot):
    today = dt.date.today()
    field = DateField(name="Completed on", required=True, latest=today)
    qtbot.addWidget(field)
    assert field.problem() == "Completed on: enter a date, e.g. 01/09/2023."
    field.set_date(today + dt.timedelta(days=1))
    assert field.problem().endswith("is after today.")
    assert first_problem(field) == field.problem() and field.message.text() == field.problem()
    field.set_date(today)
    assert first_problem(field) is None and not field.message.isVisible()


def test_the_calendar_opens_from_the_keyboard_and_fills_the_field(qtbot, form):
    form.set_date("2024-02-28")
    form.edit.setFocus()
    qtbot.keyClick(form.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = form.calendar
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2024, 2, 28)
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    with qtbot.waitSignal(form.date_changed):
        calendar.setSelectedDate(QDate(2024, 2, 29))
        qtbot.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert form.text() == "29/02/2024" and form.iso() == "2024-02-29"


def test_the_calendar_button_opens_it_and_a_click_on_a_day_fills_the_field(qtbot, form):
    qtbot.mouseClick(form.pick, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(form.calendar.isVisible)
    assert form.calendar.selectedDate() == QDate.currentDate()  # a blank field opens on today
    form.calendar.clicked.emit(QDate(2023, 9, 1))
    assert form.text() == "01/09/2023" and not form.calendar.isVisible()
    assert form.pick.accessibleName() == "Choose term ends from a calendar"
