"""The Challenge log page's changes: the buttons and keys that record, edit and delete a
challenge, the form they open, and undo and redo of each change saved.

A mixin of `ChallengePage`, which owns the table and its selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.ui.challenges.form import ChallengeForm
from stoke_governor.ui.challenges.undo import Added, Deleted, edit
from stoke_governor.ui.common.widgets import button


class Editing:
    """New, edit, delete, undo and redo, on the page's `undo_stack`."""

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
