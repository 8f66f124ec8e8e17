"""The DfE's school-level explore education statistics files: the city's schools' figures.

Since 2022-23 the DfE publishes school results as "tidy" CSVs: one row per school and
combination of filters (`geographic_level` = `School`, `school_urn` and/or
`school_laestab`, `time_period`, `version`), one column per indicator. Read here:

- Schools: a row is the city's if its `school_laestab` starts with 861 (or, without one,
  its LA code column says 861); a row keyed only by LAESTAB finds its URN in the schools
  table. Other authorities' schools are ignored and counted. England, the West Midlands
  and Stoke-on-Trent rows become area figures (breakdown '', the headline).
- Headline only: a row counts if every breakdown filter (`breakdown_topic`, `breakdown`,
  `sex`, `disadvantage_status`... or any filter that varies within one school) is a total
  ("Total", "All pupils"); other rows are counted, not stored, so a breakdown is never
  taken for the school's figure. `subject`, `education_phase` and `exam_cohort` are part
  of what a figure measures: they select the series, as `resources/series_map.csv` says.
- Measures: an indicator named in `series_map.csv` for the file's year (and filters) is
  stored under the catalogue's code, so the series continues across the change of format;
  any other indicator is kept under its own name (with its subject or phase) and listed.
  A school's one `education_phase` row (absence) is its whole figure, as its Total is.
- Years and releases: `ees_periods` (one year a file, or the span its name gives, each year
  with its own release); a file with school rows but no URN or LAESTAB column is rejected.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from stoke_governor.core.areas import CITY_LA
from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.paths import resources_dir
from stoke_governor.data.cells import is_grade_column, parse_cell
from stoke_governor.data.csv_reader import CsvTable
from stoke_governor.data.ees import AREA_NAMES, TOTALS, area_of, split_columns
from stoke_governor.data.ees_periods import file_years
from stoke_governor.data.school_list import MAX_NEW_SCHOOLS, check_added, check_name
from stoke_governor.schools.register import new_school

MAP_FILE = "series_map.csv"
DIMENSIONS = {"subject", "education_phase", "exam_cohort"}
BREAKDOWNS = {
    "breakdown_topic",
    "breakdown",
    "sex",
    "gender",
    "disadvantage_status",
    "disadvantage",
    "first_language",
    "ethnicity_major",
    "ethnicity_minor",
    "sen_status",
    "fsm_status",
    "mobility",
}
NOT_FILTERS = {"version"}
PHASE = "education_phase"
TEXT_INDICATORS = ("_grade", "_grd", "_banding")
LA_CODE_COLUMNS = ("old_la_code", "la_code")
Kept = tuple[str, str, dict]  # (school URN as text, or area code; academic year; row)


@dataclass(frozen=True)
class SeriesLink:
    """One row of `series_map.csv`: an EES indicator that continues a catalogue measure."""

    measure: str  # '' = deliberately not joined: kept under its own name
    column: str
    first_year: str
    last_year: str  # '' = still current
    filters: frozenset[tuple[str, str]]

    def fits(self, column: str, year: str, dims: frozenset[tuple[str, str]]) -> bool:
        return (
            self.column == column
            and self.first_year <= year
            and (not self.last_year or year <= self.last_year)
            and self.filters == dims
        )


@cache
def series_map(folder: Path | None = None) -> tuple[SeriesLink, ...]:
    """The shipped map from EES indicator names to the catalogue's measure codes."""
    path = (folder or resources_dir()) / MAP_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple(
            SeriesLink(
                r["measure"].strip(),
                r["ees_column"].strip().lower(),
                r["first_year"].strip(),
                r["last_year"].strip(),
                frozenset(_pairs(r["filters"])),
            )
            for r in rows
        )


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = [p.split("=", 1) for p in text.split(";") if p.strip()]
    return [(k.strip().lower(), _plain(v)) for k, v in pairs]


def _plain(value: str) -> str:
    return " ".join(value.split()).lower()


def _is_total(value: str) -> bool:
    plain = _plain(value)
    return plain in TOTALS or plain.startswith("total ")


def has_school_rows(table: CsvTable) -> bool:
    """True for a tidy file with any `School` row: this module reads it, not `ees`."""
    level = next((h for h in table.header if h.lower() == "geographic_level"), None)
    return level is not None and any(_plain(r[level]) == "school" for r in table.rows)


