"""Importing DfE files a user downloads: each file in its own transaction, one outcome each.

Outcomes: `imported`; `unchanged` (this very file is held already); `superseded` (stored
as history, because a later release of the same year is held); `rejected` (with the
reason; nothing from the file is stored). One backup of the database precedes a batch.

Data flows one way: a reader for the file's format (`perf_tables`, `lait`, `ees_schools`
for explore education statistics files with school rows, `ees`, `gias`, `template_reader`)
returns plain rows, and `store_figures` stores them with their source.
"""

from __future__ import annotations

import hashlib
import io
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import year_from_name
from stoke_governor.data.csv_reader import MAX_FILE_BYTES, CsvTable, RowFilter, read_csv
from stoke_governor.data.ees import is_ees, read_ees
from stoke_governor.data.ees_schools import has_school_rows, read_ees_schools
from stoke_governor.data.gias import is_gias, read_gias
from stoke_governor.data.lait import is_lait, read_lait
from stoke_governor.data.perf_tables import (
    city_rows,
    figures_year,
    is_performance_table,
    read_figures,
)
from stoke_governor.data.school_list import NOTHING_STORED
from stoke_governor.data.store_figures import (
    file_source,
    store_figures,
    store_gias,
    store_template,
)
from stoke_governor.db.store import Store
from stoke_governor.files.reading import files_in, open_limited, read_limited
from stoke_governor.files.text import decode_text

