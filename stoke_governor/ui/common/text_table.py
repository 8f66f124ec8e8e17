"""A read-only table of text worked out in advance: the numbers beside every chart."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
HIGHLIGHT = QColor("#fbe3d2")  # a pale tint of the school's chart colour
INK = QColor("#1b1b1b")  # text on a pale tint, light palette or dark


class Cell(NamedTuple):
    text: str
    tip: str = ""
    number: bool = False


class TextTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._header: list[str] = []
        self._rows: list[list[Cell]] = []
        self._highlight: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, header: list[str], rows: list[list[Cell]], highlight=()) -> None:
        self.beginResetModel()
        self._header, self._rows, self._highlight = list(header), rows, set(highlight)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role in (DISPLAY, TOOLTIP):
            return self._header[section]  # on hover too: a narrow column cuts its heading
        return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column].text

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        cell = self._rows[index.row()][index.column()]
        if role == DISPLAY:
            return cell.text
        if role == TOOLTIP:
            return cell.tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return RIGHT
        if index.row() in self._highlight:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(HIGHLIGHT)
            if role == Qt.ItemDataRole.ForegroundRole:  # readable on the tint in dark mode too
                return QBrush(INK)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None
