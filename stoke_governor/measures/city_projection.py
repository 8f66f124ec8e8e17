"""Each city target's measure carried forward to its year: for the city, and for a school.

Only dated numeric targets are projected ("at least 65% by 2030"); a rank, a relative change
or a target with no year has nothing to project to. Where one measure has two readings of a
target (GCSE grade 4+ and 5+), or two documents give two years (GLD 75% by 2027 or 2028),
each target row gets its own projection. See `projection` for the method.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.areas import CITY
from stoke_governor.core.dates import summer_label
from stoke_governor.db.store import Store
from stoke_governor.measures.breaks import breaks_for
from stoke_governor.measures.catalogue import (
    Measure,
    catalogue,
    city_trajectories,
    comparator_codes,
)
from stoke_governor.measures.projection import (
    METHOD,
    Outcome,
    Projection,
    TooFew,
    project,
    sentence,
    target_year,
)
from stoke_governor.measures.targets import CityTarget, all_targets, targets_for
from stoke_governor.measures.trends import AREAS, History, Series, area_series


def projectable(target: CityTarget) -> bool:
    """A target with a figure, a direction (at least / at most) and a year to project to."""
    return (
        target.kind == "target"
        and bool(target.measure)
        and target.is_numeric
        and target_year(target.year) is not None
    )


class SeriesProjection(NamedTuple):
    """One series (the city's or a school's) carried forward to one target."""

    key: str  # 'school' or an area code, as in trends.Series
    who: str
    target: CityTarget
    outcome: Outcome
    sentence: str

    @property
    def drawn(self) -> bool:
        return isinstance(self.outcome, Projection)


class CityProjection(NamedTuple):
    """A city measure with a target, where its latest figure stands and where it is heading."""

    measure: Measure
    target: CityTarget
    latest: tuple[int, float] | None  # (summer, value) of the city's newest figure
    outcome: Outcome
    sentence: str
    method: str = METHOD

    @property
    def name(self) -> str:
        return self.measure.label

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return "no figure held"
        x, value = self.latest
        return f"{self.measure.format(value)} ({summer_label(x)})"

    @property
    def projected_text(self) -> str:
        p = self.outcome
        if isinstance(p, TooFew):
            return "not projected"
        return f"{self.measure.format(p.shown(p.value))} by {p.target_x}"

    @property
    def range_text(self) -> str:
        p = self.outcome
        if isinstance(p, TooFew):
            return ""
        fmt = self.measure.format
        return f"{fmt(p.shown(p.low))} to {fmt(p.shown(p.high))}"


def _points(series: Series) -> list[tuple[int, float | None]]:
    return [(p.x, p.figure.value) for p in series.points]


def project_series(
    measure: Measure, series: Series, target: CityTarget, breaks, *, who: str, whose: str
) -> SeriesProjection:
    """A series carried forward to a target, with the sentence that says so."""
    level = "school" if series.key == "school" else "area"
    end = target_year(target.year)
    if end is None:
        raise ValueError(f"The city target {target.id} has no year to project to.")
    outcome = project(
        _points(series), end, breaks=breaks, level=level, percent=measure.unit == "percent"
    )
    words = sentence(
        outcome,
        target.goal,
        measure.format,
        who=who,
        whose=whose,
        lower_is_better=target.comparison == "at_most",
    )
    return SeriesProjection(series.key, who, target, outcome, words)


def history_projections(h: History) -> list[SeriesProjection]:
    """For the School data page: the city's series and the school's, each carried forward
    to each of the measure's dated targets (none for a special school)."""
    if h.special:
        return []
    city = next((s for s in h.areas if s.key == CITY), None)
    out = []
    for target in (t for t in h.targets if projectable(t)):
        if city is not None and city.values():
            out.append(
                project_series(h.measure, city, target, h.breaks, who="the city", whose="its")
            )
        if h.school.values():
            out.append(
                project_series(
                    h.measure, h.school, target, h.breaks, who=h.school.name, whose="the city's"
                )
            )
    return out


def city_projections(store: Store) -> list[CityProjection]:
    """Every city measure with a dated numeric target: the city's series carried forward to
    each target, in the catalogue's order, the nearest target first."""
    measures = catalogue(store)
    order = {code: n for n, code in enumerate(measures)}
    targets = [t for t in all_targets(store) if projectable(t) and t.measure in measures]
    targets.sort(key=lambda t: (order[t.measure or ""], target_year(t.year) or 0, t.id))
    series: dict[str, tuple[Series, list]] = {}
    out = []
    for target in targets:
        measure = measures[target.measure or ""]
        if measure.code not in series:
            codes = comparator_codes(measure, "")
            city = area_series(store, CITY, "Stoke-on-Trent", codes, "")
            series[measure.code] = (city, breaks_for(store, measure))
        city, breaks = series[measure.code]
        found = project_series(measure, city, target, breaks, who="the city", whose="its")
        held = city.values()
        out.append(CityProjection(measure, target, held[-1] if held else None, *found[3:]))
    return out


def city_history(store: Store, code: str) -> History:
    """A measure over the years for the city itself (beside England and the West Midlands,
    with the city's targets and trajectories): no school's series."""
    measure = catalogue(store)[code]
    codes = comparator_codes(measure, "")
    areas = [area_series(store, area, name, codes, "") for area, name in AREAS]
    targets = targets_for(store, codes)
    lines = city_trajectories(store, codes, targets, city=areas[0].values())
    school = Series("school", "", [])
    return History(measure, school, areas, targets, lines, breaks_for(store, measure))
