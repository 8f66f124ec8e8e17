"""Long work reports back to the widget it is for, and never into one already gone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel

from stoke_governor.ui.common.worker import start


def test_a_report_for_a_widget_closed_while_the_work_ran_is_dropped(qtbot):
    """A window closed mid-projection: the answer arrives for a label that is gone. Without
    an owner the slot would call into the deleted widget (an unexpected-error dialog)."""
    pool, release, heard = QThreadPool(), threading.Event(), []
    label = QLabel("Working out…")

    def work(_progress, _cancelled):
        release.wait(10)
        return "65.9% by 2026"

    def done(text: str) -> None:
        heard.append(text)
        label.setText(text)  # would raise: the label is deleted

    task = start(pool, work, finished=done, owner=label)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label))
    release.set()
    pool.waitForDone()
    qtbot.wait(20)  # the queued report would be delivered now
    assert heard == []
    del task


def test_a_report_for_a_widget_still_shown_arrives(qtbot):
    pool = QThreadPool()
    label = QLabel("Working out…")
    qtbot.addWidget(label)
    start(pool, lambda _p, _c: "65.9% by 2026", finished=label.setText, owner=label)
    qtbot.waitUntil(lambda: label.text() == "65.9% by 2026")
    pool.waitForDone()


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
