"""Count axes step in round numbers a reader can count along."""

from __future__ import annotations

import math

import pytest

from stoke_governor.core.axis import count_ticks, round_step


def is_round(step: int) -> bool:
    """1, 2, 5 or 2.5 (from 25 up) times a power of ten."""
    power = 10 ** math.floor(math.log10(step))
    return step / power in (1, 2, 5) or (step >= 25 and step / power == 2.5)


@pytest.mark.parametrize("top", [*range(0, 130), 150, 233, 480, 999, 1000, 1234, 98765])
def test_every_step_is_round_and_the_ticks_cover_the_top(top):
    ticks = count_ticks(top)
    step = ticks[1] - ticks[0]
    assert is_round(step), (top, ticks)
    assert ticks[0] == 0 and ticks[-1] >= top and ticks[-1] - step < max(top, 1)
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(ticks) <= 7  # at most six steps


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (21, [0, 5, 10, 15, 20, 25]),
        (97, [0, 20, 40, 60, 80, 100]),  # a city's worth of schools: never 0, 21, 42 …
        (150, [0, 25, 50, 75, 100, 125, 150]),
    ],
)
def test_known_axes(top, ticks):
    assert count_ticks(top) == ticks


def test_fewer_steps_asked_for_give_a_bigger_round_step():
    assert round_step(104, most=5) == 25 and round_step(104, most=6) == 20
    assert round_step(0) == round_step(-3) == round_step(float("nan")) == 1
