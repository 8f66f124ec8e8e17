"""School-level explore education statistics files: the city's schools' figures, one series."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from stoke_governor.core.areas import ENGLAND, WEST_MIDLANDS
from stoke_governor.data.ees_periods import named_span
from stoke_governor.data.ees_schools import series_map
from stoke_governor.data.importer import IMPORTED, REJECTED, UNCHANGED, import_files
from stoke_governor.measures import trends
from tests.conftest import BIRCHES_HEAD, REPO

FIXTURES = Path(__file__).parent / "ees_fixtures"  # made-up values in the DfE layout
KS4_2025 = FIXTURES / "202425_performance_tables_schools_final.csv"
KS4_2024 = FIXTURES / "202324_performance_tables_schools_final.csv"
COOP, DISCOVERY, STAFFORDSHIRE = 136102, 136681, 124400
TABLES = ("schools", "sources", "school_figures", "area_figures")


def dump(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}


def figure(store, urn: int, measure: str, year: str):
    return store.query_one(
        "SELECT value, code, raw, release FROM school_figures "
        "WHERE urn = ? AND measure = ? AND year = ?",
        (urn, measure, year),
    )


def one(store, path):
    [outcome] = import_files(store, [path])
    return outcome


def rewritten(tmp_path, source, name, change) -> object:
    """A copy of a fixture with `change(rows)` applied to its rows (dicts)."""
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or []), list(reader)
    header, rows = change(header, rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_2024_25_school_file_gives_each_city_school_its_headline_figures(store):
    outcome = one(store, KS4_2025)
    assert outcome.status == IMPORTED
    # Birches Head's all-pupil row, not its boys' (38.7) or disadvantaged (33.2) row.
    assert tuple(figure(store, BIRCHES_HEAD, "ATT8SCR", "2024-25")) == (41.3, None, "41.3", "final")
    assert figure(store, BIRCHES_HEAD, "PTL2BASICS_95", "2024-25")["value"] == 36.1
    assert figure(store, BIRCHES_HEAD, "PTL2BASICS_94", "2024-25")["value"] == 58.9
    # Progress 8 is not produced for 2024-25: the marker, never 0.
    p8 = figure(store, BIRCHES_HEAD, "P8MEA", "2024-25")
    assert (p8["value"], p8["code"]) == (None, "z")
    coop = {m: figure(store, COOP, m, "2024-25") for m in ("PTL2BASICS_94", "PTL2BASICS_95")}
    assert [(f["value"], f["code"]) for f in coop.values()] == [(None, "c"), (None, "x")]
    # Other authorities' schools are ignored, and said so.
    assert store.query_one("SELECT 1 FROM schools WHERE urn IN (124400, 105574)") is None
    assert "2 schools in other local authorities ignored" in outcome.reason
    assert "2 breakdown rows" in outcome.reason
    assert "Attainment 8 (average score) (ATT8SCR)" in outcome.reason


def test_england_and_the_west_midlands_come_in_as_comparators(store):
    one(store, KS4_2025)
    rows = store.query(
        "SELECT area, value FROM area_figures WHERE measure = 'ATT8SCR' AND year = '2024-25' "
        "AND breakdown = ''"
    )
    held = {r["area"]: r["value"] for r in rows}
    # the state-funded total, not the academies-only row (46.3)
    assert held[ENGLAND] == 45.9
    assert held[WEST_MIDLANDS] == 44.6


def test_an_indicator_the_catalogue_does_not_know_is_kept_under_its_own_name(store):
    outcome = one(store, KS4_2025)
    assert figure(store, BIRCHES_HEAD, "gcse_91_percent", "2024-25")["value"] == 97.2
    assert figure(store, COOP, "gcse_91_percent", "2024-25")["code"] == "low"
    # Attainment 8's EBacc slots are not the EBacc average point score: not joined.
    assert figure(store, BIRCHES_HEAD, "attainment8ebacc_average", "2024-25")["value"] == 10.8
    assert figure(store, BIRCHES_HEAD, "EBACCAPS", "2024-25") is None
    assert "own names" in outcome.reason
    assert "gcse_91_percent" in outcome.reason and "attainment8ebacc_average" in outcome.reason


def test_the_2023_24_names_continue_the_same_measures_and_laestab_finds_the_school(store):
    outcome = one(store, KS4_2024)
    assert outcome.status == IMPORTED
    assert tuple(figure(store, BIRCHES_HEAD, "ATT8SCR", "2023-24")) == (
        39.8,
        None,
        "39.8",
        "revised",
    )
    assert figure(store, BIRCHES_HEAD, "EBACCAPS", "2023-24")["value"] == 3.42
    # Discovery Academy is keyed by LAESTAB 8614714 only.
    assert figure(store, DISCOVERY, "ATT8SCR", "2023-24")["value"] == 35.1
    assert figure(store, DISCOVERY, "P8MEA", "2023-24")["code"] == "c"
    assert "1 school in other local authorities ignored" in outcome.reason


def test_attainment_8_is_one_series_across_both_formats(store):
    import_files(store, [KS4_2024, KS4_2025])
    history = trends.history(store, BIRCHES_HEAD, "ATT8SCR", "Secondary", "Birches Head")
    points = {p.x: p.figure.value for p in history.school.points}
    assert points[2019] is not None  # 2018-19, from the performance tables (CSCP) download
    assert (points[2024], points[2025]) == (39.8, 41.3)  # from the EES files
    england = next(s for s in history.areas if s.key == ENGLAND)
    assert england.at(2025).value == 45.9


def test_importing_the_same_file_again_changes_nothing(store):
    one(store, KS4_2025)
    before = dump(store)
    again = one(store, KS4_2025)
    assert again.status == UNCHANGED
    assert dump(store) == before


def test_school_rows_without_urn_or_laestab_are_rejected_whole(store, tmp_path):
    def drop_keys(header, rows):
        return [h for h in header if h not in ("school_urn", "school_laestab")], rows

    path = rewritten(tmp_path, KS4_2025, "ks4_nokeys.csv", drop_keys)
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "no school_urn or school_laestab" in outcome.reason
    assert dump(store) == before


def test_a_time_period_that_is_not_an_academic_year_is_rejected_whole(store, tmp_path):
    def calendar(header, rows):
        rows[4] = {**rows[4], "time_period": "2025", "time_identifier": "Calendar year"}
        return header, rows

    path = rewritten(tmp_path, KS4_2025, "ks4_calendar.csv", calendar)
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "row 6" in outcome.reason and "'2025' (Calendar year)" in outcome.reason
    assert dump(store) == before


def test_a_file_mixing_two_years_is_rejected_whole(store, tmp_path):
    def two_years(header, rows):
        rows[-1] = {**rows[-1], "time_period": "202324"}
        return header, rows

    path = rewritten(tmp_path, KS4_2025, "ks4_two_years.csv", two_years)
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "mixes academic years: 2023-24" in outcome.reason and "2024-25" in outcome.reason
    assert dump(store) == before


def test_a_school_urn_that_is_not_a_number_is_rejected_naming_the_row(store, tmp_path):
    def bad_urn(header, rows):
        rows[4] = {**rows[4], "school_urn": "12439O"}
        return header, rows

    path = rewritten(tmp_path, KS4_2025, "ks4_bad_urn.csv", bad_urn)
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "row 6: school_urn is '12439O'" in outcome.reason
    assert dump(store) == before


def test_two_different_headline_figures_for_one_school_are_rejected(store, tmp_path):
    def doubled(header, rows):
        return header, [*rows, {**rows[4], "attainment8_average": "50.0"}]

    outcome = one(store, rewritten(tmp_path, KS4_2025, "ks4_doubled.csv", doubled))
    assert outcome.status == REJECTED
    assert "two different figures for ATT8SCR (URN 124390" in outcome.reason


def test_the_version_column_or_the_name_gives_the_release(store, tmp_path):
    def no_version(header, rows):
        return [h for h in header if h != "version"], rows

    path = rewritten(tmp_path, KS4_2025, "ks4_2024-25_provisional.csv", no_version)
    assert one(store, path).status == IMPORTED
    assert figure(store, BIRCHES_HEAD, "ATT8SCR", "2024-25")["release"] == "provisional"


def test_every_join_in_the_series_map_is_a_catalogue_measure_with_its_dfe_definition():
    with (REPO / "resources" / "measures.csv").open(encoding="utf-8", newline="") as fh:
        catalogue = {r["code"]: r for r in csv.DictReader(fh)}
    with (REPO / "resources" / "series_map.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert len(rows) == len(series_map())
    for row in rows:
        assert row["justification"].strip(), row["ees_column"]
        if row["measure"] and catalogue[row["measure"]]["dfe_description"]:
            assert row["dfe_definition"] == catalogue[row["measure"]]["dfe_description"]
        elif row["measure"]:  # no CSCP metadata shipped: the DfE's own datamap names the code
            assert row["dfe_definition"].strip(), row["measure"]
            assert "datamap" in row["justification"], row["measure"]
    joined = {(r["ees_column"], r["measure"]) for r in rows}
    for pair in [
        ("avg_att8", "ATT8SCR"),
        ("attainment8_average", "ATT8SCR"),
        ("avg_p8score", "P8MEA"),
        ("progress8_average", "P8MEA"),
        ("pt_l2basics_95", "PTL2BASICS_95"),
        ("engmath_95_percent", "PTL2BASICS_95"),
        ("pt_l2basics_94", "PTL2BASICS_94"),
        ("engmath_94_percent", "PTL2BASICS_94"),
        ("avg_ebaccaps", "EBACCAPS"),
        ("attainment8ebacc_average", ""),
        ("sess_overall_percent", "PERCTOT"),
        ("enrolments_pa_10_exact_percent", "PPERSABS10"),
        ("aps_per_entry", "TALLPPE_ALEV_1618"),
        ("best_three_alevels_aps", "TB3PTSE"),
        ("aab_percent", "PTAAB_2FAC"),
    ]:
        assert pair in joined


KS2 = FIXTURES / "ks2_school_attainment_data.csv"
WATERSIDE, BLURTON, NEW_ACADEMY = 123993, 124002, 150123


def test_ks2_subjects_select_the_series_and_breakdowns_are_not_the_headline(store):
    outcome = one(store, KS2)
    assert outcome.status == IMPORTED
    # all pupils, reading writing and maths: not the boys' 47 nor the three-year average 50
    assert tuple(figure(store, WATERSIDE, "PTRWM_EXP", "2022-23")) == (52, None, "52", "revised")
    assert figure(store, WATERSIDE, "PTRWM_HIGH", "2022-23")["value"] == 4
    progress = [
        figure(store, WATERSIDE, m, "2022-23")["value"] for m in ("READPROG", "WRITPROG", "MATPROG")
    ]
    assert progress == [-1.2, 0.4, 1.1]
    # A subject's figure the catalogue has no measure for keeps its name and its subject.
    reading = figure(
        store, WATERSIDE, "expected_standard_pupil_percent (subject: reading)", "2022-23"
    )
    assert reading["value"] == 67
    assert "average_scaled_score (subject: maths)" in outcome.reason
    # Writing has no scaled score (z in every row): not a statistic the file holds.
    assert "average_scaled_score (subject: writing)" not in outcome.reason
    assert figure(store, WATERSIDE, "average_scaled_score (subject: writing)", "2022-23") is None
    assert figure(store, BLURTON, "PTRWM_EXP", "2022-23")["code"] == "c"  # keyed by LAESTAB
    assert figure(store, BLURTON, "READPROG", "2022-23")["code"] == "u"
    national = store.query_one(
        "SELECT value FROM area_figures WHERE area = ? AND measure = ? AND year = ?",
        (ENGLAND, "PTRWM_EXP", "2022-23"),
    )
    assert national["value"] == 60


def test_a_city_school_the_list_lacks_is_added_and_one_with_no_urn_is_named_as_skipped(store):
    outcome = one(store, KS2)
    school = store.query_one(
        "SELECT name, laestab, la_code FROM schools WHERE urn = ?", (NEW_ACADEMY,)
    )
    assert tuple(school) == ("A New Primary Academy", 8612999, 861)
    assert figure(store, NEW_ACADEMY, "PTRWM_EXP", "2022-23")["value"] == 45
    assert "LAESTAB 8612998" in outcome.reason
    assert "1 school in other local authorities ignored" in outcome.reason
    # neither the Staffordshire school's 62 nor the unlisted school's 61 is stored
    values = {r[0] for r in store.query("SELECT value FROM school_figures WHERE year = '2022-23'")}
    assert values.isdisjoint({61, 62})


def test_a_file_with_two_releases_is_rejected_whole(store, tmp_path):
    def two_versions(header, rows):
        rows[4] = {**rows[4], "version": "Provisional"}
        return header, rows

    before = dump(store)
    outcome = one(store, rewritten(tmp_path, KS4_2025, "ks4_two_versions.csv", two_versions))
    assert outcome.status == REJECTED
    assert "final, provisional" in outcome.reason
    assert dump(store) == before


def test_a_file_with_no_city_school_and_no_comparator_says_what_it_ignored(store, tmp_path):
    def elsewhere(header, rows):
        return header, [
            r for r in rows if r["geographic_level"] == "School" and r["old_la_code"] != "861"
        ]

    before = dump(store)
    outcome = one(store, rewritten(tmp_path, KS4_2025, "ks4_elsewhere.csv", elsewhere))
    assert outcome.status == REJECTED
    assert "no figures for Stoke-on-Trent's schools" in outcome.reason
    assert "2 schools in other local authorities ignored" in outcome.reason
    assert dump(store) == before


ABSENCE = FIXTURES / "1a_absence_3term_school.csv"
SIXTEEN_EIGHTEEN = FIXTURES / "institution_performance_202225_API.csv"
WATERSIDE_ESTAB, ST_JOSEPHS = 123993, 136460


def test_absence_gives_a_school_its_whole_figure_from_its_total_or_its_one_phase(store):
    outcome = one(store, ABSENCE)
    assert outcome.status == IMPORTED
    assert "continues Overall absence (PERCTOT), Pupils persistently absent (PPERSABS10)" in (
        outcome.reason
    )
    assert "1 school in other local authorities ignored" in outcome.reason
    # Birches Head has one phase row (secondary): that row is the school's figure.
    assert tuple(figure(store, BIRCHES_HEAD, "PERCTOT", "2023-24")) == (9.4, None, "9.4", "final")
    assert figure(store, BIRCHES_HEAD, "PPERSABS10", "2023-24")["value"] == 27.6
    # Discovery has a Total row beside its phase rows: the Total, not the secondary 10.7.
    assert figure(store, DISCOVERY, "PERCTOT", "2023-24")["value"] == 9.9
    assert figure(store, DISCOVERY, "PPERSABS10", "2023-24")["value"] == 28.0
    # Waterside, keyed by LAESTAB only: its suppressed persistent absence stays a marker.
    assert tuple(figure(store, WATERSIDE_ESTAB, "PPERSABS10", "2023-24")) == (
        None,
        "c",
        "c",
        "final",
    )
    # Co-op has two phases and no Total: no whole-school figure is made up from either.
    assert figure(store, COOP, "PERCTOT", "2023-24") is None
    phase = "sess_overall_percent (education_phase: state-funded secondary)"
    assert figure(store, COOP, phase, "2023-24")["value"] == 11.2
    england = store.query_one(
        "SELECT value FROM area_figures WHERE area = ? AND measure = 'PERCTOT' AND year = ?",
        (ENGLAND, "2023-24"),
    )
    assert england["value"] == 7.1
    assert one(store, ABSENCE).status == UNCHANGED


def test_the_old_15_percent_persistent_absence_is_never_taken_for_the_10_percent_one(
    store, tmp_path
):
    def old_measure(header, rows):
        header = [h for h in header if h != "enrolments_pa_10_exact_percent"]
        header.append("enrolments_pa_15_percent")
        for r in rows:
            r["enrolments_pa_15_percent"] = r.pop("enrolments_pa_10_exact_percent")
        return header, rows

    path = rewritten(tmp_path, ABSENCE, "absence_15.csv", old_measure)
    outcome = one(store, path)
    assert outcome.status == IMPORTED
    assert figure(store, BIRCHES_HEAD, "PPERSABS10", "2023-24") is None
    assert figure(store, BIRCHES_HEAD, "enrolments_pa_15_percent", "2023-24")["value"] == 27.6
    assert "enrolments_pa_15_percent" in outcome.reason


def test_the_16_18_file_gives_one_figure_per_school_per_year_each_its_own_release(store):
    outcome = one(store, SIXTEEN_EIGHTEEN)
    assert outcome.status == IMPORTED
    assert "2022-23 final, 2023-24 revised, 2024-25 provisional" in outcome.reason
    assert "A level average points per entry (TALLPPE_ALEV_1618)" in outcome.reason
    got = {
        y: tuple(figure(store, ST_JOSEPHS, "TALLPPE_ALEV_1618", y))
        for y in ("2022-23", "2023-24", "2024-25")
    }
    # The earlier years are keyed by LAESTAB only, as the DfE's datamap reads them.
    assert got == {
        "2022-23": (34.1, None, "34.10", "final"),
        "2023-24": (36.4, None, "36.40", "revised"),
        "2024-25": (38.02, None, "38.02", "provisional"),
    }
    assert figure(store, ST_JOSEPHS, "TB3PTSE", "2024-25")["value"] == 39.1
    assert figure(store, ST_JOSEPHS, "PTAAB_2FAC", "2024-25")["value"] == 24.0  # not c
    # A grade is shown as published: "C" is the grade, not the suppression marker c.
    assert tuple(figure(store, ST_JOSEPHS, "TALLPPEGRD_ALEV_1618", "2022-23")) == (
        None,
        None,
        "C",
        "final",
    )
    assert tuple(figure(store, ST_JOSEPHS, "VA_INS_ALEV", "2022-23"))[:2] == (None, "z")
    assert figure(store, ST_JOSEPHS, "TALLPPE_ACAD_1618", "2024-25")["value"] == 35.15
    # Not in the catalogue: kept under its own name with its cohort, and listed.
    assert "retained_assessed_percent (exam_cohort: a level)" in outcome.reason
    assert one(store, SIXTEEN_EIGHTEEN).status == UNCHANGED


def test_a_year_outside_the_span_the_16_18_file_name_gives_rejects_it_whole(store, tmp_path):
    def stray(header, rows):
        rows[3] = {**rows[3], "time_period": "202122"}
        return header, rows

    path = rewritten(tmp_path, SIXTEEN_EIGHTEEN, "institution_performance_202225_API.csv", stray)
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "mixes academic years: 2021-22 (row 5)" in outcome.reason
    assert "its name gives 2022-23 to 2024-25" in outcome.reason
    assert dump(store) == before


def test_several_years_in_a_file_whose_name_gives_no_span_are_refused(store, tmp_path):
    path = rewritten(tmp_path, SIXTEEN_EIGHTEEN, "institution_performance.csv", lambda h, r: (h, r))
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "mixes academic years: 2022-23 (row 2), 2023-24" in outcome.reason
    assert dump(store) == before


def test_two_releases_within_one_year_of_the_16_18_file_reject_it(store, tmp_path):
    def two_versions(header, rows):
        rows[-2] = {**rows[-2], "version": "Final"}  # a 2024-25 row among Provisional ones
        return header, rows

    path = rewritten(
        tmp_path, SIXTEEN_EIGHTEEN, "institution_performance_202225_API.csv", two_versions
    )
    before = dump(store)
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert "final, provisional' for 2024-25" in outcome.reason
    assert dump(store) == before


def test_a_file_name_gives_its_span_of_academic_years():
    assert named_span("institution_performance_202225_API.csv") == [
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    assert named_span("202425_performance_tables_schools_final.csv") == ["2024-25"]
    assert named_span("1a_absence_3term_school.csv") == []


def test_a_grade_column_keeps_grade_c_as_a_grade_and_lower_case_c_as_suppressed(store, tmp_path):
    """An average grade is the published value: `C` is a grade; the EES marker is `c`."""

    def add_grades(header, rows):
        for row in rows:
            urn = row["school_urn"]
            row["aps_per_entry_grade"] = {str(BIRCHES_HEAD): "C", str(COOP): "c"}.get(
                urn, "B-" if row["geographic_level"] == "National" else ""
            )
        return [*header, "aps_per_entry_grade"], rows

    path = rewritten(tmp_path, KS4_2025, KS4_2025.name, add_grades)
    assert one(store, path).status == IMPORTED

    def grade(urn):
        return store.query_one(
            "SELECT value, code, raw FROM school_figures WHERE urn = ? "
            "AND measure LIKE 'aps_per_entry_grade%' AND year = '2024-25'",
            (urn,),
        )

    assert tuple(grade(BIRCHES_HEAD)) == (None, None, "C")  # shown as published
    assert tuple(grade(COOP)) == (None, "c", "c")  # suppressed, as before
    england = store.query(
        "SELECT raw FROM area_figures WHERE area = ? AND measure LIKE 'aps_per_entry_grade%'",
        (ENGLAND,),
    )
    assert {r["raw"] for r in england} == {"B-"}


def test_a_school_file_adding_more_schools_than_the_city_has_is_refused(store, tmp_path):
    def many_new(header, rows):
        model = next(r for r in rows if r["school_urn"] == str(BIRCHES_HEAD))
        new = [
            {
                **model,
                "school_urn": str(600000 + i),
                "school_laestab": str(8617000 + i),
                "school_name": f"New School {i}",
            }
            for i in range(201)
        ]
        return header, [*rows, *new]

    before = dump(store)
    outcome = one(store, rewritten(tmp_path, KS4_2025, "ks4_many_new.csv", many_new))
    assert outcome.status == REJECTED
    assert outcome.reason == (
        "ks4_many_new.csv would add 201 schools to the school list; one file may add at most "
        "200 (Stoke-on-Trent has about 100 schools). Nothing from this file was stored."
    )
    assert dump(store) == before


def test_a_new_school_named_like_a_formula_is_refused_naming_its_line(store, tmp_path):
    def formula(header, rows):
        model = next(r for r in rows if r["school_urn"] == str(BIRCHES_HEAD))
        new = {
            **model,
            "school_urn": "600001",
            "school_laestab": "8617001",
            "school_name": "@SUM(A1:A9)",
        }
        return header, [*rows, new]

    before = dump(store)
    path = rewritten(tmp_path, KS4_2025, "ks4_formula.csv", formula)
    last = len(path.read_text(encoding="utf-8").splitlines())
    outcome = one(store, path)
    assert outcome.status == REJECTED
    assert outcome.reason.startswith(
        f"ks4_formula.csv, line {last}: the school name '@SUM(A1:A9)' begins with @"
    )
    assert dump(store) == before
