"""Who came to a meeting, whether it was quorate, and the actions carried forward to it.

The attendance table lists every member expected; a status is chosen with the combo in
its row, or from the keyboard on the selected row: P present, A apologies accepted,
N apologies not accepted, X absent, Delete to clear.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import CATEGORIES
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import meetings as mt
from stoke_governor.ui.common.warning_colour import warning_colour, warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

NOT_RECORDED = "— not recorded —"
KEYS = {
    Qt.Key.Key_P: "present",
    Qt.Key.Key_A: "apologies accepted",
    Qt.Key.Key_N: "apologies not accepted",
    Qt.Key.Key_X: "absent",
    Qt.Key.Key_Delete: None,
    Qt.Key.Key_Backspace: None,
}
MET_STYLE = "QLabel { background: #e2f2df; color: #1d5e20; padding: 4px; font-weight: bold; }"
NOT_MET_STYLE = "QLabel { background: #fbe0dc; color: #9a1c10; padding: 4px; font-weight: bold; }"
NAME, MEMBER, STATUS = 0, 1, 2


class AttendancePanel(QWidget):
    """Attendance, the quorum line and matters arising for one meeting.

    `quorum_label` is not laid out here: the page shows it where it is always in view.
    """

    changed = Signal()  # attendance changed, so the quorum (and the meeting list) did too

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.meeting_id: int | None = None
        self.people: list[att.Attendee] = []
        self.table = QTableWidget(0, 3, objectName="attendanceTable")
        self.table.setHorizontalHeaderLabels(["Member", "Category and roles", "Attendance"])
        self.table.setAccessibleName("Attendance")
        self.table.setAccessibleDescription(
            "On a row: P present, A apologies accepted, N apologies not accepted, X absent, "
            "Delete to clear"
        )
        self.table.setToolTip(self.table.accessibleDescription())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MEMBER, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.everyone = QPushButton("Mark everyone &present", objectName="markAllPresent")
        self.everyone.setToolTip(
            "Marks every member whose attendance is not recorded yet as present; apologies "
            "and absences already recorded are kept."
        )
        self.everyone.clicked.connect(self.mark_everyone_present)
        self.quorum_label = QLabel(objectName="quorumLabel")
        self.quorum_label.setAccessibleName("Quorum")
        self.quorum_label.setWordWrap(True)
        self.arising = QTableWidget(0, 5, objectName="mattersArising")
        self.arising.setHorizontalHeaderLabels(["Due", "Action", "Owner", "Status", "Asked at"])
        self.arising.setAccessibleName("Matters arising: open actions from earlier meetings")
        self.arising.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.arising.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.arising.setTabKeyNavigation(False)
        self.arising.verticalHeader().hide()
        self.arising.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.arising_note = QLabel(objectName="mattersArisingNote")
        self.arising_note.setWordWrap(True)
        self.error = QLabel(objectName="attendanceError")
        self.error.setStyleSheet(warning_style())
        self.error.hide()
        row = QHBoxLayout()
        attendance_label = QLabel("&Who attended")
        attendance_label.setBuddy(self.table)
        row.addWidget(attendance_label)
        row.addStretch(1)
        row.addWidget(self.everyone)
        arising_label = QLabel("Matters arisin&g: open actions carried forward")
        arising_label.setBuddy(self.arising)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.error)
        layout.addWidget(arising_label)
        layout.addWidget(self.arising_note)
        layout.addWidget(self.arising, 2)

    # -- loading -------------------------------------------------------------------------
    def load(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        self.error.hide()
        current = self.table.currentRow()
        self.people = att.attendance(self.store, meeting_id)
        self.table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            name = QTableWidgetItem(person.name)
            described = ", ".join((CATEGORIES.get(person.category, person.category), *person.roles))
            if not person.is_governor:
                described += " (not counted towards the quorum)"
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, MEMBER, QTableWidgetItem(described))
            self.table.setItem(row, STATUS, QTableWidgetItem())
            combo = QComboBox()
            combo.addItem(NOT_RECORDED, None)
            for status in att.ATTENDANCE:
                combo.addItem(status.capitalize(), status)
            combo.setAccessibleName(f"Attendance of {person.name}")
            combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the table's keys serve keyboards
            combo.setCurrentIndex(combo.findData(person.status))
            combo.currentIndexChanged.connect(
                lambda _i, r=row, c=combo: self.set_status(r, c.currentData())
            )
            self.table.setCellWidget(row, STATUS, combo)
        self.table.resizeColumnToContents(NAME)
        self.table.resizeColumnToContents(STATUS)
        if self.people:
            self.table.selectRow(min(max(current, 0), len(self.people) - 1))
        self.everyone.setEnabled(bool(self.people))
        _fit(self.table, 14)
        self._show_quorum()
        self._show_arising()

    def _show_quorum(self) -> None:
        q = att.quorum(self.store, self.meeting_id)
        meeting = mt.get_meeting(self.store, self.meeting_id)
        self.quorum_label.setText(q.explanation)
        self.quorum_label.setStyleSheet(MET_STYLE if q.met else NOT_MET_STYLE)
        rule = att.QUORUM_RULE_BOARD if meeting.committee_id is None else att.QUORUM_RULE_COMMITTEE
        self.quorum_label.setToolTip(rule)
        self.quorum_label.setAccessibleDescription(rule)
        if not self.people:
            self.quorum_label.setText(
                f"{q.explanation}. Add the board's governors first (with their terms of "
                "office), then record who attended."
            )

    def _show_arising(self) -> None:
        items = att.matters_arising(self.store, self.meeting_id)
        today = dt.date.today()
        self.arising.setRowCount(len(items))
        bold = QFont()
        bold.setBold(True)
        overdue_count = 0
        for row, item in enumerate(items):
            late = item.overdue(today)
            overdue_count += late
            due = (item.due_on or "no date") + (" (overdue)" if late else "")
            cells = [
                due,
                item.action,
                item.action_owner or "",
                item.status,
                item.meeting_held_on or "outside a meeting",
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(f"Question: {item.question}")
                if late:
                    cell.setForeground(QBrush(warning_colour()))
                    cell.setFont(bold)
                self.arising.setItem(row, column, cell)
        self.arising.resizeColumnToContents(0)
        _fit(self.arising, 8)
        if not items:
            self.arising_note.setText(
                "Nothing carried forward: no open actions from earlier meetings."
            )
        else:
            late = f", {overdue_count} overdue" if overdue_count else ""
            self.arising_note.setText(f"{len(items)} open action(s){late}. Hover for the question.")

    # -- changing ------------------------------------------------------------------------
    def set_status(self, row: int, status: str | None) -> None:
        """Record one member's attendance (from the combo or a key) and show the new quorum."""
        if self.meeting_id is None or not 0 <= row < len(self.people):
            return
        person = self.people[row]
        try:
            att.set_attendance(self.store, self.meeting_id, person.governor_id, status)
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.people[row] = person._replace(status=status)
        combo = self.table.cellWidget(row, STATUS)
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(status))
        combo.blockSignals(False)
        self._show_quorum()
        self.changed.emit()

    def mark_everyone_present(self) -> None:
        for row, person in enumerate(self.people):
            if person.status is None:
                self.set_status(row, "present")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = Qt.Key(event.key())
            if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.people:  # rows, not columns
                self.table.selectRow(0 if key == Qt.Key.Key_Home else len(self.people) - 1)
                return True
            if key in KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.set_status(self.table.currentRow(), KEYS[key])
                return True
        return super().eventFilter(watched, event)


def _fit(table: QTableWidget, most: int) -> None:
    """Tall enough for its rows (up to `most`), so the page scrolls rather than the table."""
    rows = max(1, min(table.rowCount(), most))
    height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
    height += sum(table.rowHeight(r) for r in range(rows)) if table.rowCount() else 30
    table.setMinimumHeight(height)
