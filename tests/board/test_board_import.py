"""Importing the governor list a clerk keeps in Excel or as CSV (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from stoke_governor.board.committees import add_committee, governor_committees, list_committees
from stoke_governor.board.governors import add_governor, list_governors
from stoke_governor.board.importer import (
    LEFT_OUT,
    NEW,
    PROBLEM,
    UNCHANGED,
    UPDATED,
    import_preview,
    preview_import,
)
from stoke_governor.core.errors import BadInputFileError

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
HEADINGS = "Governor,Type of governor,Role,Appointed by,Term of office starts,Term ends,Committees"
LIST = [
    "Governing board of Co-op Academy Stoke-on-Trent,,,,,,",
    "Membership at 1 September 2024,,,,,,",
    HEADINGS,
    "Asha Patel,Co-opted,Chair,Governing board,01/09/2023,31/08/2027,Finance; Curriculum",
    "Ben Lee,Parent,Safeguarding governor,Parents (elected),1 Sept 2022,2026-08-31,Curriculum",
    "Cara Hughes,LA,,Local authority,01/09/2024,31/08/2028,",
    "Dee Okafor,Headteacher,,Ex officio,,,Finance",
    "Eve Walsh,Associate member,,Governing board,01/01/2024,31/12/2025,Finance",
]


def write_csv(tmp_path, lines, name="governors.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def by_name(store):
    return {g.name: g for g in list_governors(store, URN)}


def statuses(preview):
    return [(r.row, r.name, r.status) for r in preview.results]


def test_a_clerks_list_is_previewed_then_imported_with_committees_made(store, tmp_path):
    path = write_csv(tmp_path, LIST)
    preview = preview_import(store, URN, path)
    assert preview.sheet.header_row == 3  # found below the title rows by its column names
    assert [s for _r, _n, s in statuses(preview)] == [NEW] * 5
    assert preview.new_committees == ["Curriculum", "Finance"]
    assert preview.summary == "5 new. New committees will be made: Curriculum, Finance."
    assert list_governors(store, URN) == [] and list_committees(store, URN) == []  # a preview
    done = import_preview(store, preview)
    assert (done.new, done.updated, done.unchanged, done.skipped) == (5, 0, 0, 0)
    held = by_name(store)
    asha, ben = held["Asha Patel"], held["Ben Lee"]
    assert (asha.category, asha.roles, asha.term_start, asha.term_end) == (
        "co-opted",
        ("chair",),
        "2023-09-01",
        "2027-08-31",
    )
    assert (ben.category, ben.roles, ben.term_start) == (
        "parent",
        ("safeguarding link",),
        "2022-09-01",
    )
    assert ben.note == "Appointed by: Parents (elected)"
    assert held["Cara Hughes"].category == "la" and held["Dee Okafor"].category == "headteacher"
    assert held["Eve Walsh"].category == "associate"
    sits = governor_committees(store, URN)
    assert sits[asha.id] == ("Curriculum", "Finance") and sits[ben.id] == ("Curriculum",)


def test_importing_again_adds_no_one_twice_and_says_what_changed(store, tmp_path):
    import_preview(store, preview_import(store, URN, write_csv(tmp_path, LIST)))
    again = preview_import(store, URN, write_csv(tmp_path, LIST, "again.csv"))
    assert [s for _r, _n, s in statuses(again)] == [UNCHANGED] * 5
    assert again.summary == "5 unchanged." and import_preview(store, again).unchanged == 5
    changed = [*LIST[:3], "asha  PATEL,Co-opted,Chair,,,31/08/2028,Finance", LIST[4]]
    preview = preview_import(store, URN, write_csv(tmp_path, changed, "changed.csv"))
    assert statuses(preview) == [(4, "asha PATEL", UPDATED), (5, "Ben Lee", UNCHANGED)]
    assert preview.results[0].detail == (
        "term end 31/08/2027 → 31/08/2028; committees Curriculum, Finance → Finance"
    )
    # Governors the file leaves out are kept, and the preview says so.
    assert "Not in the file, so kept as they are: Cara Hughes, Dee Okafor, Eve Walsh" in (
        preview.summary
    )
    import_preview(store, preview)
    held = by_name(store)
    assert len(held) == 5 and held["Asha Patel"].term_end == "2028-08-31"
    assert held["Asha Patel"].note == "Appointed by: Governing board"  # a blank cell keeps it


def test_a_bad_row_stores_nothing_unless_bad_rows_are_skipped(store, tmp_path):
    lines = [
        HEADINGS,
        "Asha Patel,Co-opted,Chair,,01/09/2023,31/08/2027,",
        "Ben Lee,Parent,,,01/09/2023,31/13/2024,",
        "Cara Hughes,Trustee,,,,,",
        "Dee Okafor,Staff,,,01/09/2024,31/08/2024,",
        "Eve Walsh,,,,,,",
        "Fay Ray,Parent,Chair,,,,",
        "ben lee,Staff,,,,,",
    ]
    preview = preview_import(store, URN, write_csv(tmp_path, lines))
    assert [str(p) for p in preview.problems] == [
        "Row 3, Term end: '31/13/2024' is not a date that exists",
        "Row 4, Category: 'Trustee' is not a category of governor (use Parent, Staff, "
        "Headteacher, LA, Co-opted, Foundation, Partnership or Associate)",
        "Row 5, Term end: 31/08/2024 is before the term starts (01/09/2024)",
        "Row 6, Category: blank: say which category Eve Walsh is",
        "Row 7: Asha Patel is the chair: take the role off them before giving it to Fay Ray",
        "Row 8, Name: ben lee is also in row 3",
    ]
    assert [s for _r, _n, s in statuses(preview)] == [NEW] + [PROBLEM] * 6
    assert preview.summary == "1 new; 6 with problems."
    with pytest.raises(BadInputFileError, match=r"governors.csv, Row 3, Term end: .* \(5 more"):
        import_preview(store, preview)
    assert list_governors(store, URN) == []  # all or nothing: nothing
    done = import_preview(store, preview, skip_bad_rows=True)
    assert (done.new, done.skipped) == (1, 6)
    assert list(by_name(store)) == ["Asha Patel"]


def test_the_chair_can_change_hands_whatever_the_order_of_the_rows(store, tmp_path):
    add_governor(store, URN, "Old Chair", "co-opted", roles=["chair"])
    lines = ["Name,Category,Role", "New Chair,Parent,Chair", "Old Chair,Co-opted,Vice-chair"]
    preview = preview_import(store, URN, write_csv(tmp_path, lines))
    assert preview.problems == []
    import_preview(store, preview)
    held = by_name(store)
    assert held["New Chair"].roles == ("chair",) and held["Old Chair"].roles == ("vice-chair",)


def test_an_excel_list_with_a_merged_title_real_dates_the_clerk_and_a_vacancy(store, tmp_path):
    add_committee(store, URN, "Finance and Resources")
    wb = Workbook()
    ws = wb.active
    ws.append(["Governor membership 2024-25"])
    ws.merge_cells("A1:F1")
    ws.append(["First name", "Surname", "Category", "Position", "Term start", "Committee"])
    ws.append(["Gita", "Shah", "Parent governor", "Vice chair", dt.datetime(2023, 9, 1), "None"])
    ws.append(["Hal", "Owen", None, "SEN link", "01/09/2022", "finance and resources committee"])
    ws.merge_cells("C3:C4")  # one category written once for both parents
    ws.append(["Vacancy", None, "Parent", None, None, None])
    ws.append(["Jo", "Clark", "Clerk to governors", None, None, None])
    ws.append(["Staff governors"])
    path = tmp_path / "governors.xlsx"
    wb.save(path)
    preview = preview_import(store, URN, path)
    assert statuses(preview) == [
        (3, "Gita Shah", NEW),
        (4, "Hal Owen", NEW),
        (5, "Vacancy", LEFT_OUT),
        (6, "Jo Clark", LEFT_OUT),
        (7, "Staff governors", LEFT_OUT),
    ]
    assert [r.detail for r in preview.results[2:]] == [
        "a vacant place, not a governor",
        "the clerk is not a member of the board",
        "a note or sub-heading, not a governor",
    ]
    assert preview.new_committees == []  # matched to the board's own committee
    import_preview(store, preview)
    held = by_name(store)
    assert (held["Gita Shah"].roles, held["Gita Shah"].term_start) == (
        ("vice-chair",),
        "2023-09-01",
    )
    assert (held["Hal Owen"].category, held["Hal Owen"].roles) == ("parent", ("SEND link",))
    assert governor_committees(store, URN) == {held["Hal Owen"].id: ("Finance and Resources",)}


def test_a_file_without_a_name_column_says_which_heading_to_give(store, tmp_path):
    path = write_csv(tmp_path, ["Who,Kind", "Ann,Parent"])
    preview = preview_import(store, URN, path)
    assert preview.refusal() == (
        "governors.csv: No column is headed Name (or First name and Surname) or Category: give "
        "the column that heading in your file, then import it again."
    )
    preview = preview_import(store, URN, path, header_row=1)
    with pytest.raises(BadInputFileError, match="No column is headed Name"):
        import_preview(store, preview)
