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
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import list_governors
from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.measures.priorities import SCHOOL_LABEL, load_priorities
from stoke_governor.meetings.meetings import list_meetings
from stoke_governor.schools.register import School
from stoke_governor.ui.challenges.form import ChallengeForm
from stoke_governor.ui.challenges.table import ChallengeModel, detail_html, fit_columns
from stoke_governor.ui.challenges.undo import Added, Deleted, edit
from stoke_governor.ui.common.date_field import DateField
from stoke_governor.ui.common.widgets import button, heading, row_table

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

EMPTY = "No challenges recorded yet — press Ctrl+N to record the first question the board asked."


class ChallengePage(QWidget):
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

    def _build_filters(self) -> None:
        def combo(name):
            box = QComboBox(objectName=name)
            box.setAccessibleName(name)
            box.setMinimumContentsLength(7)  # the whole choice shows when it is open
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.currentIndexChanged.connect(self.refresh)
            return box

        self.meeting_filter = combo("Meeting")
        self.priority_filter = combo("Priority")
        self.measure_filter = combo("Measure")
        self.governor_filter = combo("Asked by")
        self.status_filter = combo("Status")
        self.since = DateField(name="Asked on or after", blank_text="any date")
        self.until = DateField(name="Asked on or before", blank_text="any date")
        for box in (self.since, self.until):
            box.date_changed.connect(self.refresh)
        self.search = QLineEdit(objectName="challengeSearch")
        self.search.setAccessibleName("Search the log")
        self.search.setPlaceholderText("Search questions, responses, actions, impact (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.clear_button = button("C&lear filters", self.clear_filters)
        grid = QGridLayout()
        cells = (
            ("Mee&ting:", self.meeting_filter),
            ("P&riority:", self.priority_filter),
            ("Mea&sure:", self.measure_filter),
            ("Asked b&y:", self.governor_filter),
            ("Stat&us:", self.status_filter),
            ("&From:", self.since),
            ("T&o:", self.until),
            ("Sear&ch:", self.search),
        )
        for i, (text, widget) in enumerate(cells):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, i // 4, (i % 4) * 2)
            grid.addWidget(widget, i // 4, (i % 4) * 2 + 1)
        grid.addWidget(self.clear_button, 1, 8)
        for column in (1, 3, 5, 7):
            grid.setColumnStretch(column, 1)
        self.filter_bar = grid

    def _build_buttons(self) -> None:
        self.new_button = QPushButton("&New challenge (Ctrl+N)")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.clicked.connect(lambda: self.new_challenge())
        self.edit_button = button("&Edit…", self.edit_selected)
        self.delete_button = button("Delete", self.delete_selected)
        self.chart_button = button("Show the measure's c&hart", self._show_chart)
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.redo_button = QPushButton("Redo (Ctrl+Shift+Z)")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: self.undo_button.setToolTip(f"Undo: {t}"))
        self.undo_stack.redoTextChanged.connect(lambda t: self.redo_button.setToolTip(f"Redo: {t}"))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        stack = self.undo_stack
        self.undo_keys = []  # the window turns these off: its Edit menu has the same keys
        for keys, slot in (
            ("Ctrl+Z", stack.undo),
            ("Ctrl+Shift+Z", stack.redo),
            ("Ctrl+Y", stack.redo),
        ):
            key = QShortcut(QKeySequence(keys), self, slot)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.undo_keys.append(key)
        for keys, slot in (
            ("Delete", self.delete_selected),
            ("Return", self.edit_selected),
            ("Enter", self.edit_selected),
        ):
            QShortcut(QKeySequence(keys), self.table, slot).setContext(
                Qt.ShortcutContext.WidgetShortcut
            )
        self.message = QLabel(objectName="challengeMessage")
        self.button_row = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button, self.chart_button):
            self.button_row.addWidget(b)
        self.button_row.addWidget(self.message, 1)
        self.button_row.addWidget(self.undo_button)
        self.button_row.addWidget(self.redo_button)

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
        urn = self.school.urn
        used = {
            e.measure: e.measure_label
            for e in records.find_challenges(self.store, urn)
            if e.measure
        }
        fills = (
            (
                self.meeting_filter,
                "All meetings",
                [
                    (f"{m.held_on} — {m.title or m.kind_label}", m.id)
                    for m in list_meetings(self.store, urn)
                ],
            ),
            (
                self.priority_filter,
                "All priorities",
                [(p.title, p.id) for p in load_priorities().values()] + [(SCHOOL_LABEL, "school")],
            ),
            (self.measure_filter, "All measures", sorted((v, k) for k, v in used.items())),
            (
                self.governor_filter,
                "Anyone",
                [(g.name, g.id) for g in list_governors(self.store, urn, include_former=True)],
            ),
            (
                self.status_filter,
                "Any status",
                [(s.capitalize(), s) for s in records.STATUSES] + [("Overdue only", "overdue")],
            ),
        )
        for box, everything, items in fills:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
            box.blockSignals(False)
        self.refresh()

    def filters(self) -> dict:
        status = self.status_filter.currentData()
        dates = {}
        for key, box in (("since", self.since), ("until", self.until)):
            if box.date():
                dates[key] = box.date().isoformat()
        return {
            "meeting_id": self.meeting_filter.currentData(),
            "priority": self.priority_filter.currentData(),
            "measure": self.measure_filter.currentData(),
            "asked_by": self.governor_filter.currentData(),
            "status": None if status == "overdue" else status,
            "overdue_only": status == "overdue",
            "text": self.search.text(),
            **dates,
        }

    def clear_filters(self) -> None:
        for box in (
            self.meeting_filter,
            self.priority_filter,
            self.measure_filter,
            self.governor_filter,
            self.status_filter,
        ):
            box.setCurrentIndex(0)
        self.since.clear()
        self.until.clear()
        self.search.clear()

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
    def new_challenge(self, measure: str | None = None, meeting_id: int | None = None):
        """Open the form for a new entry, already tied to a measure or meeting if given."""
        if self.school is None:
            return None
        form = self._open_form(None)
        if measure:
            form.set_measure(measure)
        if meeting_id:
            form.set_meeting(meeting_id)
        elif form.meeting.currentData() is None:  # no meeting today
            form.set_meeting(self.open_meeting())
        at = form.meeting.currentData()
        asker = self.last_asker
        if asker is None and at is not None:
            asker = records.last_asker(self.store, self.school.urn, at)
        form.asked_by.setCurrentText(asker or "")
        return form

    def edit_selected(self, *_args) -> None:
        entry = self.selected()
        if entry is not None:
            self._open_form(entry)

    def _open_form(self, entry: records.Challenge | None) -> ChallengeForm:
        if self.form is not None:
            self.form.close()
        self.form = ChallengeForm(self.store, self.school.urn, entry, self)
        self.form.submitted.connect(lambda values: self._save(self.form, values))
        self.form.finished.connect(self._form_closed)
        self.form.open()
        self.form.question.setFocus()
        return self.form

    def _form_closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        self.table.setFocus()

    def _save(self, form: ChallengeForm, values: dict) -> None:
        steps = self.undo_stack.index()
        try:
            if form.entry is None:
                cid = ch.add_challenge(self.store, self.school.urn, **values)
                saved = records.get_challenge(self.store, cid)
                self.undo_stack.push(Added(self.store, cid, self._after_step, saved.question))
                self.last_asker = saved.asker
            else:
                cid = form.entry.id
                command = edit(self.store, form.entry, values, self._after_step)
                if command is not None:
                    self.undo_stack.push(command)
        except StokeGovernorError as exc:
            form.show_error(str(exc))
            return
        form.accept()
        changed = self.undo_stack.index() != steps
        self.message.setText("Saved — Ctrl+Z undoes it." if changed else "Nothing was changed.")
        self.told.emit(self.message.text())
        self.reload()
        self.refresh(select=cid)

    def delete_selected(self, *_args) -> None:
        entry = self.selected()
        if entry is None:
            return
        ch.delete_challenge(self.store, entry.id)
        self.undo_stack.push(Deleted(self.store, entry.id, self._after_step, entry.question))
        self.message.setText("Deleted — Ctrl+Z brings it back.")
        self.refresh()

    def _after_step(self, select: int | None, message: str) -> None:
        self.message.setText(message)
        self.told.emit(message)
        self.reload()
        self.refresh(select=select)

    def _show_chart(self) -> None:
        entry = self.selected()
        if entry and entry.measure:
            self.chart_requested.emit(entry.measure)
