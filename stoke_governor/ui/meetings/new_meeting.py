"""The dialog that adds a meeting: date (today), type, start time, location, title, and
the usual agenda to start from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.meetings import meetings as mt
from stoke_governor.ui.common.date_field import refuse_bad_dates
from stoke_governor.ui.common.warning_colour import warning_style
from stoke_governor.ui.meetings.editor import date_edit, fill_kinds

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
