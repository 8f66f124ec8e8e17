"""Each board this year against last year, and the city's distribution in both years: the
words on known ratings, then over two years of real returns imported into the LA's database."""

from __future__ import annotations

from pathlib import Path

import pytest

from stoke_governor.la.city import NO_RETURN, NOT_RATED
from stoke_governor.la.city_trend import city_trend, pictures, trends_for_city
from stoke_governor.la.returns.importer import REJECTED, import_returns
from stoke_governor.la.trend import (
    BETTER,
    DROPPED_SECTION,
    NEW_SECTION,
    NO_RETURN_BEFORE,
    NO_RETURN_NOW,
    NOT_COMPARED,
    NOT_RATED_EITHER,
    NOT_RATED_NOW,
    SAME,
    SAME_WITHIN,
    WORSE,
    Reading,
    compare,
    previous_year,
    school_trend,
)
from tests.city_boards import LAST_YEAR, all_items, board, two_years
from tests.la.test_returns_import import rewrite, school_store

TITLES = {"sl": "Strategic leadership", "ac": "Accountability", "pe": "People"}


def reading(training=80.0, vacancies=1, **means) -> Reading:
    return Reading(dict(means), {k: TITLES.get(k, k) for k in means}, training, vacancies)


# -- the words, on known ratings ---------------------------------------------------------


def test_better_worse_and_same_with_the_two_ratings():
    trend = compare(1, "2026-27", reading(sl=3.0, ac=2.0, pe=3.1), reading(sl=2.0, ac=3.0, pe=3.0))
    assert trend.previous_year == "2025-26"
    assert [(s.section_id, s.word) for s in trend.sections] == [
        ("sl", BETTER),
        ("ac", WORSE),
        ("pe", SAME),
    ]
    assert [s.describe() for s in trend.sections] == [
        "Better (2.0 → 3.0)",
        "Worse (3.0 → 2.0)",
        "Same (3.0 → 3.1)",
    ]
    assert trend.counts() == {BETTER: 1, SAME: 1, WORSE: 1}
    assert trend.sentence() == "Since 2025-26: better in 1 section, the same in 1, worse in 1."


@pytest.mark.parametrize(
    ("moved", "word"),
    [(0.0, SAME), (0.24, SAME), (-0.24, SAME), (SAME_WITHIN, BETTER), (-SAME_WITHIN, WORSE)],
)
def test_a_change_under_a_quarter_of_a_point_is_the_same(moved, word):
    assert SAME_WITHIN == 0.25
    trend = compare(1, "2026-27", reading(sl=2.5 + moved), reading(sl=2.5))
    assert trend.sections[0].word == word


def test_no_return_last_year_keeps_this_years_rating_and_compares_nothing():
    trend = compare(1, "2026-27", reading(sl=3.0, ac=None), None)
    assert not trend.returned_last_year
    assert [s.describe() for s in trend.sections] == [
        "No return last year (now 3.0)",
        "No return last year",
    ]
    assert trend.counts() == {BETTER: 0, SAME: 0, WORSE: 0}
    assert trend.overall.word == NO_RETURN_BEFORE
    assert trend.sentence() == "No return for 2025-26 to compare with."


def test_no_return_this_year():
    trend = compare(1, "2026-27", None, reading(sl=2.0))
    assert not trend.returned
    assert trend.sections[0].change == (None, 2.0, NO_RETURN_NOW)
    assert trend.sentence() == "No return for 2026-27 to compare."


def test_not_rated_stays_missing_never_zero():
    trend = compare(1, "2026-27", reading(sl=None, ac=None), reading(sl=3.0, ac=None))
    sl, ac = trend.sections
    assert sl.change == (None, 3.0, NOT_RATED_NOW)
    assert sl.describe() == "Not rated this year (last year 3.0)"
    assert ac.change == (None, None, NOT_RATED_EITHER)
    assert trend.overall.word == "no section rated in both years"


