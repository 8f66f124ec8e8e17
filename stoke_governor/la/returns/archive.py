"""The original return files the LA receives, kept beside its database by content hash.

`<database folder>/returns-archive/<first 2 hex>/<sha256>.xlsx`: every file an import reads
is written there (atomically: a temporary file renamed) before its transaction, rejected
files too, so the LA can always show what a school actually sent. A file already held under
its hash is not rewritten. `synced_at_the_end` makes a batch durable with one flush to disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.db.store import Store
from stoke_governor.files.reading import read_limited
from stoke_governor.files.workbooks import MAX_FILE_BYTES

ARCHIVE_FOLDER = "returns-archive"


def archive_path(sha256: str) -> str:
    """Where a file of this content is archived, relative to the database's folder."""
    return f"{ARCHIVE_FOLDER}/{sha256[:2]}/{sha256}.xlsx"


def write_archive(store: Store, sha256: str, data: bytes, written: list[Path]) -> None:
    """Write the original file under its hash, atomically (a temporary file renamed): a
    file held under that name is not rewritten, unless its content is not that hash."""
    target = store.path.parent / archive_path(sha256)
    with contextlib.suppress(OSError, BadInputFileError):  # else (re)written below
        held = read_limited(target, MAX_FILE_BYTES, "archived return")
        if hashlib.sha256(held).hexdigest() == sha256:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{sha256[:12]}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        written.append(target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def synced_at_the_end(store: Store, archived: list[Path]):
    """One sync to disk for the batch, not two per file.

    Each file is still its own transaction, safe against the process being killed at any
    moment (SQLite's write-ahead log). What waits for the end of the batch (or a cancel) is
    only the flush to disk that survives a power cut: the archived files first, then the
    database. A power cut mid-batch can lose the batch's latest files; running the batch
    again imports them (and rewrites any archived copy that did not survive).
    """
    sync = store.query_row("PRAGMA synchronous")[0]
    autocheckpoint = store.query_row("PRAGMA wal_autocheckpoint")[0]
    store.execute("PRAGMA synchronous = NORMAL")
    store.execute("PRAGMA wal_autocheckpoint = 0")  # the database is not synced before the archive
    try:
        yield
    finally:
        sync_files(archived)
        store.execute(f"PRAGMA synchronous = {int(sync)}")
        store.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
        with contextlib.suppress(sqlite3.Error):
            store.execute("PRAGMA wal_checkpoint(PASSIVE)")  # syncs the log, then the database


def sync_files(paths: list[Path]) -> None:
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # Windows: file by file
        with contextlib.suppress(OSError), open(path, "rb+") as fh:
            os.fsync(fh.fileno())
