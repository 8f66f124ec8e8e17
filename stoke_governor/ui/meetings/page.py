"""The Meetings page: the board's meetings on the left, the chosen one on the right.

For the chosen meeting: its details, agenda and decisions, who attended, whether it was
quorate (the rule on hover), and the open actions carried forward from earlier meetings.
Recording a challenge and exporting minutes or the action log are signals the window wires.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import meetings as mt
from stoke_governor.schools.register import School
from stoke_governor.ui.common.date_field import refuse_bad_dates
from stoke_governor.ui.common.warning_colour import warning_colour, warning_style
from stoke_governor.ui.meetings.editor import (
    AgendaEditor,
    MeetingDetails,
    date_edit,
    fill_kinds,
)
from stoke_governor.ui.meetings.people import AttendancePanel

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

STANDARD_AGENDA = (
    "Welcome, apologies and quorum",
    "Declarations of business and pecuniary interests",
    "Minutes of the last meeting and matters arising",
    "Headteacher's report",
    "Any other business",
    "Date of the next meeting",
)
EMPTY, EDITOR = 0, 1


def describe(meeting: mt.Meeting) -> str:
    """'Full governing board — Wednesday 12 March 2025, 18:00, Library (Spring term)'."""
    parts = [_day(meeting.held_on, "%A {} %B %Y"), meeting.starts_at, meeting.location]
    text = f"{meeting.kind_label} — {', '.join(p for p in parts if p)}"
    return f"{text} ({meeting.title})" if meeting.title else text


def _day(iso: str, form: str) -> str:
    """A date as people write it ('{}' is the day without a leading zero); odd text as it is."""
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return day.strftime(form).replace("{}", str(day.day))


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Yes or no from the user (tests replace the page's `confirm` with their own answer)."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class NewMeetingDialog(QDialog):
    """Date (today), type, start time, location, title; an optional standard agenda."""

    def __init__(self, store: Store, urn: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New meeting")
        self.store, self.urn, self.meeting_id = store, urn, None
        self.held_on = date_edit("newMeetingDate")
        self.kind = QComboBox(objectName="newMeetingKind")
        fill_kinds(self.kind, mt.committees(store, urn))
        self.starts_at = QLineEdit(objectName="newMeetingStart", placeholderText="e.g. 18:00")
        self.location = QLineEdit(objectName="newMeetingLocation", placeholderText="e.g. Library")
        self.title_edit = QLineEdit(
            objectName="newMeetingTitle", placeholderText="e.g. Spring term meeting"
        )
        self.standard = QCheckBox("Start with the usual &agenda", objectName="standardAgenda")
        self.standard.setChecked(True)
        self.standard.setToolTip("\n".join(STANDARD_AGENDA))
        self.error = QLabel(objectName="newMeetingError", wordWrap=True)
        self.error.setStyleSheet(warning_style())
        self.error.hide()
        form = QFormLayout(self)
        for text, widget in (
            ("&Date", self.held_on),
            ("&Type", self.kind),
            ("Start t&ime", self.starts_at),
            ("&Location", self.location),
            ("Tit&le", self.title_edit),
        ):
            widget.setAccessibleName(text.replace("&", ""))
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.standard)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add &meeting")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if refuse_bad_dates(self.error, self.held_on):
            return
        try:
            self.meeting_id = mt.add_meeting(
                self.store,
                self.urn,
                self.held_on.iso(),
                committee_id=self.kind.currentData(),
                starts_at=self.starts_at.text(),
                location=self.location.text(),
                title=self.title_edit.text(),
                agenda=STANDARD_AGENDA if self.standard.isChecked() else (),
            )
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


class MeetingsPage(QWidget):
    title = "Meetings"
    challenge_requested = Signal(int)  # meeting id: record a challenge at this meeting
    export_requested = Signal(int, str)  # meeting id, 'pdf' (minutes) or 'xlsx' (action log)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.school: School | None = None
        self.meeting: mt.Meeting | None = None
        self.dialog: NewMeetingDialog | None = None
        self.confirm = lambda title, text: ask(self, title, text)
        self.list = QListWidget(objectName="meetingList")
        self.list.setAccessibleName("Meetings, newest first")
        self.list.setSpacing(3)
        self.new_button = QPushButton("&New meeting…  (Ctrl+N)", objectName="newMeeting")
        self.new_button.clicked.connect(self.new_meeting)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        # Active in the whole window while this page is the one shown (hidden pages' are off).
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.new_meeting)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        heading = QLabel("Meetings")
        heading.setStyleSheet("font-weight: bold; font-size: 14pt")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)
        self.empty_text = QLabel(objectName="meetingsEmpty", wordWrap=True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_button = QPushButton("Add the next &meeting…", objectName="addFirstMeeting")
        self.empty_button.clicked.connect(self.new_meeting)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)
        self.right = QStackedWidget()
        self.right.addWidget(empty)
        self.right.addWidget(self._editor())
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._on_current)

    def _editor(self) -> QWidget:
        self.heading = QLabel(objectName="meetingHeading", wordWrap=True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt")
        self.details = MeetingDetails(self.store)
        self.details.saved.connect(self._after_details)
        self.details.delete.clicked.connect(self.delete_meeting)
        self.agenda = AgendaEditor(self.store)
        self.people = AttendancePanel(self.store)
        self.people.changed.connect(self._update_list_item)
        self.challenge_button = QPushButton(
            "Record a &challenge at this meeting", objectName="recordChallenge"
        )
        self.pdf_button = QPushButton("Minutes (P&DF)…", objectName="exportMinutes")
        self.xlsx_button = QPushButton("Action log (&XLSX)…", objectName="exportActions")
        self.challenge_button.clicked.connect(lambda: self.challenge_requested.emit(self._id()))
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit(self._id(), "pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export_requested.emit(self._id(), "xlsx"))
        actions = QHBoxLayout()
        actions.addWidget(self.challenge_button)
        actions.addStretch(1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.details)
        body_layout.addWidget(self.agenda)
        body_layout.addWidget(self.people, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.people.quorum_label)
        layout.addLayout(actions)
        layout.addWidget(scroll, 1)
        return editor

    # -- showing ---------------------------------------------------------------------------
    def show_school(self, school: School) -> None:
        self.school = school
        self.meeting = None
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.school is None:
            return
        # Other pages change governors and challenges, so attendance, quorum and matters
        # arising are read again; details and agenda being typed are left as they are.
        meetings = mt.list_meetings(self.store, self.school.urn)
        shown = [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())]
        if [m.id for m in meetings] != shown or self.meeting is None:
            self.reload(self._id() if self.meeting else None)
            return
        for row, meeting in enumerate(meetings):
            self._label(self.list.item(row), meeting)
        self.people.load(self.meeting.id)

    def reload(self, select: int | None = None) -> None:
        meetings = mt.list_meetings(self.store, self.school.urn)
        self.list.blockSignals(True)
        self.list.clear()
        for meeting in meetings:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, meeting.id)
            self.list.addItem(item)
            self._label(item, meeting)
        self.list.blockSignals(False)
        self.empty_text.setText(
            f"No meetings yet — add the next meeting of the board of {self.school.name}.\n"
            "Then record who attended; the app works out whether the meeting was quorate "
            "and carries open actions forward to the next one."
        )
        if not meetings:
            self.meeting = None
            self.right.setCurrentIndex(EMPTY)
            return
        ids = [m.id for m in meetings]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0)
        self._on_current(self.list.currentItem())

    def _label(self, item: QListWidgetItem, meeting: mt.Meeting) -> None:
        q = att.quorum(self.store, meeting.id)
        recorded = any(a.status for a in att.attendance(self.store, meeting.id))
        state = "quorate" if q.met else "not quorate" if recorded else "attendance not recorded"
        item.setText(f"{_day(meeting.held_on, '{} %b %Y')} · {meeting.kind_label}\n{state}")
        item.setToolTip(f"{describe(meeting)}\n{q.explanation}")
        item.setForeground(QBrush(warning_colour()) if recorded and not q.met else QBrush())

    def select_meeting(self, meeting_id: int) -> None:
        """Show this meeting (if it is one of the school's)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == meeting_id:
                self.list.setCurrentRow(row)
                return

    def _id(self) -> int:
        return self.meeting.id

    def _on_current(self, item: QListWidgetItem | None, *_args) -> None:
        if item is None:
            return
        try:
            self.meeting = mt.get_meeting(self.store, item.data(Qt.ItemDataRole.UserRole))
        except StokeGovernorError:  # deleted elsewhere since the list was filled
            self.reload()
            return
        self.right.setCurrentIndex(EDITOR)
        self.heading.setText(describe(self.meeting))
        self.details.load(self.meeting)
        self.agenda.load(self.meeting.id)
        self.people.load(self.meeting.id)

    def _update_list_item(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.meeting is not None:
            self._label(item, self.meeting)

    def _after_details(self) -> None:
        self.reload(self._id())

    # -- adding and deleting ---------------------------------------------------------------
    def new_meeting(self) -> None:
        if self.school is None or self.dialog is not None:
            return
        self.dialog = NewMeetingDialog(self.store, self.school.urn, self)
        self.dialog.held_on.set_date(dt.date.today())
        self.dialog.finished.connect(self._new_meeting_closed)
        self.dialog.open()

    def _new_meeting_closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if result == QDialog.DialogCode.Accepted and dialog.meeting_id is not None:
            self.reload(dialog.meeting_id)
            self.people.table.setFocus()
        dialog.deleteLater()

    def delete_meeting(self) -> None:
        if self.meeting is None:
            return
        kept = mt.challenges_at(self.store, self.meeting.id)
        note = (
            f" The {kept} challenge(s) recorded at it are kept in the challenge log, no longer "
            "tied to a meeting."
            if kept
            else ""
        )
        text = (
            f"Delete the meeting of {describe(self.meeting)}, with its agenda, decisions "
            f"and attendance?{note}"
        )
        if self.confirm("Delete meeting", text):
            mt.delete_meeting(self.store, self.meeting.id)
            self.meeting = None
            self.reload()
