"""'Page N of M' in a PDF's footers, where M is known only once the last page is drawn.

Each footer draws "Page N of " and then a form that is defined when the document is saved;
the documents' canvas class (`counting_canvas`) defines it with the number of pages.
Imported only by the PDF writers, which import reportlab anyway.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_COUNT = "pageCount"  # the form every footer draws


def page_label(canv: Canvas, right: float, font: str, size: float) -> tuple[str, float]:
    """'Page N of ' and the x it starts at, so that it and up to 999 pages end by `right`."""
    text = f"Page {canv.getPageNumber()} of "
    return text, right - stringWidth(text + "999", font, size)


def draw_page_label(canv: Canvas, text: str, x: float, y: float, font: str, size: float) -> None:
    """Draw `page_label`'s text at (x, y) in the canvas's font, then the page count after it."""
    canv.drawString(x, y, text)
    canv.translate(x + stringWidth(text, font, size), y)
    canv.doForm(PAGE_COUNT)


def counting_canvas(font: str, size: float, colour) -> type[Canvas]:
    """A canvas class whose saving defines the page count, drawn in this font and colour."""

    class CountingCanvas(Canvas):
        def save(self):
            pages = self.getPageNumber() - 1 if self._code == [] else self.getPageNumber()
            self.beginForm(PAGE_COUNT)
            self.setFont(font, size)
            self.setFillColor(colour)
            self.drawString(0, 0, str(max(pages, 1)))
            self.endForm()
            super().save()

    return CountingCanvas
