"""The main window opens at the size and place the user left it (settings in the data folder)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QMainWindow

from stoke_governor.core import paths
from stoke_governor.schools.register import select_school
from stoke_governor.ui.common.user_settings import app_settings
from stoke_governor.ui.shell import window_state
from tests.core.test_settings import QSETTINGS, _declared

URN = 136102  # Co-op Academy Stoke-On-Trent


def test_main_window_reopens_at_the_size_the_user_left(qtbot, store):
    from stoke_governor.ui.shell.main_window import MainWindow

    school = select_school(store, URN)
    first = MainWindow(store, school)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.move(QPoint(40, 30))
    qtbot.waitUntil(lambda: first.size() == QSize(700, 500))
    first.close()
    assert paths.settings_file().is_file()  # in the user data folder, not the registry

    again = MainWindow(store, school)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == QSize(700, 500)
    assert again.pos() == first.pos()


def test_any_main_window_can_be_remembered_under_its_own_name(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    assert window_state.remember(window, "la") is False  # nothing saved yet: size kept
    window.resize(600, 450)
    window.close()
    other = QMainWindow()
    qtbot.addWidget(other)
    assert window_state.remember(other, "la") is True
    assert other.size() == QSize(600, 450)
    assert window_state.remember(QMainWindow(), "another") is False


def test_unreadable_saved_geometry_is_ignored(qtbot):
    settings = app_settings()
    settings.setValue("windows/main/geometry", "not a geometry")
    settings.sync()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(640, 480)
    assert window_state.remember(window, "main") is False
    assert window.size() == QSize(640, 480)


def test_a_dialogs_folder_is_the_users_and_an_earlier_versions_is_carried_over(store, tmp_path):
    """The last folder is kept per user (the INI file), not in the database; a folder an
    earlier version kept in the database is used, and carried over, once."""
    from pathlib import Path

    from stoke_governor.core.settings import EXPORT_FOLDER, RETURNS_FOLDER
    from stoke_governor.ui.common.user_settings import last_folder, remember_folder

    assert last_folder(EXPORT_FOLDER, store) == str(Path.home())
    store.set_settings(**{EXPORT_FOLDER.key: str(tmp_path)})  # as an earlier version did
    assert last_folder(EXPORT_FOLDER, store) == str(tmp_path)
    assert app_settings().value(EXPORT_FOLDER.key) == str(tmp_path)  # carried over
    remember_folder(EXPORT_FOLDER, tmp_path / "minutes")
    assert last_folder(EXPORT_FOLDER, store) == str(tmp_path / "minutes")
    assert store.setting(EXPORT_FOLDER.key) == str(tmp_path)  # the database is left as it was
    assert last_folder(RETURNS_FOLDER) == str(Path.home())  # each kind of file its own


def test_every_key_the_ini_file_holds_is_declared(qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from stoke_governor.ui.common.user_settings import app_settings
    from stoke_governor.ui.shell import window_state
    from stoke_governor.ui.shell.recent_files import add_recent

    window = QMainWindow()
    qtbot.addWidget(window)
    window_state.save(window, "main")
    add_recent(tmp_path / "figures.csv", "data")
    keys = app_settings().allKeys()
    assert {"windows/main/geometry", "recent/size", "recent/1/path"} <= set(keys)
    assert [k for k in keys if not _declared(k, QSETTINGS)] == []
