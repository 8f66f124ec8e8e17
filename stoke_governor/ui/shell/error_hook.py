"""Anything unexpected: written to a log file and shown in a friendly dialog, never a crash.

`install(app)` (called by the GUI as it starts) sets `sys.excepthook` and
`threading.excepthook`. An exception from any thread is logged, with its traceback, to a
rotating log file in the user data folder (`paths.log_file()`: beside the data in portable
mode), then shown on the GUI thread (a worker thread's report is queued across to it) in
error_dialog.ErrorDialog. A second problem while the dialog is open is added to it.
A refusal the app words for the user (a StokeGovernorError: a full disk, a damaged
database…) that no page caught is not unexpected: it is logged as one line and shown as its
sentence, in a plain message box.

Cheap to install (start-up pays for none of it): only QtCore here, the dialog's module is
imported when first needed and the log file is opened when something is first written.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from stoke_governor.core.errors import StokeGovernorError

LOGGER = "stoke_governor"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3


class _LazyFileHandler(logging.Handler):
    """Opens the rotating log file the first time a record is written (start-up stays
    fast); if the folder cannot be written, records go nowhere rather than failing."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.target: logging.Handler | None = None
        self.path: Path | None = None
        self.broken = False

    def open(self) -> Path | None:
        if self.target is None and not self.broken:
            from logging.handlers import RotatingFileHandler

            from stoke_governor.core.paths import log_file

            path = log_file()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handler = RotatingFileHandler(
                    path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            except OSError:
                self.broken = True
                return None
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            self.target, self.path = handler, path
        return self.path

    def emit(self, record: logging.LogRecord) -> None:
        if self.open() is not None:
            self.target.handle(record)

    def close(self) -> None:
        if self.target is not None:
            self.target.close()
        super().close()


_handler: _LazyFileHandler | None = None


def setup_logging() -> _LazyFileHandler:
    """The app's log handler on the "stoke_governor" logger (added once)."""
    global _handler
    if _handler is None:
        _handler = _LazyFileHandler()
        logger = logging.getLogger(LOGGER)
        logger.setLevel(logging.INFO)
        logger.addHandler(_handler)
    return _handler


def close_log() -> None:
    """Close the log file (it is opened again, wherever paths.log_file() then says, when
    something is next written)."""
    if _handler is not None and _handler.target is not None:
        _handler.target.close()
        _handler.target = _handler.path = None
        _handler.broken = False


def log_path() -> Path | None:
    """Where the log is being written (opened now if need be); None if it cannot be."""
    return setup_logging().open()


class _Reporter(QObject):
    """Lives on the GUI thread; `report` emitted from any thread is delivered there."""

    report = Signal(str)
    refusal = Signal(str)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.dialog = None
        self.box = None  # the message box showing a refusal, if any
        self.report.connect(self.show_dialog)
        self.refusal.connect(self.show_refusal)

    def show_refusal(self, text: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from stoke_governor import APP_NAME

        if self.box is not None:
            self.box.close()
        self.box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            text,
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        self.box.open()

    def show_dialog(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
        else:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QApplication

            from stoke_governor.ui.shell.error_dialog import ErrorDialog

            window = QApplication.activeWindow()
            self.dialog = ErrorDialog(details, log_path(), window)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._gone)
            self.dialog.open()  # never blocks: the app carries on behind it
        self.dialog.raise_()

    def _gone(self) -> None:
        self.dialog = None


_reporter: _Reporter | None = None


def current_dialog():
    """The error dialog on screen, if any."""
    return _reporter.dialog if _reporter is not None else None


def current_refusal():
    """The message box showing a refusal no page caught, if any."""
    return _reporter.box if _reporter is not None else None


def handle_exception(exc_type, exc, tb, thread_name: str | None = None) -> None:
    """Log the exception and show it (on the GUI thread); Ctrl+C still stops the app."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        where = f" in thread {thread_name}" if thread_name else ""
        if issubclass(exc_type, StokeGovernorError) and _reporter is not None:
            logging.getLogger(LOGGER).info("Refused%s: %s", where, exc)
            _reporter.refusal.emit(str(exc))
            return
        logging.getLogger(LOGGER).error("Unexpected error%s", where, exc_info=(exc_type, exc, tb))
        if _reporter is not None:
            from stoke_governor.ui.shell.error_dialog import details_text

            _reporter.report.emit(details_text(exc_type, exc, tb))
        else:
            sys.__excepthook__(exc_type, exc, tb)
    except Exception:  # reporting must never raise: fall back to the console
        sys.__excepthook__(exc_type, exc, tb)


def _thread_hook(args) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else None
    handle_exception(args.exc_type, args.exc_value, args.exc_traceback, name)


def install(app: QObject) -> None:
    """Route every unhandled exception to the log and the dialog (call on the GUI thread)."""
    global _reporter
    setup_logging()
    if _reporter is None:
        _reporter = _Reporter(app)
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook
