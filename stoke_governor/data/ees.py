"""Explore education statistics (EES) CSVs: LA-level figures for the city, region and England.

EES "tidy" files have one row per time period, place and combination of filters, and one
column per indicator. Identified by `time_period` and `geographic_level` (older
statistical-release files, such as SFR35/2017 exclusions, say `year` and `level`, in any
letter case). Kept: England (National), the West Midlands (Regional, E12000005) and
Stoke-on-Trent (Local authority 861 / E06000021); other places are not stored.

- Year: `time_period` `200607` is 2006-07. Weekly, monthly and daily files give a calendar
  year with a week, month or reference date; they are placed in the academic year (from
  August) the period falls in. Calendar, financial and tax years are not academic years:
  such a file is rejected.
- Measure: the column name, for every column that is neither an identifier nor a filter.
- Breakdown: the phase or school-type filter (`education_phase`, `school_type`...) as
  '' for the total, `primary`, `secondary`, `special`, or the value's lowercase name;
  then a part-year period (`autumn term`, `week 37`), then any other filter as
  `column: value`. Every figure a file holds therefore has its own key.
- Release: `provisional` for part-year periods (year to date, a term, a week) and for the
  in-year "Pupil attendance in schools" series, which the DfE publishes as early estimates
  that change as registers are corrected and that precede its census-based absence
  statistics; else `final`.
- Values go through `parse_cell`: the EES markers `x`, `c`, `z`, `:`, `low`, `u` stay
  markers with no value, and scientific notation (`1.557e-05`) is a number.

Figures that are the same statistic as a LAIT series
----------------------------------------------------
Some EES columns measure exactly what a LAIT series in the catalogue measures; those
figures are stored a second time under the LAIT code (breakdown '') so that they continue
that series on the charts. Each pairing below was checked against the DfE definitions:

- `sess_overall_percent` -> `TotAbs` / `PriTotAbs` / `SecTotAbs`, and
  `enrolments_pa_10_exact_percent` -> `TotPerAbNew` / `SFPriPerAbNew` / `SFSecPerAbNew`,
  full academic year only. These are the "Pupil absence in schools in England" files
  the LAIT series are themselves taken from (overall absence = authorised + unauthorised
  absence sessions as a share of possible sessions; persistent absentees = enrolments
  missing 10% or more of their own possible sessions; pupils aged 5 to 15 in state-funded
  primary, secondary and special schools). Termly files are not mapped: LAIT holds the
  full year, and absence in one or two terms differs with the season.
- `perm_excl_rate` -> `TotPermEx` / `PriPermEx` / `SecPermEx`, and `susp_rate` (called
  `fixed_excl_rate` before suspensions were renamed) -> `TotFixedEx`, full academic year
  only: permanent exclusions (suspensions) across the whole year as a percentage of the
  pupils on roll in January, the definition LAIT gives for those series.
- `overall_absence_perc` (Pupil attendance in schools) -> `TotAbs` / `PriTotAbs` /
  `SecTotAbs`, as provisional, for the whole year so far (`Academic year` or year to date,
  never a single week or term). The DfE states that this series follows the methodology
  of the census-based absence statistics, for the same pupils (aged 5 to 15 in state-funded
  primary, secondary and special schools) and is an early indicator of them: the same
  statistic, measured early. A share of sessions missed so far is a fair early reading of
  the year's share, and `provisional` keeps it below the census figure once that is held.
- Not mapped: `pa_perc` (same series) is NOT `TotPerAbNew`. Persistent absence is a
  threshold on each pupil's own sessions: over part of a year, with fewer sessions, far
  more or fewer pupils cross 10% than over the full year (the DfE warns of particularly
  large differences between year-to-date and full-year persistent absence), and a file
  does not say how much of the year it covers. Special-school rows have no LAIT series in
  the catalogue. The SFR35/2017 reason-for-exclusion columns are counts by reason, not
  the rates LAIT holds, so nothing from them is mapped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from stoke_governor.core.areas import CITY, CITY_LA, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import (
    MONTH_NAMES,
    parse_iso_date,
    parse_year_label,
    statistics_year,
)
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import is_grade_column, parse_cell
from stoke_governor.data.csv_reader import CsvTable

TIME_COLUMNS = ("time_period", "year")
LEVEL_COLUMNS = ("geographic_level", "level")
CODE_COLUMNS = ("country_code", "region_code", "old_la_code", "new_la_code")
IDENTIFIERS = {
    "time_period",
    "time_identifier",
    "geographic_level",
    "year",
    "level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "la_code",
    "lad_code",
    "lad_name",
    "pcon_code",
    "pcon_name",
    "ward_code",
    "ward_name",
    "rsc_region_lead_name",
    "opportunity_area_code",
    "opportunity_area_name",
    "english_devolved_area_code",
    "english_devolved_area_name",
    "local_enterprise_partnership_code",
    "local_enterprise_partnership_name",
    "mayoral_combined_authority_code",
    "mayoral_combined_authority_name",
    "lsip_code",
    "lsip_name",
    "local_skills_improvement_area_code",
    "local_skills_improvement_area_name",
    "pfa_code",
    "pfa_name",
    "planning_area_code",
    "planning_area_name",
    "school_urn",
    "school_laestab",
    "school_name",
    "school_postcode",
    "urn",
    "laestab",
    "estab",
    "provider_ukprn",
    "provider_name",
    "institution_id",
    "institution_name",
    "trust_id",
    "trust_name",
    "sponsor_id",
    "sponsor_name",
}
PHASE_COLUMNS = ("education_phase", "school_type", "phase_type_grouping", "school_phase")
# Filters whose values can look like numbers (a year group "7"): never indicators.
NUMERIC_FILTERS = {"ncyear", "nc_year", "year_group", "age", "age_group"}
TOTALS = {"total", "all", "all schools", "all pupils", "state-funded total", "state funded total"}
# In-year attendance from schools' registers ("Pupil attendance in schools"): early estimates.
ATTENDANCE_COLUMNS = {"reason_present_am", "present_sessions", "attendance_status"}
FULL_YEAR = {"", "academic year"}

# EES column -> {phase breakdown: catalogue LAIT code}; see the module docstring for why.
LAIT_EQUIVALENTS: dict[str, dict[str, str]] = {
    "sess_overall_percent": {"": "TotAbs", "primary": "PriTotAbs", "secondary": "SecTotAbs"},
    "enrolments_pa_10_exact_percent": {
        "": "TotPerAbNew",
        "primary": "SFPriPerAbNew",
        "secondary": "SFSecPerAbNew",
    },
    "perm_excl_rate": {"": "TotPermEx", "primary": "PriPermEx", "secondary": "SecPermEx"},
    "susp_rate": {"": "TotFixedEx"},
    "fixed_excl_rate": {"": "TotFixedEx"},
    "overall_absence_perc": {"": "TotAbs", "primary": "PriTotAbs", "secondary": "SecTotAbs"},
}
# Columns whose equivalence also holds for the year so far, not only for the full year.
SO_FAR_ALLOWED = {"overall_absence_perc"}
AREA_NAMES = {CITY: "Stoke-on-Trent", WEST_MIDLANDS: "the West Midlands", ENGLAND: "England"}
MONTHS = {m: n for n, m in enumerate(MONTH_NAMES, 1)}


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    lower = {h.lower(): h for h in header}
    return next((lower[n] for n in names if n in lower), None)


def is_ees(header: list[str]) -> bool:
    lower = {h.lower() for h in header}
    if {"time_period", "geographic_level"} <= lower:
        return True
    # Older statistical-release files: `year` and `level`, with area codes.
    return {"year", "level"} <= lower and any(c in lower for c in CODE_COLUMNS)


@dataclass
class EesFound:
    rows: list[dict] = field(default_factory=list)
    lait_codes: list[str] = field(default_factory=list)  # LAIT series also filled, in order

    @property
    def years(self) -> list[str]:
        return sorted({r["year"] for r in self.rows})

    @property
    def release(self) -> str | None:
        releases = {r["release"] for r in self.rows}
        return releases.pop() if len(releases) == 1 else None


def read_ees(table: CsvTable) -> EesFound:
    """The figures for the city, the West Midlands and England; raises if the file is bad."""
    name = table.path.name
    header = table.header
    time_col = _column(header, TIME_COLUMNS) or TIME_COLUMNS[0]  # is_ees found one
    level_col = _column(header, LEVEL_COLUMNS)
    ident_col = _column(header, ("time_identifier",))
    kept = [(area, r) for r in table.rows if (area := area_of(r, level_col)) is not None]
    filters, measures = split_columns(header, [r for _a, r in kept])
    labels = _filter_labels(filters, [r for _a, r in kept])
    phase_col = next((f for f in filters if f.lower() in PHASE_COLUMNS), None)
    in_year = bool(ATTENDANCE_COLUMNS & {h.lower() for h in header})
    hinted = re.search(r"(?<![a-z])ytd(?![a-z])|year.?to.?date|provisional", name.lower())
    found = EesFound()
    seen: dict[tuple, dict] = {}
    for area, row in kept:
        period = row[time_col].strip()
        ident = " ".join((row.get(ident_col) or "").split()).lower() if ident_col else ""
        year = _year(name, period, ident, row)
        so_far = "year to date" in ident or "year-to-date" in ident
        part_year = ident not in FULL_YEAR and not so_far
        release = "provisional" if part_year or so_far or in_year or hinted else "final"
        phase = labels[phase_col][row[phase_col]] if phase_col else ""
        others = [
            f"{f}: {labels[f][row[f]]}" for f in filters if f != phase_col and labels[f][row[f]]
        ]
        parts = [p for p in (phase, ident if part_year else "", *others) if p]
        breakdown = ", ".join(parts)
        for column in measures:
            cell = parse_cell(row[column], is_grade_column(column))
            if cell.value is None and cell.code is None and not cell.raw.strip():
                continue  # blank: nothing published in this cell
            figure = {
                "area": area,
                "measure": column,
                "year": year,
                "year_label": period,
                "breakdown": breakdown,
                "value": cell.value,
                "code": cell.code,
                "raw": cell.raw,
                "release": release,
            }
            _add(found, seen, figure, name)
            code = LAIT_EQUIVALENTS.get(column.lower(), {}).get(phase)
            whole = not part_year and (not so_far or column.lower() in SO_FAR_ALLOWED)
            if code and whole and not others and phase == breakdown:
                key = (area, code, year, "", release)
                if key not in seen:  # the first of two columns naming one series wins
                    _add(found, seen, {**figure, "measure": code, "breakdown": ""}, name)
                    if code not in found.lait_codes:
                        found.lait_codes.append(code)
    return found


def _add(found: EesFound, seen: dict[tuple, dict], figure: dict, name: str) -> None:
    key = (
        figure["area"],
        figure["measure"],
        figure["year"],
        figure["breakdown"],
        figure["release"],
    )
    held = seen.get(key)
    if held is None:
        seen[key] = figure
        found.rows.append(figure)
    elif held["raw"].strip() != figure["raw"].strip():
        where = f", {figure['breakdown']}" if figure["breakdown"] else ""
        raise BadInputFileError(
            f"{name} gives two different figures for {figure['measure']} "
            f"({AREA_NAMES[figure['area']]}, {figure['year']}{where}): "
            f"'{held['raw'].strip()}' and '{figure['raw'].strip()}'."
        )


def area_of(row: dict[str, str], level_col: str | None) -> str | None:
    level = " ".join((row.get(level_col) or "").split()).lower() if level_col else ""
    if level in {"national", "country"}:
        return ENGLAND
    if level in {"regional", "region"}:
        code = (row.get("region_code") or "").strip().upper()
        named = " ".join((row.get("region_name") or "").split()).lower()
        return WEST_MIDLANDS if code == WEST_MIDLANDS or named == "west midlands" else None
    if level == "local authority":
        old = (row.get("old_la_code") or "").replace(" ", "").removesuffix(".0").split("/")
        new = (row.get("new_la_code") or "").strip().upper()
        return CITY if CITY_LA in old or new == CITY else None
    return None


def split_columns(header: list[str], rows: list[dict]) -> tuple[list[str], list[str]]:
    """(filters, indicators): a filter names a group of rows; an indicator holds figures."""
    filters: list[str] = []
    measures: list[str] = []
    for column in header:
        lower = column.lower()
        if not column or lower in IDENTIFIERS:
            continue
        if lower in PHASE_COLUMNS or lower in NUMERIC_FILTERS:
            filters.append(column)
            continue
        if is_grade_column(column):  # grades are published values, words as they are
            measures.append(column)
            continue
        cells = [parse_cell(r[column]) for r in rows]
        numbers = any(c.value is not None for c in cells)
        words = any(c.value is None and c.code is None and c.raw.strip() for c in cells)
        (filters if words and not numbers else measures).append(column)
    return filters, measures


def _filter_labels(filters: list[str], rows: list[dict]) -> dict[str, dict[str, str]]:
    """Each filter value's part of the breakdown; distinct values never share one."""
    out: dict[str, dict[str, str]] = {}
    for column in filters:
        values = sorted({r[column] for r in rows})
        is_phase = column.lower() in PHASE_COLUMNS
        plain = {v: " ".join(v.split()).lower() for v in values}
        label = {v: (_phase_label(plain[v]) if is_phase else plain[v]) for v in values}
        totals = [v for v in values if plain[v] in TOTALS or label[v] == ""]
        # One total per filter becomes ''; the state-funded one if there is a choice.
        chosen = next((v for v in totals if "state" in plain[v]), totals[0] if totals else None)
        for v in values:
            label[v] = "" if v == chosen else (label[v] or plain[v])
        shared = Counter(label.values())
        out[column] = {v: (plain[v] if shared[label[v]] > 1 else label[v]) for v in values}
    return out


