"""On track or off track: a figure against the straight line from the city's baseline to a target.

The rule, as the app shows it on hover and the README states it:

- A strategy's **baseline year** is its first year (2025 for the Improving Education
  Strategy 2025-2030), or the year of the baseline it quotes. Years are the summers results
  are for: 2018-19 is 2019.
- A **trajectory** runs in a straight line from the city's starting figure to the target,
  one point per year. The start is the baseline the target's own document quotes (a
  baseline it dates "latest" or "current" is for its first year); where it quotes none, the
  city's published figure for the strategy's first year (2025 for the Improving Education
  Strategy 2025-2030). With neither, no trajectory is drawn. Figures published later never
  move the start. Years are the summers results are for: 2018-19 is 2019.
- A figure for a year before the baseline year is **before the strategy**: context, never
  on or off track against a line that starts later.
- A figure for a year from the baseline year to the target year is **on track** when it
  reaches the trajectory's value for that year (at least it, for a "higher is better"
  target; at most it, for "lower is better"), within the rounding the measure is published
  to; otherwise **off track**. In the baseline year the trajectory is the baseline itself.
- A figure after the target year, or from the strategy's years where no trajectory could be
  drawn, is compared with the target itself: **meets city target** or **below city target**.
- Where documents disagree (GLD 75% by 2027, or by 2028), each target gets its own
  trajectory; the status shown first uses the nearest target still to come.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.dates import summer_label, year_end
from stoke_governor.measures.targets import CityTarget

ON_TRACK, OFF_TRACK = "On track", "Off track"
MEETS, BELOW = "Meets city target", "Below city target"
BEFORE = "Before the strategy"

# The first year of each strategy document a target comes from (summer results).
DOCUMENT_START = {"IES": 2025}


class Start(NamedTuple):
    """Where a trajectory starts: a year, a value and where that value comes from."""

    x: int
    value: float
    label: str


class Trajectory(NamedTuple):
    start: Start
    target: CityTarget
    end_x: int

    def expected(self, x: float) -> float:
        """The value the trajectory reaches in year `x`."""
        span = self.end_x - self.start.x
        share = min(max((x - self.start.x) / span, 0.0), 1.0)
        return self.start.value + (self.target.goal - self.start.value) * share

    def _reaches(self, value: float, goal: float, tolerance: float) -> bool:
        if self.target.comparison == "at_most":
            return value <= goal + tolerance
        return value >= goal - tolerance

    def judge(self, value: float, x: int, tolerance: float = 0.0) -> str:
        if x < self.start.x:
            return BEFORE
        if x <= self.end_x:
            ok = self._reaches(value, self.expected(x), tolerance)
            return ON_TRACK if ok else OFF_TRACK
        return MEETS if self._reaches(value, self.target.goal, tolerance) else BELOW

    def explain(self, value: float, x: int, tolerance: float, format_value) -> str:
        """One sentence a governor can read, e.g. for a tooltip."""
        status = self.judge(value, x, tolerance)
        year = summer_label(x)
        if status == BEFORE:
            return (
                f"{status}: the {year} figure is from before {self.target.summary} was set; "
                f"the line starts from {self.start.label}."
            )
        if status in (ON_TRACK, OFF_TRACK):
            return (
                f"{status} for {self.target.summary}: {format_value(value)} in {year}, where "
                f"the line from {self.start.label} to the target reaches "
                f"{format_value(self.expected(x))}."
            )
        return f"{status}: {format_value(value)} in {year} against {self.target.summary}."


def trajectories(
    targets: list[CityTarget], baselines: list[CityTarget], city: list[tuple[int, float]]
) -> list[Trajectory]:
    """A trajectory for each numeric target that has a year and a starting point, the
    nearest target first.

    `baselines` are the strategy's own starting figures for the city; `city` the city's
    published (year, value) figures, used only when the strategy quotes no baseline.
    """
    out = []
    for target in targets:
        end_x = year_end(target.year)
        if not target.is_numeric or end_x is None:
            continue
        start = _start_for(target, end_x, baselines, city)
        if start is not None:
            out.append(Trajectory(start, target, end_x))
    return sorted(out, key=lambda t: (t.end_x, t.target.id))


def strategy_start(target: CityTarget) -> int | None:
    """The first year of the strategy a target comes from, where the app knows it."""
    return DOCUMENT_START.get(target.document)


def _start_for(
    target: CityTarget, end_x: int, baselines: list[CityTarget], city: list[tuple[int, float]]
) -> Start | None:
    first = strategy_start(target)
    dated = [
        (year_end(b.year) or strategy_start(b), b)
        for b in baselines
        if b.area == target.area
        and b.unit == target.unit
        and b.value is not None
        and b.document == target.document  # the 2017-20 plan's figures never start a 2030 line
    ]
    quoted = [(x, b) for x, b in dated if x is not None and x < end_x]
    if quoted:
        x, b = max(quoted, key=lambda pair: pair[0])
        when = b.year if year_end(b.year) else f"{b.year}, taken as {x}"
        return Start(x, b.goal, f"the baseline of {b.value_text} ({when}, {b.document})")
    if first is not None:  # the city's figure for the strategy's first year, or no line
        published = [(x, v) for x, v in city if x == first]
    else:
        published = [(x, v) for x, v in city if x < end_x]
    if published:
        x, v = max(published)
        return Start(x, v, f"the city's published figure for {summer_label(x)}")
    return None


def governing(trajs: list[Trajectory], x: int) -> Trajectory | None:
    """The trajectory a figure for year `x` is judged by first: the nearest target to come."""
    if not trajs:
        return None
    ahead = [t for t in trajs if t.end_x >= x]
    if ahead:
        return min(ahead, key=lambda t: (t.end_x, t.target.id))
    return max(trajs, key=lambda t: (t.end_x, t.target.id))
