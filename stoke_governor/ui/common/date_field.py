"""The one field for a date a person types: UK form, with a calendar beside it.

It reads dates as people in the UK write them (01/09/2023, 1/9/23, 1 Sept 2023) and ISO
(2023-09-01), by `core.dates.parse_uk_date`, and shows a date in UK form (01/09/2023) once it
is typed or picked. The calendar button beside it, or Alt+Down (or F4) in the field, opens a
month calendar starting on Monday; choosing a day fills the field. Text that is not a date
is said in words under the field when the user leaves it, and `problem()` gives the same
sentence to a form, which refuses to save until it is put right.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.dates import parse_uk_date, uk_date
from stoke_governor.ui.common.warning_colour import warning_style

HINT = "dd/mm/yyyy, e.g. 01/09/2023"
OPEN_KEYS = (Qt.Key.Key_F4,)  # and Alt+Down, as a date box's calendar opens


def calendar_icon(size: int = 16) -> QIcon:
    """A small calendar drawn in the palette's text colour (light and dark themes alike)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    ink = QApplication.palette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setPen(ink)
    painter.drawRect(1, 2, size - 3, size - 4)
    painter.fillRect(1, 2, size - 2, 4, ink)
    for row in range(2):
        for col in range(3):
            painter.fillRect(4 + col * 3, 8 + row * 3, 2, 2, ink)
    painter.end()
    return QIcon(pixmap)


class DateField(QWidget):
    """A date typed or picked; blank is allowed unless `required`; not after `latest`."""

    date_changed = Signal()  # a different date (or none) was typed, picked or set

    def __init__(
        self,
        value: dt.date | str | None = None,
        *,
        name: str = "",
        required: bool = False,
        latest: dt.date | None = None,
        blank_text: str = HINT,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.required, self.latest = required, latest
        self.edit = QLineEdit(placeholderText=blank_text)
        self.pick = QToolButton()
        self.pick.setIcon(calendar_icon())
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down opens it from the field
        self.pick.setToolTip("Choose the date from a calendar (Alt+Down)")
        self.pick.clicked.connect(self.open_calendar)
        self._calendar: QCalendarWidget | None = None
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(warning_style())
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self.edit.editingFinished.connect(self._finished)
        self.edit.textEdited.connect(lambda _text: self.message.hide())
        self._held: dt.date | None = None
        self.setAccessibleName(name or "Date")
        self.set_date(value)

    # -- names: the field's name is said by a screen reader and in its messages -------------
    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        super().setAccessibleName(name)
        self.name = name
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription(f"A date, {HINT}; Alt+Down opens a calendar")
        self.pick.setAccessibleName(f"Choose {name.lower()} from a calendar")
        if self._calendar is not None:
            self._calendar.setAccessibleName(f"Calendar for {name.lower()}")

    @property
    def calendar(self) -> QCalendarWidget:
        """The month calendar, made the first time it is opened. A window of its own (a popup):
        a child widget made a window would break the form's Tab order."""
        if self._calendar is None:
            calendar = QCalendarWidget(windowFlags=Qt.WindowType.Popup)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setGridVisible(True)
            calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            if self.latest is not None:
                day = self.latest
                calendar.setMaximumDate(QDate(day.year, day.month, day.day))
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
            calendar.setAccessibleName(f"Calendar for {self.name.lower()}")
            self.destroyed.connect(calendar.deleteLater)
            self._calendar = calendar
        return self._calendar

    # -- the value --------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (as QLineEdit's)
        """Show `text`: in UK form if it is a date, else as it is (to be put right)."""
        try:
            self.set_date(parse_uk_date(text) if text.strip() else None)
        except ValueError:
            self.edit.setText(text)
            self._note_change()

    def clear(self) -> None:
        self.set_date(None)

    def set_date(self, value: dt.date | str | None) -> None:
        """Show this day (a date, or ISO text) in UK form; None or "" leaves the field blank."""
        self.edit.setText(uk_date(value))
        self.message.hide()
        self._note_change()

    def date(self) -> dt.date | None:
        """The day typed; None when the field is blank or the text is not a date."""
        try:
            return parse_uk_date(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def iso(self) -> str:
        """The day as ISO text for the domain; "" when blank; the text as typed if not a date."""
        day = self.date()
        return day.isoformat() if day else self.text().strip()

    def problem(self) -> str | None:
        """Why what is typed cannot be used, in one sentence naming the field; None if it can."""
        text = self.text().strip()
        if not text:
            return f"{self.name}: enter a date, e.g. 01/09/2023." if self.required else None
        try:
            day = parse_uk_date(text)
        except ValueError as exc:
            return f"{self.name}: {exc}."
        if self.latest is not None and day > self.latest:
            after = "today" if self.latest == dt.date.today() else uk_date(self.latest)
            return f"{self.name}: {uk_date(day)} is after {after}."
        return None

    def check(self) -> bool:
        """Show the problem under the field (or hide it); True when there is none."""
        problem = self.problem()
        self.message.setText(problem or "")
        self.message.setVisible(problem is not None)
        self.edit.setAccessibleDescription(problem or f"A date, {HINT}")
        return problem is None

    # -- typing and picking -----------------------------------------------------------------
    def _finished(self) -> None:
        if self.check() and self.date():
            self.edit.setText(uk_date(self.date()))
        self._note_change()

    def _note_change(self) -> None:
        if self.date() != self._held:
            self._held = self.date()
            self.date_changed.emit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt)
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() in OPEN_KEYS:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """The calendar, below the field, on the day typed (else today)."""
        day = self.date() or min(dt.date.today(), self.latest or dt.date.max)
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.adjustSize()
        self.calendar.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.calendar.hide()
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        self.edit.setFocus()


def first_problem(*fields: DateField) -> str | None:
    """Check each field (showing any problem under it); the first problem, its field focused."""
    problems = [(f, f.problem()) for f in fields if not f.check()]
    if not problems:
        return None
    problems[0][0].edit.setFocus()
    return problems[0][1]


def refuse_bad_dates(error: QLabel, *fields: DateField) -> bool:
    """Check the fields before a form saves: True (the form does not save) when one is not a
    date, its problem shown in the form's `error` line and under the field, which is focused."""
    problem = first_problem(*fields)
    if problem:
        error.setText(problem)
        error.setAccessibleDescription(problem)
        error.show()
    return problem is not None
