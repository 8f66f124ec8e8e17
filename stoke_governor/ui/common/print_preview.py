"""File ▸ Print… and Print preview… for the report of the page on show.

The window says which report its page has (ui/shell/page_reports.py). The report is
written as the same PDF the page exports (off the GUI thread, into a temporary folder),
then each page is rendered by PDFium (`pdf_render`) at the printer's resolution, up to
300 dpi, and drawn as large as the paper allows; the preview is Qt's print preview of
exactly those pages. A PDF that cannot be read is reported in one plain sentence.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QMarginsF, QRectF, QThreadPool, QTimer
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMessageBox

from stoke_governor.core.errors import StokeGovernorError

if TYPE_CHECKING:  # pdf_render imports PDFium: only when something is printed
    from stoke_governor.ui.common.pdf_render import PdfDocument

PRINT_DPI = 300  # the most a page is rendered at for paper
PREVIEW_DPI = 150  # and for the preview on screen (every page is held while it shows)


class Report(NamedTuple):
    title: str  # "Draft minutes of the Autumn term meeting"
    make_pdf: Callable[[Path], object]  # writes the report's PDF to this path (any thread)


def print_pages(document: PdfDocument, printer: QPrinter) -> int:
    """Draw every page of the document (or the range the user chose) on the printer, each
    as large as the paper allows keeping its shape; the number of pages sent. Pages are
    rendered at the printer's resolution up to PRINT_DPI (PREVIEW_DPI on screen)."""
    from PySide6.QtGui import QPaintEngine, QPainter

    first, last = 1, len(document)
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(len(document), printer.toPage() or last)
    if first > last:
        raise StokeGovernorError(f"The report has {len(document)} page(s): none in that range.")
    printer.setFullPage(True)  # the PDF has its own margins
    size = document.page_size(first - 1)
    wide = size.width() > size.height()
    portrait = size.transposed() if wide else size
    orientation = QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
    printer.setPageLayout(
        QPageLayout(
            QPageSize(
                portrait, QPageSize.Unit.Point, matchPolicy=QPageSize.SizeMatchPolicy.FuzzyMatch
            ),
            orientation,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise StokeGovernorError("The printer could not be started; check it is available.")
    on_screen = painter.paintEngine().type() == QPaintEngine.Type.Picture  # the preview
    sent = 0
    try:
        for index in range(first - 1, last):
            if sent:
                printer.newPage()
            area = printer.pageLayout().fullRectPixels(printer.resolution())
            document.render(
                painter, index, QRectF(area), dpi=PREVIEW_DPI if on_screen else PRINT_DPI
            )
            sent += 1
    finally:
        painter.end()
    return sent


class PrintJob:
    """One print or preview: writes the report's PDF off the GUI thread, then shows Qt's
    print dialog (print) or print preview. `preview_dialog` / `print_dialog` are kept so
    tests can read and close them; nothing here blocks the event loop."""

    def __init__(
        self,
        window,
        pool: QThreadPool,
        report: Report,
        preview: bool,
        printer: QPrinter | None = None,
    ):
        from stoke_governor.ui.common.worker import start

        self.window, self.report, self.preview = window, report, preview
        self.printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        self.folder = tempfile.TemporaryDirectory(prefix="stoke-governor-print-")
        self.pdf = Path(self.folder.name) / "report.pdf"
        self.document: PdfDocument | None = None
        self.preview_dialog: QPrintPreviewDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.pages_sent = 0
        self.message = ""
        pdf, make = self.pdf, report.make_pdf
        self.task = start(
            pool, lambda _p, _c: make(pdf), finished=self._written, failed=self._failed
        )

    def _written(self, _result) -> None:
        from stoke_governor.ui.common.pdf_render import PdfDocument

        try:
            self.document = PdfDocument(self.pdf)
        except (OSError, StokeGovernorError) as exc:
            reason = exc if isinstance(exc, StokeGovernorError) else "its PDF could not be read."
            self._tell(f"It could not be printed: {reason}")
            self.close()
            return
        self.printer.setDocName(self.report.title)
        if self.preview:
            dialog = QPrintPreviewDialog(self.printer, self.window)
            dialog.setWindowTitle(f"Print preview — {self.report.title}")
            dialog.setAccessibleName("Print preview")
            dialog.paintRequested.connect(self._paint)
            dialog.finished.connect(self.close)
            self.preview_dialog = dialog
            dialog.resize(900, 1000)
            dialog.open()
        else:
            dialog = QPrintDialog(self.printer, self.window)
            dialog.setWindowTitle(f"Print — {self.report.title}")
            dialog.setMinMax(1, len(self.document))
            dialog.accepted.connect(lambda: self._paint(self.printer))
            dialog.finished.connect(self.close)
            self.print_dialog = dialog
            QDialog.open(dialog)  # QPrintDialog's own open() wants a receiver and a slot

    def _paint(self, printer: QPrinter) -> None:
        try:
            self.pages_sent = print_pages(self.document, printer)
        except StokeGovernorError as exc:
            self._tell(f"It could not be printed: {exc}")
            return
        self.message = f"{self.report.title}: {self.pages_sent} page(s) sent to the printer."
        self.window.statusBar().showMessage(self.message, 10000)

    def _failed(self, message: str, _details: str) -> None:
        self._tell(f"The report could not be made: {message}")
        self.close()

    def _tell(self, text: str) -> None:
        self.message = text
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.report.title,
            text,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.open()

    def close(self, *_args) -> None:
        """Remove the temporary PDF (the document was read into memory when written) and,
        once this turn of the event loop is over (a dialog's `accepted` may still print),
        let go of the document."""
        self.folder.cleanup()
        if self.document is not None:
            QTimer.singleShot(0, self.document.close)
        if getattr(self.window, "print_job", None) is self:
            self.window.print_job = None


def print_report(
    window, pool: QThreadPool, report: Report | None, preview: bool = False
) -> PrintJob | None:
    """Print (or preview) the report of the page on show, written on the window's pool;
    says so if the page has none (`report` None)."""
    if report is None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Print",
            "This page has no report to print. The Dashboard and the School data page "
            "print the school data summary, the Meetings page a meeting's minutes, the "
            "Training page the training summary and the Self-evaluation page the "
            "self-evaluation.",
            QMessageBox.StandardButton.Ok,
            window,
        )
        window.print_box = box
        box.open()
        return None
    window.print_job = PrintJob(window, pool, report, preview)
    return window.print_job
