"""The friendly dialog for anything unexpected (see error_hook, which shows it).

It says what happened in plain words, that the user's data is safe (the app saves as they
go), where the log file is, and offers "Copy details": the app's version, the platform,
Qt's version and the traceback, to paste into an email to whoever helps them.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stoke_governor import APP_NAME, __version__


def details_text(exc_type, exc, tb) -> str:
    """What "Copy details" puts on the clipboard: versions, platform, the traceback."""
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    return (
        f"{APP_NAME} {__version__}\nPython {platform.python_version()} on "
        f"{platform.platform()}\nQt {qVersion()}, PySide6 {PySide6.__version__}\n\n"
        f"{trace}"
    )


class ErrorDialog(QDialog):
    """The friendly dialog: what happened in plain words, the log file, Copy details."""

    def __init__(self, details: str, log: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        self.setAccessibleName("Something went wrong")
        self.count = 0
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("What happened")
        self.log = log
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setAccessibleName("Details for whoever helps you")
        self.details.setMinimumHeight(140)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Close")
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton("Copy &details")
        self.copy_button.setToolTip("Put the details on the clipboard, to paste into an email")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton("Open &log folder")
        self.folder_button.setEnabled(log is not None)
        self.folder_button.clicked.connect(self.open_log_folder)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        label = QLabel("&Details:")
        label.setBuddy(self.details)
        layout.addWidget(label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self.add(details)
        self.copy_button.setFocus()

    def add(self, details: str) -> None:
        """Show one more problem (the first, or another while the dialog is open)."""
        self.count += 1
        text = self.details.toPlainText()
        self.details.setPlainText(f"{text}\n{'-' * 40}\n{details}" if text else details)
        what = (
            "Something unexpected went wrong"
            if self.count == 1
            else f"{self.count} unexpected problems happened"
        )
        where = (
            f"A log of what happened is kept in {self.log}."
            if self.log is not None
            else "No log file could be written."
        )
        self.message.setText(
            f"{what} in {APP_NAME}. Your data is safe: what you enter is saved as you go, "
            "so nothing already saved is lost.\n\nYou can carry on; if it happens again, "
            "use Copy details and send them (with what you were doing) to whoever looks "
            f"after the app for you.\n\n{where}"
        )

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied — paste into an &email")

    def open_log_folder(self) -> None:
        if self.log is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log.parent)))
