"""Draws a PDF's pages onto a QPainter (a printer, a preview page) or into a QImage.

PySide6-Essentials has no QtPdf, so pages are rasterised by PDFium through pypdfium2
(imported here, and this module only when something is printed: never at start-up).
Any PDF that PDFium reads can be drawn; a damaged file, or one that is not a PDF, raises
UnreadablePdf naming the file. PDFium is not thread-safe: use a document on one thread.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.reading import read_limited

MAX_FILE = 200_000_000  # bytes: more than any report; a bigger "PDF" is refused
MAX_PIXELS = 40_000_000  # one rendered page (A3 at 300 dpi is 17.4 million)
PRINT_DPI = 300  # the most a page is rendered at for a printer


class UnreadablePdf(BadInputFileError):
    """The file is damaged or not a PDF; the message names it."""


class PdfDocument:
    """The pages of one PDF, read into memory (the file may be removed afterwards)."""

    def __init__(self, path: str | Path):
        path = Path(path)
        try:  # a regular file (after links), never more than the limit: the one reader
            data = read_limited(path, MAX_FILE, "PDF to print")
        except BadInputFileError as exc:
            raise UnreadablePdf(str(exc)) from None
        try:
            self.pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise UnreadablePdf(f"{path.name} is damaged or is not a PDF.") from exc
        if len(self.pdf) == 0:
            self.pdf.close()
            raise UnreadablePdf(f"{path.name} has no pages.")
        self.name = path.name

    def __len__(self) -> int:
        return len(self.pdf)

    def page_size(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch), as it is shown (rotation applied)."""
        page = self.pdf[index]
        try:
            width, height = page.get_size()
        finally:
            page.close()
        if not (0 < width < 1e6 and 0 < height < 1e6):
            raise UnreadablePdf(f"Page {index + 1} of {self.name} has no size to draw.")
        return QSizeF(width, height)

    def image(self, index: int, size: QSize) -> QImage:
        """The page rendered to fit within `size` pixels, keeping its shape."""
        points = self.page_size(index)
        scale = min(size.width() / points.width(), size.height() / points.height())
        return self._render(index, scale * (1 - 1e-6))  # PDFium rounds the size up

    def image_at_dpi(self, index: int, dpi: float) -> QImage:
        """The page rendered at `dpi` pixels per inch (less if it would be enormous)."""
        return self._render(index, dpi / 72)

    def _render(self, index: int, scale: float) -> QImage:
        points = self.page_size(index)
        pixels = points.width() * points.height() * scale * scale
        if pixels > MAX_PIXELS:
            scale *= (MAX_PIXELS / pixels) ** 0.5
        page = self.pdf[index]
        try:
            bitmap = page.render(scale=max(scale, 0.01), rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
            bitmap.close()
        except pdfium.PdfiumError as exc:
            raise UnreadablePdf(f"Page {index + 1} of {self.name} cannot be drawn.") from exc
        finally:
            page.close()
        return image

    def render(self, painter: QPainter, index: int, target: QRectF, dpi: float = PRINT_DPI) -> None:
        """Draw the page into `target` (device pixels of the painter), as large as fits
        keeping its shape and centred; rendered at the device's resolution, up to `dpi`."""
        size = self.page_size(index).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        place = QRectF(target.topLeft(), size)
        place.moveCenter(target.center())
        device_dpi = painter.device().logicalDpiX() or 72
        image = self.image(index, (size * min(1.0, dpi / device_dpi)).toSize())
        painter.drawImage(place, image)

    def close(self) -> None:
        self.pdf.close()
