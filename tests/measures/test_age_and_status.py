"""How old a school's figures are, and statuses only where they mean something."""

from __future__ import annotations

import datetime as dt

from stoke_governor.measures.age import figures_age
from stoke_governor.measures.catalogue import school_dashboard
from tests.conftest import BIRCHES_HEAD

ABBEY_HILL = 124500  # a special school (Foundation special school)
ST_JOSEPHS = 136460  # A level figures from 2015-16 beside GCSE figures from 2018-19


def _row(rows, code):
    return next(r for r in rows if r.measure.code == code)


def test_the_age_line_says_how_old_the_results_are_and_what_to_do(store):
    rows = school_dashboard(store, BIRCHES_HEAD, "Secondary")
    age = figures_age(rows, dt.date(2026, 12, 6))
    assert age.text == "School results: 2018-19, provisional — seven years old"
    assert "Import the DfE's current files" in age.advice and "LA's pack" in age.advice
    # Before the summer's results, 2018-19 is six years behind; a year on, current.
    assert figures_age(rows, dt.date(2026, 7, 31)).age == "six years old"
    assert figures_age(rows, dt.date(2019, 10, 1)).advice == ""


def test_a_figure_more_than_two_years_behind_the_newest_is_old(store):
    rows = school_dashboard(store, ST_JOSEPHS, "Secondary")
    aab = _row(rows, "PTAAB_2FAC")
    att8 = _row(rows, "ATT8SCR")
    assert (aab.school.year, aab.old) == ("2015-16", True)
    assert (att8.school.year, att8.old) == ("2018-19", False)


def test_birches_head_grade_5_in_2018_19_is_before_the_strategy(store):
    row = _row(school_dashboard(store, BIRCHES_HEAD, "Secondary"), "PTL2BASICS_95")
    assert (row.school.year, row.school.value) == ("2018-19", 23.0)
    assert row.status == "Before the strategy"
    # No line starts in 2018-19: the city's figure for 2025 (the strategy's first year) is
    # what the 65% target's line starts from, and it is not held yet.
    assert all(t.start.x >= 2025 for t in row.trajectories)


def test_the_aab_line_starts_from_the_strategys_own_10_percent(store):
    row = _row(school_dashboard(store, 130817, None), "PTAAB_2FAC")
    (line,) = row.trajectories
    assert (line.start.x, line.start.value, line.target.goal) == (2025, 10.0, 15.0)
    assert row.status == "Before the strategy"  # a 2015-16 figure


def test_a_special_school_meets_special_schools_only(store):
    rows = school_dashboard(store, ABBEY_HILL, "Special")
    absence = _row(rows, "PERCTOT")
    # England's special schools (10.1% in 2018-19), never the city's all-school 4.9%.
    assert (absence.england.value, absence.city, absence.west_midlands) == (10.1, None, None)
    assert absence.status == "Better than England"
    att8 = _row(rows, "ATT8SCR")
    assert att8.city is None and att8.england is None  # no all-school comparator
    assert att8.target is None  # the city's targets are for all its pupils
    destinations = _row(rows, "OVERALL_DESTPER")
    assert destinations.england is None and destinations.status == "No comparison"


def test_an_a_level_grade_is_shown_as_published(store):
    rows = school_dashboard(store, 136145, "Secondary", headline_only=False)
    grade = _row(rows, "TALLPPEGRD_ALEV_1618")
    assert (grade.school.value, grade.school.text) == (None, "D")
    assert grade.school.missing_reason == ""
    assert grade.status == "No comparison"  # never "Not published"
    # England's and the city's average grade in the 2015-16 KS5 file is C: a grade, not the
    # EES marker c ("suppressed").
    assert (grade.england.text, grade.england.code) == ("C", None)
    assert (grade.city.text, grade.city.code) == ("C", None)


def test_the_schools_own_template_figures_never_make_its_dfe_data_look_current(store):
    """A figure typed into the school data template this year (release `school`) says nothing
    of how old the school's DfE results are: the age line and its advice stay as they were."""
    rows = school_dashboard(store, BIRCHES_HEAD, "Secondary")
    before = figures_age(rows, dt.date(2026, 12, 6))
    typed = rows[0]._replace(school=rows[0].school._replace(year="2025-26", release="school"))
    after = figures_age([typed, *rows[1:]], dt.date(2026, 12, 6))
    assert after == before and after.advice
