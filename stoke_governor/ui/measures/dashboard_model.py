"""Table model for the school dashboard: one row per measure, read-only.

A QStandardItemModel filled once per school: Qt keeps the cells, so the view draws without
calling back into Python. Roles are Qt's item data roles by number: naming them through
`Qt.ItemDataRole` would build every enum of Qt's namespace (~12 ms) while the first window
opens; a test checks each number against Qt's name for it.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from stoke_governor.measures.catalogue import Figure, MeasureRow
from stoke_governor.measures.shown import figure_text, target_text, year_text
from stoke_governor.measures.status import STATUS_RULES

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
# Qt.ItemDataRole: DisplayRole, ToolTipRole, TextAlignmentRole, BackgroundRole,
# ForegroundRole.
DISPLAY, TOOLTIP, ALIGN, BACKGROUND, FOREGROUND = 0, 3, 7, 8, 9
RIGHT = 0x0002 | 0x0080  # Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# Okabe-Ito based, readable on light backgrounds; the status text carries the meaning.
NEUTRAL = "#eef1f4"  # a status that is neither good nor bad news
STATUS_COLOURS = {
    "On track": "#d6ecd2",
    "Off track": "#f9dcc4",
    "Meets city target": "#d6ecd2",
    "Better than England": "#d6ecd2",
    "In line with England": NEUTRAL,
    "Below city target": "#f9dcc4",
    "Behind England": "#f9dcc4",
}
DARK_TEXT = "#1b1b1b"  # on the status tint, dark mode too


class DashboardModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self._rows: list[MeasureRow] = []
        self.text: list[list[str]] = []  # each cell's text, by row and column

    def set_rows(self, rows: list[MeasureRow]) -> None:
        self._rows = list(rows)
        self.text = [[_display(r, c) for c in range(len(COLUMNS))] for r in self._rows]
        self.setRowCount(0)
        self.setRowCount(len(self._rows))
        for row, (r, texts) in enumerate(zip(self._rows, self.text, strict=True)):
            for col, text in enumerate(texts):
                self.setItem(row, col, self._item(r, col, text))

    def row_at(self, row: int) -> MeasureRow:
        return self._rows[row]

    def _item(self, r: MeasureRow, col: int, text: str) -> QStandardItem:
        # Made here, not cloned: PySide is told when an item it made is deleted, so a cell
        # the model drops never lingers as a Python object over another's memory.
        item = QStandardItem(text)
        item.setEditable(False)  # read-only and not dragged, as a table model's cells are
        item.setDragEnabled(False)
        item.setDropEnabled(False)
        tip = _tooltip(r, col)
        if tip is not None:
            item.setData(tip, TOOLTIP)
        if col in (SCHOOL, CITY, WM, ENGLAND):
            item.setData(RIGHT, ALIGN)
        colour = STATUS_COLOURS.get(text) if col == STATUS else None
        if colour:
            item.setData(_brush(colour), BACKGROUND)
            item.setData(_brush(DARK_TEXT), FOREGROUND)
        return item


def _brush(colour: str) -> QBrush:
    """A solid brush of this colour, made by Qt from the colour: `QBrush(QColor)` resolves
    overloads that take Qt's enums, which builds Qt's namespace (start-up time)."""
    item = QStandardItem()
    item.setData(QColor(colour), BACKGROUND)
    return item.background()


def _figure(r: MeasureRow, col: int) -> Figure | None:
    return {SCHOOL: r.school, CITY: r.city, WM: r.west_midlands, ENGLAND: r.england}.get(col)


def _display(r: MeasureRow, col: int) -> str:
    """A cell's text: the words the school data summary prints too (measures.shown)."""
    if col == MEASURE:
        return r.measure.label
    if col == YEAR:
        return year_text(r)
    if col == TARGET:
        return target_text(r)
    if col == STATUS:
        return r.status
    return figure_text(r.measure, _figure(r, col))


def _tooltip(r: MeasureRow, col: int) -> str | None:
    figure = _figure(r, col)
    if figure is not None:
        why = f" — {figure.missing_reason}" if figure.missing_reason else ""
        return f"{figure.source}, {figure.year} ({figure.release}){why}"
    if col == TARGET and r.target:  # the whole target, however narrow the column
        return f"{target_text(r)}\n\n{r.target.citation}: “{r.target.passage}”"
    if col == MEASURE:
        return f"{r.measure.label}\n{r.measure.description or ''}\nDfE code: {r.measure.code}"
    if col == STATUS:
        return STATUS_RULES.get(r.status)
    if col == YEAR and r.old:
        return OLD_TIP
    return None


OLD_TIP = (
    "Old: more than two years older than this school's newest figure for any measure. "
    "Newer figures may be published; import them, or ask the LA for its pack."
)
