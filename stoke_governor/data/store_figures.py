"""Storing what the file readers return: the file's source row, then its rows, in one transaction.

The one module in `stoke_governor.data` that writes to the database. Each function takes
plain rows as a reader made them (performance tables, LAIT, explore education statistics,
a GIAS extract, a filled-in school data template), records where they came from in
`sources`, and stores them inside `store.transaction()`: all of the file or none of it.
Figures go in as read: a marker (SUPP, NE, x...) stays a marker with no value, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from stoke_governor.db.store import Store

if TYPE_CHECKING:
    from stoke_governor.data.gias import GiasChanges
    from stoke_governor.data.template_reader import TemplateFigures

DFE = "Department for Education"
# A figure's columns in `school_figures` (after its school's URN) and in `area_figures`, in
# the tables' order, less the source it came from.
FIGURE_FIELDS = ("measure", "year", "value", "code", "raw", "release")
AREA_FIGURE_FIELDS = (
    "area",
    "measure",
    "year",
    "year_label",
    "breakdown",
    "value",
    "code",
    "raw",
    "release",
)


def file_source(
    file: str,
    digest: str,
    kind: str,
    title: str,
    year: str | None = None,
    release: str | None = None,
) -> dict:
    """The `sources` row for a file the user imported from the DfE."""
    return {
        "file": file,
        "title": title,
        "publisher": DFE,
        "origin": "imported by the user",
        "sha256": digest,
        "kind": kind,
        "year": year,
        "release": release,
        "imported_at": _now(),
    }


def store_figures(
    store: Store,
    source: dict,
    schools: Sequence[dict] = (),
    school_rows: Sequence[dict] = (),
    area_rows: Sequence[dict] = (),
) -> None:
    """Store a file's source, the schools it adds, and its school and area figures."""
    with store.transaction():
        source_id = _insert(store, "sources", [source])
        _insert(store, "schools", schools)
        _insert(store, "school_figures", school_rows, source_id)
        _insert(store, "area_figures", area_rows, source_id)


def store_gias(store: Store, source: dict, changes: GiasChanges) -> None:
    """Add and update the schools a GIAS extract changes, each marked with its source."""
    with store.transaction():
        source_id = _insert(store, "sources", [source])
        _insert(store, "schools", changes.new_schools, source_id)
        for urn, changed in changes.updates.items():
            values = {**changed, "source_id": source_id}
            columns = ", ".join(f"{column} = ?" for column in values)  # our own column names
            store.execute(f"UPDATE schools SET {columns} WHERE urn = ?", (*values.values(), urn))


def store_template(store: Store, file: str, digest: str, found: TemplateFigures) -> tuple[int, int]:
    """Store a filled-in template's new figures as the school's own; (stored, replaced).

    A figure equal to one held already (a published figure shown in the template, or the
    same figure from an earlier template) is not stored again: (0, 0) if none is new. A
    figure that differs from the school's earlier template figure for the same measure and
    year replaces it; the earlier file stays recorded as a source.
    """
    # The template's module is imported only for a template (the importer's start-up time).
    from stoke_governor.data.template_workbook import RELEASE, SOURCE_KIND

    school = found.school
    with store.transaction():
        new_rows, replaced = _new_template_rows(store, found, RELEASE)
        if not new_rows:
            return 0, 0
        years = sorted({r["year"] for r in new_rows})
        span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        source = {
            "file": file,
            "title": f"School data template from {school.name} ({span})",
            "publisher": school.name,
            "origin": "school data template imported by the user",
            "note": (
                "The school's own figures; a figure the DfE publishes for the same year "
                "is shown in preference."
            ),
            "sha256": digest,
            "kind": SOURCE_KIND,
            "year": span,
            "release": RELEASE,
            "imported_at": _now(),
        }
        source_id = _insert(store, "sources", [source])
        if replaced:
            marks = ", ".join("?" * len(replaced))
            store.execute(f"DELETE FROM school_figures WHERE id IN ({marks})", tuple(replaced))
        _insert(store, "school_figures", new_rows, source_id)
    return len(new_rows), len(replaced)


def _new_template_rows(
    store: Store, found: TemplateFigures, own_release: str
) -> tuple[list[dict], list[int]]:
    """The template's figures not held already, and the ids of earlier template figures
    (release `own_release`) they replace."""
    held: dict[tuple[str, str], list] = {}
    for r in store.query(
        "SELECT id, measure, year, value, code, release FROM school_figures WHERE urn = ?",
        (found.school.urn,),
    ):
        held.setdefault((r["measure"], r["year"]), []).append(r)
    new_rows, replaced = [], []
    for row in found.rows:
        earlier = held.get((row["measure"], row["year"]), [])
        own = [h for h in earlier if h["release"] == own_release]
        if own:
            if all(_same(row, h) for h in own):
                continue
            replaced += [h["id"] for h in own]
        elif any(_same(row, h) for h in earlier):
            continue  # a published figure the template showed, left as it was
        new_rows.append(row)
    return new_rows, replaced


def _same(row: dict, held) -> bool:
    if row["value"] is None or held["value"] is None:
        return row["value"] is None and held["value"] is None and row["code"] == held["code"]
    return math.isclose(row["value"], held["value"], rel_tol=1e-9, abs_tol=1e-9)


def _insert(
    store: Store, table: str, rows: Sequence[dict], source_id: int | None = None
) -> int | None:
    """Store rows that share their keys (as the readers make them), inside the caller's
    transaction: many rows to an INSERT, as sqlite-utils does, but from tuples. A single
    row's new id."""
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
        cursor = store.execute(sql, list(chain.from_iterable(chunk)))
    return cursor.lastrowid if len(rows) == 1 else None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
