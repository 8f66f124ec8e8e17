"""Backups of the database, kept in a `backups` folder beside it: made before every bulk
change, listed newest first with whether each passes SQLite's check.

A backup is written under a temporary name, made durable, checked (`PRAGMA quick_check` on
the copy) and only then given its name: a backup that fails (a full disk, a damaged copy)
leaves no file behind. The oldest copies are pruned only once a new good one exists, and
only good-looking copies count towards the ones kept. A damaged database is never backed up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stoke_governor.core.errors import StoreError
from stoke_governor.db.health import (
    SQLITE_HEADER,
    change_margin,
    database_size,
    disk_full,
    file_problem,
    is_disk_full,
    require_space,
    sync,
)

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

BACKUPS_KEPT = 10
PARTIAL = ".partial"  # a backup being written: never listed, pruned or restored
SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite keeps beside a file it writes
STALE_PARTIAL = 3600  # seconds after which a partial copy is a crash's leftover
_STAMP = re.compile(r"-(\d{8}-\d{6}(?:-\d{6})?)-")


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def make_backup(store: Store, reason: str) -> Path:
    """A consistent, checked copy of the store's file (SQLite's online backup), in its
    backups folder; its path. Raises DamagedDatabaseError for a damaged file (no copy made),
    DiskFullError when the disk has no room for it (checked before, and if SQLite fills it)."""
    store.require_sound()
    path = store.path
    folder = backups_folder(path)
    size = database_size(path)
    require_space(
        [(folder, size), (path.parent, change_margin(size))],
        "to back up the database before this change",
        "Free some space or move the database, then try again.",
    )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{_slug(reason)}.sqlite"
    partial = folder / f".{target.name}{PARTIAL}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clear_stale(folder)
        dest = sqlite3.connect(partial)
        try:
            # no journal and no syncs while copying: the copy is synced once, then checked,
            # before it takes its name (SQLite's own syncs tripled the time of a backup)
            dest.execute("PRAGMA journal_mode = OFF")
            dest.execute("PRAGMA synchronous = OFF")
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        sync(partial)
        problem = file_problem(partial, thorough=False)
        if problem is not None:
            raise StoreError(
                f"The backup of {path.name} could not be verified ({problem}); nothing was "
                "changed. Try again; if it happens again, the disk holding "
                f"{folder} may be failing."
            )
        partial.replace(target)
        with contextlib.suppress(OSError):
            sync(folder)
    except BaseException as exc:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in SIDE_FILES)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if is_disk_full(exc):
            doing = "to back up the database before this change"
            raise disk_full(partial, doing, size + change_margin(size)) from exc
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise StoreError(
                f"The database could not be backed up to {folder} "
                f"({getattr(exc, 'strerror', None) or exc}); nothing was changed."
            ) from exc
        raise
    prune(folder, path.stem)
    return target


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:40] or "backup"


def _copies(folder: Path, stem: str) -> list[Path]:
    """The backups of the database named `stem` in `folder`, oldest first."""
    return sorted(
        (p for p in folder.glob(f"{stem}-*.sqlite") if _STAMP.match(p.name[len(stem) :])),
        key=lambda p: p.name[len(stem) :],
    )


def _looks_good(path: Path) -> bool:
    """An SQLite file with something in it (cheap: the header, not the check)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def prune(folder: Path, stem: str) -> None:
    """Keep the newest BACKUPS_KEPT good copies; remove older ones, and empty files left by
    backups that failed before this version of the app. Anything else is left alone."""
    good = []
    for copy in _copies(folder, stem):
        if _looks_good(copy):
            good.append(copy)
        else:
            with contextlib.suppress(OSError):
                if copy.stat().st_size == 0:
                    copy.unlink()
    for old in good[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()


def _clear_stale(folder: Path) -> None:
    """Partial copies left by a backup that never finished (the app stopped mid-way)."""
    for leftover in folder.glob(f".*{PARTIAL}"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > STALE_PARTIAL:
                leftover.unlink()


# -- listing -----------------------------------------------------------------------------
class Backup(NamedTuple):  # a NamedTuple: no `dataclasses` (and `inspect`) at start-up
    path: Path
    made: dt.datetime
    size: int
    problem: str | None  # what the check found; None: it passes `integrity_check`

    @property
    def good(self) -> bool:
        return self.problem is None

    @property
    def made_text(self) -> str:
        """When it was made, as people write it: 6 Dec 2025, 14:02."""
        return f"{self.made.day} {self.made:%b %Y, %H:%M}"

    @property
    def size_text(self) -> str:
        if self.size < 1_000_000:
            return f"{max(self.size // 1000, 0):,} kB" if self.size else "empty"
        return f"{self.size / 1_000_000:,.1f} MB"


def backup_of(path: Path, *, check: bool = True) -> Backup:
    """One backup file, checked with `integrity_check` (unless not `check`)."""
    stamp = _STAMP.search(path.name)
    made = None
    if stamp is not None:
        text = stamp.group(1)
        layout = "%Y%m%d-%H%M%S-%f" if text.count("-") == 2 else "%Y%m%d-%H%M%S"
        with contextlib.suppress(ValueError):
            made = dt.datetime.strptime(text, layout)
    try:
        info = path.stat()
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if made is None:
        made = dt.datetime.fromtimestamp(info.st_mtime)
    problem = file_problem(path) if check else None
    return Backup(path, made, info.st_size, problem)


def list_backups(db_path: Path, *, check: bool = True) -> Iterator[Backup]:
    """The database's backups, newest first, each checked as it is reached (a thorough check
    reads the whole copy: a caller showing them one by one shows each as soon as it is known)."""
    folder = backups_folder(Path(db_path))
    if not folder.is_dir():
        return
    for copy in reversed(_copies(folder, Path(db_path).stem)):
        yield backup_of(copy, check=check)


def newest_good_backup(db_path: Path) -> Backup | None:
    """The newest backup that passes `integrity_check`; None if none does."""
    return next((b for b in list_backups(db_path) if b.good), None)
