"""A thread pool like the one each window owns, for a page or dialog tested on its own."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool


def one_thread_pool() -> QThreadPool:
    """One thread, as the windows have it: one writer at a time."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    return pool


def school_page(qtbot, page_class, store, urn: int):
    """A school window's page on its own, with a pool like the window's, showing `urn`."""
    from stoke_governor.schools.register import get_school

    page = page_class(store, one_thread_pool())
    qtbot.addWidget(page)
    page.show_school(get_school(store, urn))
    return page
