"""Add or edit one member of the board, and record the day a member left.

Both dialogs hand what was typed to the domain; if it refuses (an end date before the
start, a duplicate, a date that is not one…) its sentence is shown in the dialog, which
stays open so the clerk can put it right. Dates are typed as in the UK (01/09/2023) or
picked from the calendar beside the field.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import (
    CATEGORIES,
    ROLES,
    Governor,
    add_governor,
    record_leaving,
    update_governor,
)
from stoke_governor.core.errors import BoardError, StoreError
from stoke_governor.ui.common.date_field import DateField, refuse_bad_dates
from stoke_governor.ui.common.warning_colour import warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


def error_label() -> QLabel:
    """Where a dialog shows the domain's reason for refusing what was typed."""
    label = QLabel(objectName="dialogError")
    label.setWordWrap(True)
    label.setStyleSheet(warning_style("font-weight: bold"))
    label.setAccessibleName("Problem")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setAccessibleDescription(message)
    label.show()


class GovernorDialog(QDialog):
    """A new member of the school's board, or changes to one (`governor` given)."""

    def __init__(
        self,
        store: Store,
        urn: int,
        governor: Governor | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.urn, self.governor = store, urn, governor
        self.governor_id = governor.id if governor else None
        self.setWindowTitle(f"Edit {governor.name}" if governor else "Add a governor")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        for key, label in CATEGORIES.items():
            self.category.addItem(label, key)
        self.term_start = DateField(name="Term of office starts")
        self.term_end = DateField(name="Term of office ends")
        self.roles = QListWidget()
        self.roles.setAccessibleName("Roles")
        self.roles.setMaximumHeight(150)
        for role in ROLES:
            item = QListWidgetItem(role)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.roles.addItem(item)
        self.other_roles = QLineEdit(placeholderText="e.g. maths link, separated by commas")
        self.other_roles.setAccessibleName("Other roles")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Category:", self.category)
        form.addRow("Term st&arts:", self.term_start)
        form.addRow("Term &ends:", self.term_end)
        form.addRow("&Roles (Space ticks):", self.roles)
        form.addRow("Ot&her roles:", self.other_roles)
        form.addRow("N&ote:", self.note)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            "Terms of office usually last four years. Associate members sit on committees "
            "but are not governors."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if governor:
            self._fill(governor)

    def _fill(self, g: Governor) -> None:
        self.name.setText(g.name)
        self.category.setCurrentIndex(max(self.category.findData(g.category), 0))
        self.term_start.set_date(g.term_start)
        self.term_end.set_date(g.term_end)
        self.note.setText(g.note or "")
        for row in range(self.roles.count()):
            item = self.roles.item(row)
            if item.text() in g.roles:
                item.setCheckState(Qt.CheckState.Checked)
        self.other_roles.setText(", ".join(r for r in g.roles if r not in ROLES))

    def chosen_roles(self) -> list[str]:
        ticked = [
            self.roles.item(row).text()
            for row in range(self.roles.count())
            if self.roles.item(row).checkState() == Qt.CheckState.Checked
        ]
        return ticked + self.other_roles.text().split(",")

    def accept(self) -> None:
        if refuse_bad_dates(self.error, self.term_start, self.term_end):
            return
        values = dict(
            name=self.name.text(),
            category=self.category.currentData(),
            term_start=self.term_start.iso(),
            term_end=self.term_end.iso(),
            roles=self.chosen_roles(),
            note=self.note.text(),
        )
        try:
            if self.governor_id is None:
                self.governor_id = add_governor(
                    self.store, self.urn, values.pop("name"), values.pop("category"), **values
                )
            else:
                update_governor(self.store, self.governor_id, **values)
        except (BoardError, StoreError) as exc:  # StoreError: a full disk, say
            show_error(self.error, str(exc))
            return
        super().accept()


class LeavingDialog(QDialog):
    """The day a member left; they are then listed with the board's former members."""

    def __init__(self, store: Store, governor: Governor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.governor = store, governor
        self.setWindowTitle(f"{governor.name} is leaving the board")
        intro = QLabel(
            f"{governor.name} ({governor.category_label}) will be listed with the former "
            "governors; their roles, term and committees are kept as the board's history."
        )
        intro.setWordWrap(True)
        today = dt.date.today()
        self.left_on = DateField(today, name="Date they left", required=True, latest=today)
        form = QFormLayout()
        form.addRow("&Left on:", self.left_on)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record leaving")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if refuse_bad_dates(self.error, self.left_on):
            return
        try:
            record_leaving(self.store, self.governor.id, self.left_on.iso())
        except (BoardError, StoreError) as exc:  # StoreError: a full disk, say
            show_error(self.error, str(exc))
            return
        super().accept()
