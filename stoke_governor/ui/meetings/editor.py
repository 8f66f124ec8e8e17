"""One meeting, editable: its details (with when it closed and the next meeting's date) and
its agenda (with each item's discussion and decisions)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import meetings as mt
from stoke_governor.ui.common.date_field import DateField, refuse_bad_dates
from stoke_governor.ui.common.warning_colour import warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


def date_edit(name: str) -> DateField:
    """A meeting's date: today to start with, typed as in the UK or picked from a calendar."""
    edit = DateField(dt.date.today(), name="Date", required=True)
    edit.setObjectName(name)
    return edit


def fill_kinds(combo: QComboBox, committees: list[mt.Committee]) -> None:
    """Full governing board, then each committee (item data: committee id or None)."""
    combo.clear()
    combo.addItem(mt.FULL_BOARD, None)
    for c in committees:
        combo.addItem(c.name, c.id)


class MeetingDetails(QGroupBox):
    """Date, kind, times, title, place, clerk, the next meeting's date, others in attendance
    and notes; saved together."""

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Meeting details", parent)
        self.store = store
        self.meeting: mt.Meeting | None = None
        self.held_on = date_edit("meetingDate")
        self.kind = QComboBox(objectName="meetingKind")
        self.starts_at = QLineEdit(objectName="meetingStart", placeholderText="e.g. 18:00")
        self.title_edit = QLineEdit(objectName="meetingTitle", placeholderText="e.g. Spring term")
        self.location = QLineEdit(objectName="meetingLocation", placeholderText="e.g. Library")
        self.clerk = QLineEdit(objectName="meetingClerk")
        self.in_attendance = QLineEdit(
            objectName="meetingInAttendance", placeholderText="e.g. school business manager"
        )
        self.closed_at = QLineEdit(objectName="meetingClosedAt", placeholderText="e.g. 19:45")
        self.next_on = DateField(name="Next meeting on", blank_text="e.g. 10/12/2026")
        self.next_on.setObjectName("meetingNextOn")
        self.notes = QPlainTextEdit(objectName="meetingNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(48)
        self.save = QPushButton("&Save details", objectName="saveMeeting")
        self.delete = QPushButton("&Delete meeting…", objectName="deleteMeeting")
        self.error = QLabel(objectName="detailsError", wordWrap=True)
        self.error.setStyleSheet(warning_style())
        self.error.hide()
        form = QGridLayout(self)
        fields = [
            ("Dat&e", self.held_on),
            ("&Type", self.kind),
            ("Start t&ime", self.starts_at),
            ("Tit&le", self.title_edit),
            ("L&ocation", self.location),
            ("Cler&k", self.clerk),
            ("Closed at", self.closed_at),
            ("Next meeting on", self.next_on),
            ("Also in attendance", self.in_attendance),
            ("Notes", self.notes),
        ]
        paired = len(fields) - 2  # two to a row; the last two the full width
        for n, (text, widget) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            row, col = (n // 2, (n % 2) * 2) if n < paired else (n - paired // 2, 0)
            form.addWidget(label, row, col)
            form.addWidget(widget, row, col + 1, 1, 1 if n < paired else 3)
        self.closed_at.setToolTip("When the chair closed the meeting, as HH:MM")
        self.next_on.setToolTip("The date set for the next meeting, for the minutes")
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.delete)
        buttons.addWidget(self.save)
        form.addLayout(buttons, paired // 2 + 2, 0, 1, 4)
        self.save.clicked.connect(self.save_details)

    def load(self, meeting: mt.Meeting) -> None:
        self.meeting = meeting
        self.error.hide()
        fill_kinds(self.kind, mt.committees(self.store, meeting.urn))
        self.held_on.set_date(meeting.held_on)
        self.kind.setCurrentIndex(max(self.kind.findData(meeting.committee_id), 0))
        self.starts_at.setText(meeting.starts_at or "")
        self.title_edit.setText(meeting.title or "")
        self.location.setText(meeting.location or "")
        self.clerk.setText(meeting.clerk or "")
        self.in_attendance.setText(meeting.in_attendance or "")
        self.notes.setPlainText(meeting.notes or "")
        self.closed_at.setText(meeting.closed_at or "")
        self.next_on.setText(meeting.next_meeting_on or "")
        for edit in (self.title_edit, self.location, self.clerk, self.in_attendance):
            edit.setCursorPosition(0)  # long text shows its start

    def save_details(self) -> None:
        if refuse_bad_dates(self.error, self.held_on, self.next_on):
            return
        try:
            self.meeting = mt.update_meeting(
                self.store,
                self.meeting.id,
                held_on=self.held_on.iso(),
                committee_id=self.kind.currentData(),
                starts_at=self.starts_at.text(),
                title=self.title_edit.text(),
                location=self.location.text(),
                clerk=self.clerk.text(),
                in_attendance=self.in_attendance.text(),
                notes=self.notes.toPlainText(),
                closed_at=self.closed_at.text(),
                next_meeting_on=self.next_on.iso(),
            )
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self.saved.emit()


class AgendaEditor(QGroupBox):
    """The agenda in order; the selected item's title, discussion and decisions are edited
    beside it."""

    changed = Signal()  # an item was added, moved, removed or renamed

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Agenda", parent)
        self.store = store
        self.meeting_id: int | None = None
        self.items = QListWidget(objectName="agendaList")
        self.items.setAccessibleName("Agenda items")
        self.new_title = QLineEdit(objectName="newAgendaItem")
        self.new_title.setPlaceholderText("New item, e.g. Headteacher's report")
        self.new_title.setAccessibleName("New agenda item title")
        self.add = QPushButton("Add", objectName="addAgendaItem")
        self.up = QPushButton("Move up", objectName="agendaUp")
        self.down = QPushButton("Move down", objectName="agendaDown")
        self.remove = QPushButton("&Remove item", objectName="removeAgendaItem")
        self.item_title = QLineEdit(objectName="agendaItemTitle")
        self.item_title.setAccessibleName("Title of the selected item")
        self.discussion = QPlainTextEdit(objectName="agendaDiscussion")
        self.discussion.setAccessibleName("Discussion of the selected item")
        self.discussion.setPlaceholderText("What was reported and discussed, for the minutes")
        self.discussion.setTabChangesFocus(True)
        self.discussion.setMaximumHeight(110)
        self.decisions = QPlainTextEdit(objectName="agendaDecisions")
        self.decisions.setAccessibleName("Decisions on the selected item")
        self.decisions.setPlaceholderText("What the board decided or agreed on this item")
        self.decisions.setTabChangesFocus(True)
        self.items.setMaximumHeight(170)
        self.decisions.setMaximumHeight(110)
        self.save = QPushButton("Sa&ve item", objectName="saveAgendaItem")
        self.error = QLabel(objectName="agendaError", wordWrap=True)
        self.error.setStyleSheet(warning_style())
        self.error.hide()
        self.up.setToolTip("Move the selected item up the agenda (Ctrl+Up in the list)")
        self.down.setToolTip("Move the selected item down the agenda (Ctrl+Down in the list)")
        for key, up in (("Ctrl+Up", True), ("Ctrl+Down", False)):
            shortcut = QShortcut(QKeySequence(key), self.items)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda up=up: self.move(up))
        add_label = QLabel("&Add an item:")
        add_label.setBuddy(self.new_title)
        adding = QHBoxLayout()
        adding.addWidget(add_label)
        adding.addWidget(self.new_title, 1)
        adding.addWidget(self.add)
        moving = QHBoxLayout()
        for b in (self.up, self.down, self.remove):
            moving.addWidget(b)
        left = QVBoxLayout()
        left.addWidget(self.items, 1)
        left.addLayout(moving)
        left.addLayout(adding)
        right = QFormLayout()
        title_label = QLabel("Item title")
        title_label.setBuddy(self.item_title)
        decisions_label = QLabel("Decisions")
        decisions_label.setBuddy(self.decisions)
        discussion_label = QLabel("Discussion")
        discussion_label.setBuddy(self.discussion)
        right.addRow(title_label, self.item_title)
        right.addRow(discussion_label, self.discussion)
        right.addRow(decisions_label, self.decisions)
        right.addRow(self.error)
        right.addRow("", self.save)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.add.clicked.connect(self.add_item)
        self.new_title.returnPressed.connect(self.add_item)
        self.up.clicked.connect(lambda: self.move(True))
        self.down.clicked.connect(lambda: self.move(False))
        self.remove.clicked.connect(self.remove_item)
        self.save.clicked.connect(self.save_item)
        self.items.currentItemChanged.connect(self._show_item)

    def load(self, meeting_id: int, select: int | None = None) -> None:
        self.meeting_id = meeting_id
        keep = select if select is not None else self.current_id()
        self.items.blockSignals(True)
        self.items.clear()
        for item in mt.agenda(self.store, meeting_id):
            row = QListWidgetItem(f"{item.position}. {item.title}")
            row.setData(Qt.ItemDataRole.UserRole, item)
            if item.decisions:
                row.setToolTip(f"Decisions: {item.decisions}")
            self.items.addItem(row)
            if item.id == keep:
                self.items.setCurrentItem(row)
        self.items.blockSignals(False)
        if self.items.currentItem() is None and self.items.count():
            self.items.setCurrentRow(0)
        self._show_item()

    def current_id(self) -> int | None:
        item = self.items.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole).id

    def _show_item(self, *_args) -> None:
        item = self.items.currentItem()
        chosen = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        editing = (self.item_title, self.discussion, self.decisions, self.save)
        for w in (*editing, self.up, self.down, self.remove):
            w.setEnabled(chosen is not None)
        self.item_title.setText(chosen.title if chosen else "")
        self.item_title.setCursorPosition(0)  # a long title shows its start
        self.discussion.setPlainText((chosen.notes or "") if chosen else "")
        self.decisions.setPlainText((chosen.decisions or "") if chosen else "")

    def _run(self, action) -> bool:
        """Do one change; on a refusal show why and keep what the user typed."""
        try:
            self._result = action()
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        return True

    def add_item(self) -> None:
        if self._run(
            lambda: mt.add_agenda_item(self.store, self.meeting_id, self.new_title.text())
        ):
            self.new_title.clear()
            self.load(self.meeting_id, self._result)
            self.changed.emit()

    def move(self, up: bool) -> None:
        chosen = self.current_id()
        if chosen is not None and self._run(lambda: mt.move_agenda_item(self.store, chosen, up)):
            self.load(self.meeting_id, chosen)
            self.changed.emit()

    def remove_item(self) -> None:
        chosen = self.current_id()
        if chosen is not None and self._run(lambda: mt.delete_agenda_item(self.store, chosen)):
            row = self.items.currentRow()
            self.load(self.meeting_id)
            self.items.setCurrentRow(min(row, self.items.count() - 1))
            self.changed.emit()

    def save_item(self) -> None:
        chosen = self.current_id()
        changes = {
            "title": self.item_title.text(),
            "notes": self.discussion.toPlainText(),
            "decisions": self.decisions.toPlainText(),
        }
        if chosen is not None and self._run(
            lambda: mt.update_agenda_item(self.store, chosen, **changes)
        ):
            self.load(self.meeting_id, chosen)
            self.changed.emit()
