"""A table's columns fitted to the width it has, with its key column always readable.

Each column is as wide as its heading and its text, up to a cap; the key column (the
question, the city target) takes the rest of the width and never less than its minimum.
When the window is too narrow for all of that (1024×600), the other columns give way, each
down to a floor (a few characters; for `whole` columns — dates, figures — their longest
word): their text is elided and the whole of it is on hover (the model's tooltip) and in
the page's detail pane. The fit is redone when the table is laid out again (resized, a
scroll bar come or gone) and when `refit()` is called after the rows change. Widths are set
in characters of the table's font.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTableView

DISPLAY = 0  # Qt.ItemDataRole.DisplayRole by number (start-up: no Qt namespace)
HORIZONTAL = 1  # Qt.Orientation.Horizontal by number
FLOOR_CHARS = 6


def char_width(table: QTableView) -> int:
    """The width of one average character of the table's text."""
    return table.fontMetrics().averageCharWidth()


def viewport_width(table: QTableView) -> int:
    """The width the table's rows are shown in: its viewport's, worked out from the table
    itself. Asking for the viewport (a widget made by Qt, not by the app) makes PySide
    look up its type among every widget class, which creates them all (about 8 ms, once,
    before the first window could show)."""
    width = table.maximumViewportSize().width()  # inside the frame and the row headers
    bar = table.verticalScrollBar()
    if bar.isVisibleTo(table):  # shown as needed: it takes its width from the rows' room
        width -= bar.sizeHint().width()
    return width


class ColumnFit(QObject):
    def __init__(
        self,
        table: QTableView,
        titles: list[str],
        key: int,
        key_chars: int,
        *,
        caps: dict[int, int] | None = None,
        whole: tuple[int, ...] = (),
        floor_chars: int = FLOOR_CHARS,
        tall_rows: bool = False,
    ):
        super().__init__(table)
        self.table, self.titles, self.key, self.key_chars = table, titles, key, key_chars
        self.caps, self.floor_chars = dict(caps or {}), floor_chars
        self.whole = whole  # columns whose words are never cut (dates, figures)
        self.natural: dict[int, int] = {}
        self.floors: dict[int, int] = {}
        # `tall_rows`: each row as tall as its wrapped text, measured again whenever the rows
        # or a column's width change (Qt's ResizeToContents mode measures every row at every
        # layout pass: about 3 ms of start-up for the dashboard's dozen rows)
        self.tall_rows = tall_rows
        self.widths: list[int] = []  # as last set, so an unchanged fit measures no rows
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        # Fitted again whenever the rows' room changes: the table laid out again (resized,
        # its scroll bar or row numbers come, go or widen) moves the column headings, which
        # say so. A signal, not an event filter: no event reaches Python for it (each would,
        # and the first builds QEvent's enums).
        header.geometriesChanged.connect(self.fit)

    def key_minimum(self) -> int:
        return self.key_chars * char_width(self.table)

    def refit(self) -> None:
        """Measure each column's text again (the rows changed), then fit."""
        model, table = self.table.model(), self.table
        cells, heads = table.fontMetrics(), table.horizontalHeader().fontMetrics()
        pad = cells.horizontalAdvance("MM")  # cell margins and the sort arrow's room
        self.natural, self.floors = {}, {}
        floor = self.floor_chars * char_width(table)
        for column, title in enumerate(self.titles):
            width = max((heads.horizontalAdvance(line) for line in title.split("\n")), default=0)
            word = max((heads.horizontalAdvance(w) for w in title.split()), default=0)
            for row in range(model.rowCount()):
                text = str(model.data(model.index(row, column), DISPLAY) or "")
                for line in text.split("\n"):
                    width = max(width, cells.horizontalAdvance(line))
                if column in self.whole:
                    word = max([word, *(cells.horizontalAdvance(w) for w in text.split())])
            cap = self.caps.get(column)
            if cap is not None:
                width = min(width, cap * char_width(table))
            self.natural[column] = width + pad
            least = max(word + pad, floor) if column in self.whole else floor
            self.floors[column] = min(least, width + pad)
        self.widths = []  # new rows: measured again even if no column moves
        self.fit()

    def fit(self) -> None:
        """Share the table's width: the key column the rest, the others giving way if need be."""
        if not self.natural:
            return
        room = viewport_width(self.table)
        others = {c: w for c, w in self.natural.items() if c != self.key}
        over = sum(others.values()) + self.key_minimum() - room
        give = {c: max(w - self.floors[c], 0) for c, w in others.items()}
        if over > 0 and sum(give.values()):
            share = min(over / sum(give.values()), 1.0)
            others = {c: int(w - give[c] * share) for c, w in others.items()}
        others[self.key] = max(self.key_minimum(), room - sum(others.values()))
        widths = [others[c] for c in sorted(others)]
        if widths == self.widths:
            return
        for column, width in others.items():
            self.table.setColumnWidth(column, width)
        self.widths = widths
        if self.tall_rows:
            self.table.resizeRowsToContents()


def cap_columns(table: QTableView, chars: int) -> None:
    """No column wider than `chars` characters, and, where the table is narrower than its
    columns, each column shares the width down to its longest word (figures are never
    cut): longer text wraps onto more lines in a taller row, the whole of it on hover, so
    a narrow screen needs no sideways scroll."""
    cap = chars * char_width(table)
    model, metrics = table.model(), table.fontMetrics()
    pad = metrics.horizontalAdvance("MM")
    columns = range(model.columnCount())
    for column in columns:
        if table.columnWidth(column) > cap:
            table.setColumnWidth(column, cap)
    total = sum(table.columnWidth(c) for c in columns)
    room = viewport_width(table)
    if total > room > 0:
        for column in columns:
            words = [str(model.headerData(column, HORIZONTAL) or "")]
            words += [
                str(model.data(model.index(row, column), DISPLAY) or "")
                for row in range(model.rowCount())
            ]
            word = max((metrics.horizontalAdvance(w) for t in words for w in t.split()), default=0)
            share = table.columnWidth(column) * room // total
            table.setColumnWidth(column, max(share, word + pad))
    table.setWordWrap(True)
    table.resizeRowsToContents()
