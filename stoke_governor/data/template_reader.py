"""Reading a filled-in school data template (written by `template_workbook`) into plain rows.

`read_template` checks every figure and says which cell is wrong and why; it looks the
school and the measure codes up, and stores nothing: `importer.import_file` stores the rows
(through `store_figures`) as the school's own figures (release `school`), so the app and the
command line share it. A figure the DfE publishes for the same year is always shown in
preference to the school's own.

openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError, UnknownSchoolError
from stoke_governor.data.cells import parse_cell
from stoke_governor.data.template_workbook import (
    CODE_HEADER,
    FIGURES_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    IDENTITY_SHEET,
    RELEASE,
)
from stoke_governor.files.workbooks import (
    XML_SCAN_CHUNK,
    check_xlsx,
    load_xlsx,
    read_workbook,
    safe_text,
)
from stoke_governor.measures.catalogue import Measure, catalogue
from stoke_governor.schools.register import School, get_school

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

MAX_ROWS = 500  # rows read below the header: a template has one per measure
_FORMULA_TAG = re.compile(rb"<(\w+:)?f[\s>/]")


@dataclass
class TemplateFigures:
    """What a filled-in template holds: the school's figures, ready to store."""

    school: School
    rows: list[dict] = field(default_factory=list)  # school_figures rows, without source_id
    app_version: str = ""
    created: str = ""

    @property
    def years(self) -> list[str]:
        return sorted({r["year"] for r in self.rows})


def read_template(store: Store, path: str | Path, data: bytes | None = None) -> TemplateFigures:
    """Read a filled-in template; raise BadInputFileError naming the file, cell and reason.

    Nothing is stored here. Blank cells are skipped (missing stays missing, never 0); a
    percentage outside 0 to 100, text that is neither a number nor a DfE marker, a date,
    an error value, or a formula with no saved result rejects the whole file.
    """
    path = Path(path)
    if data is None:
        data = read_workbook(path)  # once: every look below is at these bytes
    check_xlsx(path, data)
    wb = load_xlsx(path, data, data_only=True)
    name = path.name
    identity = _identity(wb, name)
    urn = identity["urn"]
    try:
        school = get_school(store, urn)
    except UnknownSchoolError:
        raise BadInputFileError(
            f"{name} is a template for URN {urn}, a school this database does not hold."
        ) from None
    if FIGURES_SHEET not in wb.sheetnames:
        raise BadInputFileError(f"{name} has no {FIGURES_SHEET} sheet; was it renamed?")
    ws = wb[FIGURES_SHEET]
    # A formula whose result was never saved reads as empty: such cells are told apart by
    # reading the sheet again with its formulas, only when the workbook has any formula.
    formulas = _formula_sheet(path, data) if _has_formulas(data) else None
    found = TemplateFigures(
        school, app_version=identity["app_version"], created=identity["created"]
    )
    known = catalogue(store, "school")
    header_row, code_col, year_cols = _header(ws, name)
    if ws.max_row > header_row + MAX_ROWS:
        raise BadInputFileError(
            f"{name}: the {FIGURES_SHEET} sheet has something in row {ws.max_row:,}; a template "
            f"has one row per measure, so it cannot be read."
        )
    seen: dict[str, int] = {}
    for r in range(header_row + 1, ws.max_row + 1):
        code_cell = ws.cell(r, code_col)
        code = str(code_cell.value).strip() if code_cell.value is not None else ""
        cells = [(ws.cell(r, c), year) for c, year in year_cols]
        if not code:
            filled = next((c for c, _ in cells if not _blank(c.value)), None)
            if filled is not None:
                raise BadInputFileError(
                    f"{name}, {FIGURES_SHEET}!{filled.coordinate}: a figure in a row with no "
                    f"measure code (the {CODE_HEADER} column); figures must go in the rows "
                    "the template has."
                )
            continue
        measure = known.get(code)
        if measure is None:
            raise BadInputFileError(
                f"{name}, {FIGURES_SHEET}!{code_cell.coordinate}: '{code[:40]}' is not a "
                "measure code the app knows; please do not change the codes."
            )
        if code in seen:
            raise BadInputFileError(
                f"{name}, {FIGURES_SHEET}!{code_cell.coordinate}: the measure {code} is also "
                f"in row {seen[code]}; each measure may have one row."
            )
        seen[code] = r
        for cell, year in cells:
            where = f"{name}, {FIGURES_SHEET}!{cell.coordinate} ({measure.label}, {year})"
            if _blank(cell.value):
                if formulas is not None and formulas[cell.coordinate].data_type == "f":
                    # a formula cell (never a text cell that starts with '=') saved unworked
                    raise BadInputFileError(
                        f"{where}: a formula with no saved result; type the figure itself, "
                        "or open and save the file in Excel first."
                    )
                continue
            value, code_marker, raw = _figure(cell, measure, where)
            found.rows.append(
                {
                    "urn": urn,
                    "measure": code,
                    "year": year,
                    "value": value,
                    "code": code_marker,
                    "raw": raw,
                    "release": RELEASE,
                }
            )
    return found


