"""Round steps for a chart's count axis: ticks a reader can count along (1, 2, 5, 10, 20,
25, 50, 100 …), never 21 or 7. One rule for every chart of counts the app draws, on screen
and in reports."""

from __future__ import annotations

import math

# Multiples of a power of ten that read as round (2.5 only from 25 up: counts are whole).
_ROUND = (1, 2, 2.5, 5)


def round_step(top: float, most: int = 6) -> int:
    """The smallest round whole step that covers 0..`top` in at most `most` steps."""
    if not math.isfinite(top) or top <= 0:
        return 1
    rough = top / max(most, 1)
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    for multiple in (*_ROUND, 10):
        step = multiple * power
        if step >= rough and step == int(step):
            return int(step)
    return 10 * power  # not reached: 10 × power ≥ rough always


def count_ticks(top: float, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 to the first round step at or above `top` (a count axis)."""
    step = round_step(top, most)
    last = max(step, math.ceil(max(top, 0) / step) * step)
    return list(range(0, last + 1, step))
