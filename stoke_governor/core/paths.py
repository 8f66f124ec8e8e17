"""Where things live: the default database and the bundled resources."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from stoke_governor import APP_ID

ENV_DB = "STOKE_GOVERNOR_DB"


def resources_dir() -> Path:
    """The folder of data shipped with the app, frozen or not."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return _source_resources()


@functools.cache
def _source_resources() -> Path:
    """`resources/` beside the package (resolved once: many callers ask at first run)."""
    return Path(__file__).resolve().parents[2] / "resources"


PORTABLE_MARKER = "portable.txt"  # beside the installed program: keep the data beside it too


def portable_data_dir() -> Path | None:
    """In portable mode (a USB stick, a laptop without admin rights) the data folder.

    Portable mode is on when the installed program's folder holds `portable.txt`;
    the data then lives in a `data` folder beside the program, so it travels with it.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent
    return folder / "data" if (folder / PORTABLE_MARKER).is_file() else None


def user_data_dir() -> Path:
    portable = portable_data_dir()
    if portable is not None:
        return portable
    from platformdirs import user_data_path

    return user_data_path(APP_ID, appauthor=False)


def default_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """`--db` wins, then $STOKE_GOVERNOR_DB, then the platform's user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "stoke-governor.sqlite"


def log_dir() -> Path:
    """Where the app's log files go: a `logs` folder in the user data folder (beside the
    program's data in portable mode, so a USB stick carries its own log)."""
    return user_data_dir() / "logs"


def log_file() -> Path:
    """The current log file (older ones are kept beside it as .1, .2, …)."""
    return log_dir() / "stoke-governor.log"


def settings_file() -> Path:
    """The window's remembered places and recent files (an INI file in the user data
    folder: it travels with portable mode, and leaves nothing in the registry)."""
    return user_data_dir() / "settings.ini"
