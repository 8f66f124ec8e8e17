"""The status a school's figure gets on the dashboard, and the rule behind each one.

The rules as the README's "How a status is decided" states them; the trajectory part is
worked out in `tracking.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from stoke_governor.core.dates import year_end
from stoke_governor.measures.tracking import (
    BEFORE,
    BELOW,
    MEETS,
    OFF_TRACK,
    ON_TRACK,
    Trajectory,
    governing,
    strategy_start,
)

if TYPE_CHECKING:
    from stoke_governor.measures.catalogue import Figure, Measure
    from stoke_governor.measures.targets import CityTarget

NO_FIGURE = "No figure held"
NOT_PUBLISHED = "Not published"
CONTEXT = "Context"
NO_COMPARISON = "No comparison"
STATUS_RULES = {
    NO_FIGURE: "No figure for this school is held for this measure: import the DfE download "
    "that has it, or, for figures the DfE does not publish per school, fill in the school "
    "data template.",
    NOT_PUBLISHED: "The DfE did not publish this figure (the marker says why).",
    CONTEXT: "Describes the school's pupils; neither higher nor lower is better.",
    BEFORE: "The figure is for a year before the strategy's baseline year (2025 for the "
    "Improving Education Strategy 2025-2030): it is context, not on or off track against a "
    "line that starts later. Import newer figures to see where the school stands.",
    ON_TRACK: "The school's latest figure reaches the city's trajectory for that year: the "
    "straight line from the city's starting figure (the strategy's baseline) to its target.",
    OFF_TRACK: "The school's latest figure does not reach the city's trajectory for that "
    "year: the straight line from the city's starting figure (the strategy's baseline) to "
    "its target.",
    MEETS: "The city has a numeric target for this measure and the school's latest figure "
    "(after the target year, or from a year no trajectory could be drawn for) reaches the "
    "target itself.",
    BELOW: "The city has a numeric target for this measure and the school's latest figure "
    "(after the target year, or from a year no trajectory could be drawn for) does not "
    "reach the target itself.",
    "In line with England": "No numeric city target (or a special school): the school is "
    "within rounding of England's figure for the same year (for a special school, England's "
    "special schools).",
    "Better than England": "No numeric city target (or a special school): the school is "
    "better than England's figure for the same year (for a special school, England's "
    "special schools).",
    "Behind England": "No numeric city target (or a special school): the school is behind "
    "England's figure for the same year (for a special school, England's special schools).",
    NO_COMPARISON: "No numeric city target and no England figure for the same year (for a "
    "special school, none for England's special schools); or the figure is published as text "
    "(an average grade such as D), shown as published and not ranked.",
}


def judge(
    measure: Measure,
    school: Figure | None,
    england: Figure | None,
    target: CityTarget | None,
    trajectories: Sequence[Trajectory] = (),
) -> str:
    """A plain-English status for a governor (rules in STATUS_RULES and tracking.py).

    A special school's caller passes no target and no trajectories (the city's targets are
    for all its pupils) and England's special-school figure, or none.
    """
    if school is None or school.value is None:
        return NO_COMPARISON if school is not None and school.text else NOT_PUBLISHED
    better = measure.higher_is_better
    if better is None:
        return CONTEXT
    tolerance = 0.5 * 10**-measure.decimals
    x = year_end(school.year)
    lead = governing(list(trajectories), x) if x is not None else None
    if lead is not None and x is not None:
        return lead.judge(school.value, x, tolerance)
    if target is not None and target.is_numeric:
        first = strategy_start(target)
        if x is not None and first is not None and x < first:
            return BEFORE
        meets = (
            school.value >= target.goal
            if target.comparison == "at_least"
            else school.value <= target.goal
        )
        return MEETS if meets else BELOW
    if england is None or england.value is None:
        return NO_COMPARISON
    gap = school.value - england.value
    if abs(gap) <= tolerance:
        return "In line with England"
    ahead = gap > 0 if better else gap < 0
    return "Better than England" if ahead else "Behind England"
