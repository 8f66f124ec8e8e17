"""Declarations of interest at a meeting: who declared, on which item, pecuniary or not.

The person is chosen from the members expected at the meeting, or typed (someone else in
attendance); the item is one of the agenda's, or "All items" for the whole meeting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import declarations as dc
from stoke_governor.meetings import meetings as mt
from stoke_governor.ui.common.warning_colour import warning_style

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

COLUMNS = ("Name", "Agenda item", "Interest", "Details")
ALL_ITEMS = "All items (the whole meeting)"


class DeclarationsPanel(QGroupBox):
    """The meeting's declarations of interest, added, changed and removed."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Declarations of interest", parent)
        self.store = store
        self.meeting_id: int | None = None
        self.rows: list[dc.Declaration] = []
        self.table = QTableWidget(0, len(COLUMNS), objectName="declarationsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Declarations of interest at this meeting")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header, fit, stretch = (
            self.table.horizontalHeader(),
            QHeaderView.ResizeMode.ResizeToContents,
            QHeaderView.ResizeMode.Stretch,
        )
        for column, mode in enumerate((fit, stretch, fit, stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.setMinimumHeight(120)
        self.who = QComboBox(objectName="declarationWho")
        self.who.setEditable(True)
        self.who.lineEdit().setPlaceholderText("A governor, or type a name")
        self.item = QComboBox(objectName="declarationItem")
        self.pecuniary = QCheckBox("&Pecuniary (a financial interest)", objectName="pecuniary")
        self.note = QLineEdit(objectName="declarationNote")
        self.note.setPlaceholderText("e.g. Spouse works for the catering contractor")
        self.error = QLabel(objectName="declarationError", wordWrap=True)
        self.error.setStyleSheet(warning_style())
        self.error.hide()
        self.add = QPushButton("Add decl&aration", objectName="addDeclaration")
        self.save = QPushButton("Save c&hanges", objectName="saveDeclaration")
        self.remove = QPushButton("Remove declaration", objectName="removeDeclaration")
        form = QGridLayout()
        for row, (text, widget) in enumerate(
            (("Who", self.who), ("Agenda item", self.item), ("Details", self.note))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(f"Declaration: {text.lower()}")
            form.addWidget(label, row, 0)
            form.addWidget(widget, row, 1)
        form.addWidget(self.pecuniary, 3, 1)
        self.pecuniary.setToolTip(
            "A pecuniary interest is a financial one: the governor (or someone close to "
            "them) could gain or lose money from the board's decision."
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.remove, self.save, self.add):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.add.clicked.connect(lambda: self._write(None))
        self.save.clicked.connect(lambda: self._write(self._chosen_id()))
        self.remove.clicked.connect(self.remove_declaration)
        self.table.itemSelectionChanged.connect(self._show_chosen)

    def load(self, meeting_id: int, select: int | None = None) -> None:
        self.meeting_id = meeting_id
        typed = self.who.currentText()
        self.who.clear()
        for person in att.attendance(self.store, meeting_id):
            self.who.addItem(person.name, person.governor_id)
        self.who.setEditText(typed)
        self.item.clear()
        self.item.addItem(ALL_ITEMS, None)
        for a in mt.agenda(self.store, meeting_id):
            self.item.addItem(f"{a.position}. {a.title}", a.id)
        self.rows = dc.declarations(self.store, meeting_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for row, d in enumerate(self.rows):
            for column, text in enumerate((d.name, d.item_label, d.kind_label, d.note or "")):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)  # the whole of a long note
                self.table.setItem(row, column, cell)
        ids = [d.id for d in self.rows]
        if select in ids:
            self.table.setCurrentCell(ids.index(select), 0)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        self._show_chosen()

    def _chosen_id(self) -> int | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        return self.rows[row].id if selected and 0 <= row < len(self.rows) else None

    def _show_chosen(self, *_args) -> None:
        chosen = self._chosen_id()
        self.save.setEnabled(chosen is not None)
        self.remove.setEnabled(chosen is not None)
        if chosen is None:
            return
        d = next(d for d in self.rows if d.id == chosen)
        at = self.who.findData(d.governor_id) if d.governor_id is not None else -1
        if at >= 0:
            self.who.setCurrentIndex(at)
        else:
            self.who.setEditText(d.name)
        self.item.setCurrentIndex(max(self.item.findData(d.agenda_item_id), 0))
        self.pecuniary.setChecked(d.pecuniary)
        self.note.setText(d.note or "")

    def _who(self) -> dict:
        """A governor chosen from the list, or a name as typed."""
        name = self.who.currentText().strip()
        at = self.who.findText(name)
        if at >= 0 and self.who.itemData(at) is not None:
            return {"governor_id": self.who.itemData(at)}
        return {"name": name}

    def _write(self, declaration_id: int | None) -> None:
        if self.meeting_id is None:
            return
        values = {
            **self._who(),
            "agenda_item_id": self.item.currentData(),
            "pecuniary": self.pecuniary.isChecked(),
            "note": self.note.text(),
        }
        try:
            if declaration_id is None:
                declaration_id = dc.add_declaration(self.store, self.meeting_id, **values)
            else:
                dc.update_declaration(self.store, declaration_id, **values)
        except StokeGovernorError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self.load(self.meeting_id, select=declaration_id)

    def remove_declaration(self) -> None:
        chosen = self._chosen_id()
        if chosen is None or self.meeting_id is None:
            return
        dc.delete_declaration(self.store, chosen)
        self.note.clear()
        self.pecuniary.setChecked(False)
        self.load(self.meeting_id)
