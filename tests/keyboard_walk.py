"""Walking a page with Tab as a keyboard user would, and the names a screen reader announces."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QRadioButton, QTabBar, QWidget


def announced_name(widget: QWidget) -> str:
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


def tab_stops(page: QWidget) -> list[QWidget]:
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


def unnamed(stops: list[QWidget]) -> list[str]:
    """The controls among `stops` a screen reader would announce without a name."""
    return [f"{type(w).__name__} {w.objectName()!r}" for w in stops if not announced_name(w)]


def assert_tab_reaches_every(qtbot, stops: list[QWidget], what: str) -> None:
    """From the first stop, each Tab press lands on a new control until all were visited."""
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    seen = {id(QApplication.focusWidget())}
    for _ in range(len(stops) * 2):
        assert QApplication.focusWidget() is not None, f"{what}: focus lost"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(id(QApplication.focusWidget()))
    missed = [type(w).__name__ for w in stops if id(w) not in seen]
    assert not missed, f"{what}: Tab never reaches {missed}"


def assert_walked_by_tab(qtbot, page: QWidget, what: str) -> None:
    """The page has controls, each with a name, and Tab reaches every one of them."""
    stops = tab_stops(page)
    assert len(stops) >= 2, f"{what}: nothing on the page takes the keyboard"
    assert not unnamed(stops), f"{what}: controls without an accessible name: {unnamed(stops)}"
    assert_tab_reaches_every(qtbot, stops, what)
