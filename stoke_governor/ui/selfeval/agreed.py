"""Who agreed the board's self-evaluation, and when: shown on the return's cover."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from stoke_governor.ui.common.date_field import DateField


class AgreedDialog(QDialog):
    def __init__(self, agreed_by: str | None, agreed_on: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who agreed the self-evaluation")
        self.by = QLineEdit(agreed_by or "", placeholderText="e.g. Full governing board meeting")
        self.by.setAccessibleName("Agreed by")
        self.on = DateField(agreed_on or dt.date.today(), name="Agreed on")
        self.problem = QLabel(wordWrap=True, objectName="agreedProblem")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("The return's cover says who agreed the evaluation and when."))
        for text, field in (("Agreed &by:", self.by), ("Agreed &on:", self.on)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.problem)
        form.addRow(buttons)

    def values(self) -> tuple[str | None, str | None]:
        return self.by.text().strip() or None, self.on.iso() or None
