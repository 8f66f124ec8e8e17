"""Reports of unexpected errors, carried to the GUI thread and shown there (see error_hook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal


class Reporter(QObject):
    """Lives on the GUI thread; `report` emitted from any thread is delivered there.
    `log_path` says where the log is written (None if it cannot be), for the dialog."""

    report = Signal(str)

    def __init__(self, parent: QObject, log_path: Callable[[], Path | None]):
        super().__init__(parent)
        self.log_path = log_path
        self.dialog = None
        self.report.connect(self.show_dialog)

    def show_dialog(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
        else:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QApplication

            from stoke_governor.ui.shell.error_dialog import ErrorDialog

            window = QApplication.activeWindow()
            self.dialog = ErrorDialog(details, self.log_path(), window)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._gone)
            self.dialog.open()  # never blocks: the app carries on behind it
        self.dialog.raise_()

    def _gone(self) -> None:
        self.dialog = None
