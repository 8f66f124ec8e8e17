"""Importing DfE files a user downloads: each file in its own transaction, one outcome each.

Outcomes (`outcome`): `imported`; `unchanged` (this very file is held already);
`superseded` (stored as history, because a later release of the same year is held);
`rejected` (with the reason; nothing from the file is stored). One backup of the database
precedes a batch; a dry run stores nothing.

Data flows one way: the file is read through `files.reading` (a regular file, capped), its
kind told from its header, and `import_formats` has the reader for its format
(`perf_tables`, `lait`, `ees_schools` for explore education statistics files with school
rows, `ees`, `gias`, `template_reader`) return plain rows, which `store_figures` stores
with their source.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import cast

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import year_from_name
from stoke_governor.data.csv_reader import MAX_FILE_BYTES, read_csv
from stoke_governor.data.csv_skim import RowFilter
from stoke_governor.data.ees import is_ees
from stoke_governor.data.ees_schools import has_school_rows
from stoke_governor.data.gias import is_gias
from stoke_governor.data.import_formats import (
    import_ees,
    import_ees_schools,
    import_gias,
    import_lait,
    import_tables,
    import_template,
)
from stoke_governor.data.lait import area_rows, is_lait
from stoke_governor.data.outcome import IMPORTED as IMPORTED
from stoke_governor.data.outcome import REJECTED, UNCHANGED, Outcome
from stoke_governor.data.outcome import SUPERSEDED as SUPERSEDED
from stoke_governor.data.perf_tables import city_rows, is_performance_table
from stoke_governor.db.store import Store
from stoke_governor.files.reading import files_in, open_limited, read_limited
from stoke_governor.files.text import decode_text

log = logging.getLogger("stoke_governor.data")
log.addHandler(logging.NullHandler())  # to the app's log when it keeps one; never to stderr
SUFFIXES = {".csv", ".xlsx"}  # .xlsx: the school data template (template_workbook.py)


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
    dry_run: bool = False,
) -> list[Outcome]:
    """Import every file; a bad file is rejected and the batch goes on.

    `year` is for every file (the command line's --year); `fallback_year` only for files
    whose name and folder do not say their year (the GUI asks for it). A pipe or a device
    in a folder (or a link to one) is rejected with the reason, never opened. A dry run
    gives the same outcomes, each file seeing the ones before it, and stores nothing.
    """
    files = _listed(paths)
    if year is not None:
        year = parse_year_label(year)
    if fallback_year is not None:
        fallback_year = parse_year_label(fallback_year)
    if files and not dry_run:
        store.backup("before data import")
    outcomes = []
    with store.undone() if dry_run else nullcontext():
        for n, (path, set_aside) in enumerate(files, 1):
            if cancelled():
                break
            if set_aside:
                why = f"{path.name} {set_aside}, not a file the app can read"
                outcome = Outcome(str(path), REJECTED, f"{why}; nothing was read from it.")
            else:
                outcome = import_file(store, path, year, fallback_year)
            outcomes.append(outcome)
            if progress:
                progress(n, len(files), outcome)
    return outcomes


def school_list_changes(store: Store, paths: Iterable[str | Path]) -> list[Outcome]:
    """What each Get Information About Schools extract among the files would change in the
    school list (its outcome, with the changes as `details`), from a dry run: for the user
    to see and confirm before the import. Other files are not read."""
    extracts = [p for p in expand(paths) if is_gias(_header(p) or [])]
    return import_files(store, extracts, dry_run=True) if extracts else []


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
        return import_template(store, path, data, digest)
    table = read_csv(path, only=_skimmed)
    if is_lait(table.header):
        return import_lait(store, path, digest, table)
    if is_gias(table.header):
        return import_gias(store, path, digest, table)
    if is_ees(table.header) and has_school_rows(table):
        return import_ees_schools(store, path, digest, table)
    if is_ees(table.header):
        return import_ees(store, path, digest, table)
    if not is_performance_table(table.header):
        raise BadInputFileError(
            f"{path.name} is not a file the app imports: not a DfE performance-tables file "
            "(it has no URN and local authority (LEA or LA) columns), a LAIT download, a "
            "Get Information About Schools extract, nor an explore education statistics "
            "CSV (time_period and geographic_level columns)."
        )
    return import_tables(store, path, digest, table, year, fallback_year)


def _skimmed(header: list[str]) -> RowFilter | None:
    """Performance tables are skimmed for the rows `read_figures` can use, a LAIT download
    for its three areas' rows; GIAS and EES files are read whole."""
    if is_lait(header):
        return area_rows(header)
    if is_gias(header) or is_ees(header):
        return None
    return city_rows(header)


def needs_year(path: Path) -> bool:
    """True if a file is a performance-tables CSV whose name and folder do not say its year.

    Reads only the first line, so the GUI can ask for the year before importing.
    """
    path = Path(path)
    if year_from_name(path.name) or year_from_name(path.parent.name):
        return False
    header = _header(path)
    return header is not None and is_performance_table(header) and not is_gias(header)


def _header(path: Path) -> list[str] | None:
    """A CSV file's first line as column names; None for another file, or one unreadable."""
    if Path(path).suffix.lower() != ".csv":
        return None
    try:
        with open_limited(path, MAX_FILE_BYTES, "CSV file") as fh:  # never a pipe: no hang
            first = fh.readline(1_000_000)
        text = decode_text(first, lenient=True)
    except (OSError, BadInputFileError):
        return None
    return [h.strip().strip('"').lstrip("\ufeff") for h in text.split(",")]
