"""The Meetings page: the board's meetings on the left, the chosen one on the right.

For the chosen meeting, in tabs: its details (with when it closed and the next meeting's
date); who attended, apologies and whether they were accepted, and the open actions carried
forward from earlier meetings; declarations of interest; the agenda with each item's
discussion and decisions, and the actions agreed, numbered as in the minutes. Whether it was
quorate (the rule on hover) stays in view above the tabs. Recording a challenge and
exporting the minutes (PDF or Word) or the action log are signals the window wires.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import meetings as mt
from stoke_governor.schools.register import School
from stoke_governor.ui.common.warning_colour import warning_colour
from stoke_governor.ui.meetings.actions import ActionsPanel
from stoke_governor.ui.meetings.declarations import DeclarationsPanel
from stoke_governor.ui.meetings.editor import (
    AgendaEditor,
    MeetingDetails,
)
from stoke_governor.ui.meetings.new_meeting import STANDARD_AGENDA, NewMeetingDialog
from stoke_governor.ui.meetings.people import AttendancePanel

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

EMPTY, EDITOR = 0, 1
__all__ = ["STANDARD_AGENDA", "MeetingsPage", "NewMeetingDialog", "describe"]


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


class MeetingsPage(QWidget):
    title = "Meetings"
    challenge_requested = Signal(int)  # meeting id: record a challenge at this meeting
    export_requested = Signal(int, str)  # meeting id, 'pdf' or 'docx' (minutes), 'xlsx' (log)

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
        self.declarations = DeclarationsPanel(self.store)
        self.actions = ActionsPanel(self.store)
        self.agenda.changed.connect(self._after_agenda)
        self.agenda.items.currentItemChanged.connect(
            lambda *_: self.actions.set_item(self.agenda.current_id())
        )
        self.challenge_button = QPushButton(
            "Record a &challenge at this meeting", objectName="recordChallenge"
        )
        self.pdf_button = QPushButton("Minutes (P&DF)…", objectName="exportMinutes")
        self.docx_button = QPushButton("Minutes (&Word)…", objectName="exportMinutesDocx")
        self.docx_button.setToolTip(
            "The same draft minutes as a Word document (DOCX), to edit before the chair "
            "approves them"
        )
        self.xlsx_button = QPushButton("Action log (&XLSX)…", objectName="exportActions")
        self.challenge_button.clicked.connect(lambda: self.challenge_requested.emit(self._id()))
        for button, fmt in ((self.pdf_button, "pdf"), (self.docx_button, "docx")):
            button.clicked.connect(lambda _c=False, f=fmt: self._export(f))
        self.xlsx_button.clicked.connect(lambda: self.export_requested.emit(self._id(), "xlsx"))
        actions = QHBoxLayout()
        actions.addWidget(self.challenge_button)
        actions.addStretch(1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.docx_button)
        actions.addWidget(self.xlsx_button)
        self.tabs = QTabWidget(objectName="meetingTabs")
        self.tabs.setAccessibleName("Parts of the meeting's record")
        for title, widgets in (
            ("Details", [self.details]),
            ("Attendance", [self.people]),
            ("Declarations", [self.declarations]),
            ("Agenda", [self.agenda]),
            ("Actions", [self.actions]),
        ):
            body = QWidget()
            body_layout = QVBoxLayout(body)
            for widget in widgets:
                body_layout.addWidget(widget, 1 if widget is not self.details else 0)
            if widgets == [self.details]:
                body_layout.addStretch(1)
            scroll = QScrollArea()
            scroll.setAccessibleName(f"The meeting's {title.lower()}")
            scroll.setWidgetResizable(True)
            scroll.setWidget(body)
            self.tabs.addTab(scroll, title)
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.people.quorum_label)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        return editor

    def _export(self, fmt: str) -> None:
        self.export_requested.emit(self._id(), fmt)

    def show_tab(self, widget: QWidget) -> None:
        """Bring the tab holding this part of the editor to the front."""
        for n in range(self.tabs.count()):
            if self.tabs.widget(n).isAncestorOf(widget):
                self.tabs.setCurrentIndex(n)
                return

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
        self.declarations.load(self.meeting.id)
        self.actions.load(self.meeting.id, self.agenda.current_id())

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
        self.declarations.load(self.meeting.id)
        self.actions.load(self.meeting.id, self.agenda.current_id())

    def _update_list_item(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.meeting is not None:
            self._label(item, self.meeting)

    def _after_details(self) -> None:
        self.reload(self._id())

    def _after_agenda(self) -> None:
        """Items added, moved, renamed or removed: the numbers elsewhere follow."""
        self.declarations.load(self._id())
        self.actions.load(self._id(), self.agenda.current_id())

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
            self.show_tab(self.people)
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
