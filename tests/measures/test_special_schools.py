"""A special school's history is compared as its dashboard compares it: special schools only."""

from __future__ import annotations

from stoke_governor.core.areas import ENGLAND
from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.measures.trends import history
from tests.conftest import BIRCHES_HEAD

ABBEY_HILL = 124500  # a real Stoke-on-Trent special school (resources/schools.csv)
PORTLAND = 124498  # a special school with a published GCSE figure (0.0% grade 5+, 2018-19)


def test_a_special_schools_history_has_only_englands_special_schools_beside_it(store):
    # The phase is left unknown: the school's own record says it is special.
    h = history(store, ABBEY_HILL, "PERCTOT", None, "Abbey Hill School and College")
    assert [(s.key, s.name) for s in h.areas] == [(ENGLAND, "England (special schools)")]
    [point] = h.areas[0].points
    # England's special schools' overall absence, 2018-19: 10.1% (secondary schools: 5.5%).
    assert (point.figure.year, point.figure.value) == ("2018-19", 10.1)
    assert h.status()[0] == "Better than England"  # 6.2% absent, lower is better


def test_a_special_school_gets_no_city_trajectory_and_the_dashboards_status(store):
    mainstream = history(store, BIRCHES_HEAD, "PTL2BASICS_95", "Secondary", "Birches Head")
    assert mainstream.trajectories and mainstream.status()[0] == "Before the strategy"
    special = history(store, PORTLAND, "PTL2BASICS_95", "Special", "Portland School")
    assert special.trajectories == [] and special.targets == []
    # No special-school figure for England is held for this measure: nothing to compare.
    assert special.areas[0].points == []
    [row] = [
        r for r in school_dashboard(store, PORTLAND, "Special") if r.measure.code == "PTL2BASICS_95"
    ]
    assert special.status()[0] == row.status == "No comparison"


def test_every_special_schools_page_status_is_its_dashboard_status(store):
    specials = store.query("SELECT urn, phase, name FROM schools WHERE phase = 'Special'")
    compared = 0
    for urn, phase, name in specials:
        for row in school_dashboard(store, urn, phase, headline_only=False):
            h = history(store, urn, row.measure.code, phase, name)
            assert h.status()[0] == row.status, (urn, row.measure.code)
            assert all(s.key == ENGLAND for s in h.areas) and not h.trajectories
            compared += 1
    assert compared > 50
