"""A thread pool like the one each window owns, for a page or dialog tested on its own."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool


def one_thread_pool() -> QThreadPool:
    """One thread, as the windows have it: one writer at a time."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    return pool
