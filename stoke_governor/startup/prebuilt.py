"""The seeded reference data shipped ready-made, so a first run copies it instead of parsing CSVs.

`resources/seeded.sqlite` is an ordinary database seeded from `resources/*.csv` by
`ensure_seeded` (the very code a first run without it uses), rebuilt with
`python -m stoke_governor.build_resources --prebuilt-only`. It records a checksum of the CSVs it
was made from: a first run copies it (a whole-file copy made beside the database, synced,
then renamed into place: a crash leaves no half-made database) only while the CSVs still
match, else seeds from them.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

from stoke_governor import __version__
from stoke_governor.core.errors import StoreError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import SEEDED_FROM, SEEDED_WITH
from stoke_governor.db.opening import copy_database, open_store, read_setting
from stoke_governor.startup.seed import TABLES

PREBUILT = "seeded.sqlite"
# every file `ensure_seeded` reads: sources.csv, then its TABLES in order
SEED_FILES = ("sources.csv", *(f"{table}.csv" for table in TABLES))


def seed_fingerprint(folder: Path | None = None) -> str:
    """A checksum of every CSV a new database is seeded from (about a millisecond)."""
    crc = 0
    for name in SEED_FILES:
        crc = zlib.crc32((folder or resources_dir()).joinpath(name).read_bytes(), crc)
    return f"{crc:08x}"


def prebuilt_fingerprint(path: Path) -> str | None:
    """The checksum of the CSVs the prebuilt file at `path` was made from (None: unusable)."""
    return read_setting(path, SEEDED_FROM.key)


def copy_prebuilt(target: Path, folder: Path | None = None) -> bool:
    """Fill the new, empty database file `target` from the prebuilt one; True if it did.

    False (and `target` left as it was) when there is no prebuilt file or it is out of date
    with the CSVs beside it: the caller then seeds from the CSVs.
    """
    source = (folder or resources_dir()) / PREBUILT
    try:
        current = seed_fingerprint(folder)
    except OSError as exc:
        raise StoreError(f"The bundled data cannot be read ({exc}).") from exc
    if prebuilt_fingerprint(source) != current:
        return False
    # the app version that made this database, not the one that built the file
    copy_database(source, target, {SEEDED_WITH.key: __version__})
    return True


def build_prebuilt(out: Path, folder: Path | None = None) -> Path:
    """Write the prebuilt database to `out`, seeded from the CSVs in `folder` (or resources)."""
    from stoke_governor.startup.seed import ensure_seeded

    out = Path(out)
    work = out.with_name(out.name + ".building")
    with contextlib.suppress(FileNotFoundError):
        work.unlink()
    store = open_store(work)
    try:
        ensure_seeded(store, folder)
        store.set_settings(**{SEEDED_FROM.key: seed_fingerprint(folder)})
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        store.execute("VACUUM")
    finally:
        store.close()
    os.replace(work, out)
    return out
