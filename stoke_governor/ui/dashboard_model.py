"""Table model for the school dashboard: one row per measure, read-only."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..measures import Figure, MeasureRow

COLUMNS = ["Measure", "Year", "This school", "Stoke-on-Trent", "West Midlands", "England",
           "City target", "Status"]
MEASURE, YEAR, SCHOOL, CITY, WM, ENGLAND, TARGET, STATUS = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# Okabe-Ito based, readable on light backgrounds; the status text carries the meaning.
STATUS_COLOURS = {
    "Meets city target": "#d6ecd2", "Better than England": "#d6ecd2",
    "In line with England": "#eef1f4",
    "Below city target": "#f9dcc4", "Behind England": "#f9dcc4",
}


class DashboardModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[MeasureRow] = []

    def set_rows(self, rows: list[MeasureRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> MeasureRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == SORT_ROLE:
            figure = self._figure(r, col)
            return figure.value if figure else self._display(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (SCHOOL, CITY, WM, ENGLAND):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == STATUS:
            colour = STATUS_COLOURS.get(r.status)
            return QBrush(QColor(colour)) if colour else None
        return None

    @staticmethod
    def _figure(r: MeasureRow, col: int) -> Figure | None:
        return {SCHOOL: r.school, CITY: r.city, WM: r.west_midlands, ENGLAND: r.england}.get(col)

    def _display(self, r: MeasureRow, col: int) -> str:
        if col == MEASURE:
            return r.measure.label
        if col == YEAR:
            return r.school.year if r.school else ""
        if col == TARGET:
            return r.target.summary if r.target else "No city target"
        if col == STATUS:
            return r.status
        figure = self._figure(r, col)
        if figure is None:
            return "—"
        if figure.value is None:
            return "Not published" if not figure.code else f"Not published ({figure.code})"
        return r.measure.format(figure.value)

    def _tooltip(self, r: MeasureRow, col: int) -> str | None:
        figure = self._figure(r, col)
        if figure is not None:
            why = f" — {figure.missing_reason}" if figure.value is None else ""
            return f"{figure.source}, {figure.year} ({figure.release}){why}"
        if col == TARGET and r.target:
            return f"{r.target.citation}: “{r.target.passage}”"
        if col == MEASURE:
            return f"{r.measure.description or ''}\nDfE code: {r.measure.code}"
        return None
