"""Printing and print preview of the reports: the app's PDFs drawn page by page."""

from __future__ import annotations

import subprocess
import time

import pytest

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from stoke_governor.board import remove_demo_board
from stoke_governor.reports import export_minutes
from stoke_governor.schools import select_school
from stoke_governor.ui.pdf_render import PdfDocument, UnsupportedPdf
from stoke_governor.ui.print_preview import print_pages

URN = 124390  # the demo board: meetings with attendance, challenges and actions


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def minutes(store, tmp_path):
    return export_minutes(store, URN, tmp_path / "minutes.pdf").path


def test_minutes_print_page_for_page_with_their_text(qapp, minutes, tmp_path):
    doc = PdfDocument(minutes)
    assert len(doc) == minutes.read_bytes().count(b"/Type /Page\n")
    printed = tmp_path / "printed.pdf"
    assert print_pages(doc, pdf_printer(printed)) == len(doc)
    text = pdf_text(printed)
    assert text.count("\f") == len(doc)  # one printed page per page
    for words in ("Minutes: Autumn term meeting", "Attendance and quorum", "Page 1 of"):
        assert words in " ".join(text.split())


def test_a_page_range_prints_only_those_pages(qapp, minutes, tmp_path):
    printer = pdf_printer(tmp_path / "two.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_pages(PdfDocument(minutes), printer) == 1
    assert "Page 2 of" in pdf_text(tmp_path / "two.pdf")


def test_page_drawn_as_ink_on_paper(qapp, minutes):
    doc = PdfDocument(minutes)
    image = QImage(300, 424, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.render(painter, 0, QRectF(0, 0, 300, 424))
    painter.end()
    dark = sum(1 for y in range(0, 424, 2) for x in range(0, 300, 2)
               if QColor(image.pixel(x, y)).lightness() < 128)  # fmt: skip
    assert dark > 200  # the heading, tables and text are there


def test_a_pdf_from_elsewhere_is_refused_plainly(qapp, tmp_path):
    other = tmp_path / "other.pdf"
    printer = pdf_printer(other)
    painter = QPainter(printer)
    painter.drawText(100, 100, "not the app's")
    painter.end()
    with pytest.raises(UnsupportedPdf, match="other.pdf was not written by this app"):
        PdfDocument(other)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 ReportLab\n1 0 obj <<>> endobj trailer")
    with pytest.raises(UnsupportedPdf):
        PdfDocument(tmp_path / "bad.pdf")


def wait_for(qtbot, condition):
    """QTest.qWait holds Python's lock; the worker needs it, so sleep a little too."""

    def ready():
        time.sleep(0.005)
        return condition()

    qtbot.waitUntil(ready, timeout=60_000)


def test_meetings_page_previews_the_chosen_meetings_minutes(qtbot, store):
    from stoke_governor.ui.main_window import LAZY_PAGES, MainWindow

    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    win.nav.setCurrentRow(1 + [m for _t, m, _c in LAZY_PAGES].index("meetings_page"))
    job = win.print_report(preview=True)
    assert job is not None and job.report.title.startswith("Draft minutes of the")
    wait_for(qtbot, lambda: job.preview_dialog is not None)
    preview = job.preview_dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == len(job.document) >= 2
    job.preview_dialog.close()
    win.pool.waitForDone()


def test_a_page_without_a_report_says_so(qtbot, store):
    from stoke_governor.ui.main_window import MainWindow

    remove_demo_board(store)
    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    assert win.print_report() is None  # the dashboard has no report
    assert "no report to print" in win.print_box.text()
    win.print_box.close()
