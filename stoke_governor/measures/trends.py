"""A measure over the years: the school, the city, England, the West Midlands and the targets.

Everything the Data page charts and tables, worked out here so the command line, reports
and tests see the same numbers. One figure per year and series: the latest release
(final, then revised, then provisional, then the school's own entry).
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import year_end
from stoke_governor.db.store import Store
from stoke_governor.measures.breaks import Break, break_at, breaks_for
from stoke_governor.measures.catalogue import (
    RELEASE_ORDER,
    Figure,
    Measure,
    area_figure_rows,
    catalogue,
    city_trajectories,
    comparator_codes,
    is_special,
    phase_key_of,
)
from stoke_governor.measures.status import NO_FIGURE, STATUS_RULES, judge
from stoke_governor.measures.targets import CityTarget, targets_for
from stoke_governor.measures.tracking import Trajectory, governing

AREAS = ((CITY, "Stoke-on-Trent"), (ENGLAND, "England"), (WEST_MIDLANDS, "West Midlands"))
# A special school is compared with England's special schools only, as on the dashboard.
SPECIAL_AREAS = ((ENGLAND, "England (special schools)"),)


class Point(NamedTuple):
    x: int  # the summer the figure is for: 2018-19 → 2019
    figure: Figure


class Series(NamedTuple):
    key: str  # "school", or an area code
    name: str
    points: list[Point]

    def at(self, x: int) -> Figure | None:
        for p in self.points:
            if p.x == x:
                return p.figure
        return None

    def values(self) -> list[tuple[int, float]]:
        return [(p.x, p.figure.value) for p in self.points if p.figure.value is not None]


class History(NamedTuple):
    measure: Measure
    school: Series
    areas: list[Series]
    targets: list[CityTarget]
    trajectories: list[Trajectory]
    breaks: list[Break] = []
    special: bool = False  # a special school: England's special schools, no city targets

    @property
    def england(self) -> Series | None:
        return next((s for s in self.areas if s.key == ENGLAND), None)

    def break_at(self, x: int, series: Series) -> Break | None:
        """The break covering year `x` for a series (the school's, or an area's)."""
        return break_at(self.breaks, x, "school" if series.key == "school" else "area")

    def joins(self, series: Series, x: int) -> bool:
        """True if the line may run from year `x` to the next: neither side is in a break
        the other is not (a year not published, or a figure not comparable across)."""
        return self.break_at(x, series) == self.break_at(x + 1, series)

    def break_tips(self) -> dict[int, str]:
        """Each year from the first held to the last that a break covers, with what hovering
        over it says (the school's break, then the areas' where it differs)."""
        if not self.years:
            return {}
        tips: dict[int, str] = {}
        for x in range(self.years[0], self.years[-1] + 1):
            found = [break_at(self.breaks, x, level) for level in ("school", "area")]
            lines = [b.tip for b in dict.fromkeys(found) if b is not None]
            if lines:
                tips[x] = "\n\n".join(lines)
        return tips

    @property
    def years(self) -> list[int]:
        xs = {p.x for s in (self.school, *self.areas) for p in s.points}
        return sorted(xs)

    @property
    def latest(self) -> Point | None:
        """The school's newest figure, published or not (as the dashboard shows it)."""
        return self.school.points[-1] if self.school.points else None

    def status(self) -> tuple[str, str]:
        """(status, explanation) of the school's latest figure, by the dashboard's rules."""
        latest = self.latest
        if latest is None:
            return (NO_FIGURE, STATUS_RULES[NO_FIGURE])
        fig = latest.figure
        if fig.value is None and not fig.text:
            return (
                "Not published",
                f"The {fig.year} figure was not published: "
                f"{fig.missing_reason} ({fig.code or 'blank'}).",
            )
        england = self.england.at(latest.x) if self.england else None
        target = self.targets[0] if self.targets and not self.special else None
        status = judge(self.measure, fig, england, target, self.trajectories)
        if fig.value is None:  # published as text (an average grade): shown, not ranked
            beside = f"; England's is {england.text}" if england and england.text else ""
            return (
                status,
                f"Published as {fig.text}{beside}. A grade is shown as published, not ranked.",
            )
        tolerance = 0.5 * 10**-self.measure.decimals
        lead = governing(self.trajectories, latest.x)
        lines = [lead] + [t for t in self.trajectories if t is not lead] if lead else []
        notes = [t.explain(fig.value, latest.x, tolerance, self.measure.format) for t in lines]
        return (status, " ".join(notes) or STATUS_RULES[status])


def _series(rows, key: str, name: str) -> Series:
    seen: dict[str, Point] = {}
    for r in rows:  # best release first within a year
        if r["year"] not in seen and (x := year_end(r["year"])) is not None:
            fig = Figure(r["value"], r["code"], r["year"], r["release"], r["source"], r["raw"])
            seen[r["year"]] = Point(x, fig)
    return Series(key, name, sorted(seen.values()))


