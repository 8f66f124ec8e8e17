"""Importing DfE files a user downloads: each file in its own transaction, one outcome each.

Outcomes: `imported`; `unchanged` (this very file is held already); `superseded` (stored
as history, because a later release of the same year is held); `rejected` (with the
reason; nothing from the file is stored). One backup of the database precedes a batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import RowFilter, read_csv, year_from_name
from stoke_governor.data.ees import import_ees, is_ees, read_ees
from stoke_governor.data.gias import import_gias, is_gias
from stoke_governor.data.lait import is_lait, read_lait
from stoke_governor.data.perf_tables import Found, city_rows, is_performance_table, read_figures
from stoke_governor.db.store import Store

IMPORTED, UNCHANGED, SUPERSEDED, REJECTED = "imported", "unchanged", "superseded", "rejected"
SUFFIXES = {".csv", ".xlsx"}  # .xlsx: the school data template (data_template.py)


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str
    reason: str = ""
    rows: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the CSV and XLSX files inside any folder given (sorted)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES)
        else:
            files.append(p)
    return files


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    year: str | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    fallback_year: str | None = None,
) -> list[Outcome]:
    """Import every file; a bad file is rejected and the batch goes on.

    `year` is for every file (the command line's --year); `fallback_year` only for files
    whose name and folder do not say their year (the GUI asks for it).
    """
    files = expand(paths)
    if year is not None:
        year = parse_year_label(year)
    if fallback_year is not None:
        fallback_year = parse_year_label(fallback_year)
    if files:
        store.backup("before data import")
    outcomes = []
    for n, path in enumerate(files, 1):
        if cancelled():
            break
        outcome = import_file(store, path, year, fallback_year)
        outcomes.append(outcome)
        if progress:
            progress(n, len(files), outcome)
    return outcomes


def import_file(
    store: Store, path: Path, year: str | None = None, fallback_year: str | None = None
) -> Outcome:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(name, REJECTED, f"{path.name} cannot be read: {exc.strerror or exc}.")
    digest = hashlib.sha256(data).hexdigest()
    held = store.conn.execute(
        "SELECT imported_at, file FROM sources WHERE sha256 = ?", (digest,)
    ).fetchone()
    if held:
        when = f" on {held['imported_at'][:10]}" if held["imported_at"] else " with the app"
        return Outcome(name, UNCHANGED, f"the same file was imported as {held['file']}{when}")
    try:
        if path.suffix.lower() == ".xlsx":
            from stoke_governor.data.template_reader import import_template

            return import_template(store, path, data, digest)
        table = read_csv(path, data, only=_skimmed)
        if is_lait(table.header):
            return _import_lait(store, path, digest, table)
        if is_gias(table.header):
            return _import_gias(store, path, digest, table)
        if is_ees(table.header):
            return _import_ees(store, path, digest, table)
        if not is_performance_table(table.header):
            raise BadInputFileError(
                f"{path.name} is not a file the app imports: not a DfE performance-tables file "
                "(it has no URN and local authority (LEA or LA) columns), a LAIT download, a "
                "Get Information About Schools extract, nor an explore education statistics "
                "CSV (time_period and geographic_level columns)."
            )
        year = (
            year or year_from_name(path.name) or year_from_name(path.parent.name) or fallback_year
        )
        if year is None:
            raise BadInputFileError(
                f"{path.name} does not say which year it is for; give it with --year YYYY-YY."
            )
        release = "provisional" if "provisional" in path.name.lower() else "final"
        known = {r[0] for r in store.conn.execute("SELECT urn FROM schools")}
        found = read_figures(table, year, release, known)
    except BadInputFileError as exc:
        return Outcome(name, REJECTED, str(exc))
    if not found.school_rows and not found.area_rows:
        return Outcome(name, REJECTED, f"{path.name} holds no figures for Stoke-on-Trent.")
    try:
        _store(store, path, digest, year, release, found)
    except sqlite3.IntegrityError as exc:
        return Outcome(name, REJECTED, f"{path.name} repeats a school's figure ({exc}).")
    status = SUPERSEDED if _later_release_held(store, found, year, release) else IMPORTED
    reason = f"a later release for {year} is held; kept as history" if status == SUPERSEDED else ""
    return Outcome(name, status, reason, len(found.school_rows) + len(found.area_rows))


def _import_lait(store: Store, path: Path, digest: str, table) -> Outcome:
    rows, _spans = read_lait(table)
    if not rows:
        return Outcome(
            str(path),
            REJECTED,
            f"{path.name} holds no figures for Stoke-on-Trent, the West Midlands or England.",
        )
    years = sorted({r["year"] for r in rows})
    _store(
        store, path, digest, f"{years[0]} to {years[-1]}", "", Found(area_rows=rows), kind="LAIT"
    )
    return Outcome(str(path), IMPORTED, "", len(rows))


def _source(path: Path, digest: str, kind: str, title: str, year=None, release=None) -> dict:
    return {
        "file": path.name,
        "title": title,
        "publisher": "Department for Education",
        "origin": "imported by the user",
        "sha256": digest,
        "kind": kind,
        "year": year,
        "release": release,
        "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
    }


def _import_gias(store: Store, path: Path, digest: str, table) -> Outcome:
    """A GIAS extract: a snapshot of the city's schools, with no year; adds and updates only."""
    title = f"{path.name} (Get Information About Schools extract)"
    changes = import_gias(store, table, _source(path, digest, "GIAS", title))
    return Outcome(
        str(path), IMPORTED, changes.summary, len(changes.new_schools) + len(changes.updates)
    )


def _import_ees(store: Store, path: Path, digest: str, table) -> Outcome:
    found = read_ees(table)
    if not found.rows:
        return Outcome(
            str(path),
            REJECTED,
            f"{path.name} holds no figures for Stoke-on-Trent, the West Midlands or England.",
        )
    years = found.years
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    title = f"{path.name} ({span}{', ' + found.release if found.release else ''})"
    source = _source(path, digest, "explore education statistics", title, span, found.release)
    try:
        import_ees(store, found, source)
    except sqlite3.IntegrityError as exc:
        return Outcome(str(path), REJECTED, f"{path.name} repeats a figure ({exc}).")
    codes = ", ".join(found.lait_codes)
    reason = f"also filed as the LAIT series {codes}" if codes else ""
    return Outcome(str(path), IMPORTED, reason, len(found.rows))


def _skimmed(header: list[str]) -> RowFilter | None:
    """Performance tables are skimmed for the rows `read_figures` can use; the kinds
    `import_file` tells apart first are read whole."""
    if is_lait(header) or is_gias(header) or is_ees(header):
        return None
    return city_rows(header)


def _store(
    store: Store,
    path: Path,
    digest: str,
    year: str,
    release: str,
    found: Found,
    kind: str = "performance tables",
) -> None:
    title = f"{path.name} ({year}, {release})" if release else f"{path.name} ({year})"
    with store.db.atomic():
        source_id = _insert(
            store,
            "sources",
            [
                {
                    "file": path.name,
                    "title": title,
                    "publisher": "Department for Education",
                    "origin": "imported by the user",
                    "sha256": digest,
                    "kind": kind,
                    "year": year,
                    "release": release or None,
                    "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
                }
            ],
        )
        _insert(store, "schools", found.new_schools)
        _insert(store, "school_figures", found.school_rows, source_id)
        _insert(store, "area_figures", found.area_rows, source_id)


def _insert(store: Store, table: str, rows: list[dict], source_id: int | None = None) -> int | None:
    """Store rows that share their keys (as the readers make them) on the store's
    connection, inside the caller's transaction: many rows to an INSERT, as sqlite-utils
    does, but from tuples. A single row's new id."""
    if not rows:
        return None
    keys = list(rows[0])
    one = ", ".join("?" * len(keys))
    columns = ", ".join(keys)
    if source_id is not None:
        columns, one = f"{columns}, source_id", f"{one}, {int(source_id)}"  # our own id
    get = itemgetter(*keys) if len(keys) > 1 else lambda r: (r[keys[0]],)
    values = list(map(get, rows))
    per = max(1, 900 // len(keys))  # under SQLite's lowest limit, 999 values a statement
    for start in range(0, len(values), per):
        chunk = values[start : start + per]
        sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([f"({one})"] * len(chunk))
        cursor = store.conn.execute(sql, list(chain.from_iterable(chunk)))
    return cursor.lastrowid if len(rows) == 1 else None


def _later_release_held(store: Store, found, year: str, release: str) -> bool:
    if release != "provisional" or not found.school_rows:
        return False
    first = found.school_rows[0]
    return (
        store.conn.execute(
            "SELECT 1 FROM school_figures WHERE urn = ? AND measure = ? AND year = ? "
            "AND release != 'provisional' LIMIT 1",
            (first["urn"], first["measure"], year),
        ).fetchone()
        is not None
    )


def needs_year(path: Path) -> bool:
    """True if a file is a performance-tables CSV whose name and folder do not say its year.

    Reads only the first line, so the GUI can ask for the year before importing.
    """
    path = Path(path)
    if (
        path.suffix.lower() != ".csv"
        or year_from_name(path.name)
        or year_from_name(path.parent.name)
    ):
        return False
    try:
        with path.open("rb") as fh:
            first = fh.readline(1_000_000)
    except OSError:
        return False
    header = [
        h.strip().strip('"').lstrip("\ufeff")
        for h in first.decode("utf-8-sig", errors="replace").split(",")
    ]
    return is_performance_table(header) and not is_gias(header)  # GIAS: a snapshot, no year
