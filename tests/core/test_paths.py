"""Where the data lives: the user data folder, or beside the program in portable mode."""

from __future__ import annotations

import sys

from stoke_governor.core import paths


def test_installed_app_keeps_data_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "app" / "stoke-governor"))
    (tmp_path / "app").mkdir()
    folder = paths.user_data_dir()
    assert tmp_path / "app" not in folder.parents
    assert paths.default_db_path().parent == folder


def test_portable_marker_keeps_data_beside_the_program(tmp_path, monkeypatch):
    app = tmp_path / "usb" / "Stoke Governor"
    app.mkdir(parents=True)
    (app / paths.PORTABLE_MARKER).write_text("Keep my data beside the program.\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "stoke-governor.exe"))
    assert paths.default_db_path() == app / "data" / "stoke-governor.sqlite"


def test_marker_means_nothing_when_running_from_source(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    assert paths.portable_data_dir() is None


def test_command_line_and_environment_win_over_portable_mode(tmp_path, monkeypatch):
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "stoke-governor"))
    assert paths.default_db_path(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    monkeypatch.setenv(paths.ENV_DB, str(tmp_path / "env.sqlite"))
    assert paths.default_db_path() == tmp_path / "env.sqlite"
