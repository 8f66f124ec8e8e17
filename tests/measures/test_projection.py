"""Projection to the target year: known series in, known projections and sentences out."""

from __future__ import annotations

from stoke_governor.measures.breaks import NOT_COMPARABLE, NOT_PUBLISHED, Break
from stoke_governor.measures.city_projection import city_projections
from stoke_governor.measures.projection import (
    METHOD,
    Projection,
    TooFew,
    comparable,
    project,
    sentence,
)


def pct(v: float) -> str:
    return f"{v:.1f}%"


def a_break(first, last, kind=NOT_COMPARABLE, level="all", reason="teacher-assessed grades"):
    return Break(first, last, level, kind, reason, "the DfE's words", "DfE", None)


def test_a_perfect_line_is_carried_to_its_value_with_no_spread():
    line = [(2020 + i, 50.0 + 2 * i) for i in range(5)]  # 50, 52, … 58 in 2024
    p = project(line, 2030)
    assert isinstance(p, Projection)
    assert round(p.value, 6) == 70.0
    assert round(p.low, 6) == 70.0 and round(p.high, 6) == 70.0
    assert p.years == [2020, 2021, 2022, 2023, 2024]
    assert [x for x, *_ in p.path] == list(range(2024, 2031))


def test_noisy_years_give_a_wider_range_the_further_ahead():
    noisy = [(2018, 50.0), (2019, 54.0), (2020, 51.0), (2021, 57.0), (2022, 55.0)]
    near, far = project(noisy, 2024), project(noisy, 2030)
    assert near.low < near.value < near.high
    assert far.high - far.low > near.high - near.low > 4
    # least squares: 1.3 a year through 53.4, the mean of the middle year 2019-20
    assert round(far.value, 1) == round(53.4 + 1.3 * (2030 - 2020), 1)


def test_a_wobble_twice_as_large_doubles_the_range():
    calm = [(2020, 60.0), (2021, 61.5), (2022, 61.0), (2023, 63.0), (2024, 63.5)]
    rough = [(x, 60 + 2 * (v - 60)) for x, v in calm]  # same years, twice the ups and downs
    a, b = project(calm, 2030), project(rough, 2030)
    assert round((b.high - b.low) / (a.high - a.low), 6) == 2.0


def test_too_few_years_says_how_many_and_draws_nothing():
    few = project([(2023, 60.0), (2024, 61.0), (2025, 62.0)], 2030)
    assert isinstance(few, TooFew)
    assert few.reason == "Only 3 comparable years; a projection needs 4."
    assert project([], 2030).reason.startswith("No comparable year")


def test_a_series_break_in_the_middle_uses_only_the_years_after_it():
    # Flat at 40 before a break, then rising 1 a year: the fit must see only the rise.
    series = [(2014 + i, 40.0) for i in range(6)] + [(2020, 99.0), (2021, 99.0)]
    series += [(2022, 60.0), (2023, 61.0), (2024, 62.0), (2025, 63.0)]
    gap = a_break(2020, 2021, level="area")
    p = project(series, 2030, breaks=[gap])
    assert p.years == [2022, 2023, 2024, 2025]
    assert round(p.value, 6) == 68.0
    assert p.since == "since the 2020-21 break (teacher-assessed grades)"
    # a school-only break leaves the city's series whole (the 99s pull the line about)
    assert project(series, 2030, breaks=[a_break(2020, 2021, level="school")]).years[0] == 2014


def test_a_break_leaving_three_years_names_it_in_the_reason():
    series = [(2016, 60.0), (2017, 61.0), (2018, 62.0), (2019, 63.0), (2020, 50.0)]
    series += [(2021, 51.0), (2022, 52.0), (2023, 53.0)]
    few = project(series, 2030, breaks=[a_break(None, 2020, NOT_PUBLISHED, reason="no tests")])
    assert few.reason == (
        "Only 3 comparable years since the 2019-20 break (no tests); a projection needs 4."
    )


