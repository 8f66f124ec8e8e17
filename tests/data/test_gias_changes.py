"""What one GIAS extract may do to the school list, and seeing it before it is done.

Only Stoke-on-Trent's establishments are ever added (the others are counted as ignored);
one file may add at most 200 schools and rename at most 50; a name a spreadsheet would
run as a formula, or with a control character, is refused naming its line; and the
changes (added, renamed old → new, closed) can be seen in a dry run that stores nothing.
"""

from __future__ import annotations

import csv
import json

import pytest

from stoke_governor.cli.main import main
from stoke_governor.data.importer import import_files, school_list_changes
from stoke_governor.data.school_list import MAX_NEW_SCHOOLS, MAX_RENAMED
from tests.conftest import BIRCHES_HEAD, REPO, needs_dfe
from tests.data.test_gias_ees import (
    GROUP_OF_SECTOR,
    NEW_SCHOOL,
    NEW_URN,
    TABLES,
    WATERSIDE,
    dump,
    gias_header,
    gias_row,
    london_row,
    write_csv,
)

pytestmark = needs_dfe


def held_urns() -> list[int]:
    """The held city schools `gias_row` can describe."""
    with (REPO / "resources" / "schools.csv").open(encoding="utf-8", newline="") as fh:
        return [int(r["urn"]) for r in csv.DictReader(fh) if r["sector"] in GROUP_OF_SECTOR]


def extract(tmp_path, rows, name="edubasealldata20250901.csv"):
    return write_csv(tmp_path / name, gias_header(), rows)


def changing(tmp_path):
    """Adds one school, renames the board's, closes Waterside; one London row, one other
    authority's school the app does not hold."""
    elsewhere = {**NEW_SCHOOL, "URN": "150998", "LA (code)": "886", "LA (name)": "Kent"}
    return extract(
        tmp_path,
        [
            london_row(),
            elsewhere,
            gias_row(BIRCHES_HEAD, EstablishmentName="Birches Head Academy and Sixth Form"),
            gias_row(
                WATERSIDE, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2025"}
            ),
            NEW_SCHOOL,
        ],
    )


def test_only_the_city_schools_are_added_and_the_others_are_counted_as_ignored(store, tmp_path):
    [outcome] = import_files(store, [changing(tmp_path)])
    assert outcome.status == "imported"
    assert outcome.reason == (
        "1 school added, 2 updated; 2 establishments in other local authorities ignored"
    )
    assert store.query_one("SELECT 1 FROM schools WHERE urn = 150998") is None
    assert store.query_one("SELECT la_code FROM schools WHERE urn = ?", (NEW_URN,))[0] == 861


def test_a_dry_run_shows_the_changes_and_stores_nothing(store, tmp_path):
    path = changing(tmp_path)
    before = dump(store, *TABLES)
    [preview] = school_list_changes(store, [path])
    assert preview.status == "imported"
    assert preview.details == (
        f"adds Trentside Children’s Academy (URN {NEW_URN})",
        f"renames URN {BIRCHES_HEAD}: Birches Head Academy → Birches Head Academy and Sixth Form",
        f"closes Waterside Primary School (URN {WATERSIDE})",
    )
    assert dump(store, *TABLES) == before
    assert not list((store.path.parent / "backups").glob("*before-data-import*"))
    [applied] = import_files(store, [path])
    assert applied.details == preview.details
    name = store.query_one("SELECT name FROM schools WHERE urn = ?", (BIRCHES_HEAD,))[0]
    assert name == "Birches Head Academy and Sixth Form"


def test_the_preview_reads_only_gias_extracts(store, tmp_path):
    other = tmp_path / "2019-2020_notes.csv"
    other.write_text("URN,LEA,ATT8SCR\n124390,861,40\n", encoding="utf-8")
    outcomes = school_list_changes(store, [other, changing(tmp_path)])
    assert [o.file for o in outcomes] == [str(tmp_path / "edubasealldata20250901.csv")]


def test_a_file_that_would_add_more_schools_than_one_file_may_is_refused(store, tmp_path):
    rows = [
        {**NEW_SCHOOL, "URN": str(600000 + n), "EstablishmentName": f"School {n}"}
        for n in range(MAX_NEW_SCHOOLS + 50)
    ]
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [extract(tmp_path, rows)])
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "edubasealldata20250901.csv would add 250 schools to the school list; one file may "
        "add at most 200 (Stoke-on-Trent has about 100 schools). Nothing from this file was "
        "stored."
    )
    assert dump(store, *TABLES) == before


def test_a_file_that_would_rename_more_schools_than_one_file_may_is_refused(store, tmp_path):
    urns = held_urns()[: MAX_RENAMED + 1]
    rows = [gias_row(urn, EstablishmentName=f"Renamed School {n}") for n, urn in enumerate(urns)]
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [extract(tmp_path, rows)])
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "edubasealldata20250901.csv would rename 51 schools in the school list; one file may "
        "rename at most 50 (Stoke-on-Trent has about 100 schools). Nothing from this file was "
        "stored."
    )
    assert dump(store, *TABLES) == before


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ('=HYPERLINK("http://x.example","Birches")', "begins with =, which a spreadsheet"),
        ("+44 1782 000000", "begins with +, which a spreadsheet"),
        ("@SUM(A1)", "begins with @, which a spreadsheet"),
        ("Birches Head\x1b[2J Academy", "holds a control character"),
    ],
)
def test_renaming_the_boards_school_to_a_formula_is_refused_naming_the_line(
    store, tmp_path, name, why
):
    rows = [london_row(), gias_row(WATERSIDE), gias_row(BIRCHES_HEAD, EstablishmentName=name)]
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [extract(tmp_path, rows)])
    assert outcome.status == "rejected"
    assert outcome.reason.startswith("edubasealldata20250901.csv, line 4: the school name '")
    assert why in outcome.reason and outcome.reason.endswith("Nothing from this file was stored.")
    assert dump(store, *TABLES) == before


def test_a_tab_or_line_break_in_a_name_becomes_a_space(store, tmp_path):
    rows = [gias_row(BIRCHES_HEAD, EstablishmentName="Birches Head\tAcademy\r\nTrust")]
    [outcome] = import_files(store, [extract(tmp_path, rows)])
    assert outcome.status == "imported"
    name = store.query_one("SELECT name FROM schools WHERE urn = ?", (BIRCHES_HEAD,))[0]
    assert name == "Birches Head Academy Trust"


def test_the_command_line_dry_run_prints_the_changes_and_stores_nothing(db_path, tmp_path, capsys):
    path = changing(tmp_path)
    code = main(["--db", str(db_path), "data", "import", str(path), "--dry-run"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith(f"{path}: imported")
    assert out[1:] == [
        f"  adds Trentside Children’s Academy (URN {NEW_URN})",
        f"  renames URN {BIRCHES_HEAD}: Birches Head Academy → Birches Head Academy and Sixth Form",
        f"  closes Waterside Primary School (URN {WATERSIDE})",
        "Dry run: nothing was stored. Run again without --dry-run to import.",
    ]
    main(["--db", str(db_path), "data", "import", str(path), "--dry-run", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["details"][1].startswith(f"renames URN {BIRCHES_HEAD}")
    assert main(["--db", str(db_path), "school", "list"]) == 0
    assert "Birches Head Academy and Sixth Form" not in capsys.readouterr().out
    assert main(["--db", str(db_path), "data", "import", str(path)]) == 0
    capsys.readouterr()
    main(["--db", str(db_path), "school", "list"])
    assert "Birches Head Academy and Sixth Form" in capsys.readouterr().out