def measures_held(store: Store, urn: int) -> set[str]:
    """The measures a school has any figure for."""
    rows = store.query("SELECT DISTINCT measure FROM school_figures WHERE urn = ?", (urn,))
    return {r[0] for r in rows}


def school_series(store: Store, urn: int, code: str, name: str = "This school") -> Series:
    rows = store.query(
        "SELECT f.year, f.value, f.code, f.release, s.title AS source, f.raw "
        "FROM school_figures f JOIN sources s ON s.id = f.source_id "
        f"WHERE f.urn = ? AND f.measure = ? ORDER BY f.year, {RELEASE_ORDER}, f.id DESC",
        (urn, code),
    )
    return _series(rows, "school", name)


def area_series(store: Store, area: str, name: str, codes: list[str], phase: str) -> Series:
    """The area's figure year by year, chosen as the dashboard chooses (`area_order`)."""
    if not codes:
        return Series(area, name, [])
    return _series(area_figure_rows(store, area, codes, phase), area, name)


def history(store: Store, urn: int, code: str, phase: str | None, school_name: str) -> History:
    """The measure over the years beside its comparators, chosen as the dashboard chooses:
    a special school's beside England's special schools only, with no city target or
    trajectory (the city's targets are for all its pupils)."""
    measure = catalogue(store)[code]
    phase_key = phase_key_of(phase)
    special = is_special(store, urn) or phase_key == "special"
    if special:
        phase_key = "special"
    codes = comparator_codes(measure, phase_key)
    school = school_series(store, urn, code, school_name)
    # A count (pupils on roll) is a total: an area's total is no comparison for a school's.
    areas = [
        Series(area, name, [])
        if measure.unit == "count"
        else area_series(store, area, name, codes, phase_key)
        for area, name in (SPECIAL_AREAS if special else AREAS)
    ]
    if special:
        return History(measure, school, areas, [], [], breaks_for(store, measure), special)
    targets = targets_for(store, codes)
    lines = city_trajectories(store, codes, targets, city=areas[0].values())
    return History(measure, school, areas, targets, lines, breaks_for(store, measure))


class SchoolLine(NamedTuple):
    urn: int
    name: str
    points: dict[int, float]  # year (summer) → value; years without a number are absent


class Comparison(NamedTuple):
    """Every city school on one measure, year by year."""

    measure: Measure
    years: list[int]
    schools: list[SchoolLine]
    city: Series
    phase: str = ""  # the schools compared are all of this phase ('' = every school)

    @property
    def ranks(self) -> bool:
        """Context measures (pupil numbers, free school meals) are not better or worse."""
        return self.measure.higher_is_better is not None

    def ranked(self, x: int) -> list[tuple[int | None, SchoolLine, float]]:
        """Schools with a figure for year `x`, best first, with their rank (ties share it);
        for a context measure, highest first and no rank."""
        held = [(s, s.points[x]) for s in self.schools if x in s.points]
        lower_first = self.measure.higher_is_better == 0
        held.sort(key=lambda pair: pair[1] if lower_first else -pair[1])
        out: list[tuple[int | None, SchoolLine, float]] = []
        rank = 0
        for n, (school, value) in enumerate(held, 1):
            if n == 1 or value != out[-1][2]:
                rank = n
            out.append((rank if self.ranks else None, school, value))
        return out


def city_comparison(store: Store, code: str, phase: str | None = None) -> Comparison:
    """Every city school with figures for a measure; with `phase` (primary, secondary,
    special), only the schools of that phase, beside the city's figure for that phase."""
    measure = catalogue(store)[code]
    phase_key = phase_key_of(phase)
    same_phase = "AND lower(sc.phase) = ? " if phase_key else ""
    rows = store.query(
        "SELECT f.urn, sc.name, f.year, f.value FROM school_figures f "
        "JOIN schools sc ON sc.urn = f.urn "
        f"WHERE f.measure = ? AND sc.la_code = 861 {same_phase}"
        f"ORDER BY sc.name, f.urn, f.year, {RELEASE_ORDER}, "
        "f.id DESC",
        (code, phase_key) if phase_key else (code,),
    )
    lines: dict[int, SchoolLine] = {}
    decided: set[tuple[int, str]] = set()
    for r in rows:
        key = (r["urn"], r["year"])
        if key in decided:
            continue  # a later release of this year was taken already
        decided.add(key)
        line = lines.setdefault(r["urn"], SchoolLine(r["urn"], r["name"], {}))
        if r["value"] is not None and (x := year_end(r["year"])) is not None:
            line.points[x] = r["value"]
    schools = [s for s in lines.values() if s.points]
    years = sorted({x for s in schools for x in s.points})
    codes = comparator_codes(measure, phase_key)
    city = area_series(store, CITY, "Stoke-on-Trent", codes, phase_key)
    return Comparison(measure, years, schools, city, phase_key)
