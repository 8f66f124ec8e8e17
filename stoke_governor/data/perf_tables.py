"""Performance-tables files (Compare school and college performance): rows into figures.

Any year, any layout: columns are found by name, summary rows by the markers the DfE
puts in whichever column it chose that year (RECTYPE 4/5/7, `LA`/`NAT`, `NAT` in the URN
or LA column with PRI/SEC/SPE in ESTAB).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stoke_governor.core.areas import CITY, CITY_LA, ENGLAND
from stoke_governor.core.dates import summer_label, year_end
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import Cell, is_grade_column, parse_cell
from stoke_governor.data.csv_reader import CsvTable
from stoke_governor.data.csv_skim import RowFilter
from stoke_governor.data.school_list import (
    MAX_NEW_SCHOOLS,
    NOTHING_STORED,
    check_added,
    check_name,
)
from stoke_governor.schools.register import new_school

LA_COLUMNS = ("LEA", "LA", "LA Number", "LA (code)", "old_la_code")
# Columns that identify or describe a row rather than measure anything.
IDENTITY = {
    "RECTYPE",
    "ALPHAIND",
    "REGION",
    "LASORT",
    "LEA",
    "LA",
    "LA Number",
    "ESTAB",
    "URN",
    "LAESTAB",
    "SCHNAME",
    "SCHNAME_AC",
    "ADDRESS1",
    "ADDRESS2",
    "ADDRESS3",
    "TOWN",
    "PCODE",
    "TELNUM",
    "CONTFLAG",
    "NFTYPE",
    "NFTYPE/FESITYPE",
    "RELDENOM",
    "ADMPOL",
    "GEND1618",
    "FEEDER",
    "AGERANGE",
    "ICLOSE",
    "TABKS2",
    "TAB15",
    "EXAMCONF",
    "DUMMY",
    "SCHOOLTYPE",
    "Establishment Number",
    "School Phase",
}
NATIONAL_RECTYPE = {"5": "all schools", "7": ""}  # 7 = state-funded: the DfE headline
PHASE_ROWS = {"PRI": "primary", "SEC": "secondary", "SPE": "special"}


# The KS4 destination measures in a year's tables describe the pupils who finished KS4
# two years before (the 2018-19 tables: pupils completing KS4 in 2016/17, per the DfE's
# metadata); resources/series_breaks.csv says the same for the Data page.
DESTINATION_LAG = 2
DESTINATION_COLUMNS = ("OVERALL_DESTPER", "OVERALL_DEST")


def is_destinations(header: list[str]) -> bool:
    return "URN" in header and any(c in header for c in DESTINATION_COLUMNS)


def figures_year(header: list[str], year: str) -> str:
    """The year a file's figures describe: the tables' year, or for a destinations file
    the year its cohort finished KS4 (`DESTINATION_LAG` years before)."""
    summer = year_end(year)
    if not is_destinations(header) or summer is None:
        return year
    return summer_label(summer - DESTINATION_LAG)


def earlier_columns(header: list[str], year: str) -> dict[str, tuple[str, str]]:
    """A destinations file's earlier cohorts: `OVERALL_DESTPER_18` is that measure as the
    2017-18 tables published it (2015/16 leavers, per the DfE's metadata), so it is stored
    as `OVERALL_DESTPER` for 2015-16. Column -> (measure, year); none for other files."""
    summer = year_end(year)
    if not is_destinations(header) or summer is None:
        return {}
    out = {}
    for column in header:
        base, _, yy = column.rpartition("_")
        if base in header and len(yy) == 2 and yy.isdigit():
            cohort = 2000 + int(yy) - DESTINATION_LAG
            if cohort < summer:
                out[column] = (base, summer_label(cohort))
    return out


def is_performance_table(header: list[str]) -> bool:
    return "URN" in header and any(c in header for c in LA_COLUMNS)


def row_la(row: dict[str, str]) -> str:
    for column in LA_COLUMNS:
        value = (row.get(column) or "").strip()
        if value:
            return value[:-2] if value.endswith(".0") else value
    return ""


def classify(row: dict[str, str]) -> tuple[str, str]:
    """('school', urn) | ('la', '') | ('national', breakdown) | ('other', '').

    Any row that is not 'other' passes `city_rows`: keep the two in step.
    """
    rectype = row.get("RECTYPE", "").strip()
    urn = row.get("URN", "").strip()
    la = row_la(row)
    if urn == "NAT" or la == "NAT" or rectype == "NAT":
        return ("national", PHASE_ROWS.get(row.get("ESTAB", "").strip(), ""))
    if rectype in NATIONAL_RECTYPE:
        return ("national", NATIONAL_RECTYPE[rectype])
    if rectype in {"4", "LA"}:
        return ("la", "") if la == CITY_LA else ("other", "")
    if la == CITY_LA and urn.isdigit():
        return ("school", urn)
    return ("other", "")


def city_rows(header: list[str]) -> RowFilter | None:
    """The rows `classify` can take, told from their text: they hold `861` (the LA code)
    or `NAT`, or are RECTYPE 5 or 7. For `read_csv(only=...)`: most of an England file
    is skipped unparsed.

    Only for the performance-tables downloads, which name the authority LEA or LA: other
    layouts with a URN and an authority code (GIAS's `LA (code)`) are read whole.
    """
    if "URN" not in header or not ("LEA" in header or "LA" in header):
        return None
    return RowFilter((CITY_LA, "NAT"), "RECTYPE", frozenset(NATIONAL_RECTYPE))


@dataclass
class Found:
    """What a file holds for the city: figures, and schools not known before."""

    school_rows: list[dict] = field(default_factory=list)
    area_rows: list[dict] = field(default_factory=list)
    new_schools: list[dict] = field(default_factory=list)
    unnamed: int = 0  # rows of unknown schools the file gives no name for


def read_figures(
    table: CsvTable,
    year: str,
    release: str,
    known_urns: set[int],
    names: dict[int, str] | None = None,
) -> Found:
    """The city's figures in the file; `names` names the known schools in messages.

    Raises, naming the lines, if a school's or an area's figures are given twice, if a new
    school's name may not be stored, or if the file would add more schools than one file
    may (see `school_list`).
    """
    found = Found()
    file = table.path.name
    measures = [c for c in table.header if c and c not in IDENTITY]
    earlier = earlier_columns(table.header, year)
    grades = {c for c in measures if is_grade_column(c)}
    cells: dict[tuple[str, bool], Cell] = {}  # the same text is the same figure: parse once
    school_lines: dict[int, int] = {}  # each school's row, by URN
    area_lines: dict[tuple[str, str, str, str], int] = {}  # each area figure's row
    adding: set[int] = set()  # new schools, counted on past the limit
    for index, row in enumerate(table.rows):
        kind, key = classify(row)
        if kind == "other":
            continue
        line = table.rows.line(index)
        urn = int(key) if kind == "school" else None
        if urn is not None:
            if urn not in known_urns:
                if not (row.get("SCHNAME") or "").strip():
                    found.unnamed += 1
                    continue
                if urn not in adding:
                    adding.add(urn)
                    if len(adding) <= MAX_NEW_SCHOOLS:
                        found.new_schools.append(school_from_results(row, file, line))
                if len(adding) > MAX_NEW_SCHOOLS:
                    continue  # counted, to say how many; the file is refused below
            if urn in school_lines:
                who = f"URN {urn}" + (f" ({n})" if (n := _name(urn, row, names)) else "")
                raise _repeated(file, who, year, school_lines[urn], line)
            school_lines[urn] = line
        area = CITY if kind == "la" else ENGLAND
        for column in measures:
            grade = column in grades
            cell = cells.get((row[column], grade))
            if cell is None:
                cell = cells[row[column], grade] = parse_cell(row[column], grade)
            measure, when = earlier.get(column, (column, year))
            figure = {
                "measure": measure,
                "year": when,
                "value": cell.value,
                "code": cell.code,
                "raw": cell.raw,
                "release": release,
            }
            if urn is not None:
                found.school_rows.append({"urn": urn, **figure})
            elif cell.value is not None or cell.code is not None or (grade and cell.raw.strip()):
                # summary rows leave school-only fields blank; a grade is published as text
                held = area_lines.setdefault((area, key, measure, when), line)
                if held != line:
                    raise _repeated(file, _area_words(area, key), when, held, line)
                found.area_rows.append(
                    {"area": area, "year_label": when, "breakdown": key, **figure}
                )
    check_added(len(adding), file)
    return found


def _name(urn: int, row: dict[str, str], names: dict[int, str] | None) -> str:
    return (names or {}).get(urn) or (row.get("SCHNAME") or "").strip()


def _area_words(area: str, breakdown: str) -> str:
    place = "Stoke-on-Trent" if area == CITY else "England"
    return f"{place} ({breakdown})" if breakdown else place


def _repeated(file: str, who: str, year: str, first: int, again: int) -> BadInputFileError:
    return BadInputFileError(
        f"{file} repeats the figures for {who}, {year}: lines {first} and {again}. {NOTHING_STORED}"
    )


def school_from_results(row: dict[str, str], file: str, line: int) -> dict:
    """A school a results file names but the school list does not hold yet."""
    return new_school(
        int(row["URN"]),
        name=check_name(row["SCHNAME"].strip(), file, line),
        type=row.get("NFTYPE", ""),
        locality=row.get("TOWN", ""),
    )
