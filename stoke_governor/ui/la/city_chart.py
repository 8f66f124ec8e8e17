"""How the city's boards rate themselves on one section: a bar per rating, with the same
numbers in a small table beside it.

The bars are drawn with QPainter (no plot library: a redraw is a few rectangles). Colours
are from the Okabe-Ito colour-blind-safe set and every bar also has its own fill pattern
and its own label, so the chart reads in greyscale; the table says it all again in words.
When returns are held for the year before, each rating has a second, thinner bar for that
year, drawn hollow (outline only) and named in a legend; the table gives its counts too.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.axis import count_ticks
from stoke_governor.ui.common.text_table import Cell, TextTableModel

NOT_RATED, NO_RETURN = "not rated", "no return"
Pattern = Qt.BrushStyle
# rating → (colour, pattern drawn over it)
BAR_STYLES = {
    1: ("#D55E00", Pattern.BDiagPattern),
    2: ("#E69F00", Pattern.FDiagPattern),
    3: ("#56B4E9", Pattern.NoBrush),
    4: ("#0072B2", Pattern.CrossPattern),
    NOT_RATED: ("#FFFFFF", Pattern.Dense6Pattern),
    NO_RETURN: ("#BBBBBB", Pattern.DiagCrossPattern),
}
DEFAULT_LABELS = {1: "Not yet in place", 2: "Developing", 3: "Established", 4: "Strong"}
BAR, GAP = 22, 6  # pixels per bar, between bars
BEFORE_BAR, LEGEND = 12, 22  # pixels: last year's thin bar, the legend above the bars


class Bar(NamedTuple):
    key: object  # 1-4, NOT_RATED or NO_RETURN
    label: str
    count: int


def bars_of(counts: dict, labels: dict[int, str] | None = None) -> list[Bar]:
    """The six bars of a section's distribution (keys may be ints or their strings)."""
    labels = labels or DEFAULT_LABELS
    out = []
    for value in (1, 2, 3, 4):
        n = counts.get(value, counts.get(str(value), 0)) or 0
        out.append(Bar(value, f"{value} {labels.get(value, '')}".strip(), int(n)))
    out.append(Bar(NOT_RATED, "Not rated", int(counts.get(NOT_RATED, 0) or 0)))
    out.append(Bar(NO_RETURN, "No return", int(counts.get(NO_RETURN, 0) or 0)))
    return out