@dataclass
class SchoolFigures:
    releases: dict[str, str]  # each academic year the file holds, with its release
    school_rows: list[dict] = field(default_factory=list)
    area_rows: list[dict] = field(default_factory=list)
    new_schools: list[dict] = field(default_factory=list)
    schools: set[int] = field(default_factory=set)
    other_la: set[str] = field(default_factory=set)
    unlisted: set[str] = field(default_factory=set)  # city rows with no school the app knows
    breakdown_rows: int = 0
    joined: list[str] = field(default_factory=list)  # catalogue codes filled, in order
    own_names: list[str] = field(default_factory=list)  # indicators kept under their name

    @property
    def year(self) -> str:
        """The file's year, or its span of years."""
        years = list(self.releases)
        return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"

    @property
    def release(self) -> str | None:
        """The file's one release; None when its years were released differently."""
        held = set(self.releases.values())
        return held.pop() if len(held) == 1 else None

    def period(self) -> str:
        """The years and releases, in plain words: `2024-25, final`."""
        if self.release:
            return f"{self.year}, {self.release}"
        return ", ".join(f"{y} {r}" for y, r in self.releases.items())

    def summary(self, labels: dict[str, str] | None = None) -> str:
        """What the file gave, in plain words; `labels` names the catalogue's measures."""
        n = len(self.schools)
        parts = [f"{n} city school{'' if n == 1 else 's'} ({self.period()})"]
        held = {r["area"] for r in self.area_rows}
        if held:
            areas = [name for code, name in AREA_NAMES.items() if code in held]
            parts.append(f"comparators for {', '.join(areas)}")
        if self.other_la:
            k = len(self.other_la)
            parts.append(f"{k} school{'' if k == 1 else 's'} in other local authorities ignored")
        if self.unlisted:
            u = len(self.unlisted)
            parts.append(
                f"{u} Stoke-on-Trent school{'' if u == 1 else 's'} not in the school list skipped "
                f"({', '.join(sorted(self.unlisted))}); import a GIAS extract first"
            )
        if self.breakdown_rows:
            parts.append(
                f"{self.breakdown_rows} breakdown rows (by sex, disadvantage...) not stored: "
                "the app keeps each school's figures for all its pupils"
            )
        if self.joined:
            named = [f"{(labels or {}).get(c, c)} ({c})" for c in self.joined]
            parts.append(f"continues {', '.join(named)}")
        if self.own_names:
            parts.append(
                "kept under their own names (not in the app's catalogue): "
                + ", ".join(self.own_names)
            )
        return "; ".join(parts)


def read_ees_schools(table: CsvTable, laestabs: dict[int, int | None]) -> SchoolFigures:
    """The city schools' headline figures and the area rows; raises if the file is bad.

    `laestabs`: each URN the app knows, with its LAESTAB (to find schools keyed by LAESTAB).
    """
    name = table.path.name
    col = {h.lower(): h for h in table.header}
    urn_col, estab_col = col.get("school_urn"), col.get("school_laestab")
    if urn_col is None and estab_col is None:
        raise BadInputFileError(
            f"{name} has school rows (geographic_level School) but no school_urn or "
            "school_laestab column, so its schools cannot be told apart; nothing was imported."
        )
    level_col = col["geographic_level"]
    la_col = next((col[c] for c in LA_CODE_COLUMNS if c in col), None)
    known = dict(laestabs)  # grows with the schools this file adds
    by_estab = {e: u for u, e in laestabs.items() if e}
    found = SchoolFigures(file_years(table, col))
    time_col = col["time_period"]
    kept: list[Kept] = []
    adding: set[int] = set()  # new schools, counted on past the limit
    for n, row in enumerate(table.rows, 2):
        if _plain(row[level_col]) != "school":
            area = area_of(row, level_col)
            if area is not None:
                kept.append((area, _year(row[time_col]), row))
            continue
        urn = _digits(row, urn_col, name, n)
        estab = _digits(row, estab_col, name, n)
        if urn is None and estab is None:
            raise BadInputFileError(
                f"{name}, row {n}: a school row with neither a school_urn nor a "
                "school_laestab; nothing was imported."
            )
        la = str(estab)[:3] if estab else (row.get(la_col or "") or "").strip().removesuffix(".0")
        if la != CITY_LA:
            found.other_la.add(str(urn or estab))
            continue
        urn = urn or by_estab.get(estab or 0)
        school_name = (row.get(col.get("school_name", "")) or "").strip()
        if urn is None or (urn not in known and not school_name):
            found.unlisted.add(f"URN {urn}" if urn else f"LAESTAB {estab}")
            continue
        if urn not in known:  # a city school the list does not hold yet (opened lately)
            adding.add(urn)
            if len(adding) > MAX_NEW_SCHOOLS:
                continue  # counted, to say how many; the file is refused below
            school_name = check_name(school_name, name, table.rows.line(n - 2))
            found.new_schools.append(new_school(urn, name=school_name, laestab=estab))
            known[urn] = estab
        kept.append((str(urn), _year(row[time_col]), row))
    check_added(len(adding), name)
    _figures(found, kept, table.header, name)
    _drop_not_applicable(found)
    return found


def _year(period: str) -> str:
    return parse_year_label(period.strip())  # checked by file_years already


def _drop_not_applicable(found: SchoolFigures) -> None:
    """An indicator kept under its own name that is `z` (not applicable) in every row is a
    statistic the file does not hold (a scaled score for writing): it is not stored."""
    held = {
        r["measure"]
        for r in (*found.school_rows, *found.area_rows)
        if r["measure"] in found.own_names and r["code"] != "z"
    }
    empty = set(found.own_names) - held
    if empty:
        found.own_names = [m for m in found.own_names if m in held]
        found.school_rows = [r for r in found.school_rows if r["measure"] not in empty]
        found.area_rows = [r for r in found.area_rows if r["measure"] not in empty]


