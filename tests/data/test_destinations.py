"""Destination figures are stored under the year their pupils finished key stage 4."""

from __future__ import annotations

from stoke_governor.data.importer import import_files
from stoke_governor.db.migrations import destinations_by_cohort
from tests.conftest import DFE, needs_dfe

DESTINATIONS = "cscp_2018-19_england_ks4-pupdest__LA861_subset.csv"
pytestmark = needs_dfe


def test_destinations_are_stored_under_the_year_the_pupils_finished_year_11(store, tmp_path):
    years = store.query(
        "SELECT DISTINCT year FROM school_figures WHERE measure = 'OVERALL_DESTPER'"
    )
    assert [r[0] for r in years] == ["2016-17"]  # the 2018-19 tables: KS4 in 2016/17
    path = tmp_path / "2019-2020" / "england_ks4-pupdest.csv"
    path.parent.mkdir()
    text = (DFE / DESTINATIONS).read_bytes()
    path.write_bytes(text.replace(b"\n", b"\r\n"))  # as the DfE ships it: CRLF
    [outcome] = import_files(store, [path])
    assert outcome.status == "imported"
    assert "pupils who finished key stage 4 in 2017-18" in outcome.reason
    held = store.query(
        "SELECT DISTINCT f.year FROM school_figures f JOIN sources s ON s.id = f.source_id "
        "WHERE s.file = 'england_ks4-pupdest.csv'"
    )
    assert [r[0] for r in held] == ["2017-18"]


def test_a_database_from_before_moves_its_destinations_to_the_cohort_year(store):
    with store.transaction():  # as seeded by earlier versions
        store.execute("UPDATE school_figures SET year = '2018-19' WHERE year = '2016-17'")
        store.execute(
            "UPDATE area_figures SET year = '2018-19', year_label = '2018-19' "
            "WHERE year = '2016-17' AND source_id IN "
            "(SELECT id FROM sources WHERE file = ?)",
            (DESTINATIONS,),
        )
        destinations_by_cohort(store.db)
    dest = "SELECT DISTINCT year FROM {} WHERE measure = 'OVERALL_DESTPER'"
    assert [r[0] for r in store.query(dest.format("school_figures"))] == ["2016-17"]
    assert [r[0] for r in store.query(dest.format("area_figures"))] == ["2016-17"]
    ks4 = "SELECT DISTINCT year FROM school_figures WHERE measure = 'ATT8SCR'"
    assert [r[0] for r in store.query(ks4)] == ["2018-19"]  # other files untouched
