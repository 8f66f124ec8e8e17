"""One SQLite file per installation: opening, checking, migrating and backing up.

The checks before anything is written keep a foreign or damaged file untouched:
not SQLite, another program's database, made by a newer app, or read-only.
Reads and ordinary writes use plain `sqlite3` connections (one per thread);
bulk inserts and migrations use sqlite-utils, imported only when they need it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stoke_governor.core.errors import (
    NotSQLiteError,
    ReadOnlyStoreError,
    SchemaTooNewError,
    StoreError,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Params = Sequence[object] | Mapping[str, object]  # what a statement's ? or :name take
SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x53474F56  # "SGOV": marks a file as ours
# The number of migrations this version knows, kept in PRAGMA user_version so a
# current file opens without importing sqlite-utils (start-up time). A test
# checks it equals the length of the migration list.
SCHEMA_VERSION = 11
BACKUPS_KEPT = 10
_savepoints = itertools.count()  # names for nested transactions' savepoints


class Store:
    """The database file, with one connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []

    # -- connections -------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (created on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def db(self) -> Database:
        """sqlite-utils over this thread's connection, for writes and migrations."""
        db = getattr(self._local, "db", None)
        if db is None:
            from sqlite_utils import Database

            db = Database(self.conn)
            self._local.db = db
        return db

    # -- the one way to read and write -----------------------------------------
    # Reads: `query` (all rows), `query_one` (the first row, or None) and `query_row` (the
    # row an aggregate or PRAGMA always gives).
    # Writes: `execute` / `executemany` (`insert` for the new row's id) inside
    # `with store.transaction():`, or the sqlite-utils table API (`store.db[...]`) inside
    # `bulk_change` for imports that need a backup first.
    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def query_row(self, sql: str, params: Params = ()) -> sqlite3.Row:
        """The row a query always gives (a count, a max, a PRAGMA)."""
        row = self.query_one(sql, params)
        if row is None:
            raise StoreError("The database gave no answer to a question that always has one.")
        return row

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """One write statement; inside `transaction()` when it is one of several."""
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def insert(self, sql: str, params: Params = ()) -> int:
        """One INSERT statement (in a transaction like any write); the new row's id."""
        rowid = self.conn.execute(sql, params).lastrowid
        if rowid is None:
            raise StoreError("The database did not say which row it added.")
        return rowid

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """An ordinary write: all of it or none. Nested, it is a savepoint of the outer one.

        The same statements as sqlite-utils' `atomic()`, so the two nest in each other, in plain
        sqlite3: a write needs no sqlite-utils (a tenth of a second to import, at first run)."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"tx_{threading.get_ident()}_{next(_savepoints)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # a failed statement may have ended it already
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def undone(self) -> Iterator[Store]:
        """Writes that are all undone when the block ends, however it ends: a dry run, to see
        what a change would do. Nested in a transaction, only its own writes are undone."""
        conn = self.conn
        savepoint = f"dry_run_{threading.get_ident()}_{id(self)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield self
        finally:
            if conn.in_transaction:  # a failed statement may have ended it already
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- settings ----------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_settings(self, **values: str | None) -> None:
        """Write several settings in one transaction."""
        with self.transaction():
            self.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    # -- backups -----------------------------------------------------------
    def backup(self, reason: str) -> Path:
        """A consistent copy of the file (SQLite's online backup), kept beside it."""
        import datetime as dt

        folder = self.path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{self.path.stem}-{stamp}-{_slug(reason)}.sqlite"
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        _prune(folder, self.path.stem)
        return target

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:40] or "backup"


def _prune(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}-*.sqlite"))
    for old in copies[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def check_file(path: Path) -> bool:
    """Raise a StoreError if the file must not be opened; True if it already exists."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
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

    Before any migration of an existing file, a backup copy is made. Filling a new database
    from the bundled resources is the app's start-up's job (`stoke_governor.startup`).
    """
    path = Path(path).expanduser().resolve()
    existed = check_file(path)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    try:
        conn = store.conn
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = _table_count(conn)
        except sqlite3.DatabaseError as exc:
            raise NotSQLiteError(f"{path} is damaged or not an SQLite database ({exc}).") from exc
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
        raise unusable(path, exc) from exc
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


def copy_database(source: Path, target: Path, settings: dict[str, str]) -> None:
    """Fill the new, empty database file `target` with every page of `source` (SQLite's backup
    API: one step, one transaction, so a crash leaves it empty), then write `settings` and
    turn on WAL, as for every database the app makes."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
            with dest:
                dest.executemany(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    list(settings.items()),
                )
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
    finally:
        src.close()


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


@contextlib.contextmanager
def bulk_change(store: Store, reason: str) -> Iterator[Database]:
    """Back up, then run a bulk change in one transaction: all of it or none."""
    store.backup(reason)
    db = store.db
    with db.atomic():
        yield db
