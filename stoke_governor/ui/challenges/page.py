"""The Challenge log page: every question the board asked, filtered, searched, followed up.

Overdue follow-ups are tinted and say "Overdue" in their status (never colour alone).
Ctrl+N records a new challenge, Enter edits the selected one, Delete deletes it,
Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+F searches. A new challenge's form starts at
today's meeting (or else the meeting open on the Meetings page: `open_meeting`, set by the
window) and with the governor who asked the last question recorded (in this session, or
else the last recorded at that meeting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.challenges import records
from stoke_governor.schools.register import School
from stoke_governor.ui.challenges.editing import Editing
from stoke_governor.ui.challenges.filters import Filters
from stoke_governor.ui.challenges.form import ChallengeForm
from stoke_governor.ui.challenges.table import ChallengeModel, detail_html, fit_columns
from stoke_governor.ui.common.widgets import heading, row_table

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

EMPTY = "No challenges recorded yet — press Ctrl+N to record the first question the board asked."


class ChallengePage(Filters, Editing, QWidget):
    title = "Challenge log"
    chart_requested = Signal(str)  # a measure code: show it on the Data page
    told = Signal(str)  # what a save, undo or redo did, for the window's status bar

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.school: School | None = None
        self.form: ChallengeForm | None = None
        self.undo_stack = QUndoStack(self)
        self.open_meeting: Callable[[], int | None] = lambda: None
        self.last_asker: str | None = None  # who asked the last question saved here
        self.heading = heading("Challenge log", name="challengeHeading")
        self._build_filters()
        self.model = ChallengeModel(self)
        self.table = row_table(self.model, "Challenges", name="challengeTable", single=True)
        self.table.setWordWrap(False)
        self.columns = fit_columns(self.table)  # the question stays readable at 1024×600
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.empty = QLabel(EMPTY, objectName="emptyState", wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 13pt; color: palette(window-text); padding: 30px;")
        self.count = QLabel(objectName="challengeCount")
        self.detail = QTextBrowser(objectName="challengeDetail")
        self.detail.setAccessibleName("The selected challenge")
        self.history_view = QTextBrowser(objectName="challengeHistory")
        self.history_view.setAccessibleName("Changes to the selected challenge")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, "&Details")
        self.tabs.addTab(self.history_view, "&History")
        self._build_buttons()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.count)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 230])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.filter_bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(self.button_row)

    # -- what to show ------------------------------------------------------------------------
    def show_school(self, school: School) -> None:
        changed = self.school is None or self.school.urn != school.urn
        self.school = school
        self.heading.setText(f"Challenge log — {school.name}")
        if changed:
            self.undo_stack.clear()
            self.last_asker = None
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.school is not None:
            self.reload()

    def reload(self) -> None:
        """Fill the filters from the board's meetings and governors, then the table."""
        self._fill_filters()
        self.refresh()

    def refresh(self, *_args, select: int | None = None) -> None:
        if self.school is None:
            return
        if select is None:
            select = self.selected_id()
        today = dt.date.today().isoformat()
        entries = records.find_challenges(self.store, self.school.urn, **self.filters())
        self.model.set_entries(entries, today)
        self.columns.refit()
        anything = bool(entries) or bool(records.find_challenges(self.store, self.school.urn))
        self.table.setVisible(anything)
        self.empty.setVisible(not anything)
        self.tabs.setVisible(anything)
        self.count.setVisible(anything)
        overdue = sum(1 for e in entries if e.overdue_on(today))
        text = f"{len(entries)} challenge{'s' * (len(entries) != 1)}"
        text += f", {overdue} overdue" if overdue else ""
        if anything and not entries:
            text = "No challenge matches these filters — Clear filters shows them all."
        self.count.setText(text)
        row = next((i for i, e in enumerate(entries) if e.id == select), 0 if entries else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> records.Challenge | None:
        row = self.table.currentIndex().row()
        entries = self.model.entries
        return entries[row] if 0 <= row < len(entries) else None

    def selected_id(self) -> int | None:
        entry = self.selected()
        return entry.id if entry else None

    def _show_selected(self, *_args) -> None:
        e = self.selected()
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(e is not None)
        self.chart_button.setEnabled(bool(e and e.measure))
        if e is None:
            self.detail.setPlainText("")
            self.history_view.setPlainText("")
            return
        self.detail.setHtml(detail_html(e))
        items = "".join(
            f"<li>{escape(c.changed_at.replace('T', ' '))}: {escape(c.description)}</li>"
            for c in records.history(self.store, e.id)
        )
        self.history_view.setHtml(f"<ul>{items}</ul>")

    # -- changing ---------------------------------------------------------------------------
    def _show_chart(self) -> None:
        entry = self.selected()
        if entry and entry.measure:
            self.chart_requested.emit(entry.measure)
