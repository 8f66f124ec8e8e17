"""Composition root of the GUI: application → database → school → main window.

The opened database is checked (SQLite's `quick_check`) on the window's pool as the window
opens (a 50 MB file takes over a tenth of a second: start-up does not wait for it; a write
asked for sooner waits). A damaged file, found then or when opening it, brings up the
dialog that offers its newest good backup (recovery.DamagedDialog).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import stoke_governor.measures.age  # noqa: F401  (how old the dashboard's figures are)

# The domain modules the first window needs are imported here, before Qt (this module
# imports Qt only in its functions): PySide6 inspects every module imported after it, reading
# its source, which cost these ~6 ms of start-up. tests/test_startup_time.py checks that the
# first window imports no other domain module.
import stoke_governor.measures.catalogue  # noqa: F401  (the dashboard's figures)
import stoke_governor.measures.shown  # noqa: F401  (the dashboard's words for them)
from stoke_governor import APP_ID, APP_NAME, __version__
from stoke_governor.board.governors import demo_board
from stoke_governor.core.errors import DamagedDatabaseError, StokeGovernorError
from stoke_governor.core.paths import resources_dir
from stoke_governor.la.mode import is_la, la_init
from stoke_governor.schools.register import (
    get_school,
    list_schools,
    require_selected_school,
    select_school,
    selected_school,
)
from stoke_governor.startup import check_database, open_database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def make_application(argv: list[str] | None = None) -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resources_dir() / "icon.png")))
    return app


def open_main_window(path: Path, *, ask_for_school: bool = True):
    """Open the database and return the main window, or None if the user cancelled.

    The LA's database opens the LA's window (ui/la_window.py) instead; so does a new
    database whose user chooses "I work for the LA's Governor Services" at first run.
    Raises StokeGovernorError with a plain message if the database cannot be used
    (DamagedDatabaseError if it is damaged: `open_or_recover` offers a backup then).
    """
    store = open_database(path)
    try:
        window = _window_for(store, ask_for_school)
    except BaseException:
        store.close()
        raise
    if window is None:
        store.close()
    else:
        _check_in_background(window, ask_for_school)
    return window


def _window_for(store, ask_for_school: bool):
    from stoke_governor.ui.shell.main_window import MainWindow

    if is_la(store):
        return _la_window(store)
    school = selected_school(store) if ask_for_school else _school_unasked(store)
    if school is None:
        urn = _ask_for_school(store)
        if urn == LA_CHOSEN:
            la_init(store)
            return _la_window(store)
        if urn is None:
            return None
        school = select_school(store, urn)
    return MainWindow(store, school)


def _school_unasked(store):
    """The school a window opened without asking shows (a smoke test): the one chosen, else,
    on a new database where none is yet, the demo board's, as a newcomer's "Explore the demo
    board" opens it (not chosen for next time); NoSchoolSelectedError if neither."""
    school = selected_school(store)
    if school is None:
        demo = demo_board(store)
        if demo is not None:
            return get_school(store, demo.urn)
    return school or require_selected_school(store)


def _check_in_background(window, ask_for_school: bool) -> None:
    """Check the window's database on its pool; if it is damaged, offer a backup."""
    from stoke_governor.ui.common.worker import start

    store = window.store

    def found(problem: str | None) -> None:
        if problem is not None:
            _damaged_under(window, problem, ask_for_school)

    window.health_check = start(window.pool, lambda _p, _c: check_database(store), finished=found)


def _damaged_under(window, problem: str, ask_for_school: bool) -> None:
    """The open window's file is damaged: the dialog over it; a restored backup opens in a
    new window in its place, Quit closes it."""
    from stoke_governor.ui.shell.recovery import DamagedDialog

    def release() -> None:  # the window lets go of the file before a backup replaces it
        from stoke_governor.ui.common.worker import start

        store = window.store
        closing = start(window.pool, lambda _p, _c: store.close_thread())  # its worker's
        window.pool.waitForDone()
        del closing  # kept until it has run
        store.close()

    dialog = DamagedDialog(window.store.path, problem, window, release)
    window.recovery = dialog

    def done(result: int) -> None:
        path = window.store.path
        window.replaced_by = None
        if dialog.restored is not None:
            window.replaced_by = open_or_recover(path, ask_for_school=ask_for_school)
            if window.replaced_by is not None:
                window.replaced_by.show()
                window.replaced_by.statusBar().showMessage(dialog.restored.summary, 30000)
        window.store.close()
        window.close()

    dialog.finished.connect(done)
    dialog.open()


def open_or_recover(path: Path, *, ask_for_school: bool = True):
    """`open_main_window`, but a file found damaged as it opens brings up the dialog that
    offers a backup (until one opens, or the user quits: None)."""
    from PySide6.QtWidgets import QDialog

    from stoke_governor.ui.shell.recovery import DamagedDialog

    while True:
        try:
            return open_main_window(path, ask_for_school=ask_for_school)
        except DamagedDatabaseError as exc:
            dialog = DamagedDialog(Path(exc.path or path), exc.found)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None


def _la_window(store):
    from stoke_governor.ui.shell.la_window import LAWindow

    return LAWindow(store)


LA_CHOSEN = "la"  # what _ask_for_school answers when the LA's Governor Services is chosen


def _ask_for_school(store) -> int | str | None:
    from PySide6.QtWidgets import QDialog

    from stoke_governor.ui.shell.school_picker import SchoolPicker

    demo = demo_board(store)
    picker = SchoolPicker(list_schools(store), demo_urn=demo.urn if demo else None, offer_la=True)
    if picker.exec() != QDialog.DialogCode.Accepted:
        return None
    return LA_CHOSEN if picker.la_chosen else picker.selected_urn()


def run_gui(path: Path, *, smoke_test: bool = False, files=()) -> int:
    """Show the app; with `smoke_test`, quit as soon as the main window is up.

    Python's cyclic garbage collector is paused while Qt is imported and its types and
    enums are created (many objects, no cycles), and resumed once the window exists.
    """
    gc.disable()
    from PySide6.QtCore import QTimer

    try:
        app = make_application()
        from stoke_governor.ui.shell.error_hook import (
            install,  # anything unexpected: logged, a friendly dialog
        )

        install(app)
        if smoke_test:
            window = open_main_window(path, ask_for_school=False)
        else:
            window = open_or_recover(path)
    except StokeGovernorError as exc:
        if smoke_test:
            raise  # the command line reports it
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, f"{APP_NAME} cannot open its database.\n\n{exc}")
        return 2
    finally:
        gc.enable()
    if window is None:
        return 0
    window.show()
    if files:
        QTimer.singleShot(0, lambda: window.open_files(files))
    if smoke_test:  # checks an installation: leaves the user's saved window place alone
        from stoke_governor.ui.shell.window_state import forget

        forget(window)

        def opened() -> None:
            sys.stdout.write("The main window opened: this installation works.\n")
            sys.stdout.flush()
            app.quit()

        QTimer.singleShot(0, opened)
    code = app.exec()
    for widget in app.topLevelWidgets():  # the window, or the one a restore opened
        if getattr(widget, "pool", None) is not None:
            widget.pool.waitForDone()  # its check of the file, say, if the user quit at once
        if getattr(widget, "store", None) is not None:
            widget.store.close()
    return code
