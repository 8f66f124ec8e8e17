"""The Self-evaluation page's chart: the mean rating per section, this year's bar beside
last year's, drawn with QPainter (no plot library to load)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

THIS_YEAR, LAST_YEAR = QColor("#e07b39"), QColor("#9aa5b1")
BAR = 13  # pixels per bar


class SectionChart(QWidget):
    """Mean rating per section: this year's bar beside last year's (QPainter, no plot library)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list = []  # Comparison rows
        self.top = 4
        self.setAccessibleName("Mean rating by section, this year beside last year")

    def set_rows(self, rows, top: int) -> None:
        self.rows, self.top = list(rows), top
        self.setMinimumHeight(len(self.rows) * (2 * BAR + 6) + 10)
        self.setToolTip(
            "\n".join(
                f"{r.title}: {'–' if r.this_year is None else r.this_year} this year, "
                f"{'–' if r.last_year is None else r.last_year} last year"
                for r in rows
            )
        )
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w, h = 150, BAR
        width = max(self.width() - label_w - 50, 40)
        for n, r in enumerate(self.rows):
            y = 8 + n * (2 * h + 6)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, y, label_w - 6, 2 * h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                r.title,
            )
            for k, (value, colour) in enumerate(
                ((r.this_year, THIS_YEAR), (r.last_year, LAST_YEAR))
            ):
                if value is None:
                    continue
                bar = QRectF(label_w, y + k * h, width * value / self.top, h - 3)
                painter.fillRect(bar, colour)
                painter.drawText(
                    QRectF(bar.right() + 4, bar.top(), 40, h - 3),
                    Qt.AlignmentFlag.AlignVCenter,
                    f"{value:.1f}",
                )
        painter.end()
