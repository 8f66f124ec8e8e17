"""The measure catalogue, a school's figures, and how each compares with the city's goals.

A figure that was not published stays missing (value None, with the DfE marker);
nothing here turns a marker into a number.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.core.dates import year_end
from stoke_governor.core.markers import MARKERS
from stoke_governor.db.store import Store
from stoke_governor.measures.status import judge
from stoke_governor.measures.targets import CityTarget, targets_for
from stoke_governor.measures.tracking import Trajectory, governing, trajectories

# LA-level series split by phase, so a primary school meets primary figures.
PHASE_SERIES = {
    "TotAbs": {"primary": "PriTotAbs", "secondary": "SecTotAbs"},
    "TotPerAbNew": {"primary": "SFPriPerAbNew", "secondary": "SFSecPerAbNew"},
}
OLD_AFTER = 2  # years behind the school's newest figure before a figure is marked old
# Published releases first; a school's own figure (school data template) only where the DfE
# has none for that year.
RELEASE_ORDER = (
    "CASE f.release WHEN 'final' THEN 0 WHEN 'revised' THEN 1 WHEN 'school' THEN 3 ELSE 2 END"
)


class Measure(NamedTuple):
    code: str
    level: str
    family: str
    label: str
    unit: str
    decimals: int
    higher_is_better: int | None
    phase: str | None
    la_comparator: str | None
    headline: int
    description: str | None
    dfe_description: str | None

    def format(self, value: float | None) -> str:
        if value is None:
            return ""
        text = f"{value:,.{self.decimals}f}"
        if self.unit == "progress" and value > 0:
            text = "+" + text
        return text + ("%" if self.unit == "percent" else "")


class Figure(NamedTuple):
    value: float | None
    code: str | None
    year: str
    release: str
    source: str
    raw: str = ""  # the cell as published

    @property
    def text(self) -> str:
        """A value the DfE publishes as text (an A level average grade such as `D`)."""
        return self.raw.strip() if self.value is None and self.code is None else ""

    @property
    def missing_reason(self) -> str:
        if self.value is not None or self.text:
            return ""
        return MARKERS.get(self.code or "", "not published") if self.code else "not published"


class MeasureRow(NamedTuple):
    """One line of the dashboard: the school beside the city, region, country and target."""

    measure: Measure
    school: Figure  # a row is made only for a measure the school has a figure for
    city: Figure | None
    england: Figure | None
    west_midlands: Figure | None
    targets: list[CityTarget]
    trajectories: list[Trajectory] = []
    special: bool = False  # a special school: judged against special schools only
    newest: int | None = None  # the newest year (summer) held for any of the school's measures

    @property
    def old(self) -> bool:
        """More than two years older than the school's newest figure for any measure."""
        x = year_end(self.school.year)
        return x is not None and self.newest is not None and self.newest - x > OLD_AFTER

    @property
    def target(self) -> CityTarget | None:
        """The target the status is judged by: the nearest one still to come (none for a
        special school: the city's targets are for all its pupils)."""
        if self.special:
            return None
        x = year_end(self.school.year) if self.school else None
        lead = governing(self.trajectories, x) if x is not None else None
        if lead is not None:
            return lead.target
        return self.targets[0] if self.targets else None

    @property
    def status(self) -> str:
        lines = [] if self.special else self.trajectories
        return judge(self.measure, self.school, self.england, self.target, lines)


_MEASURE_COLUMNS = ", ".join(Measure._fields)


def catalogue(store: Store, level: str | None = None) -> dict[str, Measure]:
    where, params = ("WHERE level = ?", (level,)) if level else ("", ())
    rows = store.query(f"SELECT {_MEASURE_COLUMNS} FROM measures {where} ORDER BY rowid", params)
    return {r["code"]: Measure(**dict(r)) for r in rows}


def phase_key_of(phase: str | None) -> str:
    return (
        (phase or "").lower()
        if (phase or "").lower() in {"primary", "secondary", "special"}
        else ""
    )


def is_special(store: Store, urn: int) -> bool:
    """A special school, by its phase or type in the schools table."""
    row = store.query_one("SELECT phase, type FROM schools WHERE urn = ?", (urn,))
    return row is not None and any("special" in (v or "").lower() for v in row)


def school_figures(store: Store, urn: int) -> list[dict]:
    """Every figure held for a school, with its provenance, measure by measure."""
    rows = store.query(
        "SELECT f.urn, f.measure, f.year, f.value, f.code, f.raw, f.release, s.file AS source "
        "FROM school_figures f JOIN sources s ON s.id = f.source_id "
        f"WHERE f.urn = ? ORDER BY f.measure, f.year, {RELEASE_ORDER}",
        (urn,),
    )
    return [dict(r) for r in rows]


def latest_school_figure(store: Store, urn: int, measure: str) -> Figure | None:
    row = store.query_one(
        "SELECT f.value, f.code, f.year, f.release, s.title AS source, f.raw "
        "FROM school_figures f JOIN sources s ON s.id = f.source_id "
        f"WHERE f.urn = ? AND f.measure = ? ORDER BY f.year DESC, "
        f"{RELEASE_ORDER}, f.id DESC LIMIT 1",  # as trends.school_series: the newest import
        (urn, measure),
    )
    return Figure(**dict(row)) if row else None