def test_sections_are_matched_by_id_across_a_change_of_framework():
    """This year's framework added 'pe' and dropped 'old'; neither is compared."""
    trend = compare(
        1,
        "2026-27",
        reading(sl=3.0, pe=2.0),
        Reading({"sl": 2.0, "old": 1.0}, {"sl": "SL", "old": "An old section"}, 80.0, 1),
    )
    assert [(s.section_id, s.title, s.word) for s in trend.sections] == [
        ("sl", "Strategic leadership", BETTER),
        ("pe", "People", NEW_SECTION),
        ("old", "An old section", DROPPED_SECTION),
    ]
    assert trend.section("pe").describe() == "Not in last year's framework (now 2.0)"
    assert trend.overall == (3.0, 2.0, BETTER)  # over 'sl' alone, the one in both


def test_overall_training_and_vacancies():
    trend = compare(
        1,
        "2026-27",
        reading(training=60.0, vacancies=0, sl=3.0, ac=2.0),
        reading(training=80.0, vacancies=2, sl=2.0, ac=2.0),
    )
    assert trend.overall == (2.5, 2.0, BETTER)
    assert trend.training.describe("%", 0) == "Worse (80% → 60%)"
    assert trend.vacancies.describe(digits=0) == "Better (2 → 0)"  # fewer empty places
    same = compare(1, "2026-27", reading(training=84.0), reading(training=80.0, vacancies=None))
    assert same.training.word == SAME  # within 5 points
    assert same.vacancies.describe(digits=0) == "Not given last year (now 1)"


def test_the_previous_academic_year():
    assert previous_year("2026-27") == "2025-26"
    assert previous_year("2000-01") == "1999-00"


# -- over real returns held for two years ------------------------------------------------

BOTH, NEW, OLD_FRAMEWORK = 136102, 142990, 139846  # open city schools
SL, AC, PE, ST, CO, EV = (
    [f"{p}{n}" for n in range(1, k + 1)]
    for p, k in (("SL", 5), ("AC", 6), ("PE", 3), ("ST", 3), ("CO", 3), ("EV", 3))
)


def rated(**groups) -> dict:
    """Every item of the named groups at one rating: rated(SL=3, AC=2)."""
    out = {}
    for name, value in groups.items():
        out.update(dict.fromkeys(globals()[name], value))
    return out


@pytest.fixture(scope="module")
def files(seeded_template, tmp_path_factory) -> list[Path]:
    """Returns exported by the boards' own app: BOTH last year (2025-26) and this year
    (2026-27); NEW this year only; OLD_FRAMEWORK both years, last year on a framework with
    no 'evaluation' section (its file rewritten so, and accepted as edited)."""
    root = tmp_path_factory.mktemp("trend")
    school = school_store(seeded_template, root)
    last, now = root / "last", root / "now"
    try:
        out = [
            board(school, BOTH, last, ratings=rated(SL=2, AC=3, PE=3, ST=3, CO=3), today=LAST_YEAR),
            board(school, OLD_FRAMEWORK, root / "src", ratings=all_items(2), today=LAST_YEAR),
            board(school, BOTH, now, ratings=rated(SL=3, AC=2, PE=3, ST=3) | {"ST3": 4}),
            board(school, NEW, now, ratings=all_items(4)),
            board(school, OLD_FRAMEWORK, now, ratings=all_items(3)),
        ]
    finally:
        school.close()

    def older_framework(p):
        p["framework"]["sections"] = [
            s for s in p["framework"]["sections"] if s["id"] != "evaluation"
        ]
        p["sections"] = [s for s in p["sections"] if s["id"] != "evaluation"]
        p["ratings"] = [r for r in p["ratings"] if r["section"] != "evaluation"]

    out[1] = rewrite(out[1], last / "older-framework.xlsx", change=older_framework)
    return out


@pytest.fixture
def held(la_store, files):
    outcomes = import_returns(la_store, files, accept_edited=True, by="test officer")
    assert REJECTED not in [o.status for o in outcomes], outcomes
    return la_store


