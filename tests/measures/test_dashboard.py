"""The school dashboard and `data show` agree with the DfE's own files."""

from __future__ import annotations

import pytest

from stoke_governor.measures.catalogue import Figure, Measure, school_dashboard, school_figures
from stoke_governor.measures.status import judge
from stoke_governor.measures.targets import disagreements
from stoke_governor.schools.register import get_school, list_schools
from tests.conftest import BIRCHES_HEAD, city_target, dfe_rows, needs_dfe

KS4 = "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
ABSENCE = "cscp_2018-19_england_abs__LA861_subset.csv"


def _row(rows, code):
    return next(r for r in rows if r.measure.code == code)


@needs_dfe
def test_every_stoke_school_in_the_spine_is_held(store):
    spine = dfe_rows("cscp_2017-18_england_spine__XLSX-converted-to-CSV__LA861_subset.csv")
    expected = {int(r["URN"]): r["SCHNAME"] for r in spine if r["LA"] == "861"}
    held = {s.urn: s.name for s in list_schools(store)}
    assert {urn: held.get(urn) for urn in expected} == expected


@needs_dfe
def test_dashboard_figures_equal_the_dfe_files(store):
    ks4 = dfe_rows(KS4)
    school = next(r for r in ks4 if r["URN"] == str(BIRCHES_HEAD))
    city = next(r for r in ks4 if r["RECTYPE"] == "4" and r["LEA"] == "861")
    england = next(r for r in ks4 if r["RECTYPE"] == "7")
    rows = school_dashboard(store, BIRCHES_HEAD, "Secondary")
    att8 = _row(rows, "ATT8SCR")
    assert att8.school.value == float(school["ATT8SCR"]) == 33.9
    assert att8.school.year == "2018-19"
    # The file's own city and England rows are provisional; LAIT's final figures win.
    assert (float(city["ATT8SCR"]), float(england["ATT8SCR"])) == (42.7, 46.5)
    assert (att8.city.value, att8.city.release) == (42.8, "final")
    assert (att8.england.value, att8.england.release) == (46.7, "final")
    assert att8.west_midlands.value == 45.6  # LAIT, West Midlands, 2019 (academic 2018-19)
    basics = _row(rows, "PTL2BASICS_94")
    assert basics.school.value == float(school["PTL2BASICS_94"].rstrip("%"))


@needs_dfe
def test_absence_compares_with_phase_figures(store):
    england_sec = next(r for r in dfe_rows(ABSENCE) if r["LA"] == "NAT" and r["ESTAB"] == "SEC")
    absence = _row(school_dashboard(store, BIRCHES_HEAD, "Secondary"), "PERCTOT")
    assert absence.england.value == float(england_sec["PERCTOT"])
    assert absence.target is not None and "national" in absence.target.summary
    assert absence.status == "Behind England"


def test_suppressed_figures_stay_missing(store):
    held = [f for f in school_figures(store, 124500) if f["measure"] == "ATT8SCR"]
    assert held == [
        {
            "urn": 124500,
            "measure": "ATT8SCR",
            "year": "2018-19",
            "value": None,
            "code": "NE",
            "raw": "NE",
            "release": "provisional",
            "source": KS4,
        }
    ]
    row = _row(school_dashboard(store, 124500, "Special"), "ATT8SCR")
    assert row.status == "Not published"
    assert row.school.missing_reason == "no entries"


def test_a_school_without_figures_has_an_empty_dashboard(store):
    infant = next(s for s in list_schools(store) if s.name == "Jackfield Infant School")
    assert school_dashboard(store, infant.urn, infant.phase) == []


def test_ofsted_and_status_in_plain_english(store):
    school = get_school(store, BIRCHES_HEAD)
    assert school.ofsted_label == "Requires improvement (inspected 2018-06-27)"
    assert school.status_label == "Open"


def test_disagreeing_targets_are_both_kept(store):
    pairs = {(a.id, b.id) for a, b in disagreements(store)}
    assert ("eyfs_gld_target_2027", "eyfs_gld_target_2028") in pairs


MEASURE = Measure(
    "ATT8SCR", "school", "ks4", "Attainment 8", "score", 1, 1, "secondary", None, 1, None, None
)


def fig(value, year="2018-19"):
    return Figure(value, None if value is not None else "SUPP", year, "final", "test")


def target(value, comparison):
    return city_target(value, "2030", comparison, measure="ATT8SCR", unit="score", value_text="x")


@pytest.mark.parametrize(
    ("school", "year", "england", "tgt", "status"),
    [
        (None, "2018-19", 46.5, None, "Not published"),
        # The strategy (2025-2030) had not begun: context, whatever the figure.
        (47.0, "2018-19", 46.5, target(46.0, "at_least"), "Before the strategy"),
        (45.0, "2018-19", 46.5, target(46.0, "at_least"), "Before the strategy"),
        # In the strategy's years with no trajectory to judge by: the target itself.
        (47.0, "2026-27", 46.5, target(46.0, "at_least"), "Meets city target"),
        (45.0, "2026-27", 46.5, target(46.0, "at_least"), "Below city target"),
        (47.0, "2018-19", 46.5, None, "Better than England"),
        (46.5, "2018-19", 46.5, target(None, "descriptive"), "In line with England"),
        (40.0, "2018-19", 46.5, None, "Behind England"),
        (40.0, "2018-19", None, None, "No comparison"),
    ],
)
def test_status_rules(school, year, england, tgt, status):
    got = judge(MEASURE, fig(school, year), fig(england, year) if england else None, tgt)
    assert got == status


def test_every_status_has_its_rule_written_down():
    from stoke_governor.measures.status import STATUS_RULES
    from stoke_governor.measures.tracking import Start, Trajectory

    line = Trajectory(Start(2018, 40.0, "baseline"), target(50.0, "at_least"), 2030)
    statuses = {
        judge(MEASURE, fig(s), fig(e) if e else None, t)
        for s, e, t, _ in [
            (None, 46.5, None, 0),
            (47.0, 46.5, target(46.0, "at_least"), 0),
            (47.0, 46.5, None, 0),
            (46.5, 46.5, None, 0),
            (40.0, 46.5, None, 0),
            (40.0, None, None, 0),
        ]
    }
    later = target(46.0, "at_least")
    statuses |= {judge(MEASURE, fig(v, "2026-27"), None, later) for v in (47.0, 45.0)}
    statuses |= {judge(MEASURE, fig(v), None, None, [line]) for v in (47.0, 40.5)}
    statuses |= {"Context", "No figure held"}  # a context measure; the Data page's empty case
    assert statuses == set(STATUS_RULES)


def test_lower_is_better_and_context_measures():
    absence = Measure(
        "PERCTOT", "school", "absence", "Absence", "percent", 1, 0, "all", None, 1, None, None
    )
    assert judge(absence, fig(4.0), fig(5.5), None) == "Better than England"
    assert judge(absence, fig(6.2), fig(5.5), None) == "Behind England"
    fsm = Measure(
        "PNUMFSMEVER", "school", "census", "FSM", "percent", 1, None, "all", None, 1, None, None
    )
    assert judge(fsm, fig(47.5), fig(27.7), None) == "Context"
