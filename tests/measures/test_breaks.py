"""Series breaks: shipped as data, seeded with the reference data, and queried."""

from __future__ import annotations

import csv
import shutil

from stoke_governor.core.paths import resources_dir
from stoke_governor.data.importer import import_files
from stoke_governor.measures.breaks import break_at, breaks_for, cohort_note
from stoke_governor.measures.catalogue import catalogue
from stoke_governor.measures.trends import history
from stoke_governor.startup.seed import refresh_reference
from tests.conftest import BIRCHES_HEAD, needs_dfe
from tests.data.test_dfe_import import ks4_copy


def shipped_rows():
    with (resources_dir() / "series_breaks.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_shipped_break_is_seeded_with_the_dfe_wording_and_source(store):
    rows = store.query("SELECT applies_to, dfe_wording, source FROM series_breaks")
    assert len(rows) == len(shipped_rows()) >= 10
    assert all(r["dfe_wording"] and r["source"].startswith("DfE") for r in rows)


def test_a_measure_finds_its_breaks_by_code_or_key_stage(store):
    measures = catalogue(store)
    p8 = breaks_for(store, measures["P8MEA"])
    for summer in (2020, 2021, 2025, 2026):  # 2019-20, 2020-21; 2024-25, 2025-26
        assert break_at(p8, summer, "school").kind == "not published"
        assert break_at(p8, summer, "area").kind == "not published"  # nowhere, not even England
    assert break_at(p8, 2019, "school") is None and break_at(p8, 2024, "school") is None
    assert "no age-11 baseline" in break_at(p8, 2025, "school").reason

    att8 = breaks_for(store, measures["ATT8SCR"])
    assert break_at(att8, 2020, "school").note == "not published (no exams: COVID-19)"
    assert "centre-assessed" in break_at(att8, 2020, "area").reason  # the city's CAG figure
    assert "teacher-assessed" in break_at(att8, 2021, "area").reason
    assert break_at(att8, 2016, "area").kind == "not comparable"  # before 9-1 points
    assert break_at(att8, 2017, "area") is None

    ks2 = breaks_for(store, measures["PTRWM_EXP"])
    assert break_at(ks2, 2022, "school").kind == "not published"  # school results withheld
    assert break_at(ks2, 2022, "area") is None  # the city's 2021-22 figure was published
    assert "two years later" in cohort_note(breaks_for(store, measures["OVERALL_DESTPER"]))


@needs_dfe
def test_a_history_across_the_covid_years_breaks_there(store, tmp_path):
    import_files(store, [ks4_copy(tmp_path, "2022-2023_england_ks4final.csv", change="35.1")])
    h = history(store, BIRCHES_HEAD, "ATT8SCR", "Secondary", "Birches Head Academy")
    assert [p.x for p in h.school.points] == [2019, 2023]
    city = h.areas[0]
    assert [x for x in range(2016, 2025) if not h.joins(city, x)] == [2016, 2019, 2020, 2021]
    tips = h.break_tips()
    assert set(tips) >= {2020, 2021} and 2022 not in tips
    assert "not published" in tips[2020] and "centre-assessed" in tips[2020]
    assert "cancelled in 2020 and 2021" in tips[2020]  # the DfE's own words


def test_a_newer_app_with_changed_breaks_refreshes_them(store, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(resources_dir(), folder, ignore=shutil.ignore_patterns("demo", "*.png"))
    with (folder / "series_breaks.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write("ks5,2019-20,2019-20,all,not comparable,test reason,words,DfE test,\n")
    assert refresh_reference(store, folder)
    rows = store.query("SELECT reason FROM series_breaks WHERE applies_to = 'ks5'")
    assert [r[0] for r in rows] == ["test reason"]
    assert not refresh_reference(store, folder)  # once only