def test_a_school_better_in_one_section_worse_in_another_the_same_in_others(held):
    trend = school_trend(held, BOTH, "2026-27")
    assert trend.returned and trend.returned_last_year
    assert [(s.title, s.describe()) for s in trend.sections] == [
        ("Strategic leadership", "Better (2.0 → 3.0)"),
        ("Accountability", "Worse (3.0 → 2.0)"),
        ("People", "Same (3.0 → 3.0)"),
        ("Structures", "Better (3.0 → 3.3)"),
        ("Compliance", "Not rated this year (last year 3.0)"),
        ("Evaluation", "Not rated either year"),
    ]
    assert trend.sentence() == "Since 2025-26: better in 2 sections, the same in 1, worse in 1."
    assert trend.overall.word == SAME  # (3 + 2 + 3 + 3.33) / 4 against (2 + 3 + 3 + 3) / 4


def test_a_school_with_no_return_last_year(held):
    trend = school_trend(held, NEW, "2026-27")
    assert not trend.returned_last_year
    assert trend.section("strategic-leadership").describe() == "No return last year (now 4.0)"
    assert trend.counts() == {BETTER: 0, SAME: 0, WORSE: 0}


def test_a_section_not_in_last_years_framework(held):
    trend = school_trend(held, OLD_FRAMEWORK, "2026-27")
    assert trend.section("evaluation").describe() == "Not in last year's framework (now 3.0)"
    assert trend.section("accountability").describe() == "Better (2.0 → 3.0)"
    assert trend.overall == (3.0, 2.0, BETTER)


def test_the_city_distribution_this_year_against_last(held):
    city = city_trend(held, "2026-27")
    schools = len(pictures(held, "2026-27")[0].rows)
    assert (city.year, city.previous_year, city.returned, city.returned_last_year) == (
        "2026-27",
        "2025-26",
        3,
        2,
    )
    none = {1: 0, 2: 0, 3: 0, 4: 0, NOT_RATED: 0}
    assert city.now["strategic-leadership"] == {**none, 3: 2, 4: 1, NO_RETURN: schools - 3}
    assert city.before["strategic-leadership"] == {**none, 2: 2, NO_RETURN: schools - 2}
    assert city.now["accountability"] == {**none, 2: 1, 3: 1, 4: 1, NO_RETURN: schools - 3}
    assert city.before["accountability"] == {**none, 2: 1, 3: 1, NO_RETURN: schools - 2}
    assert city.changes["strategic-leadership"] == {
        BETTER: 2,
        SAME: 0,
        WORSE: 0,
        NOT_COMPARED: schools - 2,
    }
    assert city.changes["accountability"] == {
        BETTER: 1,
        SAME: 0,
        WORSE: 1,
        NOT_COMPARED: schools - 2,
    }
    assert city.sentence("accountability") == (
        "Since 2025-26, of the 2 boards that rated it both years: 1 better, 0 the same, 1 worse."
    )
    assert city.overall == {BETTER: 1, SAME: 1, WORSE: 0, NOT_COMPARED: schools - 2}


def test_the_city_trend_with_no_returns_last_year(la_store, files):
    import_returns(la_store, files[2:], by="test officer")  # this year's only
    city = city_trend(la_store, "2026-27")
    assert city.returned_last_year == 0
    assert city.before["strategic-leadership"] is None
    assert city.sentence("strategic-leadership") == (
        "Not in any return for 2025-26: nothing to compare."
    )


def test_two_years_of_varied_boards_give_every_school_a_trend(seeded_template, tmp_path, la_store):
    urns = [
        r[0]
        for r in la_store.query(
            "SELECT urn FROM schools WHERE status != 'closed' ORDER BY urn LIMIT 16"
        )
    ]
    school = school_store(seeded_template, tmp_path)
    try:
        last, now = two_years(school, tmp_path / "returns", urns, missing_last_year=4)
    finally:
        school.close()
    outcomes = import_returns(la_store, [*last, *now], by="test officer")
    assert [o.status for o in outcomes] == ["imported"] * 28
    trends = trends_for_city(la_store, "2026-27")
    assert {urn for urn in urns if trends[urn].returned_last_year} == set(urns[:12])
    words = [s.word for urn in urns[:12] for s in trends[urn].sections]
    assert {BETTER, SAME, WORSE} <= set(words)  # the years differ, not copies of each other
    city = city_trend(la_store, "2026-27")
    assert city.returned_last_year == 12 and city.returned == 16
    for sid, _title in city.sections:
        assert sum(city.changes[sid].values()) == len(trends)
