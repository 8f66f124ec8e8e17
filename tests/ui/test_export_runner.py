"""The clerk's exports from the main window: off the GUI thread, with a message when done."""

from __future__ import annotations

import pytest

from tests.meeting_board import build_meeting
from tests.meetings.test_minutes_export import URN, pdf_text


@pytest.fixture
def meeting(store):
    return build_meeting(store, URN)


def finished(win) -> bool:
    """The export ended. (Sleeps a little first: QTest.qWait keeps Python's lock while it
    waits, and the worker needs it to run.)"""
    import time

    time.sleep(0.005)
    return not win.exports.running


def test_window_exports_off_the_gui_thread(qtbot, store, meeting, tmp_path):
    from stoke_governor.schools.register import select_school
    from stoke_governor.ui.shell.main_window import MainWindow

    win = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(win)
    task = win.export_meeting(meeting, "pdf", path=str(tmp_path / "m.pdf"))
    assert task is not None
    qtbot.waitUntil(lambda: finished(win), timeout=60_000)
    assert "Saved the draft minutes" in win.exports.box.text() and "m.pdf" in win.exports.box.text()
    assert any(b.text() == "Open &folder" for b in win.exports.box.buttons())
    assert "Quorate" in pdf_text(tmp_path / "m.pdf")
    win.export_meeting(meeting, "docx", path=str(tmp_path / "m.docx"))
    qtbot.waitUntil(lambda: finished(win), timeout=60_000)
    assert "as a Word document" in win.exports.box.text() and (tmp_path / "m.docx").is_file()
    win.export_meeting(None, "xlsx", path=str(tmp_path / "a.xlsx"))
    qtbot.waitUntil(lambda: finished(win), timeout=60_000)
    assert "2 action(s) from every meeting" in win.exports.box.text()
    win.exports.box.close()
    win.pool.waitForDone()
