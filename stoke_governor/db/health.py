"""Whether a database file is sound, and whether its disk has room: SQLite's own checks, the
free space a backup or a change needs, and the plain errors for a damaged file or a full disk.

A damaged file (`PRAGMA quick_check` finds a problem, or a read meets a malformed page) is
never written to nor backed up: DamagedDatabaseError names it and says how to restore a
backup. A full disk, found before a backup or by SQLite during a write, is DiskFullError:
one sentence saying how much space is needed where; nothing was written.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import shutil
import sqlite3
from pathlib import Path

from stoke_governor.core.errors import DamagedDatabaseError, DiskFullError, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x53474F56  # "SGOV": marks a file as ours
# SQLite's primary result codes (an extended code's low byte is its primary code)
SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 5, 11, 13, 26
MB = 1_000_000
# Room kept for the change a backup comes before (the write-ahead log grows with it): a tenth
# of the database, at least this much.
CHANGE_MARGIN = 16 * MB


# -- is the file sound ---------------------------------------------------------------------
def quick_check(conn: sqlite3.Connection) -> str | None:
    """What `PRAGMA quick_check` finds wrong with the connection's database, in a line; None
    if it is sound. A file too damaged for the check to run is damaged too."""
    return _findings(conn, "quick_check")


def file_problem(path: Path, *, thorough: bool = True, live: bool = False) -> str | None:
    """What SQLite's check (`integrity_check`, or `quick_check` if not `thorough`) finds wrong
    with the database file at `path`; None if it is sound and ours. A backup is read as it
    is (nothing written); a `live` database is opened as SQLite opens it, with its log."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"it cannot be read: {exc.strerror or exc}"
    if head != SQLITE_HEADER:
        return "it is empty" if not head else "it is not an SQLite file"
    try:
        if live:
            conn = sqlite3.connect(path, timeout=0)
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        problem = _findings(conn, "integrity_check" if thorough else "quick_check")
        if problem is None and conn.execute("PRAGMA application_id").fetchone()[0] != (
            APPLICATION_ID
        ):
            return "it is not a Stoke Governor database"
        return problem
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def _findings(conn: sqlite3.Connection, pragma: str) -> str | None:
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(3)").fetchall()]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _code(exc) == SQLITE_BUSY:
            raise
        return str(exc)
    if rows == ["ok"]:
        return None
    lines = [
        line.strip()
        for row in rows
        for line in row.splitlines()
        if line.strip() and not line.startswith("***")
    ]
    found = "; ".join(lines) or "an unreadable page"
    return found if len(found) <= 160 else found[:157] + "…"


def damaged(path: Path, found: str) -> DamagedDatabaseError:
    """The error every write to a damaged file raises (and a read that meets the damage)."""
    where = f'"{path}"' if any(c.isspace() for c in str(path)) else str(path)
    return DamagedDatabaseError(
        f"{path} is damaged (the check found: {found}). Nothing will be written to it, and "
        "no backup will be made of it. Restore the newest good backup: "
        f"stoke-governor --db {where} restore --list",
        path,
        found,
    )


# -- is there room ---------------------------------------------------------------------------
def database_size(path: Path) -> int:
    """The bytes a copy of the database needs: the file and its write-ahead log."""
    size = 0
    for part in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            size += part.stat().st_size
    return size


def change_margin(size: int) -> int:
    return max(CHANGE_MARGIN, size // 10)


def require_space(needs: list[tuple[Path, int]], doing: str, then: str) -> None:
    """Raise DiskFullError unless each folder's disk has the bytes asked of it (folders on
    the same disk add up, and the message names the first of them). `doing` says what needs
    the space ("to back up the database before this change"), `then` what to do next."""
    by_disk: dict[int, list[tuple[Path, int]]] = {}
    for folder, need in needs:
        existing = _existing(folder)
        try:
            device = existing.stat().st_dev
        except OSError:
            continue
        by_disk.setdefault(device, []).append((folder, need))
    for asks in by_disk.values():
        total = sum(need for _folder, need in asks)
        folder = asks[0][0]  # named: the first asked of this disk (the backups folder)
        try:
            free = shutil.disk_usage(_existing(folder)).free
        except OSError:
            continue  # the disk cannot say: SQLite will, if it fills up
        if free < total:
            raise DiskFullError(
                f"There is not enough free space {doing}: about {_mb(total, up=True)} is "
                f"needed in {folder}, {_mb(free)} is free. {then}"
            )


def _existing(folder: Path) -> Path:
    """The folder, or the nearest folder above it that exists."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return folder


def _mb(size: int, *, up: bool = False) -> str:
    if size < MB and not up:
        return "less than 1 MB"
    count = math.ceil(size / MB) if up else size // MB
    return f"{max(count, 1):,} MB"


def disk_full(
    path: Path, doing: str = "to save this change", need: int | None = None
) -> DiskFullError:
    """SQLite (or the system) found the disk full while writing `path`: the database, or a
    copy of it that needs about `need` bytes."""
    if need is None:
        where = f"the disk holding {path.parent} is full"
    else:
        where = (
            f"about {_mb(need, up=True)} is needed in {path.parent}, and the disk filled up "
            "while the copy was being written"
        )
    return DiskFullError(
        f"There is not enough free space {doing}: {where}. Nothing was changed; free some "
        "space or move the database, then try again."
    )


# -- SQLite's errors as the user's -------------------------------------------------------------
def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return _code(exc) == SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def fault(exc: BaseException, path: Path) -> StoreError | None:
    """The plain error for SQLite's failure `exc` on the database at `path` when it is the
    file's (damaged) or the disk's (full); None for anything else."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = _code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc))
    if code == SQLITE_FULL:
        return disk_full(path)
    return None


def sync(path: Path) -> None:
    """Make a written file (or a folder's entries, where the system allows) durable."""
    if path.is_dir():
        if os.name == "nt":
            return  # Windows has no handle to a folder to sync
        fd = os.open(path, os.O_RDONLY)
    else:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
