"""The one reader of hand-kept spreadsheets: the heading row is found below a title, by content."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.columns import Field, heading_score, infer_mapping
from stoke_governor.files.sheets import Layout, read_sheet

FIELDS = (
    Field("name", "Name", True, ("name", "governor")),
    Field("category", "Category", True, ("category", "type")),
    Field("term_end", "Term end", False, ("term end", "term ends")),
)


def workbook(tmp_path, rows, merge=None):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    path = tmp_path / "list.xlsx"
    wb.save(path)
    return path


def test_a_title_merged_across_the_columns_is_not_taken_for_the_headings(tmp_path):
    path = workbook(
        tmp_path,
        [["Governing board membership 2024-25"], [], ["Name", "Category"], ["Ann", "Parent"]],
        merge="A1:B1",
    )
    sheet = read_sheet(path)
    assert (sheet.header_row, sheet.headers) == (3, ["Name", "Category"])
    assert sheet.rows == [(4, ("Ann", "Parent"))]


def test_the_row_naming_the_importers_fields_is_the_heading_row(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "Stoke Primary,Governor list\nUpdated by,the clerk\nGovernor,Type,Term ends\n"
        "Ann,Parent,31/08/2026\n"
    )
    assert read_sheet(path).header_row == 1  # without the fields: two values make headings
    sheet = read_sheet(path, layout=Layout(FIELDS))
    assert (sheet.header_row, sheet.headers) == (3, ["Governor", "Type", "Term ends"])
    assert infer_mapping(sheet.headers, FIELDS) == {"name": 0, "category": 1, "term_end": 2}
    assert heading_score(["Stoke Primary", "Governor list"], FIELDS) == 1


def test_the_user_can_say_which_row_holds_the_headings(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("A,B\nName,Kind\nAnn,Parent\n")
    sheet = read_sheet(path, layout=Layout(header_row=2))
    assert sheet.headers == ["Name", "Kind"] and sheet.rows == [(3, ("Ann", "Parent"))]
    with pytest.raises(BadInputFileError, match="Row 9 of list.csv is blank or past the end"):
        read_sheet(path, layout=Layout(header_row=9))
