"""Table model for the school dashboard: one row per measure, read-only."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from stoke_governor.measures.catalogue import STATUS_RULES, Figure, MeasureRow

COLUMNS = [
    "Measure",
    "Year",
    "This school",
    "Stoke-on-Trent",
    "West Midlands",
    "England",
    "City target",
    "Status",
]
MEASURE, YEAR, SCHOOL, CITY, WM, ENGLAND, TARGET, STATUS = range(len(COLUMNS))
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
ALIGN, BACKGROUND = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Okabe-Ito based, readable on light backgrounds; the status text carries the meaning.
STATUS_COLOURS = {
    "On track": "#d6ecd2",
    "Off track": "#f9dcc4",
    "Meets city target": "#d6ecd2",
    "Better than England": "#d6ecd2",
    "In line with England": "#eef1f4",
    "Below city target": "#f9dcc4",
    "Behind England": "#f9dcc4",
}


class DashboardModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[MeasureRow] = []
        self._text: list[list[str]] = []

    def set_rows(self, rows: list[MeasureRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # Views ask for the text many times while sizing: work it out once.
        self._text = [[self._display(r, c) for c in range(len(COLUMNS))] for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> MeasureRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=DISPLAY):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == DISPLAY:
            return self._text[row][col]
        if role == ALIGN:
            return RIGHT if col in (SCHOOL, CITY, WM, ENGLAND) else None
        if role == BACKGROUND:
            colour = STATUS_COLOURS.get(self._text[row][col]) if col == STATUS else None
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:  # dark text on the status tint, dark mode too
            tinted = col == STATUS and self._text[row][col] in STATUS_COLOURS
            return QBrush(QColor("#1b1b1b")) if tinted else None
        if role == TOOLTIP:
            return self._tooltip(self._rows[row], col)
        if role == SORT_ROLE:
            figure = self._figure(self._rows[row], col)
            return figure.value if figure else self._text[row][col]
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
        if col == STATUS:
            return STATUS_RULES.get(r.status)
        return None
