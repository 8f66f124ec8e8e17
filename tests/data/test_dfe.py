"""Reading DfE cells, years and CSVs: every hazard seen in the real files."""

from __future__ import annotations

import pytest

from stoke_governor.core.dates import parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import (
    is_grade_column,
    parse_cell,
    release_of,
    year_from_name,
)
from stoke_governor.data.csv_reader import read_csv


@pytest.mark.parametrize(
    ("raw", "value", "code"),
    [
        ("58.6%", 58.6, None),
        ("0.0%", 0.0, None),
        ("49.5", 49.5, None),
        ("7,579", 7579.0, None),
        ("-7,794", -7794.0, None),
        ("£45,421", 45421.0, None),
        ("1.55757077523724e-05", 1.55757077523724e-05, None),
        ("65.099999999999994", 65.1, None),
        ("-0.23", -0.23, None),
        ("SUPP", None, "SUPP"),
        ("SUPP!", None, "SUPP"),
        ("NA ", None, "NA"),
        ("-   ", None, "-"),
        ("NE", None, "NE"),
        ("LOWCOV", None, "LOWCOV"),
        ("x", None, "x"),
        ("c", None, "c"),
        (":", None, ":"),
        ("z", None, "z"),
        (" ", None, None),
        ("", None, None),
    ],
)
def test_cells_keep_markers_and_never_become_zero(raw, value, code):
    cell = parse_cell(raw)
    assert cell.value == value
    assert cell.code == code
    assert cell.raw == raw


def test_text_that_is_not_a_figure_is_kept_only_as_text():
    cell = parse_cell("C+")
    assert (cell.value, cell.code, cell.raw) == (None, None, "C+")


@pytest.mark.parametrize("label", ["2014-16", "2013/14-15/16", "latest", ""])
def test_spans_and_words_are_not_years(label):
    with pytest.raises(ValueError):
        parse_year_label(label)


def test_release_and_year_from_names():
    assert release_of("2025 (prov)") == "provisional"
    assert release_of("2020 (Final)") == "final"
    assert release_of("2018 (Rev)") == "revised"
    assert year_from_name("cscp_2018-19_england_census.csv") == "2018-19"
    assert year_from_name("2018-2019_england_ks4final") == "2018-19"
    assert year_from_name("england_ks4final.csv") is None


def test_csv_with_bom_crlf_and_ragged_rows(tmp_path):
    path = tmp_path / "861_census.csv"
    path.write_bytes("\ufeffURN,LA,PNORG,PNORB\r\n123,861,50.7%,49.3%\r\n124,861\r\n".encode())
    table = read_csv(path)
    assert table.header == ["URN", "LA", "PNORG", "PNORB"]
    assert table.rows[1] == {"URN": "124", "LA": "861", "PNORG": "", "PNORB": ""}
    assert table.ragged_rows == 1


def test_windows_1252_file_is_read(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_bytes("Variable,Label\r\nKS4,Key stage 4 \x96 destinations\r\n".encode("latin-1"))
    assert read_csv(path).rows[0]["Label"] == "Key stage 4 – destinations"


def test_header_spaces_are_normalised(tmp_path):
    path = tmp_path / "swf.csv"
    path.write_text('URN,"Pupil:     Teacher Ratio"\n1,15.0\n', encoding="utf-8")
    assert read_csv(path).header == ["URN", "Pupil: Teacher Ratio"]


def test_row_longer_than_header_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("URN,LA\n1,861\n2,861,oops\n", encoding="utf-8")
    with pytest.raises(BadInputFileError, match=r"bad\.csv, line 3: 3 fields"):
        read_csv(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"PK\x03\x04\x00\x00binary", "binary data")],
)
def test_unreadable_files_get_a_plain_message(tmp_path, content, message):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    with pytest.raises(BadInputFileError, match=message):
        read_csv(path)


def test_missing_file(tmp_path):
    with pytest.raises(BadInputFileError, match="nothing.csv cannot be read"):
        read_csv(tmp_path / "nothing.csv")


@pytest.mark.parametrize(
    ("raw", "code", "text"),
    [("C", None, "C"), ("A*", None, "A*"), ("B+", None, "B+"), ("E-", None, "E-")]
    + [("c", "c", ""), ("SUPP", "SUPP", ""), ("NE", "NE", ""), ("x", "x", "")],
)
def test_a_grade_column_reads_grades_as_published_and_markers_as_markers(raw, code, text):
    assert is_grade_column("TALLPPEGRD_ALEV_1618") and is_grade_column("aps_per_entry_grade")
    cell = parse_cell(raw, grade=True)
    assert (cell.value, cell.code) == (None, code)
    assert (cell.raw if code is None else "") == text
    # Outside a grade column, `C` is still the EES marker for a suppressed figure.
    assert parse_cell("C").code == "c" and not is_grade_column("TALLPPE_ALEV_1618")


def test_a_windows_1252_byte_far_down_is_read_as_windows_1252_from_the_start(tmp_path, monkeypatch):
    from stoke_governor.data import csv_reader

    monkeypatch.setattr(csv_reader, "BLOCK", 100)  # the byte comes long after the first block
    lines = ["URN,LA,Name", *(f"{100000 + i},861,School {i}" for i in range(500))]
    path = tmp_path / "census.csv"
    path.write_bytes(("\r\n".join([*lines, "124390,861,Café – Hanley"]) + "\r\n").encode("cp1252"))
    table = read_csv(path)
    assert len(table.rows) == 501
    assert table.rows[-1]["Name"] == "Café – Hanley"
    assert table.rows.line(500) == 502


def test_bytes_in_neither_encoding_are_refused(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"URN,LA\r\n1,861\r\n2,\x81\x8d\r\n")
    with pytest.raises(BadInputFileError, match=r"odd\.csv is not a text file .*unknown encoding"):
        read_csv(path)