PHASE_CODES = {code for split in PHASE_SERIES.values() for code in split.values()}


def area_order(codes: list[str], phase: str) -> tuple[str, tuple]:
    """How to choose among an area's figures for one year: like with like first (the
    school's phase), then the latest release (final, revised, provisional), then the first
    of `codes`. An SQL ORDER BY fragment over `f`, and its parameters."""
    split = [c for c in codes if c in PHASE_CODES]
    phase_first = "CASE WHEN (f.breakdown = ? AND ? <> '')"
    phase_first += "".join(" OR f.measure = ?" for _ in split) + " THEN 0 ELSE 1 END"
    by_code = "CASE f.measure " + " ".join(f"WHEN ? THEN {i}" for i in range(len(codes)))
    sql = f"{phase_first}, {RELEASE_ORDER}, {by_code} END, f.breakdown = ''"
    return sql, (phase, phase, *split, *codes)


def area_figure(
    store: Store, area: str, codes: list[str], year: str, phase: str = ""
) -> Figure | None:
    """The area's figure for that year among `codes` (see `area_order`)."""
    rows = area_figure_rows(store, area, codes, phase, year)
    return Figure(**dict(rows[0])) if rows else None


def area_figure_rows(
    store: Store, area: str, codes: list[str], phase: str, year: str | None = None
) -> list:
    """The area's figures among `codes`, year by year, the one to show first in each year
    (see `area_order`); only that year's first one when `year` is given. For special
    schools only figures for special schools: never all-school figures."""
    marks = ", ".join("?" * len(codes))
    any_phase = phase if phase == "special" else ""
    order, params = area_order(codes, phase)
    one_year = "AND f.year = ? " if year is not None else ""
    return store.query(
        "SELECT f.year, f.value, f.code, f.release, s.title AS source, f.raw "
        "FROM area_figures f JOIN sources s ON s.id = f.source_id "
        f"WHERE f.area = ? AND f.measure IN ({marks}) {one_year}AND f.breakdown IN (?, ?) "
        f"ORDER BY f.year, {order}" + (" LIMIT 1" if year is not None else ""),
        (area, *codes, *(() if year is None else (year,)), phase, any_phase, *params),
    )


def comparator_codes(measure: Measure, phase: str) -> list[str]:
    codes = [measure.code]
    if measure.la_comparator:
        split = PHASE_SERIES.get(measure.la_comparator, {})
        if phase in split:
            codes.append(split[phase])
        codes.append(measure.la_comparator)
    return codes


def school_dashboard(
    store: Store, urn: int, phase: str | None = None, headline_only: bool = True
) -> list[MeasureRow]:
    """The school's latest figure for each measure, beside its comparators and target;
    a special school's beside special schools' figures only."""
    phase_key = phase_key_of(phase)
    special = is_special(store, urn) or phase_key == "special"
    if special:
        phase_key = "special"
    newest = year_end(
        store.query_row("SELECT max(year) FROM school_figures WHERE urn = ?", (urn,))[0]
    )
    rows = []
    for measure in catalogue(store, "school").values():
        if headline_only and not measure.headline:
            continue
        figure = latest_school_figure(store, urn, measure.code)
        if figure is None:
            continue
        codes = comparator_codes(measure, phase_key)
        targets = targets_for(store, codes)
        rows.append(
            MeasureRow(
                measure,
                figure,
                city=area_figure(store, CITY, codes, figure.year, phase_key),
                england=area_figure(store, ENGLAND, codes, figure.year, phase_key),
                west_midlands=area_figure(store, WEST_MIDLANDS, codes, figure.year, phase_key),
                targets=targets,
                trajectories=city_trajectories(store, codes, targets, phase=phase_key),
                special=special,
                newest=newest,
            )
        )
    return rows


def city_trajectories(
    store: Store,
    codes: list[str],
    targets: list[CityTarget],
    phase: str = "",
    city: list[tuple[int, float]] | None = None,
) -> list[Trajectory]:
    """Trajectories to the city's dated numeric targets (no target: no query).

    `city` is the city's (year, value) series when the caller has it already.
    """
    if not any(t.is_numeric and year_end(t.year) for t in targets):
        return []
    baselines = [b for b in targets_for(store, codes, kind="baseline") if b.unit != "rank"]
    if city is None:
        city = _city_values(store, codes, phase)
    return trajectories(targets, baselines, city)


def _city_values(store: Store, codes: list[str], phase: str) -> list[tuple[int, float]]:
    """The city's published figures, year by year, chosen as `area_order` says."""
    best: dict[str, float | None] = {}
    for r in area_figure_rows(store, CITY, codes, phase):
        best.setdefault(r["year"], r["value"])
    out = [(year_end(y), v) for y, v in best.items()]
    return [(x, v) for x, v in out if x is not None and v is not None]
