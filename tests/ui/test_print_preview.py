"""Printing and print preview of the reports: any PDF's pages, rendered by PDFium."""

from __future__ import annotations

import time

import pypdfium2 as pdfium
import pytest

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from stoke_governor.board.governors import remove_demo_board
from stoke_governor.reports.minutes_export import export_minutes
from stoke_governor.schools.register import select_school
from stoke_governor.ui.common.pdf_render import PdfDocument, UnreadablePdf
from stoke_governor.ui.common.print_preview import PrintJob, Report, print_pages

URN = 124390  # the demo board: meetings with attendance, challenges and actions


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_count(path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_text(path, index) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[index]
        return " ".join(page.get_textpage().get_text_range().split())
    finally:
        pdf.close()


def ink(image: QImage) -> int:
    """Dark pixels, sampled on a grid: the text, lines and tables drawn."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 128
    )


@pytest.fixture
def minutes(store, tmp_path):
    return export_minutes(store, URN, tmp_path / "minutes.pdf").path


def test_minutes_print_page_for_page(qapp, minutes, tmp_path):
    doc = PdfDocument(minutes)
    assert len(doc) == page_count(minutes) >= 2
    assert "Page 2 of" in page_text(minutes, 1)  # the pages are the minutes' own
    printed = tmp_path / "printed.pdf"
    assert print_pages(doc, pdf_printer(printed)) == len(doc)
    assert page_count(printed) == len(doc)
    image = PdfDocument(printed).image_at_dpi(0, 50)  # the printed page is not blank
    assert ink(image) > 200


def test_a_page_range_prints_only_those_pages(qapp, minutes, tmp_path):
    printer = pdf_printer(tmp_path / "two.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    doc = PdfDocument(minutes)
    assert print_pages(doc, printer) == 1
    assert page_count(tmp_path / "two.pdf") == 1
    printed, original = (
        PdfDocument(tmp_path / "two.pdf").image_at_dpi(0, 40),
        doc.image_at_dpi(1, 40),
    )
    assert abs(ink(printed) - ink(original)) < ink(original) * 0.1  # page 2, not page 1
    assert abs(ink(printed) - ink(doc.image_at_dpi(0, 40))) > ink(original) * 0.1


def test_page_drawn_as_ink_on_paper_keeping_its_shape(qapp, minutes):
    doc = PdfDocument(minutes)
    image = QImage(600, 424, QImage.Format.Format_RGB32)  # wider than A4
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.render(painter, 0, QRectF(0, 0, 600, 424))
    painter.end()
    assert ink(image) > 200  # the heading, tables and text are there
    margin = image.copy(0, 0, 150, 424)  # A4 at 424 high is 300 wide, centred
    assert ink(margin) == 0
    assert doc.image(0, image.size()).size().height() == 424


def test_a_damaged_pdf_is_refused_plainly(qapp, tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 ReportLab\n1 0 obj <<>> endobj trailer")
    with pytest.raises(UnreadablePdf, match="bad.pdf is damaged or is not a PDF"):
        PdfDocument(tmp_path / "bad.pdf")
    (tmp_path / "notes.pdf").write_text("minutes to follow", encoding="utf-8")
    with pytest.raises(UnreadablePdf, match="notes.pdf is damaged or is not a PDF"):
        PdfDocument(tmp_path / "notes.pdf")


def test_a_pdf_from_elsewhere_prints(qapp, tmp_path):
    other = tmp_path / "other.pdf"  # written by Qt, landscape: not the app's reportlab
    printer = pdf_printer(other)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    painter = QPainter(printer)
    painter.drawText(400, 400, "written elsewhere")
    printer.newPage()
    painter.drawText(400, 400, "second page")
    painter.end()
    doc = PdfDocument(other)
    assert len(doc) == 2 and doc.page_size(0).width() > doc.page_size(0).height()
    printed = tmp_path / "printed.pdf"
    assert print_pages(doc, pdf_printer(printed)) == 2
    assert page_count(printed) == 2
    assert ink(PdfDocument(printed).image_at_dpi(0, 100)) > 0


def wait_for(qtbot, condition):
    """QTest.qWait holds Python's lock; the worker needs it, so sleep a little too."""

    def ready():
        time.sleep(0.005)
        return condition()

    qtbot.waitUntil(ready, timeout=60_000)


def test_meetings_page_previews_the_chosen_meetings_minutes(qtbot, store):
    from stoke_governor.ui.shell.main_window import LAZY_PAGES, MainWindow

    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1 + [m for _t, m, _c in LAZY_PAGES].index("meetings.page"))
    job = win.print_report(preview=True)
    assert job is not None and job.report.title.startswith("Draft minutes of the")
    wait_for(qtbot, lambda: job.preview_dialog is not None)
    preview = job.preview_dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == len(job.document) >= 2
    job.preview_dialog.close()
    win.pool.waitForDone()


def test_a_damaged_report_pdf_gives_a_plain_message(qtbot, store):
    from stoke_governor.ui.shell.main_window import MainWindow

    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    damaged = Report("Training summary", lambda path: path.write_bytes(b"%PDF-1.4 cut short"))
    job = PrintJob(win, win.pool, damaged, preview=True)
    wait_for(qtbot, lambda: job.message != "")
    assert job.message == "It could not be printed: report.pdf is damaged or is not a PDF."
    assert job.preview_dialog is None
    win.pool.waitForDone()


def test_a_page_without_a_report_says_so(qtbot, store):
    from stoke_governor.ui.shell.main_window import LAZY_PAGES, MainWindow

    remove_demo_board(store)
    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1 + [m for _t, m, _c in LAZY_PAGES].index("board.page"))
    assert win.print_report() is None  # the Board page has no report
    assert "no report to print" in win.print_box.text()
    assert "the Dashboard and the School data page print the school data summary" in (
        win.print_box.text().replace("The Dashboard", "the Dashboard")
    )
    win.print_box.close()
