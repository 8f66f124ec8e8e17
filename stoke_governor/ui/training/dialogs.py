"""The clerk records training done elsewhere: an LA course, a module done on paper, other
training. Nothing is kept until every field is right; the reason is shown in the dialog."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from stoke_governor.board.governors import Governor
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.training.modules import LoadResult
from stoke_governor.training.records import record_training
from stoke_governor.ui.common.date_field import DateField, refuse_bad_dates
from stoke_governor.ui.common.warning_colour import warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

OTHER = ""


class RecordTrainingDialog(QDialog):
    recorded = Signal(int)  # the new completion's id

    def __init__(
        self,
        store: Store,
        governors: list[Governor],
        catalogue: LoadResult,
        parent=None,
        governor_id: int | None = None,
    ):
        super().__init__(parent)
        self.store, self.catalogue = store, catalogue
        self.setWindowTitle("Record training")
        self.governor_box = QComboBox(objectName="recordGovernor")
        for g in governors:
            self.governor_box.addItem(f"{g.name} ({g.category_label})", g.id)
        if governor_id is not None:
            self.governor_box.setCurrentIndex(max(self.governor_box.findData(governor_id), 0))
        self.module_box = QComboBox(objectName="recordModule")
        for m in catalogue.modules:
            self.module_box.addItem(f"{m.title} (version {m.version})", m.id)
        self.module_box.addItem("Other training (give its title)", OTHER)
        self.title_edit = QLineEdit(objectName="recordTitle")
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText("e.g. LA safeguarding for governors, March")
        today = dt.date.today()
        self.date_edit = DateField(today, required=True, latest=today)
        self.date_edit.setObjectName("recordDate")
        self.provider_edit = QLineEdit(objectName="recordProvider")
        self.provider_edit.setMaxLength(200)
        self.provider_edit.setPlaceholderText("e.g. Stoke-on-Trent Governor Services")
        self.evidence_edit = QPlainTextEdit(objectName="recordEvidence")
        self.evidence_edit.setPlaceholderText("e.g. certificate seen by the clerk, 4 March")
        self.evidence_edit.setTabChangesFocus(True)
        self.evidence_edit.setFixedHeight(70)
        form = QFormLayout()
        for text, widget, name in (
            ("&Governor:", self.governor_box, "Governor"),
            ("&Training:", self.module_box, "Training module"),
            ("T&itle:", self.title_edit, "Title of other training"),
            ("&Completed on:", self.date_edit, "Date completed"),
            ("&Provider:", self.provider_edit, "Provider"),
            ("&Evidence:", self.evidence_edit, "Evidence note"),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        self.error = QLabel(objectName="recordError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(warning_style())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Record")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.module_box.currentIndexChanged.connect(self._module_changed)
        self._module_changed()

    def _module_changed(self) -> None:
        self.title_edit.setEnabled(self.module_box.currentData() == OTHER)

    def save(self) -> None:
        module_id = self.module_box.currentData() or None
        if refuse_bad_dates(self.error, self.date_edit):
            return
        try:
            new_id = record_training(
                self.store,
                self.governor_box.currentData(),
                title="" if module_id else self.title_edit.text(),
                completed_on=self.date_edit.date(),
                provider=self.provider_edit.text(),
                evidence=self.evidence_edit.toPlainText(),
                module_id=module_id,
                catalogue=self.catalogue,
            )
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            return
        self.recorded.emit(new_id)
        self.accept()
