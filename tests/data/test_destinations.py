"""Destination figures are stored under the year their pupils finished key stage 4."""

from __future__ import annotations

from stoke_governor.data.importer import import_files
from stoke_governor.db.migrations import destinations_by_cohort
from tests.conftest import BIRCHES_HEAD, DFE, dfe_rows, needs_dfe

DESTINATIONS = "cscp_2018-19_england_ks4-pupdest__LA861_subset.csv"
pytestmark = needs_dfe


def test_destinations_are_stored_under_the_year_the_pupils_finished_year_11(store, tmp_path):
    years = store.query(
        "SELECT DISTINCT year FROM school_figures WHERE measure = 'OVERALL_DESTPER' ORDER BY year"
    )
    # The 2018-19 tables: KS4 in 2016/17, and the 2017-18 and 2016-17 tables' figures
    # beside them (columns ending _18 and _17: 2015/16 and 2014/15 leavers).
    assert [r[0] for r in years] == ["2014-15", "2015-16", "2016-17"]
    path = tmp_path / "2019-2020" / "england_ks4-pupdest.csv"
    path.parent.mkdir()
    text = (DFE / DESTINATIONS).read_bytes()
    path.write_bytes(text.replace(b"\n", b"\r\n"))  # as the DfE ships it: CRLF
    [outcome] = import_files(store, [path])
    assert outcome.status == "imported"
    assert "pupils who finished key stage 4 in 2017-18" in outcome.reason
    held = store.query(
        "SELECT DISTINCT f.year FROM school_figures f JOIN sources s ON s.id = f.source_id "
        "WHERE s.file = 'england_ks4-pupdest.csv' ORDER BY f.year"
    )
    # The earlier columns name their own tables' year (_18, _17), whatever the file's.
    assert [r[0] for r in held] == ["2014-15", "2015-16", "2017-18"]


def test_every_cohort_the_destinations_file_holds_is_a_year_of_the_same_measure(store):
    """A school's staying-in-education figure for 2014-15, 2015-16 and 2016-17 leavers, each
    as the file publishes it (OVERALL_DESTPER_17, _18 and OVERALL_DESTPER)."""
    from stoke_governor.measures import trends

    columns = {"2014-15": "OVERALL_DESTPER_17", "2015-16": "OVERALL_DESTPER_18"}
    columns["2016-17"] = "OVERALL_DESTPER"
    rows = [r for r in dfe_rows(DESTINATIONS) if r["LEA"] == "861" and r["URN"].isdigit()]
    assert rows
    for row in rows:
        urn = int(row["URN"])
        held = {
            y: raw
            for y, raw in store.query(
                "SELECT year, raw FROM school_figures WHERE urn = ? AND measure = ?",
                (urn, "OVERALL_DESTPER"),
            )
        }
        assert held == {y: row[c] for y, c in columns.items()}, urn
    assert not store.query(
        "SELECT 1 FROM school_figures WHERE measure LIKE 'OVERALL_DEST%\\_1_' ESCAPE '\\'"
    )
    chart = trends.history(store, BIRCHES_HEAD, "OVERALL_DESTPER", "Secondary", "Birches Head")
    assert [p.figure.year for p in chart.school.points] == list(columns)


def test_a_database_from_before_moves_its_destinations_to_the_cohort_year(store):
    with store.transaction():  # as seeded by earlier versions: every column under 2018-19
        for year, suffix in (("2014-15", "_17"), ("2015-16", "_18")):
            for table, label in (("school_figures", ""), ("area_figures", ", year_label = ?")):
                store.execute(
                    f"UPDATE {table} SET measure = measure || ?, year = ?{label} WHERE year = ? "
                    "AND source_id IN (SELECT id FROM sources WHERE file = ?)",
                    (suffix, "2016-17", *(("2016-17",) if label else ()), year, DESTINATIONS),
                )
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