def _has_formulas(data: bytes) -> bool:
    """True if any XML part holds a formula element (`<f>`); the file passed check_xlsx."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.lower().endswith(".xml"):  # wherever the sheets are kept
                tail = b""
                with zf.open(info) as fh:
                    while chunk := fh.read(XML_SCAN_CHUNK):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-8:]
    return False


def _formula_sheet(path: Path, data: bytes):
    wb = load_xlsx(path, data, data_only=False)
    return wb[FIGURES_SHEET] if FIGURES_SHEET in wb.sheetnames else None


def _identity(wb, name: str) -> dict:
    not_template = (
        f"{name} is not a Stoke Governor school data template; make one in the app or "
        "with 'stoke-governor data template -o FILE.xlsx'."
    )
    if IDENTITY_SHEET not in wb.sheetnames:
        raise BadInputFileError(not_template)
    ws = wb[IDENTITY_SHEET]
    pairs = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 50), max_col=2, values_only=True):
        if row and row[0] is not None:
            pairs[str(row[0]).strip()] = row[1]
    if pairs.get("format") != FORMAT_NAME:
        raise BadInputFileError(not_template)
    try:
        version = int(pairs["format_version"])
    except (KeyError, TypeError, ValueError):
        raise BadInputFileError(not_template) from None
    if version > FORMAT_VERSION:
        raise BadInputFileError(
            f"{name} was made by a newer version of Stoke Governor; install the newer "
            "version to import it."
        )
    urn = pairs.get("urn")
    try:
        urn = int(str(urn).strip())
    except (TypeError, ValueError):
        raise BadInputFileError(f"{name} does not say which school it is for (no URN).") from None
    return {
        "urn": urn,
        "app_version": str(pairs.get("app_version") or ""),
        "created": str(pairs.get("created") or ""),
    }


def _header(ws, name: str) -> tuple[int, int, list[tuple[int, str]]]:
    """The header row, the code column and the year columns, found by their text."""
    for r in range(1, min(ws.max_row, 40) + 1):
        texts = {c: ws.cell(r, c).value for c in range(1, min(ws.max_column, 60) + 1)}
        code_col = next((c for c, v in texts.items() if _text(v) == CODE_HEADER), None)
        if code_col is None:
            continue
        year_cols = []
        for c, v in texts.items():
            try:
                year_cols.append((c, parse_year_label(_text(v))))
            except ValueError:
                continue
        if year_cols:
            return r, code_col, year_cols
    raise BadInputFileError(
        f"{name}: the {FIGURES_SHEET} sheet has no header row with the {CODE_HEADER} column "
        "and the years; please do not change the headings."
    )


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _figure(cell, measure: Measure, where: str) -> tuple[float | None, str | None, str]:
    """(value, marker, raw) for one filled cell, or BadInputFileError saying why not."""
    value = cell.value
    parsed_value: float | None
    if cell.data_type == "e":
        raise BadInputFileError(f"{where}: the cell shows the error {value}, not a figure.")
    if isinstance(value, bool):
        raise BadInputFileError(f"{where}: the cell holds {str(value).upper()}, not a figure.")
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise BadInputFileError(
            f"{where}: the cell holds a date or time, not a figure; format the cell as a "
            "number and type the figure again."
        )
    if isinstance(value, int | float):
        number = float(value)
        raw = repr(number).removesuffix(".0")
        if "%" in (cell.number_format or ""):  # 58.6% typed in Excel is stored as 0.586
            number = round(number * 100, 10)
            raw = repr(number).removesuffix(".0") + "%"
        parsed_value, marker = number, None
    else:
        text = safe_text(value)
        parsed = parse_cell(text)
        if parsed.value is None and parsed.code is None and text.lstrip().startswith("="):
            raise BadInputFileError(  # typed as text: a formula would not be text
                f"{where}: the cell holds the text '{text.strip()[:40]}' where a figure "
                "belongs; type the figure itself (without '='), a marker, or leave the cell "
                "blank."
            )
        if parsed.value is None and parsed.code is None:
            raise BadInputFileError(
                f"{where}: '{text.strip()[:40]}' is neither a number nor a DfE marker such as "
                "SUPP; type the figure, a marker, or leave the cell blank."
            )
        parsed_value, marker, raw = parsed.value, parsed.code, text.strip()
    if parsed_value is not None:
        if not math.isfinite(parsed_value):
            raise BadInputFileError(f"{where}: {raw} is not a figure.")
        if measure.unit == "percent" and not 0 <= parsed_value <= 100:
            raise BadInputFileError(
                f"{where}: {raw} is not a percentage from 0 to 100 (type 58.6 for 58.6%)."
            )
    return parsed_value, marker, raw
