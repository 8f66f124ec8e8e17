"""City targets read as the strategy means them, in a new database and in an existing one."""

from __future__ import annotations

from stoke_governor.core.areas import CITY
from stoke_governor.core.settings import REFERENCE_DATA
from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.measures.targets import all_targets, disagreements, targets_for
from stoke_governor.schools.register import get_school
from stoke_governor.startup import open_database
from tests.conftest import BIRCHES_HEAD, dfe_rows, needs_dfe

GRADE4 = "gcse_core_good_pass_grade4_target_2030"
GRADE5 = "gcse_core_good_pass_grade5_target_2030"
MAINSTREAM = "ehcp_sen_mainstream_in_line_national_target"
LAIT = "dfe_LAIT_bds_long__LA861_all_measures__plus_England_WestMidlands_education_measures.csv"


def _by_id(store):
    return {t.id: t for t in all_targets(store)}


def test_a_good_pass_in_core_gcses_is_read_both_ways_grade_4_first(store):
    targets = _by_id(store)
    assert (GRADE4, GRADE5) in {(a.id, b.id) for a, b in disagreements(store)}
    order = [t.id for t in all_targets(store)]
    assert order.index(GRADE4) < order.index(GRADE5)
    for target_id, code in ((GRADE4, "PTL2BASICS_94"), (GRADE5, "PTL2BASICS_95")):
        t = targets[target_id]
        assert (t.measure, t.value, t.comparison) == (code, 65, "at_least")
        assert "over 65% of our young people" in t.passage
        assert t in targets_for(store, [code])
    assert "grade 4+" in targets[GRADE4].summary
    assert "grade 5+" in targets[GRADE5].summary
    assert "gcse_core_good_pass_target_2030" not in targets


def test_the_grade_4_reading_starts_from_the_citys_own_figure_not_the_2016_a_to_c_one(store):
    school = get_school(store, BIRCHES_HEAD)
    rows = school_dashboard(store, school.urn, school.phase, headline_only=False)
    row = next(r for r in rows if r.measure.code == "PTL2BASICS_94")
    lines = [t for t in row.trajectories if t.target.id == GRADE4]
    # Never from the Opportunity Area's 2016 A*-C figure (55.5%): from the city's own figure
    # for 2025, the strategy's first year (LAIT's EngMaths9-4, 54.1%), to 65% by 2030.
    assert all("55.5%" not in t.start.label for t in lines)
    [line] = lines
    assert (line.start.x, line.start.value, line.end_x) == (2025, 54.1, 2030)
    assert line.start.label == "the city's published figure for 2024-25"
    assert line.expected(2030) == 65


def test_the_citys_grade_4_and_grade_5_lines_reach_2025_from_lait(store):
    """The city's grade 4+ and 5+ figures for every year LAIT holds, 2016-17 to 2024-25,
    each as LAIT published it: the line beside a secondary school's figure reaches 2025."""
    from stoke_governor.measures import trends

    lait = [r for r in dfe_rows(LAIT) if r["LA Number"].startswith("861")]
    for code, series in (("PTL2BASICS_94", "EngMaths9-4"), ("PTL2BASICS_95", "EngMaths9-5")):
        published = {
            f"{int(r['Years']) - 1}-{r['Years'][2:]}": round(float(r["Values"]), 1)
            for r in lait
            if r["Short Desc"] == series
        }
        assert len(published) == 9 and max(published) == "2024-25"
        chart = trends.history(store, BIRCHES_HEAD, code, "Secondary", "Birches Head Academy")
        [city] = [s for s in chart.areas if s.key == CITY]
        held = {p.figure.year: p.figure.value for p in city.points}
        for year, value in published.items():
            assert held[year] == value, (code, year)
        assert city.at(2025).source.startswith("Local Authority Interactive Tool")


def test_the_mainstream_inclusion_target_is_not_judged_by_a_schools_ehc_plan_share(store):
    target = _by_id(store)[MAINSTREAM]
    assert target.measure is None
    assert "PSENELSE" in target.note and "share of all of a school's pupils" in target.note
    assert all(t.id != MAINSTREAM for t in targets_for(store, ["PSENELSE"]))
    school = get_school(store, BIRCHES_HEAD)
    rows = school_dashboard(store, school.urn, school.phase, headline_only=False)
    ehcp = next(r for r in rows if r.measure.code == "PSENELSE")
    assert ehcp.targets == [] and ehcp.trajectories == []
    assert ehcp.status == "Context"


@needs_dfe
def test_psenelse_is_the_share_of_all_pupils_with_an_ehc_plan(store):
    """The census file's own counts: PSENELSE = TSENELSE / NOR, so the catalogue says so."""
    checked = 0
    for r in dfe_rows("cscp_2018-19_england_census__LA861_subset.csv"):
        if r["LA"] == "861" and r["NOR"].isdigit() and int(r["NOR"]) > 0:
            share = 100 * int(r["TSENELSE"]) / int(r["NOR"])
            assert abs(share - float(r["PSENELSE"])) <= 0.05, r["URN"]
            checked += 1
    assert checked > 50
    (description,) = store.query_row("SELECT description FROM measures WHERE code = 'PSENELSE'")
    assert "all the school's pupils" in description


def test_the_secondary_attendance_rank_of_114_quotes_the_passage_that_gives_it(store):
    rank = _by_id(store)["secondary_attendance_rank_114"]
    assert "Secondary attendance ranked 114<sup>th</sup>" in rank.passage
    assert rank.disagrees_with == "secondary_attendance_rank_130"
    assert "130<sup>th</sup>" in _by_id(store)["secondary_attendance_rank_130"].passage


def test_an_existing_database_gets_the_corrected_targets(db_path):
    """A database seeded by an older version, holding the old readings, is brought up to date."""
    with open_database(db_path) as store:
        conn = store.conn
        conn.execute(f"DELETE FROM city_targets WHERE id IN ('{GRADE4}', '{GRADE5}')")
        conn.execute(
            "INSERT INTO city_targets (id, kind, topic, measure, area, value, unit, value_text, "
            "year, comparison, document, document_title, passage) VALUES "
            "('gcse_core_good_pass_target_2030', 'target', 'GCSE: good pass in core subjects', "
            "'PTL2BASICS_95', 'Stoke-on-Trent', 65, 'percent', 'over 65% of young people', "
            "'Dec 2030', 'at_least', 'IES', 'Improving Education Strategy', 'read as grade 5+')"
        )
        conn.execute(f"UPDATE city_targets SET measure = 'PSENELSE' WHERE id = '{MAINSTREAM}'")
        conn.execute(
            "UPDATE city_targets SET passage = 'Attendance in secondary schools was 89.8%' "
            "WHERE id = 'secondary_attendance_rank_114'"
        )
        store.set_settings(**{REFERENCE_DATA.key: "from an older version"})
        conn.commit()
    with open_database(db_path) as store:
        targets = _by_id(store)
        assert "gcse_core_good_pass_target_2030" not in targets
        assert targets[GRADE4].measure == "PTL2BASICS_94"
        assert targets[GRADE5].disagrees_with == GRADE4
        assert targets[MAINSTREAM].measure is None
        assert "114<sup>th</sup>" in targets["secondary_attendance_rank_114"].passage