def _phase_label(value: str) -> str:
    short = value.removeprefix("state-funded ").removeprefix("state funded ")
    if value in TOTALS or short == "total":
        return ""
    if short in {"primary", "secondary"}:
        return short
    if short in {"special", "special school", "special schools"}:
        return "special"
    return value


def _year(name: str, period: str, ident: str, row: dict[str, str]) -> str:
    """The academic year a row's time period falls in; a non-academic year rejects the file."""
    if any(word in ident for word in ("calendar", "financial", "tax")):
        raise BadInputFileError(
            f"{name} holds figures by {ident} ({period}), not by academic year; the app "
            "compares academic years only."
        )
    try:
        if re.fullmatch(r"\d{6}", period):
            return parse_year_label(period)
        if re.fullmatch(r"\d{4}", period):
            day = _day(int(period), ident, row.get("reference_date", ""))
            if day is not None:
                return statistics_year(day)
            if ident in FULL_YEAR:
                return parse_year_label(period)
    except ValueError:
        pass
    raise BadInputFileError(f"{name}: the time period '{period}' is not an academic year.")


def _day(year: int, ident: str, reference: str) -> dt.date | None:
    try:
        return parse_iso_date(reference.strip()[:10])
    except ValueError:
        pass
    week = re.fullmatch(r"week (\d{1,2})", ident)
    if week:
        return dt.date.fromisocalendar(year, int(week.group(1)), 1)
    month = MONTHS.get(ident)
    return dt.date(year, month, 1) if month else None
