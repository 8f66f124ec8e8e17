"""One user's settings on one computer, in the app's INI file: where windows were, the recent
files, and the folder each kind of file dialog last used (core/settings says which key is
kept where, and why).

The folders were kept in the database by earlier versions; a folder found there is carried
over the first time it is asked for, so nobody loses their place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from stoke_governor.core.settings import Setting
    from stoke_governor.db.store import Store


def app_settings() -> QSettings:
    """The app's settings file (created when first written)."""
    from stoke_governor.core.paths import settings_file

    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


def last_folder(setting: Setting, store: Store | None = None) -> str:
    """The folder a dialog for this kind of file opens in: the one last used, else home."""
    settings = app_settings()
    folder = settings.value(setting.key)
    if isinstance(folder, str) and folder:
        return folder
    earlier = store.setting(setting.key) if store is not None else None
    if earlier:  # kept in the database by an earlier version: carried over once
        settings.setValue(setting.key, earlier)
        return earlier
    return str(Path.home())


def remember_folder(setting: Setting, folder: str | Path) -> None:
    app_settings().setValue(setting.key, str(folder))
