"""Keyboard and screen-reader access: every page can be walked with Tab, and every control
it reaches says what it is."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.main_window import LAZY_PAGES, MainWindow
from tests.conftest import BIRCHES_HEAD
from tests.keyboard_walk import assert_walked_by_tab

PAGES = ["School dashboard"] + [title for title, _m, _c in LAZY_PAGES]


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))  # the demo board: pages full
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize("row", range(len(PAGES)), ids=PAGES)
def test_every_page_is_walked_by_tab_and_names_each_control(window, qtbot, row):
    window.nav.setCurrentRow(row)
    page = window.page(row)
    qtbot.wait(50)
    assert_walked_by_tab(qtbot, page, PAGES[row])


def test_navigation_list_is_named_and_reaches_every_page(window, qtbot):
    assert window.nav.accessibleName()
    window.nav.setFocus()
    window.nav.setCurrentRow(0)
    for row in range(1, len(PAGES)):
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.pages.currentIndex() == row
