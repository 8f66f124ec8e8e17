"""A results file that repeats rows, adds too many schools or names one oddly is refused whole.

The user is told which lines repeat (not the database's constraint), how many schools the
file would add against the limit, and which line holds a name the app will not store; the
store is exactly as it was.
"""

from __future__ import annotations

from stoke_governor.data.importer import import_files
from stoke_governor.data.school_list import MAX_NEW_SCHOOLS
from tests.conftest import BIRCHES_HEAD

HEADER = "RECTYPE,LEA,ESTAB,URN,SCHNAME,ATT8SCR,PTL2BASICS_94"
TABLES = ("schools", "sources", "school_figures", "area_figures")


def dump(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}


def write(tmp_path, lines: list[str], name: str = "2019-2020_figures.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join([HEADER, *lines]) + "\r\n", encoding="utf-8")
    return path


def others(n: int, start: int = 0) -> list[str]:
    return [f"1,201,{4000 + i},{100100 + i},School {i},40.{i % 10},50.0%" for i in range(start, n)]


def test_a_repeated_school_row_names_the_school_and_both_lines(store, tmp_path):
    lines = others(90)
    lines[12] = f"1,861,4046,{BIRCHES_HEAD},Birches Head Academy,33.9,43.4%"  # line 14
    lines[85] = f"1,861,4046,{BIRCHES_HEAD},Birches Head Academy,34.0,44.0%"  # line 87
    path = write(tmp_path, lines)
    before = dump(store)
    [outcome] = import_files(store, [path])
    assert outcome.status == "rejected"
    assert outcome.reason == (
        f"2019-2020_figures.csv repeats the figures for URN {BIRCHES_HEAD} (Birches Head "
        "Academy), 2019-20: lines 14 and 87. Nothing from this file was stored."
    )
    assert "UNIQUE" not in outcome.reason
    assert dump(store) == before


def test_a_repeated_england_row_is_named_too(store, tmp_path):
    lines = [
        f"1,861,4046,{BIRCHES_HEAD},Birches Head Academy,33.9,43.4%",
        "7,,,,,46.5,64.4%",
        "5,,,,,44.5,59.5%",
        "7,,,,,46.6,64.5%",
    ]
    before = dump(store)
    [outcome] = import_files(store, [write(tmp_path, lines)])
    assert outcome.reason == (
        "2019-2020_figures.csv repeats the figures for England, 2019-20: lines 3 and 5. "
        "Nothing from this file was stored."
    )
    assert dump(store) == before


def test_a_file_that_would_add_more_schools_than_the_city_has_is_refused(store, tmp_path):
    new = [
        f"1,861,{2000 + i},{600000 + i},New School {i},40.0,50.0%"
        for i in range(MAX_NEW_SCHOOLS + 1)
    ]
    before = dump(store)
    [outcome] = import_files(store, [write(tmp_path, [*others(50), *new])])
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "2019-2020_figures.csv would add 201 schools to the school list; one file may add at "
        "most 200 (Stoke-on-Trent has about 100 schools). Nothing from this file was stored."
    )
    assert dump(store) == before


def test_a_few_new_schools_are_added_and_their_names_tidied(store, tmp_path):
    lines = [
        "1,861,2001,600001,Trentside Academy,40.0,50.0%",
        '1,861,2002,600002,"Hanley\r\nFree   School",41.0,51.0%',
    ]
    [outcome] = import_files(store, [write(tmp_path, lines)])
    assert outcome.status == "imported"
    names = store.query("SELECT urn, name FROM schools WHERE urn >= 600000 ORDER BY urn")
    assert [tuple(r) for r in names] == [
        (600001, "Trentside Academy"),
        (600002, "Hanley Free School"),
    ]


def test_a_new_school_named_like_a_formula_is_refused_naming_the_line(store, tmp_path):
    lines = [
        *others(3),
        '1,861,2001,600001,"=HYPERLINK(""http://example.com"",""Click"")",40.0,50.0%',
    ]
    before = dump(store)
    [outcome] = import_files(store, [write(tmp_path, lines)])
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "2019-2020_figures.csv, line 5: the school name "
        '\'=HYPERLINK("http://example.com","Click")\' begins with =, which a spreadsheet '
        "would run as a formula. Nothing from this file was stored."
    )
    assert dump(store) == before


def test_a_new_school_name_with_a_control_character_is_refused(store, tmp_path):
    lines = ["1,861,2001,600001,Trentside\x07Academy,40.0,50.0%"]
    [outcome] = import_files(store, [write(tmp_path, lines)])
    assert outcome.reason == (
        "2019-2020_figures.csv, line 2: the school name 'Trentside?Academy' holds a control "
        "character. Nothing from this file was stored."
    )
