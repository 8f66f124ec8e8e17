"""The School data page's chart saved as a picture (PNG) for papers and slides.

The picture carries what makes it readable on its own: a title naming the school and the
measure above the chart (whose axis shows the years), and below it the status in the page's
own words and the sources. Its file name is in words: "Birches Head Academy – Grade 5 or
above in English and maths.png".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from stoke_governor.core.settings import EXPORT_FOLDER
from stoke_governor.reports.common import words_file_name
from stoke_governor.ui.common.user_settings import last_folder, remember_folder

if TYPE_CHECKING:
    from stoke_governor.ui.measures.data_page import DataPage

PAD = 14  # around the text, in pixels
WRAP = Qt.TextFlag.TextWordWrap
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class Caption(NamedTuple):
    title: str  # "Birches Head Academy – Grade 5 or above in English and maths"
    status: str  # the status line as the page shows it
    source: str  # "Sources: …"

    @property
    def file_name(self) -> str:
        return words_file_name(self.title, suffix=".png")


def caption(school: str, parts: list[str], status: str, source: str) -> Caption:
    """The picture's words: the title (school – measure, and the view when not over the
    years), the status and the sources."""
    return Caption(" – ".join([school, *parts]), status, source)


def page_caption(page: DataPage) -> Caption:
    """The words for the chart the School data page shows: its status line as shown."""
    city = page.city_button.isChecked()  # all city schools, not over the years
    shown = page.comparison if city else page.history
    label = shown.measure.label if shown else (page.measure_box.currentText() or "Chart")
    parts = [label, "every city school"] if city else [label]
    return caption(page.school.name if page.school else "", parts, page.status.text(), page.sources)


def ask_save(page: DataPage) -> None:
    """Ask where to save the page's chart, offering its name in words; then save it."""
    if page.charts is None or page.school is None:
        return
    folder = Path(last_folder(EXPORT_FOLDER))
    name = str(folder / page.picture_caption().file_name)
    path, _ = QFileDialog.getSaveFileName(page, "Save chart as picture", name, "PNG (*.png)")
    if path:
        path += "" if path.lower().endswith(".png") else ".png"
        remember_folder(EXPORT_FOLDER, Path(path).parent)
        if not page.save_png(path):
            QMessageBox.warning(page, "Save chart as picture", f"It could not be saved to {path}.")
        elif hasattr(page.window(), "statusBar"):
            page.window().statusBar().showMessage(f"Saved the chart to {path}.", 10000)


def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
    title = QFont(base)
    title.setBold(True)
    title.setPointSizeF(base.pointSizeF() * 1.25)
    status = QFont(base)
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.9)
    return title, status, small


def compose(chart: QWidget, words: Caption) -> QImage:
    """The chart as shown, with the title above it and the status and sources below."""
    shot = chart.grab()
    ratio = shot.devicePixelRatio() or 1.0
    width = round(shot.width() / ratio)
    title_font, status_font, small_font = _fonts(chart.font())
    room = QRect(0, 0, width - 2 * PAD, 10_000)
    blocks = [
        (title_font, words.title, QColor("#111111")),
        (status_font, words.status, QColor("#1b1b1b")),
        (small_font, words.source, QColor("#444444")),
    ]
    heights = [
        QFontMetrics(font).boundingRect(room, int(LEFT | WRAP), text).height() if text else 0
        for font, text, _ in blocks
    ]
    chart_h = round(shot.height() / ratio)
    gap = PAD // 2
    total = PAD + heights[0] + PAD + chart_h + PAD + heights[1] + gap + heights[2] + PAD
    image = QImage(round(width * ratio), round(total * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("white"))
    painter = QPainter(image)

    def write(block: int, y: int) -> int:
        font, text, colour = blocks[block]
        if text:
            painter.setFont(font)
            painter.setPen(colour)
            box = QRect(PAD, y, width - 2 * PAD, heights[block])
            painter.drawText(box, int(LEFT | WRAP), text)
        return y + heights[block]

    y = write(0, PAD) + PAD  # the title, then the chart with its years on the axis
    painter.drawPixmap(0, y, shot)
    write(2, write(1, y + chart_h + PAD) + gap)  # the status, then the sources
    painter.end()
    return image


def save_picture(chart: QWidget, words: Caption, path: str) -> bool:
    return compose(chart, words).save(path, "PNG")
