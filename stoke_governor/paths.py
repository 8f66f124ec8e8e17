"""Where things live: the default database and the bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import APP_ID

ENV_DB = "STOKE_GOVERNOR_DB"


def resources_dir() -> Path:
    """The folder of data shipped with the app, frozen or not."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


REFERENCE_FILES = ("measures.csv", "city_targets.csv")  # the app's own reference data


def reference_fingerprint(folder: Path | None = None) -> str:
    """A checksum of the shipped catalogue and targets, cheap enough for every start."""
    import zlib

    crc = 0
    for name in REFERENCE_FILES:
        crc = zlib.crc32(((folder or resources_dir()) / name).read_bytes(), crc)
    return f"{crc:08x}"


def user_data_dir() -> Path:
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
