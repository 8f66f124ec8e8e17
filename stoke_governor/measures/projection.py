"""Where a measure is heading: a series carried forward to a target year "without interventions".

The rule, as the app and the city report state it (`METHOD`):

- Only **comparable years** are used: the figures after the latest series break (a year not
  published or not comparable, as `resources/series_breaks.csv` ships them) and after the
  latest year inside the series with no figure. A line is never fitted across a break.
- At least `MIN_YEARS` comparable years are needed (four, for the city and for a school);
  with fewer, nothing is drawn and the reason says how many there are and since when.
- A straight line is fitted to those years by ordinary least squares (statsmodels) and
  carried forward to the target year. The **likely range** is the 90% prediction interval
  for that year's figure: if the years ahead vary around the line as the past years did,
  nine years in ten would land inside it. Few years or uneven years give a wide range.
- A percentage is kept within 0-100% for display (the line itself may run past them); the
  sentence says so when it happens.

statsmodels is imported only when a projection is worked out, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from stoke_governor.core.dates import summer_label, year_end
from stoke_governor.measures.breaks import COHORT_YEAR, Break

MIN_YEARS = 4  # comparable years needed, for the city's series and for a school's
CONFIDENCE = 0.90  # the likely range is the 90% prediction interval
METHOD = (
    "A straight line fitted to the comparable years only (never across a series break: a "
    "year not published or not comparable), carried forward to the target year as if "
    "nothing changes. The likely range is the 90% prediction interval: if the years ahead "
    "vary around the line as the past years did, nine years in ten land inside it. At least "
    f"{MIN_YEARS} comparable years are needed."
)


class Projection(NamedTuple):
    """A series carried forward to `target_x`; values as fitted, `shown_*` kept within 0-100
    for a percentage."""

    target_x: int
    value: float
    low: float
    high: float
    years: list[int]  # the comparable years the line is fitted to
    since: str  # why the fit starts where it does ('' when it uses every year held)
    path: list[tuple[int, float, float, float]]  # (year, value, low, high), last year → target
    percent: bool = True

    @property
    def last(self) -> tuple[int, float]:
        """The last figure the line starts from (year, fitted value there)."""
        return self.path[0][0], self.path[0][1]

    def shown(self, v: float) -> float:
        return min(max(v, 0.0), 100.0) if self.percent else v

    @property
    def clamped(self) -> bool:
        """True if the range (or the value) had to be kept within 0-100%."""
        return self.percent and any(v < 0 or v > 100 for v in (self.value, self.low, self.high))

    @property
    def shown_path(self) -> list[tuple[int, float, float, float]]:
        return [(x, self.shown(v), self.shown(lo), self.shown(hi)) for x, v, lo, hi in self.path]


class TooFew(NamedTuple):
    """No projection drawn, and why, in words."""

    reason: str
    years: list[int]  # the comparable years there are


Outcome = Projection | TooFew
Points = Iterable[tuple[int, float | None]]


def comparable(
    points: Points, breaks: Sequence[Break] = (), level: str = "area"
) -> tuple[list[tuple[int, float]], str]:
    """The figures after the latest break (or gap) in the series, and what that break was:
    e.g. `since the 2020-21 break (teacher-assessed grades)`; '' if there was none."""
    given = dict(points)
    held = sorted((x, v) for x, v in given.items() if v is not None)
    if not held:
        return [], ""
    first, last = held[0][0], held[-1][0]
    cut, since = None, ""
    for x in range(last, first - 1, -1):
        gap = next((b for b in breaks if b.kind != COHORT_YEAR and b.covers(x, level)), None)
        if gap is not None:
            cut, since = x, f"since the {summer_label(x)} break ({gap.reason})"
            break
        if given.get(x) is None:
            cut, since = x, f"since {summer_label(x)}, when no figure was published"
            break
    if cut is None:  # a break before the first figure held says nothing about this series
        return held, ""
    return [(x, v) for x, v in held if x > cut], since


def project(
    points: Points,
    target_x: int,
    *,
    breaks: Sequence[Break] = (),
    level: str = "area",
    minimum: int = MIN_YEARS,
    percent: bool = True,
) -> Outcome:
    """The series carried forward to summer `target_x` with its 90% prediction interval, or
    why not (too few comparable years, or the target year already held)."""
    points = list(points)
    used, since = comparable(points, breaks, level)
    years = [x for x, _ in used]
    if len(used) < minimum:
        where = f" {since}" if since else ""
        count = {0: "No comparable year", 1: "Only 1 comparable year"}.get(
            len(used), f"Only {len(used)} comparable years"
        )
        return TooFew(f"{count}{where}; a projection needs {minimum}.", years)
    last = years[-1]
    if target_x <= last:
        return TooFew(
            f"The {summer_label(last)} figure is already for the target year or later: "
            "compare it with the target itself.",
            years,
        )
    ahead = list(range(last, target_x + 1))
    rows = _predict(used, ahead)
    path = [(x, v, lo, hi) for x, (v, lo, hi) in zip(ahead, rows, strict=True)]
    _, value, low, high = path[-1]
    return Projection(target_x, value, low, high, years, since, path, percent)


def _predict(used: list[tuple[int, float]], ahead: list[int]) -> list[tuple[float, float, float]]:
    """Ordinary least squares on (year, value); for each year ahead the fitted value and its
    prediction interval at `CONFIDENCE`."""
    import numpy as np
    from statsmodels.regression.linear_model import OLS

    origin = used[-1][0]  # years counted from the last one, for a well-conditioned fit
    xs = np.array([x - origin for x, _ in used], dtype=float)
    ys = np.array([v for _, v in used], dtype=float)
    fit = OLS(ys, np.column_stack([np.ones_like(xs), xs])).fit()
    new = np.array([[1.0, x - origin] for x in ahead], dtype=float)
    frame = fit.get_prediction(new).summary_frame(alpha=1 - CONFIDENCE)
    means = frame["mean"].to_numpy()
    lows, highs = frame["obs_ci_lower"].to_numpy(), frame["obs_ci_upper"].to_numpy()
    # A perfect line has no spread: the interval is the line itself (not NaN).
    lows, highs = np.where(np.isnan(lows), means, lows), np.where(np.isnan(highs), means, highs)
    return [(float(m), float(lo), float(hi)) for m, lo, hi in zip(means, lows, highs, strict=True)]


def sentence(
    outcome: Outcome,
    goal: float,
    fmt: Callable[[float], str],
    *,
    who: str = "the city",
    whose: str = "its",
    lower_is_better: bool = False,
) -> str:
    """'At the present rate the city reaches 61% by 2030, short of its 75% target; the likely
    range is 57% to 65%.' For a measure where lower is better, 'still above' or 'within'."""
    if isinstance(outcome, TooFew):
        return f"No projection for {who}: {outcome.reason[0].lower()}{outcome.reason[1:]}"
    p = outcome
    value, low, high = p.shown(p.value), p.shown(p.low), p.shown(p.high)
    target = f"{whose} {_goal(goal, fmt)} target"
    if lower_is_better:
        verdict = f"within {target}" if value <= goal else f"still above {target}"
    else:
        verdict = f"reaching {target}" if value >= goal else f"short of {target}"
    text = f"At the present rate {who} reaches {fmt(value)} by {p.target_x}, {verdict}; "
    text += f"the likely range is {fmt(low)} to {fmt(high)}"
    inside = low <= goal <= high
    if inside:
        text += ", and the target lies within it"
    if p.clamped:
        text += " (a percentage is kept within 0-100%)"
    return text + "."


def _goal(goal: float, fmt: Callable[[float], str]) -> str:
    """A target as the strategy words it: 65%, not 65.0%."""
    import re

    text = fmt(goal)
    return re.sub(r"(\d)\.0+(?!\d)", r"\1", text) if goal == int(goal) else text


def target_year(year: str | None) -> int | None:
    """The summer a target's year means: '2030' and 'Dec 2030' → 2030 (results for 2029-30);
    'strategy period' → None (no year to project to)."""
    return year_end(year)
