"""The list of pages down a window's left side: as wide as its longest title, never cut.

The list keeps the width its titles need, so a narrow window (1024×600) squeezes the page
beside it and never the titles, and the list has no horizontal scroll bar. `fit()` again
after adding pages.
"""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QWidget

SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy by number: naming Qt's namespace costs start-up


class PageList(QListWidget):
    def __init__(self, titles=(), parent: QWidget | None = None):
        super().__init__(parent, objectName="navigation")
        self.setAccessibleName("Pages")
        self.setProperty("horizontalScrollBarPolicy", SCROLL_BAR_ALWAYS_OFF)
        for title in titles:
            self.addItem(title)
        self.fit()

    def text_width(self) -> int:
        """The width the longest title needs, with the item's margins."""
        metrics = self.fontMetrics()
        texts = [self.item(row).text() for row in range(self.count())]
        return max((metrics.horizontalAdvance(t) for t in texts), default=0)

    def fit(self) -> None:
        """As wide as the longest title, with room for the item's margins, the frame and a
        vertical scroll bar (a window too short for every title)."""
        margins = self.fontMetrics().horizontalAdvance("MM")
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        self.setFixedWidth(self.text_width() + margins + 2 * self.frameWidth() + scroll_bar)
