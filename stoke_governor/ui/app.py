"""Composition root of the GUI: application → database → school → main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import APP_ID, APP_NAME, __version__
from ..errors import StokeGovernorError


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    return app


def open_main_window(path: Path):
    """Open the database and return the main window, or None if the user cancelled.

    Raises StokeGovernorError with a plain message if the database cannot be used.
    """
    from ..db import open_store
    from ..schools import list_schools, select_school, selected_school
    from .main_window import MainWindow
    from .school_picker import SchoolPicker

    store = open_store(path)
    school = selected_school(store)
    if school is None:
        picker = SchoolPicker(list_schools(store))
        if picker.exec() != QDialog.DialogCode.Accepted or picker.selected_urn() is None:
            store.close()
            return None
        school = select_school(store, picker.selected_urn())
    return MainWindow(store, school)


def run_gui(path: Path) -> int:
    app = make_application()
    try:
        window = open_main_window(path)
    except StokeGovernorError as exc:
        QMessageBox.critical(None, APP_NAME, f"{APP_NAME} cannot open its database.\n\n{exc}")
        return 2
    if window is None:
        return 0
    window.show()
    code = app.exec()
    window.store.close()
    return code
