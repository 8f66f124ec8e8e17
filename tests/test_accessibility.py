"""Keyboard and screen-reader access: every page can be walked with Tab, and every control
it reaches says what it is."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QRadioButton,
    QTabBar,
    QWidget,
)

from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.main_window import LAZY_PAGES, MainWindow

from .conftest import BIRCHES_HEAD

PAGES = ["School dashboard"] + [title for title, _m, _c in LAZY_PAGES]


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))  # the demo board: pages full
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def _name(widget: QWidget) -> str:
    """What a screen reader would announce for the control."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    if isinstance(widget, QTabBar) and widget.count():
        return widget.tabText(widget.currentIndex())  # announced as "<name> tab"
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def _unchecked_radio(widget: QWidget) -> bool:
    """In a group of radio buttons Tab stops on the chosen one; arrows move between them."""
    return isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked()


def _tab_stops(page: QWidget) -> list[QWidget]:
    """The page's controls a Tab press can reach, in focus-chain order."""
    stops, widget = [], page.nextInFocusChain()
    while widget is not page and len(stops) < 500:
        if (
            page.isAncestorOf(widget)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and not _unchecked_radio(widget)
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


@pytest.mark.parametrize("row", range(len(PAGES)), ids=PAGES)
def test_every_page_is_walked_by_tab_and_names_each_control(window, qtbot, row):
    window.nav.setCurrentRow(row)
    page = window.page(row)
    qtbot.wait(50)
    stops = _tab_stops(page)
    assert len(stops) >= 2, f"{PAGES[row]}: nothing on the page takes the keyboard"
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in stops if not _name(w)]
    assert not unnamed, f"{PAGES[row]}: controls without an accessible name: {unnamed}"
    # Tab really moves through them: from the first, each press lands on a new control
    # of the page until the walk has visited every one of them.
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    seen = {id(QApplication.focusWidget())}
    for _ in range(len(stops) * 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(id(QApplication.focusWidget()))
    missed = [type(w).__name__ for w in stops if id(w) not in seen]
    assert not missed, f"{PAGES[row]}: Tab never reaches {missed}"


def test_navigation_list_is_named_and_reaches_every_page(window, qtbot):
    assert window.nav.accessibleName()
    window.nav.setFocus()
    window.nav.setCurrentRow(0)
    for row in range(1, len(PAGES)):
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.pages.currentIndex() == row
