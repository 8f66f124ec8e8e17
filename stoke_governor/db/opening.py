"""Opening a database file: the checks that leave a foreign or unusable file untouched, the
migrations a file of an older version needs (after a checked backup), and copying a file
whole (the prebuilt seeded database).

The checks before anything is written keep a foreign file untouched: not SQLite, another
program's database, made by a newer app, or read-only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from stoke_governor.core.errors import (
    NotSQLiteError,
    ReadOnlyStoreError,
    SchemaTooNewError,
    StoreError,
)
from stoke_governor.db.health import APPLICATION_ID, SQLITE_HEADER, fault, sync
from stoke_governor.db.store import SCHEMA_VERSION, Store

if TYPE_CHECKING:
    from collections.abc import Sequence


def check_file(path: Path) -> bool:
    """Raise a StoreError if the file must not be opened; True if it already exists."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if path.exists() and not path.is_file():  # a pipe would block the read below
        raise StoreError(f"{path} is not a regular file (a pipe or a device), not a database.")
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if parent.exists() and not os.access(parent, os.W_OK):
            raise ReadOnlyStoreError(f"Cannot create {path}: the folder {parent} is read-only.")
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if head and head != SQLITE_HEADER:
        raise NotSQLiteError(f"{path} is not a Stoke Governor database (it is not an SQLite file).")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyStoreError(
            f"{path} is read-only; copy it somewhere you can write to, or open another file."
        )
    return bool(head)


def _table_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def open_store(path: str | os.PathLike) -> Store:
    """Open (creating if absent) the database at `path`, migrated and ready.

    Before any migration of an existing file, the file is checked and a backup copy is made
    (a damaged file is neither migrated nor backed up). Filling a new database
    from the bundled resources is the app's start-up's job (`stoke_governor.startup`).
    """
    path = Path(path).expanduser().resolve()
    existed = check_file(path)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    if not existed:
        store.known_sound()
    try:
        conn = store.conn
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = _table_count(conn)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise
            raise fault(exc, path) or NotSQLiteError(
                f"{path} is damaged or not an SQLite database ({exc})."
            ) from exc
        if tables and app_id != APPLICATION_ID:
            raise StoreError(
                f"{path} is an SQLite database of another program, not Stoke Governor's."
            )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"{path} was saved by a newer version of Stoke Governor; "
                "install the newer version to open it."
            )
        if version < SCHEMA_VERSION or not tables:
            _migrate(store)
    except sqlite3.OperationalError as exc:
        store.close()
        raise fault(exc, path) or unusable(path, exc) from exc
    except BaseException:
        store.close()
        raise
    return store


def read_setting(path: Path, key: str) -> str | None:
    """One setting of a database file, read without opening it as the app's store (read-only,
    nothing written); None when the file is missing, not a database or lacks the setting."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def copy_database(
    source: Path, target: Path, settings: dict[str, str], statements: Sequence[str] = ()
) -> None:
    """Fill the new, empty (or absent) database file `target` with a copy of `source`, with
    `settings` written, `statements` run (in the same transaction) and WAL turned on, as for
    every database the app makes.

    The copy is made whole beside `target` under another name, written to disk once
    (one fsync rather than SQLite's several per transaction: a first run waits on the disk),
    then renamed over it: a crash leaves `target` as it was, and a partial copy that the next
    run overwrites."""
    partial = target.with_name(f".{target.name}.copying")
    try:
        shutil.copyfile(source, partial)
        dest = sqlite3.connect(partial)
        try:
            dest.execute("PRAGMA synchronous = OFF")  # the file is synced once, below
            dest.execute("PRAGMA journal_mode = WAL")
            with dest:
                dest.executemany(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    list(settings.items()),
                )
                for statement in statements:
                    dest.execute(statement)
        finally:
            dest.close()  # the last connection: its WAL goes into the file, and is removed
        sync(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    with contextlib.suppress(OSError):  # the rename made durable where the system allows
        sync(target.parent)


def unusable(path: Path, exc: sqlite3.OperationalError) -> StoreError:
    """The error to show when SQLite refuses to work on the file (read-only, locked, ...)."""
    if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
        return ReadOnlyStoreError(f"{path} is read-only; open another file.")
    return StoreError(f"{path} cannot be used: {exc}.")


def _migrate(store: Store) -> None:
    from stoke_governor.db.migrations import applied_names, known_names, migrations

    conn = store.conn
    applied = applied_names(conn)
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise SchemaTooNewError(
            f"{store.path} was saved by a newer version of Stoke Governor; "
            "install the newer version to open it."
        )
    if applied:
        store.backup("before-migration")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(store.db)
    conn.execute(f"PRAGMA user_version = {len(known_names())}")
