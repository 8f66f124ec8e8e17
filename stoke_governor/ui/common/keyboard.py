"""One keyboard rule for every page: Tab moves from control to control, never inside one.

Tables and lists are entered and left with Tab (the arrow keys move within them); text
boxes pass Tab on rather than typing a tab character (nobody needs one in evidence or a
question); a date box is left with Tab (typing "2026-01-31" fills its parts in turn)
rather than stepping through year, month and day; a scrolling frame is not a stop of its
own (its controls are).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)


class _LeaveOnTab(QObject):
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            _next_stop(watched, backwards).setFocus(
                Qt.FocusReason.BacktabFocusReason if backwards else Qt.FocusReason.TabFocusReason
            )
            return True
        return False


def _next_stop(widget: QWidget, backwards: bool) -> QWidget:
    step = QWidget.previousInFocusChain if backwards else QWidget.nextInFocusChain
    candidate = step(widget)
    while candidate is not widget:
        if (
            candidate.isVisible()
            and candidate.isEnabled()
            and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not widget.isAncestorOf(candidate)
            and candidate.focusProxy() is None
        ):
            return candidate
        candidate = step(candidate)
    return widget


_leave_on_tab = None


def tab_moves_on(root: QWidget) -> None:
    global _leave_on_tab
    if _leave_on_tab is None:
        _leave_on_tab = _LeaveOnTab()
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for text in (*root.findChildren(QTextEdit), *root.findChildren(QPlainTextEdit)):
        text.setTabChangesFocus(True)
    for scroll in root.findChildren(QScrollArea):
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for box in root.findChildren(QDateTimeEdit):
        box.installEventFilter(_leave_on_tab)
