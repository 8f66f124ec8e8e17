"""The school data summary for the meeting pack, as a governor prints or saves it from the
Dashboard and the School data page; and a chart saved as a picture."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog

from stoke_governor.challenges.log import add_challenge
from stoke_governor.reports.data_summary import data_summary, long_date
from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.main_window import DATA_PAGE, MainWindow
from tests.conftest import BIRCHES_HEAD
from tests.reports.test_data_summary import pdf_pages, pdf_text

P8_LOW = "P8CILOW"  # not a headline measure: its title is printed only as a chart's


def wait_for(qtbot, condition):
    """QTest.qWait holds Python's lock; the worker needs it, so sleep a little too."""

    def ready():
        time.sleep(0.005)
        return condition()

    qtbot.waitUntil(ready, timeout=60_000)


@pytest.fixture
def window(qtbot, store):
    # Challenged today, so it is charted whatever the date the tests run on.
    add_challenge(store, BIRCHES_HEAD, question="Why is the lower end so low?", measure=P8_LOW)
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.pool.waitForDone(10_000)


def test_ctrl_p_on_the_dashboard_prints_the_school_data_summary(window, qtbot):
    window.dashboard.table.setFocus()
    qtbot.keyClick(window.dashboard.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    job = window.print_job
    assert job is not None and job.report.title == "School data summary"
    wait_for(qtbot, lambda: job.print_dialog is not None)
    pages = len(job.document)
    assert pages in (1, 2) and job.print_dialog.maxPage() == pages
    text = " ".join(pdf_text(job.pdf).split())  # the PDF being printed
    assert f"School data summary – Birches Head Academy – {long_date(dt.date.today())}" in text
    assert "Progress 8: lower end of likely range" in text  # the chart of the challenge
    assert "Sources" in text
    job.print_dialog.reject()


def test_the_dashboard_button_previews_the_summary_page_for_page(window, qtbot):
    window.dashboard.print_button.click()
    job = window.print_job
    wait_for(qtbot, lambda: job.preview_dialog is not None)
    preview = job.preview_dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == len(job.document) in (1, 2)
    assert job.preview_dialog.windowTitle() == "Print preview — School data summary"
    job.preview_dialog.close()


def test_file_print_on_the_school_data_page_prints_the_summary_too(window):
    window.nav.setCurrentRow(DATA_PAGE)
    job = window.print_report(preview=True)
    assert job is not None and job.report.title == "School data summary"


def test_the_summary_says_what_the_dashboard_shows(window, store):
    """Cell for cell: the measure, year, figures, target and status as on screen."""
    summary = data_summary(store, BIRCHES_HEAD)
    printed = [
        [r.measure, r.year, r.school, r.city, r.west_midlands, r.england, r.target, r.status]
        for r in summary.rows
    ]
    assert printed == window.dashboard.model.text
    age = window.dashboard.age.text().replace("\n", " ")
    assert summary.age == age


def test_save_the_summary_as_a_pdf_from_the_dashboard(window, qtbot, tmp_path, monkeypatch):
    offered = []
    path = tmp_path / "pack.pdf"

    def choose(_parent, _title, name, _filter):
        offered.append(name)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.dashboard.save_button.click()
    wait_for(qtbot, lambda: not window.exports.running)
    today = long_date(dt.date.today())
    assert offered[0].endswith(f"Birches Head Academy – School data summary – {today}.pdf")
    assert "Saved the school data summary for Birches Head Academy" in window.exports.box.text()
    assert pdf_pages(path)[0] in (1, 2)
    window.exports.box.close()


def test_a_chart_saved_as_a_picture_says_what_it_shows(window, qtbot, tmp_path, monkeypatch):
    window.nav.setCurrentRow(DATA_PAGE)
    page = window.data
    assert page.set_measure("PTL2BASICS_95")
    words = page.picture_caption()
    assert words.file_name == "Birches Head Academy – Grade 5 or above in English and maths.png"
    assert words.title == "Birches Head Academy – Grade 5 or above in English and maths"
    assert words.status == page.status.text() and words.status.startswith("Before the strategy")
    assert "Sources: " in words.source and "Key stage 4 results (provisional)" in words.source
    offered = []

    def choose(_parent, _title, name, _filter):
        offered.append(name)
        return str(tmp_path / "chart"), ""  # no suffix typed: .png is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    page.save_button.click()
    assert offered[0].endswith(words.file_name)
    image = QImage(str(tmp_path / "chart.png"))
    chart = page.trend_chart.grab()
    assert image.width() == chart.width() and image.height() > chart.height() + 60
    # Ink above the chart (the title) and below it (the status and sources).
    ratio = chart.devicePixelRatio()
    top, below = 14 * ratio, image.height() - 20 * ratio
    assert dark_pixels(image, 0, int(top + 10 * ratio)) > 20
    assert dark_pixels(image, int(below - 40 * ratio), image.height()) > 20
    assert "Saved the chart to" in window.statusBar().currentMessage()


def test_the_city_view_picture_is_named_for_it(window):
    window.nav.setCurrentRow(DATA_PAGE)
    page = window.data
    page.set_measure("PTL2BASICS_95")
    page.city_button.click()
    assert page.picture_caption().file_name == (
        "Birches Head Academy – Grade 5 or above in English and maths – every city school.png"
    )


def dark_pixels(image: QImage, y0: int, y1: int) -> int:
    return sum(
        1
        for y in range(max(y0, 0), min(y1, image.height()), 2)
        for x in range(0, image.width(), 3)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