def share(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "–"


class DistributionChart(QWidget):
    """Horizontal bars: how many boards give themselves each rating on one section."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.before: list[Bar] = []  # the same bars for the year before; [] when none held
        self.years = ("", "")
        self.title = ""
        self.ticks: list[int] = [0, 1]  # the count axis: round steps, the last at or past the top
        self.setMinimumSize(300, 6 * (BAR + GAP + BEFORE_BAR) + 30 + LEGEND)
        self.setAccessibleName("Chart: how many boards give themselves each rating")

    def set_bars(
        self,
        bars: list[Bar],
        title: str,
        before: list[Bar] | None = None,
        years: tuple[str, str] = ("", ""),
    ) -> None:
        """`before`: last year's bars (same keys), drawn beside this year's; `years`: (this
        year, last year) for the legend."""
        self.bars, self.title = list(bars), title
        self.before, self.years = list(before or []), years
        most = max((b.count for b in [*self.bars, *self.before]), default=0)
        self.ticks = count_ticks(most, most=5)
        total = sum(b.count for b in bars)
        lines = [
            f"{b.label}: {b.count} board{'' if b.count == 1 else 's'} ({share(b.count, total)})"
            for b in bars
        ]
        if self.before:
            was = sum(b.count for b in self.before)
            lines = [
                f"{line}; {years[1]}: {b.count} ({share(b.count, was)})"
                for line, b in zip(lines, self.before, strict=True)
            ]
        self.setToolTip(f"{title}\n" + "\n".join(lines))
        self.setAccessibleDescription(self.toolTip())
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        text = QColor("#222222")
        label_w = min(150, self.width() // 3)
        room = max(self.width() - label_w - 80, 40)
        top = self.ticks[-1]
        total = sum(b.count for b in self.bars)
        was = sum(b.count for b in self.before)
        align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        two = bool(self.before)
        first = 6 + (LEGEND if two else 0)
        if two:
            self._legend(painter, label_w, text)
        step = BAR + GAP + (BEFORE_BAR if two else 0)
        self._draw_axis(painter, label_w, room, first + len(self.bars) * step)
        for n, b in enumerate(self.bars):
            y = first + n * step
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w - 8, BAR), align_right, b.label)
            colour, pattern = BAR_STYLES[b.key]
            width = room * b.count / top
            bar = QRectF(label_w, y, max(width, 1.5), BAR)
            painter.fillRect(bar, QColor(colour))
            if pattern != Pattern.NoBrush:
                painter.fillRect(bar, QBrush(QColor(0, 0, 0, 110), pattern))
            painter.setPen(QPen(QColor("#444444"), 1))
            painter.drawRect(bar)
            painter.setPen(text)
            painter.drawText(
                QRectF(bar.right() + 6, y, 80, BAR),
                Qt.AlignmentFlag.AlignVCenter,
                f"{b.count} ({share(b.count, total)})",
            )
            if two:
                old = self.before[n]
                hollow = QRectF(label_w, y + BAR, max(room * old.count / top, 1.5), BEFORE_BAR)
                painter.setPen(QPen(QColor(colour).darker(160), 1.5))
                painter.drawRect(hollow)
                painter.setPen(QColor("#555555"))
                small = painter.font()
                small.setPointSizeF(small.pointSizeF() * 0.85)
                painter.setFont(small)
                painter.drawText(
                    QRectF(hollow.right() + 6, y + BAR, 80, BEFORE_BAR),
                    Qt.AlignmentFlag.AlignVCenter,
                    f"{old.count} ({share(old.count, was)})",
                )
                painter.setFont(self.font())
        painter.end()

    def _legend(self, painter: QPainter, left: float, text: QColor) -> None:
        """'■ 2026-27   ▭ 2025-26' above the bars."""
        painter.fillRect(QRectF(left, 6, 14, 10), QColor("#56B4E9"))
        painter.setPen(QPen(QColor("#444444"), 1))
        painter.drawRect(QRectF(left, 6, 14, 10))
        painter.setPen(text)
        painter.drawText(QRectF(left + 20, 0, 90, 22), Qt.AlignmentFlag.AlignVCenter, self.years[0])
        painter.setPen(QPen(QColor("#555555"), 1.5))
        painter.drawRect(QRectF(left + 110, 9, 14, 5))
        painter.setPen(text)
        painter.drawText(
            QRectF(left + 130, 0, 160, 22),
            Qt.AlignmentFlag.AlignVCenter,
            f"{self.years[1]} (thin, hollow)",
        )

    def _draw_axis(self, painter: QPainter, left: float, room: float, bottom: float) -> None:
        """Light lines at round counts behind the bars, each labelled under them."""
        top = self.ticks[-1]
        for tick in self.ticks:
            x = left + room * tick / top
            painter.setPen(QPen(QColor("#DDDDDD"), 1))
            painter.drawLine(QPointF(x, 2), QPointF(x, bottom - GAP + 2))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(x - 30, bottom - 2, 60, 16), Qt.AlignmentFlag.AlignHCenter, str(tick)
            )


class DistributionPanel(QWidget):
    """Choose a section; see its bars and the table of the same numbers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.section = QComboBox(objectName="citySection")
        self.section.setAccessibleName("Section shown in the chart")
        self.section.currentIndexChanged.connect(self._redraw)
        self.chart = DistributionChart()
        self.model = TextTableModel(self)
        self.table = QTableView(objectName="cityDistributionTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName("The chart's numbers: boards by rating")
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.caption = QLabel(wordWrap=True, objectName="cityChartCaption")
        self.picture = None
        self.trend = None  # la.city_trend.CityTrend when last year's picture is given
        self.labels: dict[int, str] = DEFAULT_LABELS
        form = QFormLayout()
        label = QLabel("S&ection:")
        label.setBuddy(self.section)
        form.addRow(label, self.section)
        left = QVBoxLayout()
        left.addWidget(
            QLabel(
                "<b>How boards rate themselves</b> (the mean of their own "
                "ratings in the section, rounded)",
                wordWrap=True,
            )
        )
        left.addLayout(form)
        left.addWidget(self.chart, 1)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addWidget(self.caption)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def set_picture(self, picture, labels: dict[int, str] | None = None, before=None) -> None:
        """`before`: the city picture of the year before, shown beside this year's when it
        holds any return (`la.city_trend`)."""
        from stoke_governor.la.city_trend import city_trend_between

        self.picture, self.labels = picture, labels or DEFAULT_LABELS
        self.trend = None if before is None else city_trend_between(picture, before)
        keep = self.section.currentData()
        self.section.blockSignals(True)
        self.section.clear()
        for section_id, title in picture.sections:
            self.section.addItem(title, section_id)
        self.section.setCurrentIndex(max(self.section.findData(keep), 0))
        self.section.blockSignals(False)
        self._redraw()

    def _redraw(self) -> None:
        from stoke_governor.la.city import distribution

        section_id = self.section.currentData()
        if self.picture is None or section_id is None:
            self.chart.set_bars([], "")
            self.model.set_rows(["Rating", "Boards", "Share"], [])
            return
        bars = bars_of(distribution(self.picture, section_id), self.labels)
        total = sum(b.count for b in bars)
        title = self.section.currentText()
        trend = self.trend
        last = trend.before.get(section_id) if trend and trend.returned_last_year else None
        before = bars_of(last, self.labels) if last is not None else None
        years = (self.picture.year, trend.previous_year if trend else "")
        self.chart.set_bars(bars, f"{title}: boards by their own mean rating", before, years)
        header = ["Rating", "Boards", "Share"]
        was = sum(b.count for b in before) if before else 0
        if before is not None:
            header = ["Rating", *(f"{h} {y}" for y in years for h in ("Boards", "Share"))]
        rows = []
        for n, b in enumerate(bars):
            row = [Cell(b.label), *_counted(b.count, total)]
            rows.append(row + (_counted(before[n].count, was) if before else []))
        everyone = [Cell("All open schools"), *_counted(total, total)]
        rows.append(everyone + (_counted(was, was) if before else []))
        self.model.set_rows(header, rows)
        self.table.resizeRowsToContents()
        self.caption.setText(
            "“Not rated”: the board returned its self-evaluation but rated nothing in this "
            "section. “No return”: no return is held for this year."
            + (f" {trend.sentence(section_id)}" if trend and trend.returned_last_year else "")
            + (
                f" No returns are held for {trend.previous_year}, so there is nothing to "
                "compare with."
                if trend and not trend.returned_last_year
                else ""
            )
        )


def _counted(n: int, total: int) -> list[Cell]:
    """A count and its share of `total`, as two table cells."""
    return [Cell(str(n), number=True), Cell(share(n, total), number=True)]
