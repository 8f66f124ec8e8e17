"""Meeting mode: the keys that work wherever the focus is in a window, so a governor can
follow a meeting by keyboard.

Go menu: Ctrl+1…Ctrl+7 open the first seven pages of the page list (each page's entry in
the list says its key too), with the keyboard on the page's first control.

Edit menu (the board's window): Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z or Ctrl+Y) take back
or make again the last change to the challenge log, named in the menu ("Undo recording
challenge ‘Why is…’"), whichever page is on show; the status bar says what was done. A text
box's own typing comes first: while the box with the keyboard has typing to undo, Ctrl+Z
undoes that; once it has none (nothing typed, or all of it undone), Ctrl+Z undoes the
log's last change.

Neither menu has an Alt+letter of its own: every letter a menu could take is already a
control's on one page or another, and a menu taking it would stop that control's key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

PAGE_KEYS = 7  # Ctrl+1 to Ctrl+7


def text_controls() -> tuple[type[QWidget], ...]:
    """The controls that keep typing of their own to undo (others leave Ctrl+Z to the
    window). Imported when first asked for: each Qt class PySide makes on first use costs
    the first window about a millisecond, and these are not on it."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit

    return (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)


def _action(window: QWidget, menu: QMenu, text: str, slot, *keys: str) -> QAction:
    """A menu entry; its keys set with `setShortcuts` (see MainWindow._action)."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def add_go_menu(window: QMainWindow) -> QMenu:
    """The Go menu of a window with a page list (`nav`) and its pages (`pages`): Ctrl+1… for
    the first seven pages."""
    menu = QMenu("Go", window)
    nav = window.nav
    for row in range(min(nav.count(), PAGE_KEYS)):
        item = nav.item(row)
        keys = f"Ctrl+{row + 1}"
        item.setToolTip(f"{item.text()} ({keys})")
        _action(
            window, menu, f"&{row + 1} {item.text()}", lambda _=False, r=row: go_to(window, r), keys
        )
    window.menuBar().addMenu(menu)
    return menu


def go_to(window: QMainWindow, row: int) -> None:
    """Show the page at this row of the page list, with the keyboard on its first control."""
    from PySide6.QtCore import Qt

    window.nav.setCurrentRow(row)
    page = window.pages.currentWidget()
    widget = page.nextInFocusChain()
    while widget is not page and widget is not None:
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
    window.nav.setFocus()


def has_own(widget: QWidget, undo: bool) -> bool:
    """Whether this text control has typing of its own to undo (or redo); True for any
    other control, so its own keys are left alone."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit

    if isinstance(widget, (QComboBox, QAbstractSpinBox)):
        edit = widget.findChild(QLineEdit)
        if edit is None:
            return False
        widget = edit
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isUndoAvailable() if undo else widget.isRedoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    return True


class LogUndo(QObject):
    """The board window's Edit menu: Undo and Redo of the challenge log, from anywhere."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.stack: QUndoStack | None = None  # the challenge log's, once its page is built
        menu = QMenu("Edit", window)
        self.undo_action = _action(window, menu, "&Undo", self.undo, "Ctrl+Z")
        self.redo_action = _action(window, menu, "&Redo", self.redo, "Ctrl+Shift+Z", "Ctrl+Y")
        for action in (self.undo_action, self.redo_action):
            action.setEnabled(False)
        window.menuBar().addMenu(menu)
        self.menu = menu

    def attach(self, page) -> None:
        """The challenge log page, once built: its undo history behind the menu's entries,
        its own Ctrl+Z keys turned off (the menu's work everywhere), what it says shown in
        the status bar."""
        stack = self.stack = page.undo_stack
        for key in page.undo_keys:
            key.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self._name(self.undo_action, "Undo", text))
        stack.redoTextChanged.connect(lambda text: self._name(self.redo_action, "Redo", text))
        page.told.connect(lambda text: self.window.statusBar().showMessage(text, 15000))
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    @staticmethod
    def _name(action: QAction, verb: str, text: str) -> None:
        text = text.replace("&", "&&")  # a question's "&" shown, not taken as a key
        action.setText(f"&{verb} {text}" if text else f"&{verb}")

    def undo(self) -> None:
        if self.stack is not None and self.stack.canUndo():
            self.stack.undo()

    def redo(self) -> None:
        if self.stack is not None and self.stack.canRedo():
            self.stack.redo()

    # -- a text box's own typing first -----------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if isinstance(now, text_controls()) and now.window() is self.window:
            now.installEventFilter(self)  # again for a control seen before: still once

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Ctrl+Z reach the menu from a text box that has no typing of its own to undo
        (by not claiming the key for the box); leave every other key to the box."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        keys = QKeySequence(event.keyCombination())
        for action, undo in ((self.undo_action, True), (self.redo_action, False)):
            if keys in action.shortcuts():
                return action.isEnabled() and not has_own(watched, undo)
        return False