def _digits(row: dict, column: str | None, name: str, n: int) -> int | None:
    text = (row.get(column) or "").strip().removesuffix(".0") if column else ""
    if not text:
        return None
    if not text.isdigit():
        raise BadInputFileError(
            f"{name}, row {n}: {column} is '{text[:40]}', not a number; nothing was imported."
        )
    return int(text)


def _figures(found: SchoolFigures, kept: list[Kept], header: list[str], name: str):
    rows = [r for _k, _y, r in kept]
    links = series_map()
    filters, indicators = split_columns(header, rows)
    texts = {c for c in filters if _is_text_indicator(c, links)}  # a grade is not a filter
    indicators = [c for c in header if c in texts or c in indicators]
    indicators = [c for c in indicators if c.lower() not in NOT_FILTERS]
    filters = [f for f in filters if f.lower() not in NOT_FILTERS and f not in texts]
    dims = [f for f in filters if f.lower() in DIMENSIONS]
    splits = {
        kind: _splits(filters, dims, [k for k in kept if k[0].isdigit() == kind])
        for kind in (True, False)
    }
    whole = _whole_school_phase(dims, kept)
    seen: dict[tuple[str, str, str], str] = {}
    for key, year, row in kept:
        is_school = key.isdigit()
        if not all(_is_total(row[f]) for f in splits[is_school]):
            found.breakdown_rows += is_school
            continue
        chosen = frozenset(
            (d.lower(), _plain(row[d]))
            for d in dims
            if not _is_total(row[d]) and (key, year, d) not in whole
        )
        release = found.releases[year]
        for column in indicators:
            grade = is_grade_column(column) or column in texts
            cell = parse_cell(row[column], grade)  # a grade "C" is the grade, not the marker c
            if not cell.raw.strip():
                continue  # blank: nothing published in this cell (a grade "C+" is kept as text)
            measure = _measure(links, column.lower(), year, chosen)
            if measure is None:
                detail = "; ".join(f"{k}: {v}" for k, v in sorted(chosen))
                measure = f"{column} ({detail})" if detail else column
                if measure not in found.own_names:
                    found.own_names.append(measure)
            elif measure not in found.joined:
                found.joined.append(measure)
            raw = cell.raw.strip()
            held = seen.get((key, year, measure))
            if held is not None:
                if held != raw:
                    raise BadInputFileError(
                        f"{name} gives two different figures for {measure} ({_who(key)}, "
                        f"{year}): '{held}' and '{raw}'; nothing was imported."
                    )
                continue  # the same figure twice: stored once
            seen[(key, year, measure)] = raw
            figure = {
                "measure": measure,
                "year": year,
                "value": cell.value,
                "code": cell.code,
                "raw": cell.raw,
                "release": release,
            }
            if is_school:
                found.school_rows.append({"urn": int(key), **figure})
                found.schools.add(int(key))
            else:
                found.area_rows.append({"area": key, "year_label": year, "breakdown": "", **figure})


def _is_text_indicator(column: str, links: tuple[SeriesLink, ...]) -> bool:
    """A column of words that is a figure, not a filter: one the series map names, or the
    16-18 file's grades and progress bands (`aps_per_entry_grade` "C+")."""
    lower = column.lower()
    return lower.endswith(TEXT_INDICATORS) or any(lk.column == lower for lk in links)


def _whole_school_phase(dims: list[str], kept: list[Kept]) -> set[tuple[str, str, str]]:
    """(school, year, phase column) where the school's one phase row is its whole figure.

    The absence file gives a school a row per phase it teaches (`education_phase`), and the
    DfE's own school pages read a school's figure from the row of its phase. A school with
    a Total row has it as its figure; a school with one phase row has that row as its whole
    figure; a school with several phases and no Total keeps each phase under its own name.
    """
    phases: dict[tuple[str, str, str], set[str]] = {}
    for key, year, row in kept:
        for d in dims:
            if d.lower() == PHASE and key.isdigit():
                phases.setdefault((key, year, d), set()).add(_plain(row[d]))
    return {k for k, held in phases.items() if len(held) == 1 and not _is_total(held.pop())}


def _splits(filters: list[str], dims: list[str], kept: list[Kept]) -> list[str]:
    """The filters that split a school's (or an area's) figures: named so, or varying
    within one school in one year; a filter that only describes the school (its type) does
    not."""
    return [f for f in filters if f not in dims and (f.lower() in BREAKDOWNS or _varies(f, kept))]


def _varies(column: str, kept: list[Kept]) -> bool:
    values: dict[tuple[str, str], str] = {}
    return any(
        values.setdefault((key, year), row[column]) != row[column] for key, year, row in kept
    )


def _measure(
    links: tuple[SeriesLink, ...], column: str, year: str, dims: frozenset[tuple[str, str]]
) -> str | None:
    link = next((lk for lk in links if lk.fits(column, year, dims)), None)
    return link.measure or None if link else None


def _who(key: str) -> str:
    return f"URN {key}" if key.isdigit() else key
