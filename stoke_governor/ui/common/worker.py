"""The one way the app runs long work: a task on a QThreadPool, reporting by signals.

The work is a plain function `work(progress, cancelled)`: it calls `progress(done, total,
detail)` as it goes and checks `cancelled()` between steps. It never touches widgets;
its results reach the GUI thread through the task's signals.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Work = Callable[[Callable[[int, int, Any], None], Callable[[], bool]], Any]


class TaskSignals(QObject):
    # `object`, not int: Qt's int is 32 bits and would truncate big counts.
    progress = Signal(object, object, object)  # done, total, detail
    finished = Signal(object)  # the work's result
    failed = Signal(str, str)  # message, details


class Task(QRunnable):
    def __init__(self, work: Work):
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)  # the caller keeps it until `finished` or `failed`

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self._cancel.is_set)
        except Exception as exc:  # reported to the user; the app goes on
            _log_failure(exc)
            # a refusal worded for the user (a full disk, a bad file) has no details to show
            details = "" if _refusal(exc) else traceback.format_exc()
            self.signals.failed.emit(str(exc) or type(exc).__name__, details)
        else:
            self.signals.finished.emit(result)


def _refusal(exc: Exception) -> bool:
    from stoke_governor.core.errors import StokeGovernorError

    return isinstance(exc, StokeGovernorError)


def _log_failure(exc: Exception) -> None:
    """To the app's log: a plain refusal (bad file, cancelled) as one line, anything
    unexpected with its traceback."""
    from stoke_governor.core.errors import StokeGovernorError

    log = logging.getLogger("stoke_governor.worker")
    if isinstance(exc, StokeGovernorError):
        log.info("Task stopped: %s", exc)
    else:
        log.error("Task failed: %s", exc, exc_info=exc)


def window_pool(window: QObject) -> QThreadPool:
    """The window's one thread pool, which it hands to the pages and dialogs it opens: one
    writer at a time, on one thread kept for good (its database connection too)."""
    pool = QThreadPool(window)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool


def start(
    pool: QThreadPool,
    work: Work,
    *,
    progress=None,
    finished=None,
    failed=None,
    owner: QObject | None = None,
) -> Task:
    """Run `work` on the pool; the slots are connected before it starts, so no report is lost.

    `owner`: the widget the reports are for. A report that arrives once it is gone (its
    window closed while the work ran) is dropped, where a slot calling into it would fail."""
    task = Task(work)
    for signal, slot in (
        (task.signals.progress, progress),
        (task.signals.finished, finished),
        (task.signals.failed, failed),
    ):
        if slot is not None:
            signal.connect(slot if owner is None else _while_alive(owner, slot))
    pool.start(task)
    return task


def _while_alive(owner: QObject, slot: Callable) -> Callable:
    from shiboken6 import isValid

    def report(*args) -> None:
        if isValid(owner):
            slot(*args)

    return report
