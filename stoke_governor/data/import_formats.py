"""Storing each kind of DfE file the importer reads: the reader for its format, then
`store_figures`, with the file's source; each gives the file's outcome.

Called by `importer`, which has read the file, told its kind and checked it is not held
already; a bad file raises BadInputFileError, and nothing from it is stored.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import year_from_name
from stoke_governor.data.csv_reader import CsvTable
from stoke_governor.data.ees import read_ees
from stoke_governor.data.ees_schools import read_ees_schools
from stoke_governor.data.gias import read_gias
from stoke_governor.data.lait import read_lait
from stoke_governor.data.outcome import IMPORTED, REJECTED, SUPERSEDED, UNCHANGED, Outcome
from stoke_governor.data.perf_tables import figures_year, read_figures
from stoke_governor.data.school_list import NOTHING_STORED
from stoke_governor.data.store_figures import (
    file_source,
    store_figures,
    store_gias,
    store_template,
)
from stoke_governor.db.store import Store

log = logging.getLogger("stoke_governor.data")


def import_tables(
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


def import_lait(store: Store, path: Path, digest: str, table) -> Outcome:
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


def import_gias(store: Store, path: Path, digest: str, table) -> Outcome:
    """A GIAS extract: a snapshot of the city's schools, with no year; adds and updates only."""
    held = {r["urn"]: dict(r) for r in store.query("SELECT * FROM schools")}
    changes = read_gias(table, held)
    title = f"{path.name} (Get Information About Schools extract)"
    store_gias(store, file_source(path.name, digest, "GIAS", title), changes)
    rows = len(changes.new_schools) + len(changes.updates)
    return Outcome(str(path), IMPORTED, changes.summary, rows, tuple(changes.details()))


def import_ees(store: Store, path: Path, digest: str, table) -> Outcome:
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


def import_ees_schools(store: Store, path: Path, digest: str, table) -> Outcome:
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


def import_template(store: Store, path: Path, data: bytes, digest: str) -> Outcome:
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
