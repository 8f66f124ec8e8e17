"""The import window's parts that show a preview: which column holds each part of a
challenge (a choice per field), and the challenges that will be added, as rows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from stoke_governor.board.governors import governor_name
from stoke_governor.challenges import mapping as cm
from stoke_governor.challenges.importer import PREVIEW_ROWS, Preview
from stoke_governor.ui.common.text_table import Cell

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

NOT_IMPORTED = "(not imported)"
SHOWN = (
    "question",
    "asked_on",
    "meeting",
    "asked_by",
    "response",
    "board_view",
    "action",
    "action_owner",
    "due_on",
    "status",
)


class ColumnChoices(QTableWidget):
    """One row per part of a challenge, with the column of the file chosen for it."""

    chosen = Signal()  # the user chose a column

    def __init__(self, parent=None):
        super().__init__(len(cm.FIELDS), 2, parent)
        self.setHorizontalHeaderLabels(["In the app", "Column in your file"])
        self.setAccessibleName("Which column holds each part of a challenge")
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}
        bold = QFont()
        bold.setBold(True)
        for row, f in enumerate(cm.FIELDS):
            item = QTableWidgetItem(f.label + (" (required)" if f.required else ""))
            if f.required:
                item.setFont(bold)
            self.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {f.label}")
            combo.activated.connect(self.chosen)
            self.combos[f.key] = combo
            self.setCellWidget(row, 1, combo)

    def show_preview(self, preview: Preview) -> None:
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItems([NOT_IMPORTED, *preview.headers])
            combo.setCurrentIndex(preview.mapping.get(key, -1) + 1)

    def mapping(self) -> dict[str, int]:
        """Field key → column index, for the fields a column is chosen for."""
        out = {}
        for key, combo in self.combos.items():
            if combo.currentIndex() >= 1:
                out[key] = combo.currentIndex() - 1
        return out


def preview_rows(store: Store, preview: Preview) -> tuple[list[str], list[list[Cell]]]:
    """The headings and rows of the preview table: the row in the file, then each part of a
    challenge shown that a column is chosen for (the first PREVIEW_ROWS challenges)."""
    keys = [k for k in SHOWN if k in preview.mapping]
    rows = []
    meetings = preview.meeting_names
    for i, (number, row) in enumerate(
        zip(preview.row_numbers[:PREVIEW_ROWS], preview.rows, strict=False)
    ):
        cells = [Cell(str(number), number=True)]
        for k in keys:
            value = row.get(k)
            if k == "asked_by":
                value = row.get("asked_by_name") or governor_name(store, row.get("asked_by"))
            elif k == "meeting":
                value = meetings[i] if i < len(meetings) else None
            elif k in ("asked_on", "due_on") and value:
                value = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            cells.append(Cell(str(value or "")[:120], str(value or "")))
        rows.append(cells)
    return ["Row", *(cm.FIELD_BY_KEY[k].label for k in keys)], rows
