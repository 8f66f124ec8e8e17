"""The seeded reference data and the demo board shipped ready-made, so a first run copies them
instead of parsing CSVs and building the board.

`resources/seeded.sqlite` is an ordinary database seeded from `resources/*.csv` by
`ensure_seeded`, with the demo board built by `ensure_demo` (the very code a first run without
it uses), rebuilt with `python -m stoke_governor.build_resources --prebuilt-only`. It records a
checksum of the files it was made from: a first run copies it (a whole-file copy made beside
the database, synced, then renamed into place: a crash leaves no half-made database) only
while they all still match, else seeds from the CSVs and builds the demo board.

What must differ between installations is made anew in each copy: the demo evaluation's
return id (the LA tells returns apart by it). The demo's records keep the time they were
built at.
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
# the folders the demo board is built from (startup/demo.py): its board and evaluation, the
# training modules its governors completed, the framework its evaluation follows
DEMO_FOLDERS = ("demo", "modules", "frameworks")
# A random version-4 UUID, as uuid.uuid4() writes it, from SQLite's own randomness (importing
# uuid costs a first run about 5 ms): 8-4-4-4-12 hex digits, version 4, variant 10xx.
NEW_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) "
    "|| substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)
# made anew in every copy: what must not be the same in two installations
PER_INSTALLATION = (f"UPDATE evaluations SET return_id = {NEW_UUID}",)


def source_files(folder: Path | None = None) -> list[Path]:
    """Every file the prebuilt database is made from, in a fixed order."""
    folder = folder or resources_dir()
    demo = sorted(p for name in DEMO_FOLDERS for p in folder.joinpath(name).rglob("*"))
    return [folder / name for name in SEED_FILES] + [p for p in demo if p.is_file()]


def seed_fingerprint(folder: Path | None = None) -> str:
    """A checksum of every file a new database is seeded and its demo board built from
    (about a millisecond)."""
    crc = 0
    for path in source_files(folder):
        crc = zlib.crc32(path.read_bytes(), crc)
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
    copy_database(source, target, {SEEDED_WITH.key: __version__}, PER_INSTALLATION)
    return True


def build_prebuilt(out: Path, folder: Path | None = None) -> Path:
    """Write the prebuilt database to `out`, seeded from the CSVs in `folder` (or resources),
    with the demo board."""
    from stoke_governor.startup.demo import ensure_demo
    from stoke_governor.startup.seed import ensure_seeded

    out = Path(out)
    work = out.with_name(out.name + ".building")
    with contextlib.suppress(FileNotFoundError):
        work.unlink()
    store = open_store(work)
    try:
        ensure_seeded(store, folder)
        ensure_demo(store, folder)
        store.set_settings(**{SEEDED_FROM.key: seed_fingerprint(folder)})
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        store.execute("VACUUM")
    finally:
        store.close()
    os.replace(work, out)
    return out
