"""Putting a backup back in the database's place, keeping the file it replaces.

The backup is checked (`integrity_check`) and copied beside the database under a temporary
name (SQLite's backup API), made durable and checked again; only then is the database file
moved aside, as `<name>.damaged-<time>.sqlite` (or `<name>.replaced-<time>.sqlite` if it
was sound), with its write-ahead log, and the copy renamed into its place. A failure on the
way leaves the database file as it was. Nothing may have the database open meanwhile.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from stoke_governor.core.errors import StoreError
from stoke_governor.db.backups import SIDE_FILES, Backup, backup_of, backups_folder
from stoke_governor.db.health import (
    SQLITE_BUSY,
    change_margin,
    disk_full,
    file_problem,
    is_disk_full,
    require_space,
    sync,
)


@dataclass(frozen=True)
class Restored:
    path: Path  # the database, now the backup's copy
    backup: Backup
    kept: Path | None  # where the file it replaced was kept (None: there was none)
    was_damaged: bool

    @property
    def summary(self) -> str:
        kept = ""
        if self.kept is not None:
            state = "damaged file" if self.was_damaged else "file it replaced"
            kept = f" The {state} is kept as {self.kept}."
        return (
            f"Restored {self.path} from the backup made {self.backup.made_text} "
            f"({self.backup.path.name}); changes made since then are not in it.{kept}"
        )


def find_backup(db_path: Path, chosen: str | Path) -> Path:
    """A backup named as the list shows it (in the backups folder) or by its path."""
    named = backups_folder(db_path) / str(chosen)
    path = named if Path(str(chosen)).name == str(chosen) and named.is_file() else None
    path = path or Path(chosen).expanduser()
    if not path.is_file():
        raise StoreError(
            f"There is no backup {chosen}: give a name the list shows "
            f"(stoke-governor --db {db_path} restore --list) or a backup file's path."
        )
    return path.resolve()


def restore_backup(db_path: str | Path, chosen: str | Path) -> Restored:
    """Put the backup `chosen` (its name in the backups folder, or a path) in place of the
    database at `db_path`, keeping the file it replaces beside it; raises StoreError, the
    database untouched, if the backup fails its check or the file is in use."""
    db_path = Path(db_path).expanduser().resolve()
    backup = backup_of(find_backup(db_path, chosen))
    if not backup.good:
        raise StoreError(
            f"The backup {backup.path.name} cannot be restored: it fails the check "
            f"({backup.problem}). Choose another backup."
        )
    require_space(
        [(db_path.parent, backup.size + change_margin(backup.size))],
        f"to restore {backup.path.name}",
        "Free some space, then try again.",
    )
    _refuse_if_open(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    try:
        _copy(backup.path, incoming)
        problem = file_problem(incoming, thorough=False)
        if problem is not None:
            raise StoreError(
                f"The copy of {backup.path.name} could not be verified ({problem}); the "
                "database was not changed."
            )
        was_damaged = db_path.exists() and file_problem(db_path, thorough=False, live=True)
        kept = None
        if db_path.exists():
            label = "damaged" if was_damaged else "replaced"
            kept = _free_name(db_path.with_name(f"{db_path.stem}.{label}-{stamp}.sqlite"))
            _move_with_log(db_path, kept)
        incoming.replace(db_path)
        with contextlib.suppress(OSError):
            sync(db_path.parent)
    except BaseException as exc:
        _remove(incoming)
        if is_disk_full(exc):
            doing = f"to restore {backup.path.name}"
            raise disk_full(incoming, doing, backup.size + change_margin(backup.size)) from exc
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise StoreError(
                f"{backup.path.name} could not be restored to {db_path} "
                f"({getattr(exc, 'strerror', None) or exc})."
            ) from exc
        raise
    return Restored(db_path, backup, kept, bool(was_damaged))


def _copy(source: Path, target: Path) -> None:
    """A copy of the backup at `target` in the app's journal mode (WAL), made durable."""
    _remove(target)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
    finally:
        src.close()
    sync(target)


def _refuse_if_open(db_path: Path) -> None:
    """StoreError if a program (the app, a command) has the database open."""
    if not db_path.exists():
        return
    conn = sqlite3.connect(db_path, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("PRAGMA schema_version").fetchone()
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_BUSY:
            raise StoreError(
                f"{db_path} is in use (Stoke Governor, or another program, has it open); "
                "close it, then restore the backup."
            ) from None
    except sqlite3.DatabaseError:
        pass  # damaged: what a restore is for
    finally:
        conn.close()


def _move_with_log(db_path: Path, kept: Path) -> None:
    """Move the database file, and the log and journal SQLite keeps beside it, to `kept`."""
    db_path.replace(kept)
    for side in SIDE_FILES:
        part = db_path.with_name(db_path.name + side)
        if side == "-shm":  # an index of the log, rebuilt when the file is next opened
            _remove(part)
        elif part.exists():
            part.replace(kept.with_name(kept.name + side))


def _free_name(path: Path) -> Path:
    """`path`, or `path` numbered, so that no file kept before is replaced."""
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _remove(path: Path) -> None:
    for part in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        with contextlib.suppress(OSError):
            part.unlink()
