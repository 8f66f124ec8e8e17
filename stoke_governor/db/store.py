"""One SQLite file per installation: the one way to read it and write it, and whether it is
sound. Opening a file (its checks, migrations) is `opening`'s; backups are `backups`'.

A file that fails SQLite's `quick_check` (run before the first write, or sooner:
`Store.check`) is written to by nothing and backed up by nothing (see `health`); a read that
meets a damaged page, or a write that finds the disk full, is a StoreError with one plain
sentence. Reads and ordinary writes use plain `sqlite3` connections (one per thread);
bulk inserts and migrations use sqlite-utils, imported only when they need it.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stoke_governor.core.errors import StoreError
from stoke_governor.db.health import SQLITE_CORRUPT, SQLITE_NOTADB, damaged, fault, quick_check

if TYPE_CHECKING:
    from sqlite_utils import Database

Params = Sequence[object] | Mapping[str, object]  # what a statement's ? or :name take
# The number of migrations this version knows, kept in PRAGMA user_version so a
# current file opens without importing sqlite-utils (start-up time). A test
# checks it equals the length of the migration list.
SCHEMA_VERSION = 12
_savepoints = itertools.count()  # names for nested transactions' savepoints


class Store:
    """The database file, with one connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        # every connection made, with the thread that made it (sqlite3 lets only that
        # thread close it)
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        # whether the file passed `quick_check` (None: not checked yet), and what it found
        self._sound: bool | None = None
        self._damage = ""
        self._check_lock = threading.Lock()

    # -- connections -------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (created on first use; found again by the thread's id when
        its thread-locals are gone, as a Qt pool's thread may start each task afresh)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            me = threading.get_ident()
            with self._lock:
                conn = next((c for thread, c in self._connections if thread == me), None)
                if conn is None:
                    conn = _connect(self.path)
                    self._connections.append((me, conn))
            self._local.conn = conn
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
    # A damaged page or a full disk met on the way is a StoreError (see `_plain`).
    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self._raise_plain(exc)
            raise

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        try:
            return self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            self._raise_plain(exc)
            raise

    def query_row(self, sql: str, params: Params = ()) -> sqlite3.Row:
        """The row a query always gives (a count, a max, a PRAGMA)."""
        row = self.query_one(sql, params)
        if row is None:
            raise StoreError("The database gave no answer to a question that always has one.")
        return row

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """One write statement; inside `transaction()` when it is one of several."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            self._raise_plain(exc)
            raise

    def executemany(self, sql: str, rows: Iterable[Params]) -> sqlite3.Cursor:
        try:
            return self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            self._raise_plain(exc)
            raise

    def insert(self, sql: str, params: Params = ()) -> int:
        """One INSERT statement (in a transaction like any write); the new row's id."""
        rowid = self.execute(sql, params).lastrowid
        if rowid is None:
            raise StoreError("The database did not say which row it added.")
        return rowid

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """An ordinary write: all of it or none. Nested, it is a savepoint of the outer one.

        The same statements as sqlite-utils' `atomic()`, so the two nest in each other, in plain
        sqlite3: a write needs no sqlite-utils (a tenth of a second to import, at first run).
        The first write checks the file (`check`): a damaged one refuses every write."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"tx_{threading.get_ident()}_{next(_savepoints)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException as exc:
                if conn.in_transaction:  # a failed statement may have ended it already
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                self._raise_plain(exc)
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.require_sound()
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._raise_plain(exc)
            raise
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._raise_plain(exc)
            raise

    @contextlib.contextmanager
    def undone(self) -> Iterator[Store]:
        """Writes that are all undone when the block ends, however it ends: a dry run, to see
        what a change would do. Nested in a transaction, only its own writes are undone."""
        self.require_sound()
        conn = self.conn
        savepoint = f"dry_run_{threading.get_ident()}_{id(self)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield self
        finally:
            if conn.in_transaction:  # a failed statement may have ended it already
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")

    # -- is the file sound ------------------------------------------------------------
    def check(self) -> str | None:
        """What `PRAGMA quick_check` finds wrong with the file (None: it is sound). Run once
        for the store, on the calling thread; a thread asking while another is checking
        waits for its answer. (A 50 MB file takes about a tenth of a second.)"""
        if self._sound is None:
            with self._check_lock:
                if self._sound is None:
                    found = quick_check(self.conn)
                    self._damage = found or ""
                    self._sound = found is None
        return None if self._sound else self._damage

    def require_sound(self) -> None:
        """Raise DamagedDatabaseError if the file failed its check (checked now if need be)."""
        found = self.check()
        if found is not None:
            raise damaged(self.path, found)

    def known_sound(self) -> None:
        """The file was made just now, by the app: no need to check it."""
        if self._sound is None:
            self._sound = True

    def _plain(self, exc: sqlite3.Error) -> BaseException:
        """The user's error for SQLite's `exc` (a damaged file, a full disk), or `exc`."""
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):  # no write from now on
            with self._check_lock:
                self._sound, self._damage = False, str(exc)
        return fault(exc, self.path) or exc

    def _raise_plain(self, exc: BaseException) -> None:
        if isinstance(exc, sqlite3.Error):
            plain = self._plain(exc)
            if plain is not exc:
                raise plain from exc

    def close_thread(self) -> None:
        """Close the connections this thread made (`close` cannot close another thread's):
        a worker thread kept for good lets go of the file this way, before a backup replaces
        it. (A Qt pool's thread may start each task afresh, its thread-locals gone.)"""
        me = threading.get_ident()
        with self._lock:
            mine = [conn for thread, conn in self._connections if thread == me]
            self._connections = [(t, c) for t, c in self._connections if t != me]
        for conn in mine:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local.conn = None
        self._local.db = None

    def close(self) -> None:
        """Close the connections (sqlite3 lets only its own thread close a connection: a
        worker thread kept for good closes its own first, with `close_thread`)."""
        with self._lock:
            for _thread, conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- settings ----------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
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
        """A consistent, checked copy of the file in the backups folder beside it (see
        `backups.make_backup`: never of a damaged file, never a partial one)."""
        from stoke_governor.db.backups import make_backup  # not needed to start (about 1 ms)

        return make_backup(self, reason)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


@contextlib.contextmanager
def bulk_change(store: Store, reason: str) -> Iterator[Database]:
    """Back up, then run a bulk change in one transaction: all of it or none (the same
    statements as sqlite-utils' `atomic()`, with `transaction`'s plain errors)."""
    store.backup(reason)
    with store.transaction():
        yield store.db