log = logging.getLogger("stoke_governor.data")
IMPORTED, UNCHANGED, SUPERSEDED, REJECTED = "imported", "unchanged", "superseded", "rejected"
SUFFIXES = {".csv", ".xlsx"}  # .xlsx: the school data template (template_workbook.py)


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str
    reason: str = ""
    rows: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the CSV and XLSX files inside any folder given (sorted); a pipe
    or a device among them (or a link to one) is listed too, for its import to refuse."""
    return [path for path, _reason in _listed(paths)]


def _listed(paths: Iterable[str | Path]) -> list[tuple[Path, str | None]]:
    """`expand`'s files in order, each with why it is not a file to read (None if it is)."""
    listed: list[tuple[Path, str | None]] = []
    for given in paths:
        found, set_aside = files_in([given], SUFFIXES)
        listed += sorted([*((f, None) for f in found), *set_aside], key=lambda f: f[0])
    return listed


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
    whose name and folder do not say their year (the GUI asks for it). A pipe or a device
    in a folder (or a link to one) is rejected with the reason, never opened.
    """
    files = _listed(paths)
    if year is not None:
        year = parse_year_label(year)
    if fallback_year is not None:
        fallback_year = parse_year_label(fallback_year)
    if files:
        store.backup("before data import")
    outcomes = []
    for n, (path, set_aside) in enumerate(files, 1):
        if cancelled():
            break
        if set_aside:
            why = f"{path.name} {set_aside}, not a file the app can read; nothing was read from it."
            outcome = Outcome(str(path), REJECTED, why)
        else:
            outcome = import_file(store, path, year, fallback_year)
        outcomes.append(outcome)
        if progress:
            progress(n, len(files), outcome)
    return outcomes


def import_file(
    store: Store, path: Path, year: str | None = None, fallback_year: str | None = None
) -> Outcome:
    """One file's outcome: a bad file, or one the app fails on, is rejected with the reason
    and nothing from it is stored."""
    try:
        return _import(store, Path(path), year, fallback_year)
    except BadInputFileError as exc:
        return Outcome(str(path), REJECTED, str(exc))
    except Exception as exc:  # a fault of the app's: this file is refused, the batch goes on
        log.error("Importing %s failed", path, exc_info=exc)
        what = str(exc) or type(exc).__name__
        return Outcome(
            str(path),
            REJECTED,
            f"{Path(path).name} could not be imported: {what}; nothing from it was stored.",
        )


def _import(store: Store, path: Path, year: str | None, fallback_year: str | None) -> Outcome:
    try:
        if path.suffix.lower() == ".xlsx":
            from stoke_governor.files.workbooks import MAX_FILE_BYTES as WORKBOOK_BYTES

            data = read_limited(path, WORKBOOK_BYTES, "workbook")
            digest = hashlib.sha256(data).hexdigest()
        else:
            data = None
            with open_limited(path, MAX_FILE_BYTES, "CSV file") as fh:
                digest = hashlib.file_digest(cast(io.BufferedReader, fh), "sha256").hexdigest()
    except OSError as exc:
        raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    held = store.query_one("SELECT imported_at, file FROM sources WHERE sha256 = ?", (digest,))
    if held:
        when = f" on {held['imported_at'][:10]}" if held["imported_at"] else " with the app"
        return Outcome(str(path), UNCHANGED, f"the same file was imported as {held['file']}{when}")
    if data is not None:
        return _import_template(store, path, data, digest)
    table = read_csv(path, only=_skimmed)
    if is_lait(table.header):
        return _import_lait(store, path, digest, table)
    if is_gias(table.header):
        return _import_gias(store, path, digest, table)
    if is_ees(table.header) and has_school_rows(table):
        return _import_ees_schools(store, path, digest, table)
    if is_ees(table.header):
        return _import_ees(store, path, digest, table)
    if not is_performance_table(table.header):
        raise BadInputFileError(
            f"{path.name} is not a file the app imports: not a DfE performance-tables file "
            "(it has no URN and local authority (LEA or LA) columns), a LAIT download, a "
            "Get Information About Schools extract, nor an explore education statistics "
            "CSV (time_period and geographic_level columns)."
        )
    return _import_tables(store, path, digest, table, year, fallback_year)


def _import_tables(
    store: Store,
    path: Path,
    digest: str,
    table: CsvTable,
    year: str | None,
    fallback_year: str | None,
) -> Outcome:
    """A performance-tables file: its year from --year, its name or folder, or the GUI."""
    name = str(path)
    year = year or year_from_name(path.name) or year_from_name(path.parent.name) or fallback_year
    if year is None:
        raise BadInputFileError(
            f"{path.name} does not say which year it is for; give it with --year YYYY-YY."
        )
    release = "provisional" if "provisional" in path.name.lower() else "final"
    tables_year, year = year, figures_year(table.header, year)
    names = {r["urn"]: r["name"] for r in store.query("SELECT urn, name FROM schools")}
    found = read_figures(table, year, release, set(names), names)
    if not found.school_rows and not found.area_rows:
        return Outcome(name, REJECTED, f"{path.name} holds no figures for Stoke-on-Trent.")
    cohort = (
        f"{tables_year} tables: pupils who finished key stage 4 in {year}"
        if year != tables_year
        else year
    )
    title = f"{path.name} ({cohort}, {release})"
    source = file_source(path.name, digest, "performance tables", title, year, release)
    _store(store, path, source, found.new_schools, found.school_rows, found.area_rows)
    status = SUPERSEDED if _later_release_held(store, found, year, release) else IMPORTED
    reason = f"a later release for {year} is held; kept as history" if status == SUPERSEDED else ""
    if year != tables_year:  # destinations: stored under the cohort's year, not the tables'
        reason = "; ".join(filter(None, [f"stored under {cohort}", reason]))
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
    span = f"{years[0]} to {years[-1]}"
    source = file_source(path.name, digest, "LAIT", f"{path.name} ({span})", span)
    store_figures(store, source, area_rows=rows)
    return Outcome(str(path), IMPORTED, "", len(rows))


def _import_gias(store: Store, path: Path, digest: str, table) -> Outcome:
    """A GIAS extract: a snapshot of the city's schools, with no year; adds and updates only."""
    held = {r["urn"]: dict(r) for r in store.query("SELECT * FROM schools")}
    changes = read_gias(table, held)
    title = f"{path.name} (Get Information About Schools extract)"
    store_gias(store, file_source(path.name, digest, "GIAS", title), changes)
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
    kind = "explore education statistics"
    source = file_source(path.name, digest, kind, title, span, found.release)
    _store(store, path, source, (), (), found.rows)
    codes = ", ".join(found.lait_codes)
    reason = f"also filed as the LAIT series {codes}" if codes else ""
    return Outcome(str(path), IMPORTED, reason, len(found.rows))


