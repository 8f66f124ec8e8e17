"""Anything unexpected: logged to a file in the data folder and shown in a friendly dialog."""

from __future__ import annotations

import sys
import threading

import pytest

from PySide6.QtCore import QThread, QThreadPool
from PySide6.QtGui import QGuiApplication

from stoke_governor import __version__
from stoke_governor.core import paths
from stoke_governor.ui.shell import error_hook


@pytest.fixture
def hooks(qapp):
    """The app's hooks installed for one test, then the previous ones put back."""
    saved = sys.excepthook, threading.excepthook
    error_hook.install(qapp)
    yield error_hook
    sys.excepthook, threading.excepthook = saved
    dialog = error_hook.current_dialog()
    if dialog is not None:
        dialog.close()
    error_hook.close_log()


def raised(exc: Exception):
    try:
        raise exc
    except Exception:
        return sys.exc_info()


def test_unexpected_error_is_logged_and_shown_with_copy_details(qtbot, hooks):
    sys.excepthook(*raised(ZeroDivisionError("division by zero in the chart")))
    qtbot.waitUntil(lambda: hooks.current_dialog() is not None)
    dialog = hooks.current_dialog()
    assert dialog.isVisible()  # open(), not exec(): the app carries on behind it
    assert "Your data is safe" in dialog.message.text()
    assert str(paths.log_file()) in dialog.message.text()
    log = paths.log_file().read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero in the chart" in log and "Traceback" in log
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "ZeroDivisionError: division by zero in the chart" in copied
    assert f"Stoke Governor {__version__}" in copied and "Qt 6." in copied
    assert "raise exc" in copied  # the traceback itself


def test_error_in_a_thread_is_shown_on_the_gui_thread_in_the_same_dialog(qtbot, hooks):
    sys.excepthook(*raised(ValueError("first")))
    qtbot.waitUntil(lambda: hooks.current_dialog() is not None)

    def fail():
        raise RuntimeError("from a worker thread")

    thread = threading.Thread(target=fail, name="worker-1")
    thread.start()
    thread.join()
    dialog = hooks.current_dialog()
    qtbot.waitUntil(lambda: dialog.count == 2)
    assert dialog.thread() is QThread.currentThread()  # built and shown on the GUI thread
    assert "2 unexpected problems" in dialog.message.text()
    assert "RuntimeError: from a worker thread" in dialog.details.toPlainText()
    assert "in thread worker-1" in paths.log_file().read_text(encoding="utf-8")


def test_a_failed_task_is_logged(qtbot, hooks):
    from stoke_governor.ui.common.worker import start

    def work(_progress, _cancelled):
        raise KeyError("no such column")

    pool = QThreadPool()
    failed = []
    start(pool, work, failed=lambda message, details: failed.append(message))
    pool.waitForDone()
    qtbot.waitUntil(lambda: bool(failed))
    log = paths.log_file().read_text(encoding="utf-8")
    assert "Task failed: 'no such column'" in log and "KeyError" in log
    assert hooks.current_dialog() is None  # the page that ran it shows its own message


def test_portable_mode_keeps_the_log_beside_the_data(tmp_path, monkeypatch):
    app = tmp_path / "usb"
    app.mkdir()
    (app / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "stoke-governor.exe"))
    assert paths.log_file().parent == app / "data" / "logs"
    assert paths.settings_file() == app / "data" / "settings.ini"
