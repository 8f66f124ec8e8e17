"""The actions agreed at a meeting, numbered as the minutes and the action log number them,
and the form for an action that arises from a decision ("Clerk to circulate the link").

A question's action is shown here too (with its number) but changed in the Challenge log.
An action due before the meeting that set it is shown in the warning colour, and the form
says so as soon as such a date is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import actions as ac
from stoke_governor.meetings import meetings as mt
from stoke_governor.meetings.minutes import status_label
from stoke_governor.ui.common.date_field import DateField
from stoke_governor.ui.common.warning_colour import warning_colour, warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

COLUMNS = ("No.", "Action", "From", "Owner", "Due", "Status")


class ActionsPanel(QGroupBox):
    """Every action of one meeting in minutes order, and a decision's action added,
    changed or removed."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Actions agreed", parent)
        self.store = store
        self.meeting: mt.Meeting | None = None
        self.actions: list[ac.Action] = []
        self.table = QTableWidget(0, len(COLUMNS), objectName="meetingActions")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Actions agreed at this meeting, numbered as in the minutes")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.setMinimumHeight(120)
        self.note = QLabel(objectName="meetingActionsNote", wordWrap=True)
        self.item = QComboBox(objectName="actionItem")
        self.text = QLineEdit(objectName="actionText")
        self.text.setPlaceholderText("e.g. Clerk to circulate the link to the new policy")
        self.owner = QLineEdit(objectName="actionOwner", placeholderText="e.g. Clerk")
        self.due = DateField(blank_text="e.g. 31/01/2026")
        self.due.setObjectName("actionDue")
        self.status = QComboBox(objectName="actionStatus")
        from stoke_governor.challenges.records import STATUSES

        for status in STATUSES:
            self.status.addItem(status_label(status), status)
        self.warning = QLabel(objectName="actionWarning", wordWrap=True)
        self.warning.setStyleSheet(warning_style())
        self.warning.hide()
        self.add = QPushButton("Add ac&tion", objectName="addMeetingAction")
        self.save = QPushButton("Save c&hanges", objectName="saveMeetingAction")
        self.remove = QPushButton("Remove acti&on", objectName="removeMeetingAction")
        form = QGridLayout()
        for n, (text, widget) in enumerate(
            (
                ("Under item", self.item),
                ("Action", self.text),
                ("Owner", self.owner),
                ("Due", self.due),
                ("Status", self.status),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(f"Action arising from a decision: {text.lower()}")
            row, col = (0, 0) if n == 0 else (1, 0) if n == 1 else (2, (n - 2) * 2)
            form.addWidget(label, row, col)
            form.addWidget(widget, row, col + 1, 1, 5 if n < 2 else 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.remove, self.save, self.add):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(QLabel("An action arising from a decision, not from a question:"))
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        self.add.clicked.connect(lambda: self._write(None))
        self.save.clicked.connect(lambda: self._write(self._chosen_decision()))
        self.remove.clicked.connect(self.remove_action)
        self.due.edit.textChanged.connect(self._check_due)  # warned of as it is typed
        self.table.itemSelectionChanged.connect(self._show_chosen)

    # -- showing -------------------------------------------------------------------------
    def load(self, meeting_id: int, item_id: int | None = None, select: int | None = None):
        """Show the meeting's actions; the form's item is `item_id` (else the first)."""
        self.meeting = mt.get_meeting(self.store, meeting_id)
        self.item.clear()
        for a in mt.agenda(self.store, meeting_id):
            self.item.addItem(f"{a.position}. {a.title}", a.id)
        self.set_item(item_id)
        self.actions = ac.meeting_actions(self.store, meeting_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.actions))
        for row, a in enumerate(self.actions):
            cells = (
                a.number,
                a.text,
                "Decision" if a.from_decision else "Question",
                a.owner or "",
                a.due_on or "",
                status_label(a.status),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                tip = a.warning or (
                    f"Question: {a.challenge.question}\nChange it in the Challenge log."
                    if a.challenge
                    else f"Arises from a decision on item {a.item_number}."
                )
                cell.setToolTip(f"{a.number}: {a.text}\n{tip}")
                if a.warning:
                    cell.setForeground(QBrush(warning_colour()))
                self.table.setItem(row, column, cell)
        ids = [a.action_id for a in self.actions]
        if select is not None and select in ids:
            self.table.setCurrentCell(ids.index(select), 0)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        self._show_note()
        self._show_chosen()

    def set_item(self, item_id: int | None) -> None:
        """Put the form under this agenda item (the one chosen in the agenda)."""
        at = self.item.findData(item_id) if item_id is not None else -1
        self.item.setCurrentIndex(at if at >= 0 else 0)

    def _show_note(self) -> None:
        checks = [a.warning for a in self.actions if a.warning]
        if not self.actions:
            text = "No actions yet; those of challenge questions appear here with their numbers."
        else:
            text = f"{len(self.actions)} action(s), numbered as in the minutes and action log."
        self.note.setText(" ".join([text, *(c for c in checks if c)]))
        self.note.setStyleSheet(warning_style() if checks else "")

    def _chosen(self) -> ac.Action | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        return self.actions[row] if selected and 0 <= row < len(self.actions) else None

    def _chosen_decision(self) -> int | None:
        chosen = self._chosen()
        return chosen.action_id if chosen is not None else None

    def _show_chosen(self, *_args) -> None:
        chosen = self._chosen()
        own = chosen is not None and chosen.from_decision
        self.save.setEnabled(own)
        self.remove.setEnabled(own)
        if chosen is None:
            return
        if not own:
            self._say(
                f"Action {chosen.number} arises from a challenge question; change it in the "
                "Challenge log.",
                warn=False,
            )
            return
        self.set_item(chosen.agenda_item_id)
        self.text.setText(chosen.text)
        self.owner.setText(chosen.owner or "")
        self.due.setText(chosen.due_on or "")
        self.status.setCurrentIndex(max(self.status.findData(chosen.status), 0))
        self._check_due()

    def _check_due(self, *_args) -> None:
        """As a date is typed: say so if it is before the meeting."""
        if self.meeting is None:
            return
        warning = ac.due_warning("This action", self.due.iso(), self.meeting.held_on)
        self._say(warning or "", warn=True)

    def _say(self, text: str, *, warn: bool) -> None:
        self.warning.setText(text)
        self.warning.setStyleSheet(warning_style() if warn else "")
        self.warning.setVisible(bool(text))

    # -- changing ------------------------------------------------------------------------
    def _write(self, action_id: int | None) -> None:
        """Add a decision's action (`action_id` None) or change one; on a refusal say why
        and keep what was typed."""
        if self.meeting is None:
            return
        if problem := self.due.problem():
            self._say(problem, warn=True)
            return
        values = {
            "agenda_item_id": self.item.currentData(),
            "owner": self.owner.text(),
            "due_on": self.due.iso(),
            "status": self.status.currentData(),
        }
        try:
            if action_id is None:
                action_id = ac.add_decision_action(
                    self.store, self.meeting.id, self.text.text(), **values
                )
            else:
                ac.update_decision_action(self.store, action_id, self.text.text(), **values)
        except StokeGovernorError as exc:
            self._say(str(exc), warn=True)
            return
        self.load(self.meeting.id, values["agenda_item_id"], select=action_id)
        chosen = self._chosen()  # shown in the form; saved, though its date may need a look
        self._say(chosen.warning or "" if chosen else "", warn=True)

    def remove_action(self) -> None:
        action_id = self._chosen_decision()
        if action_id is None or self.meeting is None:
            return
        ac.delete_decision_action(self.store, action_id)
        self.load(self.meeting.id, self.item.currentData())
        self.text.clear()
        self.owner.clear()
        self.due.clear()
