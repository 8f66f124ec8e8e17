"""First run: fill a new database from the data shipped in `resources/`.

This is how `resources/seeded.sqlite` is made (see `prebuilt`), and how a first run fills the
database when that file is missing or out of date with the CSVs.

All of it lands in one transaction, or none of it (a crash mid-way leaves an
empty store that is seeded again at the next start). The measure catalogue, the
city's targets and the series breaks are the app's reference data, not the user's: when
a newer app ships different ones, `refresh_reference` replaces them (figures and user data
untouched).
"""

from __future__ import annotations

from pathlib import Path

from stoke_governor import __version__
from stoke_governor.core.errors import StoreError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import REFERENCE_DATA, SEEDED_WITH
from stoke_governor.db.store import Store

INT_FIELDS = {
    "urn",
    "la_code",
    "laestab",
    "age_low",
    "age_high",
    "successor_urn",
    "ofsted_grade",
    "decimals",
    "higher_is_better",
    "headline",
}
REAL_FIELDS = {"value"}
# Loaded in this order, after sources.csv (parents before the rows that refer to them).
TABLES = (
    "areas",
    "schools",
    "measures",
    "city_targets",
    "series_breaks",
    "school_figures",
    "area_figures",
)
REFERENCE = ("measures", "city_targets", "series_breaks")


def reference_fingerprint(folder: Path | None = None) -> str:
    """A checksum of the shipped catalogue, targets and series breaks (cheap: every start)."""
    import zlib

    crc = 0
    for table in REFERENCE:
        crc = zlib.crc32(((folder or resources_dir()) / f"{table}.csv").read_bytes(), crc)
    return f"{crc:08x}"


def _typed(row: dict[str, str]) -> dict:
    out: dict = {}
    for key, text in row.items():
        if key in INT_FIELDS or key in REAL_FIELDS:
            text = text.strip()
            out[key] = None if text == "" else (float(text) if key in REAL_FIELDS else int(text))
        else:
            out[key] = text if text != "" or key in {"raw", "breakdown"} else None
    return out


def read_resource(name: str, folder: Path | None = None) -> list[dict]:
    import csv

    path = (folder or resources_dir()) / name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [_typed(row) for row in csv.DictReader(fh)]
    except (OSError, ValueError, csv.Error) as exc:
        raise StoreError(f"The bundled data file {name} cannot be read ({exc}).") from exc


def ensure_seeded(store: Store, folder: Path | None = None) -> bool:
    """Seed a new database; True if it was seeded now."""
    if store.setting(SEEDED_WITH.key):
        return False
    sources = read_resource("sources.csv", folder)
    data = {name: read_resource(f"{name}.csv", folder) for name in TABLES}
    with store.transaction():
        db = store.db  # the sqlite-utils table API, for the bulk inserts
        db.table("sources").insert_all(sources)
        source_id = {r["file"]: r["id"] for r in store.query("SELECT id, file FROM sources")}
        for name in ("school_figures", "area_figures", "schools"):
            for row in data[name]:
                row["source_id"] = source_id[row.pop("source")]
        for name in TABLES:
            db.table(name).insert_all(data[name], batch_size=500)
        store.set_settings(
            **{SEEDED_WITH.key: __version__, REFERENCE_DATA.key: reference_fingerprint(folder)}
        )
    return True


def refresh_reference(store: Store, folder: Path | None = None) -> bool:
    """Replace the catalogue, targets and breaks if the app ships different ones; True if it did."""
    try:
        digest = reference_fingerprint(folder)
    except OSError as exc:
        raise StoreError(f"The bundled reference data cannot be read ({exc}).") from exc
    if store.setting(REFERENCE_DATA.key) == digest:
        return False
    data = {name: read_resource(f"{name}.csv", folder) for name in REFERENCE}
    with store.transaction():
        for name in REFERENCE:
            store.execute(f"DELETE FROM {name}")
            store.db.table(name).insert_all(data[name], batch_size=500)
        store.set_settings(**{REFERENCE_DATA.key: digest})
    return True
