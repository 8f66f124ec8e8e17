"""Importing DfE performance-tables files: outcomes per file, nothing half-stored."""

from __future__ import annotations

import json

import pytest

from stoke_governor.data.importer import import_files
from stoke_governor.measures.catalogue import school_dashboard
from tests.cli.test_cli import run
from tests.conftest import BIRCHES_HEAD, DFE, needs_dfe

KS4 = "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
pytestmark = needs_dfe


def counts(store):
    return tuple(
        store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in ("school_figures", "area_figures", "sources", "schools")
    )


def ks4_copy(tmp_path, name, change=None):
    """The real KS4 file under another name, optionally with one school's Attainment 8 changed."""
    text = (DFE / KS4).read_text(encoding="utf-8-sig")
    if change:
        text = text.replace(
            ",Birches Head Academy,0,FD,122,33.9,", f",Birches Head Academy,0,FD,122,{change},"
        )
    path = tmp_path / name
    path.write_text("\ufeff" + text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def att8(store):
    rows = school_dashboard(store, BIRCHES_HEAD, "Secondary")
    return next(r for r in rows if r.measure.code == "ATT8SCR").school


def test_a_new_year_is_imported_and_shown(store, tmp_path):
    path = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv", change="35.1")
    [outcome] = import_files(store, [path])
    assert (outcome.status, outcome.reason) == ("imported", "")
    assert outcome.rows > 300
    figure = att8(store)
    assert (figure.value, figure.year, figure.release) == (35.1, "2019-20", "final")


def test_the_same_file_again_changes_nothing(store, tmp_path):
    path = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv", change="35.1")
    import_files(store, [path])
    before = counts(store)
    [outcome] = import_files(store, [path])
    assert outcome.status == "unchanged"
    assert "2019-2020_england_ks4final.csv" in outcome.reason
    assert counts(store) == before


def test_the_shipped_file_itself_is_recognised(store):
    [outcome] = import_files(store, [DFE / KS4])
    assert outcome.status == "unchanged"


def test_final_supersedes_provisional_and_keeps_the_history(store, tmp_path):
    final = ks4_copy(tmp_path, "2018-2019_england_ks4final.csv", change="34.2")
    [outcome] = import_files(store, [final])
    assert outcome.status == "imported"
    assert (att8(store).value, att8(store).release) == (34.2, "final")
    releases = {
        r["release"]
        for r in store.query(
            "SELECT release FROM school_figures WHERE urn = ? AND measure = 'ATT8SCR' "
            "AND year = '2018-19'",
            (BIRCHES_HEAD,),
        )
    }
    assert releases == {"provisional", "final"}


def test_provisional_after_final_is_kept_as_history(store, tmp_path):
    import_files(store, [ks4_copy(tmp_path, "2018-2019_england_ks4final.csv", change="34.2")])
    late = ks4_copy(tmp_path, "2018-2019_england_ks4provisional.csv", change="30.0")
    [outcome] = import_files(store, [late])
    assert outcome.status == "superseded"
    assert att8(store).value == 34.2


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("2019-2020_notes.csv", "Title,Body\nhello,world\n", "no URN and local authority"),
        ("2019-2020_ks4.csv", "URN,LEA,ATT8SCR\n1,861,40\n2,861,41,extra\n", "line 3: 4 fields"),
        ("2019-2020_binary.csv", "PK\x03\x04\x00\x00\x00", "binary data"),
        ("england_ks4final.csv", "URN,LEA,ATT8SCR\n124390,861,40\n", "--year"),
        ("2019-2020_elsewhere.csv", "URN,LEA,ATT8SCR\n100000,201,40\n", "no figures for Stoke"),
        (
            "2019-2020_twice.csv",
            "URN,LEA,ATT8SCR\n124390,861,40\n124390,861,41\n",
            "repeats the figures for URN 124390 (Birches Head Academy), 2019-20: lines 2 and 3",
        ),
    ],
)
def test_bad_files_are_rejected_whole_and_the_batch_goes_on(store, tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    good = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv")
    before = counts(store)
    first, second = import_files(store, [bad, good])
    assert first.status == "rejected" and reason in first.reason and name in first.reason
    assert second.status == "imported"
    after = counts(store)
    assert after[2] == before[2] + 1  # one new source: the good file only
    assert after[0] + after[1] == before[0] + before[1] + second.rows


def test_rejected_file_stores_nothing(store, tmp_path):
    bad = tmp_path / "2019-2020_twice.csv"
    bad.write_text("URN,LEA,ATT8SCR\n124390,861,40\n124390,861,41\n", encoding="utf-8")
    before = counts(store)
    [outcome] = import_files(store, [bad])
    assert outcome.status == "rejected"
    assert counts(store) == before


def test_a_folder_imports_its_csv_files_and_backs_up_first(store, tmp_path):
    folder = tmp_path / "2019-2020"
    folder.mkdir()
    ks4_copy(folder, "england_ks4final.csv")  # year from the folder's name
    (folder / "readme.txt").write_text("not imported")
    [outcome] = import_files(store, [folder])
    assert outcome.status == "imported"
    assert list((store.path.parent / "backups").glob("*before-data-import.sqlite"))


def test_command_line_import_prints_one_json_object_per_file(db_path, tmp_path):
    good = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv")
    bad = tmp_path / "2019-2020_notes.csv"
    bad.write_text("Title\nx\n")
    result = run("--db", db_path, "data", "import", good, bad, "--json")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["status"], o["file"]) for o in lines] == [
        ("imported", str(good)),
        ("rejected", str(bad)),
    ]
    assert set(lines[0]) == {"file", "status", "reason", "rows"}
    shown = json.loads(run("--db", db_path, "data", "show", "--urn", BIRCHES_HEAD, "--json").stdout)
    assert {f["year"] for f in shown if f["measure"] == "ATT8SCR"} == {"2018-19", "2019-20"}