def _import_ees_schools(store: Store, path: Path, digest: str, table) -> Outcome:
    """A school-level EES file: the city's schools' figures, England's and the region's."""
    laestabs = {r["urn"]: r["laestab"] for r in store.query("SELECT urn, laestab FROM schools")}
    found = read_ees_schools(table, laestabs)
    if not found.school_rows and not found.area_rows:
        raise BadInputFileError(
            f"{path.name} holds no figures for Stoke-on-Trent's schools, the West Midlands or "
            f"England ({found.summary()})."
        )
    title = f"{path.name} ({found.period()})"
    kind = "explore education statistics"
    source = file_source(path.name, digest, kind, title, found.year, found.release)
    _store(store, path, source, found.new_schools, found.school_rows, found.area_rows)
    rows = len(found.school_rows) + len(found.area_rows)
    labels = {r["code"]: r["label"] for r in store.query("SELECT code, label FROM measures")}
    summary = found.summary(labels)
    later = [y for y, r in found.releases.items() if _later_release_held(store, found, y, r)]
    if later and len(later) == len(found.releases):
        reason = f"a later release for {' and '.join(later)} is held; kept as history. {summary}"
        return Outcome(str(path), SUPERSEDED, reason, rows)
    return Outcome(str(path), IMPORTED, summary, rows)


def _import_template(store: Store, path: Path, data: bytes, digest: str) -> Outcome:
    """A filled-in school data template: the school's own figures (release `school`)."""
    # Imported only for a template: a CSV import does not load the template's modules.
    from stoke_governor.data.template_reader import read_template
    from stoke_governor.data.template_workbook import FIGURES_SHEET

    found = read_template(store, path, data)
    school = found.school
    if not found.rows:
        raise BadInputFileError(
            f"{path.name} has no figures filled in; type the school's figures in its "
            f"{FIGURES_SHEET} sheet, then import it again."
        )
    stored, replaced = store_template(store, path.name, digest, found)
    if not stored:
        return Outcome(
            str(path), UNCHANGED, f"every figure in it for {school.name} is held already"
        )
    reason = f"the school's own figures for {school.name} (URN {school.urn})"
    if replaced:
        s = "" if replaced == 1 else "s"
        reason += f"; replaced {replaced} earlier template figure{s}"
    return Outcome(str(path), IMPORTED, reason, stored)


def _store(store: Store, path: Path, source: dict, *rows) -> None:
    """`store_figures`; a figure the reader let through twice refuses the file."""
    try:
        store_figures(store, source, *rows)
    except sqlite3.IntegrityError as exc:
        log.warning("%s: a figure is given twice (%s)", path, exc)
        raise BadInputFileError(
            f"{path.name} gives one of its figures twice, so it cannot be stored as it is. "
            f"{NOTHING_STORED}"
        ) from None


def _skimmed(header: list[str]) -> RowFilter | None:
    """Performance tables are skimmed for the rows `read_figures` can use; the kinds
    `import_file` tells apart first are read whole."""
    if is_lait(header) or is_gias(header) or is_ees(header):
        return None
    return city_rows(header)


def _later_release_held(store: Store, found, year: str, release: str) -> bool:
    rows = [r for r in found.school_rows if r["year"] == year]
    if release != "provisional" or not rows:
        return False
    first = rows[0]
    held = store.query_one(
        "SELECT 1 FROM school_figures WHERE urn = ? AND measure = ? AND year = ? "
        "AND release != 'provisional' LIMIT 1",
        (first["urn"], first["measure"], year),
    )
    return held is not None


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
        with open_limited(path, MAX_FILE_BYTES, "CSV file") as fh:  # never a pipe: no hang
            first = fh.readline(1_000_000)
        text = decode_text(first, lenient=True)
    except (OSError, BadInputFileError):
        return False
    header = [h.strip().strip('"').lstrip("\ufeff") for h in text.split(",")]
    return is_performance_table(header) and not is_gias(header)  # GIAS: a snapshot, no year
