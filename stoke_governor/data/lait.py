"""The DfE's Local Authority Interactive Tool (LAIT) data set: LA-level time series.

Long format: `Short Desc` (measure), `Years` (labels vary: `2019`, `2015/16`,
`2016-17 (OT)`, `2025 (prov)`), `Values` (text with float artefacts, `-` for missing),
`LA Number` (a float such as `861.0`). Only Stoke-on-Trent, the West Midlands and
England are kept; multi-year spans (`2014-16`) are not academic years and are skipped.
"""

from __future__ import annotations

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import parse_year_label
from stoke_governor.data.cells import parse_cell, release_of
from stoke_governor.data.csv_reader import CsvTable
from stoke_governor.data.csv_skim import RowFilter

AREA_BY_LAIT = {"861": CITY, "984": WEST_MIDLANDS, "970": ENGLAND}
COLUMNS = {"Short Desc", "Years", "Values", "LA Number"}


def is_lait(header: list[str]) -> bool:
    return set(header) >= COLUMNS


def area_rows(header: list[str]) -> RowFilter:
    """The rows `read_lait` can take, told from their text (they hold one of the three
    areas' codes): for `read_csv(only=...)`, the other ~150 authorities' rows are skipped."""
    return RowFilter(tuple(AREA_BY_LAIT))


def read_lait(table: CsvTable, measures: set[str] | None = None) -> tuple[list[dict], int]:
    """Area figures for the three areas (first of any repeated row wins), and spans skipped."""
    rows: dict[tuple, dict] = {}
    spans = 0
    for r in table.rows:
        measure = r["Short Desc"].strip()
        area = AREA_BY_LAIT.get(r["LA Number"].strip().split(".")[0])
        if area is None or (measures is not None and measure not in measures):
            continue
        try:
            year = parse_year_label(r["Years"])
        except ValueError:
            spans += 1
            continue
        cell = parse_cell(r["Values"])
        release = release_of(r["Years"])
        rows.setdefault(
            (area, measure, year, release),
            {
                "area": area,
                "measure": measure,
                "year": year,
                "year_label": r["Years"],
                "breakdown": "",
                "value": cell.value,
                "code": cell.code,
                "raw": cell.raw,
                "release": release,
            },
        )
    return list(rows.values()), spans
