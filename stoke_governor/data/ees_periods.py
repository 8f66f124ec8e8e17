"""Which academic years a school-level EES file holds, and each year's release.

A file holds one academic year (`time_period` such as 202425), unless its name gives a span
of years in the DfE's way (`institution_performance_202225_API`: 2022-23 to 2024-25), when
each row's `time_period` keys its year and every year in the file must lie in that span.
Each year's release is its rows' `version` (one per year), else a word in the file name
(provisional, revised, final), else final.
"""

from __future__ import annotations

import re

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.csv_reader import CsvTable

RELEASES = ("provisional", "revised", "final")
_SPAN = re.compile(r"(?<!\d)(20\d\d)(\d\d)(?!\d)")
_LONGEST_SPAN = 5  # years; a longer "span" in a name is not one


def named_span(name: str) -> list[str]:
    """The academic years a DfE file name gives: `202225` → 2022-23, 2023-24, 2024-25;
    `202425` → 2024-25 alone; none → []."""
    for m in _SPAN.finditer(name):
        start, end = int(m.group(1)), int(m.group(2))
        count = (end - start % 100) % 100
        if 1 <= count <= _LONGEST_SPAN:
            return [f"{y}-{(y + 1) % 100:02d}" for y in range(start, start + count)]
    return []


def file_years(table: CsvTable, col: dict[str, str]) -> dict[str, str]:
    """Each academic year the file holds, in order, with its release; raises if bad."""
    name = table.path.name
    time_col, ident_col = col["time_period"], col.get("time_identifier")
    first_row: dict[str, int] = {}
    years: list[str] = []
    for n, row in enumerate(table.rows, 2):
        period = row[time_col].strip()
        ident = " ".join((row.get(ident_col) or "").split()).lower() if ident_col else ""
        try:
            if not re.fullmatch(r"\d{6}", period) or ident not in {"", "academic year"}:
                raise ValueError(period)
            year = parse_year_label(period)
        except ValueError:
            what = f" ({row[ident_col].strip()})" if ident_col and ident else ""
            raise BadInputFileError(
                f"{name}, row {n}: the time_period '{period[:40]}'{what} is not an academic "
                "year such as 202425; nothing was imported."
            ) from None
        first_row.setdefault(year, n)
        years.append(year)
    if not first_row:
        raise BadInputFileError(f"{name} has no rows.")
    span = named_span(name)
    if len(first_row) > 1 and (len(span) < 2 or not set(first_row) <= set(span)):
        listed = ", ".join(f"{y} (row {n})" for y, n in sorted(first_row.items()))
        named = f" (its name gives {_span_text(span)})" if span else ""
        raise BadInputFileError(
            f"{name} mixes academic years: {listed}{named}. Import one year's file at a "
            "time; nothing was imported."
        )
    return {y: _release(table, col, years, y) for y in sorted(first_row)}


def _span_text(span: list[str]) -> str:
    return span[0] if len(span) == 1 else f"{span[0]} to {span[-1]}"


def _release(table: CsvTable, col: dict[str, str], years: list[str], year: str) -> str:
    name = table.path.name
    version_col = col.get("version")
    versions: set[str] = set()
    if version_col:
        in_year = (r for r, y in zip(table.rows, years, strict=True) if y == year)
        versions = {" ".join(r[version_col].split()).lower() for r in in_year} - {""}
    unknown = versions - set(RELEASES)
    if unknown or len(versions) > 1:
        shown = ", ".join(sorted(versions))
        raise BadInputFileError(
            f"{name}: the version column says '{shown}' for {year}; one of provisional, "
            "revised or final was expected for the whole year. Nothing was imported."
        )
    if versions:
        return versions.pop()
    lower = name.lower()
    return next((r for r in RELEASES if r in lower), "final")
