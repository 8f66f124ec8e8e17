"""The challenge form: one question and what followed, typed in quickly during a meeting.

Focus starts in the question; Tab moves through asked by, meeting, agenda item, date,
measure (its figure, target and status shown as it will be kept), priority (suggested by
the measure), the leader's response, the board's view, the action, its owner, due date
and status; Ctrl+Enter saves, Esc closes. The form only gathers values: the page saves
them through the domain (and its undo stack).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import list_governors
from stoke_governor.challenges.records import FIELDS, STATUSES, VIEWS, Challenge
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.measures.catalogue import catalogue
from stoke_governor.measures.priorities import (
    SCHOOL_LABEL,
    is_school_priority,
    load_priorities,
    priority_for_measure,
    school_priority,
)
from stoke_governor.measures.snapshot import snapshot_of, snapshot_text
from stoke_governor.meetings.meetings import agenda, list_meetings
from stoke_governor.ui.common.date_field import DateField, first_problem
from stoke_governor.ui.common.warning_colour import warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

NO_MEASURE = "(no measure)"


def _text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on: keyboard capture
    box.setAccessibleName(name)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _type_ahead(combo: QComboBox, name: str) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setAccessibleName(name)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(completer.CompletionMode.PopupCompletion)


class ChallengeForm(QDialog):
    """New or edit: `values()` gives the fields for `add_challenge`/`update_challenge`."""

    submitted = Signal(dict)

    def __init__(self, store: Store, urn: int, entry: Challenge | None = None, parent=None):
        super().__init__(parent)
        self.store, self.urn, self.entry = store, urn, entry
        self.setWindowTitle("Edit challenge" if entry else "New challenge")
        self._suggested: str | None = None  # the priority last suggested by a measure
        self._measure_code: str | None = None
        self.question = _text_box("Question asked", 3)
        self.asked_by = QComboBox(objectName="askedBy")
        _type_ahead(self.asked_by, "Asked by")
        self.governors = list_governors(self.store, urn)
        self.asked_by.addItem("")
        for g in self.governors:
            self.asked_by.addItem(g.name, g.id)
        self.meeting = QComboBox(objectName="meeting")
        self.meeting.setAccessibleName("Meeting")
        self.meeting.addItem("Not at a meeting", None)
        self.meetings = list_meetings(self.store, urn)
        for m in self.meetings:
            self.meeting.addItem(f"{m.held_on} — {m.title or m.kind_label}", m.id)
        self.agenda_item = QComboBox(objectName="agendaItem")
        self.agenda_item.setAccessibleName("Agenda item")
        self.asked_on = DateField(dt.date.today(), name="Date asked", required=True)
        self.asked_on.setObjectName("askedOn")
        self.measure = QComboBox(objectName="measure")
        _type_ahead(self.measure, "Measure the question is about")
        self.measure.addItem(NO_MEASURE, None)
        for m in catalogue(self.store, "school").values():
            self.measure.addItem(f"{m.label} ({m.code})", m.code)
        self.snapshot = QLabel(objectName="snapshot", wordWrap=True)
        self.snapshot.setTextFormat(Qt.TextFormat.PlainText)
        self.snapshot.setAccessibleName("The measure as it stands today")
        self.snapshot.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.priority = QComboBox(objectName="priority")
        self.priority.setAccessibleName("Strategy priority")
        self.priority.addItem("(no priority)", None)
        for p in load_priorities().values():
            self.priority.addItem(p.title, p.id)
        self.priority.addItem(SCHOOL_LABEL, "school")
        self.own_priority = QLineEdit(objectName="ownPriority")
        self.own_priority.setAccessibleName("The school's own priority")
        self.own_priority.setPlaceholderText("Which of the school's priorities?")
        self.response = _text_box("Leader's response", 3)
        self.responder = QLineEdit(objectName="responder")
        self.responder.setAccessibleName("Response given by")
        self.view = QComboBox(objectName="boardView")
        self.view.setAccessibleName("Board's view of the response")
        self.view.addItem("(not yet decided)", None)
        for v in VIEWS:
            self.view.addItem(v.capitalize(), v)
        self.action = _text_box("Follow-up action", 2)
        self.owner = QComboBox(objectName="actionOwner")
        _type_ahead(self.owner, "Action owner")
        self.owner.addItems(["", "Headteacher", *(g.name for g in self.governors)])
        self.due = DateField(name="Due date", blank_text="dd/mm/yyyy, blank for none")
        self.due.setObjectName("dueOn")
        self.status = QComboBox(objectName="status")
        self.status.setAccessibleName("Status")
        for s in STATUSES:
            self.status.addItem(s.capitalize(), s)
        self.impact = _text_box("Impact seen later", 2)
        self.error = QLabel(objectName="formError", wordWrap=True)
        self.error.setStyleSheet(warning_style())
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save (Ctrl+Enter)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self._lay_out()
        self.meeting.currentIndexChanged.connect(self._meeting_changed)
        self.measure.currentTextChanged.connect(self._measure_changed)
        self.priority.currentIndexChanged.connect(self._priority_changed)
        self._meeting_changed()
        self._priority_changed()
        if entry:
            self._fill(entry)
        else:
            self._measure_changed()
            today = dt.date.today().isoformat()  # at a meeting: today's is the one
            self.set_meeting(next((m.id for m in self.meetings if m.held_on == today), None))
        self.question.setFocus()

    def _lay_out(self) -> None:
        asked = QFormLayout()
        rows = (
            ("&Question:", self.question),
            ("Asked &by:", self.asked_by),
            ("M&eeting:", self.meeting),
            ("A&genda item:", self.agenda_item),
            ("&Date asked:", self.asked_on),
            ("&Measure:", self.measure),
            ("", self.snapshot),
            ("&Priority:", self.priority),
            ("School's &own priority:", self.own_priority),
        )
        answered = QFormLayout()
        rows2 = (
            ("Leader's &response:", self.response),
            ("Response &given by:", self.responder),
            ("Board's &view:", self.view),
            ("Follow-up &action:", self.action),
            ("Action o&wner:", self.owner),
            ("D&ue:", self.due),
            ("&Status:", self.status),
            ("&Impact seen later:", self.impact),
        )
        for form, pairs in ((asked, rows), (answered, rows2)):
            for text, widget in pairs:
                label = QLabel(text)
                label.setBuddy(widget)
                form.addRow(label, widget)
        left, right = QGroupBox("The question"), QGroupBox("The answer and what follows")
        left.setLayout(asked)
        right.setLayout(answered)
        columns = QHBoxLayout()
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        order = [
            self.question,
            self.asked_by,
            self.meeting,
            self.agenda_item,
            self.asked_on,
            self.measure,
            self.priority,
            self.own_priority,
            self.response,
            self.responder,
            self.view,
            self.action,
            self.owner,
            self.due,
            self.status,
            self.impact,
            self.buttons,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.resize(980, self.sizeHint().height())

    # -- reacting to choices -------------------------------------------------------------
    def _meeting_changed(self) -> None:
        mid = self.meeting.currentData()
        self.agenda_item.clear()
        self.agenda_item.addItem("(no agenda item)", None)
        if mid is None:
            self.agenda_item.setEnabled(False)
            return
        for item in agenda(self.store, mid):
            self.agenda_item.addItem(f"{item.position}. {item.title}", item.id)
        self.agenda_item.setEnabled(self.agenda_item.count() > 1)
        held = next((m.held_on for m in self.meetings if m.id == mid), None)
        if held and not self.entry:
            self.asked_on.setText(held)

    def measure_code(self) -> str | None:
        """The measure the typed text names: an item's text, or the only one containing it."""
        text = self.measure.currentText().strip().casefold()
        if not text or text == NO_MEASURE:
            return None
        items = [
            (self.measure.itemText(i).casefold(), self.measure.itemData(i))
            for i in range(1, self.measure.count())
        ]
        exact = [code for label, code in items if label == text or (code or "").casefold() == text]
        if exact:
            return exact[0]
        near = [code for label, code in items if text in label]
        return near[0] if len(near) == 1 else ""  # "" means "not one measure"

    def _measure_changed(self, *_args) -> None:
        code = self.measure_code()
        if code == self._measure_code:
            return
        self._measure_code = code
        if code is None:
            self.snapshot.setText("Not tied to a measure.")
        elif code == "":
            self.snapshot.setText("Type more of the measure's name, or pick one from the list.")
        else:
            snap = snapshot_of(self.store, self.urn, code)
            self.snapshot.setText("Kept with the challenge: " + snapshot_text(snap))
            suggested = priority_for_measure(code)
            current = self.priority.currentData()
            if suggested and (current is None or current == self._suggested):
                self.priority.setCurrentIndex(self.priority.findData(suggested.id))
                self._suggested = suggested.id

    def _priority_changed(self) -> None:
        own = self.priority.currentData() == "school"
        self.own_priority.setEnabled(own)

    # -- values ----------------------------------------------------------------------------
    def _fill(self, e: Challenge) -> None:
        self.question.setPlainText(e.question)
        self.asked_by.setCurrentText(e.asker)
        index = self.meeting.findData(e.meeting_id) if e.meeting_id else 0
        self.meeting.setCurrentIndex(max(index, 0))
        index = self.agenda_item.findData(e.agenda_item_id) if e.agenda_item_id else 0
        self.agenda_item.setCurrentIndex(max(index, 0))
        self.asked_on.setText(e.asked_on)
        index = self.measure.findData(e.measure) if e.measure else 0
        if index >= 0:
            self.measure.setCurrentIndex(index)
        else:
            self.measure.setCurrentText(e.measure)
        self._measure_code = e.measure
        self.snapshot.setText(
            "Kept with the challenge: " + snapshot_text(e.snapshot)
            if e.snapshot
            else "Not tied to a measure."
        )
        if is_school_priority(e.priority):
            self.priority.setCurrentIndex(self.priority.findData("school"))
            self.own_priority.setText(e.priority.partition(":")[2].strip())
        else:
            self.priority.setCurrentIndex(max(self.priority.findData(e.priority), 0))
        self.response.setPlainText(e.response or "")
        self.responder.setText(e.responder or "")
        self.view.setCurrentIndex(max(self.view.findData(e.board_view), 0))
        self.action.setPlainText(e.action or "")
        self.owner.setCurrentText(e.action_owner or "")
        self.due.setText(e.due_on or "")
        self.status.setCurrentIndex(max(self.status.findData(e.status), 0))
        self.impact.setPlainText(e.impact or "")

    def set_measure(self, code: str | None) -> None:
        index = self.measure.findData(code) if code else 0
        self.measure.setCurrentIndex(max(index, 0))

    def set_meeting(self, meeting_id: int | None) -> None:
        index = self.meeting.findData(meeting_id) if meeting_id else 0
        self.meeting.setCurrentIndex(max(index, 0))

    def governor_named(self, text: str) -> int | None:
        """The governor the text names: the full name, or the start of one (only one) of
        their names ("asha" → Asha Patel). Anything else is kept as a name as written."""
        text = text.casefold()
        if not text:
            return None
        exact = [g.id for g in self.governors if g.name.casefold() == text]
        if exact:
            return exact[0]
        starts = []
        for g in self.governors:
            name = g.name.casefold()
            if any(word.startswith(text) for word in (name, *name.split())):
                starts.append(g.id)
        return starts[0] if len(starts) == 1 else None

    def values(self) -> dict:
        """The fields as typed, ready for the domain (which checks them)."""
        name = " ".join(self.asked_by.currentText().split())
        governor = self.governor_named(name)
        code = self.measure_code()
        if code == "":
            raise StokeGovernorError(
                f"{FIELDS['measure']}: “{self.measure.currentText()}” is not one measure; "
                "pick one from the list or leave it blank."
            )
        priority = self.priority.currentData()
        if priority == "school":
            priority = school_priority(self.own_priority.text())
        return {
            "question": self.question.toPlainText(),
            "asked_by": governor,
            "asked_by_name": None if governor else (name or None),
            "meeting_id": self.meeting.currentData(),
            "agenda_item_id": self.agenda_item.currentData(),
            "asked_on": self.asked_on.iso(),
            "measure": code,
            "priority": priority,
            "response": self.response.toPlainText(),
            "responder": self.responder.text(),
            "board_view": self.view.currentData(),
            "action": self.action.toPlainText(),
            "action_owner": self.owner.currentText(),
            "due_on": self.due.iso(),
            "status": self.status.currentData(),
            "impact": self.impact.toPlainText(),
        }

    def save(self) -> None:
        """Hand the values to the page; it calls `accept()` once they are stored."""
        problem = first_problem(self.asked_on, self.due)
        if problem:
            self.show_error(problem)
            return
        try:
            values = self.values()
        except StokeGovernorError as exc:
            self.show_error(str(exc))
            return
        self.submitted.emit(values)

    def show_error(self, message: str) -> None:
        self.error.setText(f"Not saved: {message}")
        self.error.setAccessibleDescription(message)
        self.error.show()