def test_a_year_with_no_figure_breaks_the_series_too():
    series = [(2016, 65.0), (2017, 66.0), (2018, 66.0), (2019, 67.0), (2020, None), (2021, None)]
    series += [(2022, 61.3), (2023, 62.7), (2024, 63.9), (2025, 64.6)]
    used, since = comparable(series)
    assert [x for x, _ in used] == [2022, 2023, 2024, 2025]
    assert since == "since 2020-21, when no figure was published"


def test_a_target_year_already_reached_is_compared_not_projected():
    line = [(2020 + i, 50.0 + i) for i in range(6)]
    assert "already for the target year" in project(line, 2025).reason


def test_the_sentence_says_short_of_or_reaching_the_target_with_the_range():
    slow = project([(2022, 61.3), (2023, 62.7), (2024, 63.9), (2025, 64.6)], 2030)
    text = sentence(slow, 75, pct)
    assert text.startswith("At the present rate the city reaches 70.3% by 2030, short of its 75% ")
    assert f"the likely range is {pct(slow.low)} to {pct(slow.high)}." in text
    fast = project([(2022, 60.0), (2023, 64.0), (2024, 68.0), (2025, 72.0)], 2030)
    assert "reaches 92.0% by 2030, reaching its 75% target" in sentence(fast, 75, pct)


def test_lower_is_better_reads_still_above_or_within_the_target():
    absence = [(2021, 8.0), (2022, 7.6), (2023, 7.1), (2024, 6.9), (2025, 6.4)]
    falling = project(absence, 2030)
    above = sentence(falling, 3, pct, lower_is_better=True)
    assert "reaches 4.5% by 2030, still above its 3% target" in above
    assert "within its 5% target" in sentence(falling, 5, pct, lower_is_better=True)


def test_a_percentage_is_kept_within_0_to_100_and_says_so():
    steep = project([(2022, 80.0), (2023, 86.0), (2024, 92.0), (2025, 97.0)], 2030)
    assert steep.value > 100 and steep.clamped
    text = sentence(steep, 90, pct)
    assert "reaches 100.0% by 2030" in text and "kept within 0-100%" in text
    assert max(hi for *_, hi in steep.shown_path) == 100.0
    score = project([(2022, 80.0), (2023, 86.0), (2024, 92.0), (2025, 97.0)], 2030, percent=False)
    assert not score.clamped and score.shown(score.value) > 100


def test_too_few_years_is_said_plainly_with_who():
    few = project([(2024, 60.0), (2025, 61.0)], 2030, minimum=4)
    assert sentence(few, 75, pct, who="Ball Green") == (
        "No projection for Ball Green: only 2 comparable years; a projection needs 4."
    )


def test_the_method_is_named_in_words():
    assert "straight line" in METHOD and "90% prediction interval" in METHOD
    assert "never across a series break" in METHOD


def test_the_city_gld_and_grade_4_english_and_maths_are_projected_with_a_range(store):
    found = {(c.measure.code, c.target.id): c for c in city_projections(store)}
    gld = found["FSP_NEW_GOODDEV", "eyfs_gld_target_2028"]
    # the revised early years profile (2021-22 on) is not comparable with earlier years
    assert gld.outcome.years == [2022, 2023, 2024, 2025]
    assert gld.latest == (2025, 64.6)
    assert gld.outcome.low < gld.outcome.value < gld.outcome.high
    assert gld.sentence.startswith("At the present rate the city reaches 68.1% by 2028")
    assert "short of its 75% target" in gld.sentence
    gcse4 = found["PTL2BASICS_94", "gcse_core_good_pass_grade4_target_2030"]
    # the centre- and teacher-assessed years 2019-20 and 2020-21 are left out
    assert gcse4.outcome.years == [2022, 2023, 2024, 2025]
    assert gcse4.range_text and gcse4.projected_text.endswith("by 2030")
    assert "PTL2BASICS_95" in {code for code, _ in found}  # the second reading: grade 5+
    # a target with no year, a rank or a relative change is not projected
    assert "attainment8_top100_target_2030" not in {t for _, t in found}
    assert "eyfs_gld_target_priority_72_9" not in {t for _, t in found}
