"""A damaged database's way back: its backups, newest first, and restoring one of them.

What the GUI's start-up (when the opened file fails its check) and `stoke-governor restore`
call; the work is the store's (`db.backups`, `db.restore`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from stoke_governor.db import backups as _backups
from stoke_governor.db import restore as _restore
from stoke_governor.db.backups import Backup
from stoke_governor.db.restore import Restored

__all__ = ["Backup", "Restored", "backups", "backups_folder", "newest_good_backup", "restore"]


def _path(db_path: str | os.PathLike) -> Path:
    return Path(db_path).expanduser().resolve()


def backups(db_path: str | os.PathLike, *, check: bool = True) -> Iterator[Backup]:
    """The database's backups, newest first, each checked (`integrity_check`) as it comes."""
    return _backups.list_backups(_path(db_path), check=check)


def newest_good_backup(db_path: str | os.PathLike) -> Backup | None:
    """The newest backup that passes `integrity_check` (None: none does, or none is kept)."""
    return _backups.newest_good_backup(_path(db_path))


def backups_folder(db_path: str | os.PathLike) -> Path:
    return _backups.backups_folder(_path(db_path))


def restore(db_path: str | os.PathLike, chosen: str | os.PathLike) -> Restored:
    """Put the backup `chosen` (a listed name or a path) in the database's place, keeping the
    file it replaces beside it (see db.restore). The database must not be open."""
    return _restore.restore_backup(_path(db_path), Path(chosen))