def test_command_line_year_must_be_an_academic_year(db_path, tmp_path):
    result = run("--db", db_path, "data", "import", tmp_path, "--year", "last year")
    assert result.returncode == 2
    assert "not an academic year" in result.stderr


LAIT = "dfe_LAIT_bds_long__LA861_all_measures__plus_England_WestMidlands_education_measures.csv"


def test_a_lait_download_adds_city_region_and_england_series(store, tmp_path):
    assert import_files(store, [DFE / LAIT])[0].status == "unchanged"  # shipped already
    newer = tmp_path / "bds_long.csv"
    newer.write_text(
        "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n"
        "AVG_Attain8_Score,,2026 (prov),Stoke-on-Trent,40.1,861.0,West Midlands\n"
        "AVG_Attain8_Score,,2026 (prov),England,46.9,970.0,NA\n"
        "AVG_Attain8_Score,,2026 (prov),Darlington,45.0,841.0,North East\n"
        "RTA,,2014-16,Stoke-on-Trent,13.21,861.0,West Midlands\n",
        encoding="utf-8",
    )
    [outcome] = import_files(store, [newer])
    assert (outcome.status, outcome.rows) == ("imported", 2)
    held = store.query(
        "SELECT area, value, release FROM area_figures WHERE measure = 'AVG_Attain8_Score' "
        "AND year = '2025-26' ORDER BY area"
    )
    assert [tuple(r) for r in held] == [
        ("E06000021", 40.1, "provisional"),
        ("E92000001", 46.9, "provisional"),
    ]


@needs_dfe
def test_the_year_asked_for_applies_only_to_files_that_do_not_say_theirs(store, tmp_path):
    """The GUI asks once for undated files; a file in a '2018-2019' folder keeps its year."""
    dated = tmp_path / "2018-2019"
    dated.mkdir()
    undated = tmp_path / "england_ks4final.csv"
    pairs = (
        ("cscp_2018-19_england_census__LA861_subset.csv", dated / "england_census.csv"),
        ("cscp_2018-19_england_ks4provisional__LA861_subset.csv", undated),
    )
    for src, dest in pairs:
        dest.write_bytes((DFE / src).read_bytes() + b"\r\n")  # not the very files shipped
    outcomes = import_files(store, [dated / "england_census.csv", undated], fallback_year="2019-20")
    assert [o.status for o in outcomes] == ["imported", "imported"]
    years = dict(
        store.query(
            "SELECT file, year FROM sources WHERE file IN ('england_census.csv', "
            "'england_ks4final.csv')"
        )
    )
    assert years == {"england_census.csv": "2018-19", "england_ks4final.csv": "2019-20"}
