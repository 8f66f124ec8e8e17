"""The school data template: written for a school, filled in, imported back; hostile files refused.

Domain only (no Qt). Workbooks are filled in with openpyxl, as a school's spreadsheet program
would save them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.importer import import_files
from stoke_governor.data.template_reader import read_template
from stoke_governor.data.template_workbook import (
    FIGURES_SHEET,
    IDENTITY_SHEET,
    README_SHEET,
    template_measures,
    template_years,
    write_template,
)
from stoke_governor.files.workbooks import (
    check_xlsx,
    looks_like_formula,
    require_defused_xml,
    safe_text,
    save_atomically,
    set_text,
)
from stoke_governor.measures.catalogue import latest_school_figure
from stoke_governor.measures.trends import school_series
from tests.cli.test_cli import run
from tests.conftest import BIRCHES_HEAD, DFE, needs_dfe

WATERSIDE = 123993  # a real Stoke-on-Trent primary school
ABBEY_HILL = 124500  # a special school: every measure
TODAY = dt.date(2019, 10, 1)  # 2019-20 is "this year"; 2018-19 figures are held already


# -- helpers --------------------------------------------------------------------------------
def make(store, tmp_path, urn, name="template.xlsx"):
    path = tmp_path / name
    write_template(store, urn, path, today=TODAY)
    return path


def cell_for(ws, code: str, year: str):
    """The cell for one measure and year, found as a reader would: by header and code."""
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Measure")
    columns = {str(c.value).split()[0]: c.column for c in ws[header] if c.value}
    row = next(
        r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, columns["Code"]).value == code
    )
    return ws.cell(row, columns[year])


def fill(path, values: dict, out=None):
    """Type values into a template: {(code, year): value or (value, number_format)}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[FIGURES_SHEET]
    for (code, year), value in values.items():
        cell = cell_for(ws, code, year)
        if isinstance(value, tuple):
            cell.value, cell.number_format = value
        else:
            cell.value = value
    wb.save(out or path)
    return out or path


def school_rows(store, urn):
    return {
        (r["measure"], r["year"]): (r["value"], r["code"])
        for r in store.query(
            "SELECT measure, year, value, code FROM school_figures WHERE urn = ? "
            "AND release = 'school'",
            (urn,),
        )
    }


def dump(store):
    """Everything an import may touch, to compare before and after a rejected file."""
    return (
        [tuple(r) for r in store.query("SELECT * FROM school_figures ORDER BY id")],
        [tuple(r) for r in store.query("SELECT * FROM sources ORDER BY id")],
        [tuple(r) for r in store.query("SELECT * FROM schools ORDER BY urn")],
    )


def left_alone(store, path, status, *needles):
    """Importing `path` ends with `status`, a reason naming each needle, and no change."""
    before = dump(store)
    [outcome] = import_files(store, [path])
    assert outcome.status == status, outcome
    for needle in needles:
        assert needle in outcome.reason, outcome.reason
    assert dump(store) == before
    return outcome.reason


def rejected(store, path, *needles):
    return left_alone(store, path, "rejected", *needles)


def rezip(path, out, change):
    """A copy of a workbook with its parts changed: change(name, bytes) -> bytes."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)))
    return out


# -- writing --------------------------------------------------------------------------------
def test_years_are_the_current_academic_year_and_the_three_before():
    assert template_years(dt.date(2019, 10, 1)) == ["2016-17", "2017-18", "2018-19", "2019-20"]
    assert template_years(dt.date(2020, 8, 31)) == ["2016-17", "2017-18", "2018-19", "2019-20"]
    assert template_years(dt.date(1999, 9, 1))[-1] == "1999-00"


def test_measures_suit_the_school_phase(store):
    codes = lambda phase: [m.code for m in template_measures(store, phase)]  # noqa: E731
    assert codes("Primary") == ["SCH_GLD", "SCH_PHONICS_Y1", "PTRWM_EXP", "PERCTOT", "PPERSABS10"]
    assert codes("Secondary") == ["PERCTOT", "PPERSABS10", "PTL2BASICS_94", "PTL2BASICS_95"]
    every = [
        "SCH_GLD",
        "SCH_PHONICS_Y1",
        "PTRWM_EXP",
        "PERCTOT",
        "PPERSABS10",
        "PTL2BASICS_94",
        "PTL2BASICS_95",
    ]
    assert codes("Special") == codes(None) == codes("All-through") == every


def test_the_template_reads_at_once_and_shows_what_is_held(store, tmp_path):
    path = make(store, tmp_path, BIRCHES_HEAD)
    check_xlsx(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [README_SHEET, FIGURES_SHEET, IDENTITY_SHEET]
    assert wb[IDENTITY_SHEET].sheet_state == "hidden"
    identity = {r[0]: r[1] for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)}
    assert identity["format"] == "stoke-governor-school-data"
    assert identity["format_version"] == 1 and identity["urn"] == BIRCHES_HEAD
    readme = " ".join(str(c.value) for c in wb[README_SHEET]["A"] if c.value)
    for words in ("SUPP", "blank", "File > Import data", "stoke-governor data import"):
        assert words in readme
    ws = wb[FIGURES_SHEET]
    top = " ".join(str(ws.cell(r, 1).value) for r in range(1, 4))
    assert "Birches Head Academy" in top and str(BIRCHES_HEAD) in top
    labels = [ws.cell(r, 1).value for r in range(7, ws.max_row + 1)]
    assert "Grade 4 or above in English and maths" in labels
    assert not any("development" in (label or "") for label in labels)  # no EYFS row
    held = cell_for(ws, "PTL2BASICS_94", "2018-19")
    assert held.value == 43.4 and held.fill.fgColor.rgb.endswith("DDEBF7")
    assert cell_for(ws, "PTL2BASICS_94", "2019-20").value is None
    assert ws.freeze_panes == "B7"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.data_validations.dataValidation  # 0 to 100 or a marker
    rule = ws.data_validations.dataValidation[0].formula1
    assert "<=100" in rule and '"SUPP"' in rule


def test_an_unknown_school_has_no_template(store, tmp_path):
    from stoke_governor.core.errors import UnknownSchoolError

    with pytest.raises(UnknownSchoolError, match="999999"):
        write_template(store, 999999, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


# -- round trips ----------------------------------------------------------------------------
def test_a_primary_school_round_trip_stores_what_was_typed(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    fill(
        path,
        {
            ("SCH_GLD", "2019-20"): 68.5,
            ("SCH_GLD", "2018-19"): (0.586, "0.0%"),  # 58.6% typed in Excel
            ("SCH_PHONICS_Y1", "2018-19"): "SUPP",
            ("SCH_PHONICS_Y1", "2017-18"): "  ",  # blank
            ("PTRWM_EXP", "2017-18"): 61,
            ("PERCTOT", "2019-20"): "4.2%",
        },
    )
    [outcome] = import_files(store, [path])
    assert (outcome.status, outcome.rows) == ("imported", 5), outcome
    assert "Waterside Primary School" in outcome.reason
    assert school_rows(store, WATERSIDE) == {
        ("SCH_GLD", "2019-20"): (68.5, None),
        ("SCH_GLD", "2018-19"): (58.6, None),
        ("SCH_PHONICS_Y1", "2018-19"): (None, "SUPP"),
        ("PTRWM_EXP", "2017-18"): (61.0, None),
        ("PERCTOT", "2019-20"): (4.2, None),
    }
    source = store.query("SELECT * FROM sources ORDER BY id DESC LIMIT 1")[0]
    assert (source["kind"], source["release"]) == ("school data template", "school")
    assert source["file"] == "template.xlsx"


def test_a_secondary_school_round_trip(store, tmp_path):
    path = make(store, tmp_path, BIRCHES_HEAD)
    fill(
        path,
        {
            ("PTL2BASICS_94", "2019-20"): 45.5,
            ("PPERSABS10", "2019-20"): 15.2,
            ("PTL2BASICS_95", "2016-17"): "NE",
        },
    )
    [outcome] = import_files(store, [path])
    assert (outcome.status, outcome.rows) == ("imported", 3)
    assert school_rows(store, BIRCHES_HEAD) == {
        ("PTL2BASICS_94", "2019-20"): (45.5, None),
        ("PPERSABS10", "2019-20"): (15.2, None),
        ("PTL2BASICS_95", "2016-17"): (None, "NE"),
    }


def test_figures_shown_from_published_files_are_not_stored_again(store, tmp_path):
    path = make(store, tmp_path, BIRCHES_HEAD)  # 2018-19 figures are filled in already
    fill(path, {("PERCTOT", "2019-20"): 5.0})
    [outcome] = import_files(store, [path])
    assert outcome.rows == 1
    assert school_rows(store, BIRCHES_HEAD) == {("PERCTOT", "2019-20"): (5.0, None)}


def test_an_untouched_template_is_rejected_as_empty(store, tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(store, WATERSIDE, path, today=dt.date(2026, 1, 5))  # nothing held: blank
    rejected(store, path, "template.xlsx has no figures filled in")


def test_an_untouched_template_showing_published_figures_is_unchanged(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)  # 2018-19 absence figures are shown
    left_alone(store, path, "unchanged", "held already")


def test_the_same_file_again_is_unchanged(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 68.5})
    assert import_files(store, [path])[0].status == "imported"
    left_alone(store, path, "unchanged", "template.xlsx")


def test_a_later_template_replaces_the_earlier_figures_and_keeps_the_record(store, tmp_path):
    first = fill(
        make(store, tmp_path, WATERSIDE, "first.xlsx"),
        {("SCH_GLD", "2019-20"): 68.5, ("PERCTOT", "2019-20"): 4.2},
    )
    import_files(store, [first])
    second = make(store, tmp_path, WATERSIDE, "second.xlsx")
    ws = openpyxl.load_workbook(second)[FIGURES_SHEET]
    assert cell_for(ws, "SCH_GLD", "2019-20").value == 68.5  # the earlier figure, shown
    fill(second, {("SCH_GLD", "2019-20"): 70.1, ("SCH_PHONICS_Y1", "2019-20"): 81})
    [outcome] = import_files(store, [second])
    assert (outcome.status, outcome.rows) == ("imported", 2)
    assert "replaced 1 earlier template figure" in outcome.reason
    assert school_rows(store, WATERSIDE) == {
        ("SCH_GLD", "2019-20"): (70.1, None),
        ("PERCTOT", "2019-20"): (4.2, None),  # unchanged, still from the first file
        ("SCH_PHONICS_Y1", "2019-20"): (81.0, None),
    }
    files = [r["file"] for r in store.query("SELECT file FROM sources WHERE release = 'school'")]
    assert files == ["first.xlsx", "second.xlsx"]


def test_a_copy_that_changes_nothing_is_unchanged(store, tmp_path):
    first = fill(make(store, tmp_path, WATERSIDE, "first.xlsx"), {("SCH_GLD", "2019-20"): 68.5})
    import_files(store, [first])
    again = make(store, tmp_path, WATERSIDE, "again.xlsx")  # pre-filled with 68.5
    left_alone(store, again, "unchanged", "held already")


def test_published_figures_win_over_the_school_own_for_the_same_year(store, tmp_path):
    path = fill(
        make(store, tmp_path, BIRCHES_HEAD),
        {
            ("PTL2BASICS_94", "2018-19"): 50.0,
            ("PERCTOT", "2018-19"): 7.5,
            ("PPERSABS10", "2019-20"): 15.0,
        },
    )
    import_files(store, [path])
    assert len(school_rows(store, BIRCHES_HEAD)) == 3
    provisional = latest_school_figure(store, BIRCHES_HEAD, "PTL2BASICS_94")
    assert (provisional.value, provisional.release) == (43.4, "provisional")
    final = latest_school_figure(store, BIRCHES_HEAD, "PERCTOT")
    assert (final.value, final.release) == (6.2, "final")
    series = school_series(store, BIRCHES_HEAD, "PTL2BASICS_94")  # the chart's line
    assert series.at(2019).value == 43.4
    newer = latest_school_figure(store, BIRCHES_HEAD, "PPERSABS10")
    assert (newer.value, newer.year, newer.release) == (15.0, "2019-20", "school")
    assert "School data template from Birches Head Academy" in newer.source


# -- rejected templates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "needles"),
    [
        (
            140,
            [
                "Figures!",
                "Children reaching a good level of development",
                "2018-19",
                "140 is not a percentage from 0 to 100",
            ],
        ),
        (-2, ["-2 is not a percentage"]),
        ("about half", ["'about half' is neither a number nor a DfE marker"]),
        ("=A1*2", ["a formula with no saved result"]),
        (True, ["TRUE, not a figure"]),
        (dt.datetime(2019, 5, 1), ["a date or time"]),
    ],
)
def test_a_bad_cell_rejects_the_whole_file_and_names_it(store, tmp_path, value, needles):
    path = make(store, tmp_path, WATERSIDE)
    fill(path, {("SCH_GLD", "2019-20"): 70.0, ("SCH_GLD", "2018-19"): value})
    ws = openpyxl.load_workbook(path)[FIGURES_SHEET]
    where = f"Figures!{cell_for(ws, 'SCH_GLD', '2018-19').coordinate}"
    rejected(store, path, "template.xlsx", where, *needles)


def test_a_formula_with_a_saved_result_counts_as_its_result(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    fill(path, {("SCH_GLD", "2019-20"): "=60+5"})
    # as Excel saves it: the formula with its cached value
    cell = cell_for(openpyxl.load_workbook(path)[FIGURES_SHEET], "SCH_GLD", "2019-20")
    ref = cell.coordinate.encode()

    def cache(name, data):
        if name == "xl/worksheets/sheet2.xml":
            return (
                data.replace(b'<c r="' + ref + b'" s=', b'<c r="' + ref + b'" t="n" s=', 1)
                .replace(b"<f>60+5</f><v></v>", b"<f>60+5</f><v>65</v>")
                .replace(b"<f>60+5</f><v />", b"<f>60+5</f><v>65</v>")
            )
        return data

    cached = rezip(path, tmp_path / "cached.xlsx", cache)
    found = read_template(store, cached)
    assert [r["value"] for r in found.rows if r["measure"] == "SCH_GLD"] == [65.0]


def as_shared_string(path, out, ref: str, text: str):
    """A copy of a workbook whose cell `ref` on the Figures sheet holds `text` as Excel saves
    typed text: a shared string (openpyxl writes inline strings)."""
    main = "http://schemas.openxmlformats.org/"
    sst = (
        f'<sst xmlns="{main}spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text}</t></si></sst>"
    ).encode()
    cell = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*?) t="inlineStr"([^>]*)>.*?</c>')

    def change(name, data):
        if name == "xl/worksheets/sheet2.xml":
            data, n = cell.subn(rb'<c r="' + ref.encode() + rb'"\1 t="s"\2><v>0</v></c>', data)
            assert n == 1
        elif name == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdStrings" Type="{main}officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/></Relationships>'.encode(),
            )
        elif name == "[Content_Types].xml":
            data = data.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        return data

    rezip(path, out, change)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
    return out


@pytest.mark.parametrize("stored_as", ["shared string", "inline string"])
def test_text_typed_with_an_equals_sign_is_text_not_a_formula(store, tmp_path, stored_as):
    """'=A1*2' typed as text (in Excel, '=A1*2 with a quote) is a string cell, not a formula
    saved without its result: the message says it is text where a figure belongs."""
    path = make(store, tmp_path, WATERSIDE)
    wb = openpyxl.load_workbook(path)
    cell = cell_for(wb[FIGURES_SHEET], "SCH_GLD", "2018-19")
    set_text(cell, "=A1*2")  # openpyxl: an inline string
    wb.save(path)
    if stored_as == "shared string":
        path = as_shared_string(path, tmp_path / "shared.xlsx", cell.coordinate, "=A1*2")
        with zipfile.ZipFile(path) as zf:
            assert b"<t>=A1*2</t>" in zf.read("xl/sharedStrings.xml")
    reason = rejected(
        store,
        path,
        f"Figures!{cell.coordinate}",
        "holds the text '=A1*2' where a figure belongs",
        "without '='",
    )
    assert "formula" not in reason


def test_a_real_formula_saved_without_its_result_is_still_called_one(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    fill(path, {("SCH_GLD", "2018-19"): "=A1*2"})  # openpyxl saves a formula, no result
    reason = rejected(store, path, "a formula with no saved result")
    assert "holds the text" not in reason


def test_a_part_that_is_a_symbolic_link_is_called_one(store, tmp_path):
    """A workbook zip whose sheet is a symbolic link member (as `zip --symlinks` makes) is
    refused by the zip check, saying so; it never reaches the XML parser."""
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    linked = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(linked, "w") as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet2.xml":
                link = zipfile.ZipInfo(info.filename)
                link.create_system = 3  # Unix: the mode is in the high 16 bits
                link.external_attr = (stat.S_IFLNK | 0o777) << 16
                dst.writestr(link, "/etc/passwd")
            else:
                dst.writestr(info, src.read(info))
    with zipfile.ZipFile(linked) as zf:
        assert stat.S_ISLNK(zf.getinfo("xl/worksheets/sheet2.xml").external_attr >> 16)
    reason = rejected(
        store,
        linked,
        "linked.xlsx is not a workbook the app will open: the part "
        "'xl/worksheets/sheet2.xml' is a symbolic link, which workbooks never hold.",
    )
    assert "well-formed" not in reason


def test_a_figure_in_a_row_without_a_code_rejects_the_file(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    wb = openpyxl.load_workbook(path)
    ws = wb[FIGURES_SHEET]
    ws.cell(ws.max_row + 2, 3).value = 55
    wb.save(path)
    rejected(store, path, "a figure in a row with no measure code")


def test_a_sheet_reaching_far_down_is_refused(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    wb = openpyxl.load_workbook(path)
    wb[FIGURES_SHEET].cell(100_000, 12).value = "x"
    wb.save(path)
    rejected(store, path, "something in row 100,000")


def test_a_changed_code_rejects_the_file(store, tmp_path):
    path = make(store, tmp_path, WATERSIDE)
    wb = openpyxl.load_workbook(path)
    ws = wb[FIGURES_SHEET]
    cell_for(ws, "SCH_GLD", "2019-20").value = 60
    next(c for c in ws["H"] if c.value == "SCH_GLD").value = "GLD_NEW"
    wb.save(path)
    rejected(store, path, "'GLD_NEW' is not a measure code the app knows")


def set_identity(path, key, value):
    """Change one line of a template's machine-readable identity sheet."""
    wb = openpyxl.load_workbook(path)
    next(r for r in wb[IDENTITY_SHEET].iter_rows() if r[0].value == key)[1].value = value
    wb.save(path)


def test_a_template_for_a_school_not_held_is_rejected(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    set_identity(path, "urn", 999999)
    rejected(store, path, "template.xlsx", "URN 999999", "does not hold")


def test_another_workbook_is_not_a_template(store, tmp_path):
    path = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Budget"
    wb.save(path)
    rejected(store, path, "budget.xlsx is not a Stoke Governor school data template")


def test_a_template_from_a_newer_app_is_refused(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    set_identity(path, "format_version", 2)
    rejected(store, path, "newer version of Stoke Governor")


# -- hostile and broken files ---------------------------------------------------------------
def test_a_zip_bomb_is_refused_before_it_is_opened(store, tmp_path):
    path = tmp_path / "bomb.xlsx"
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            for _ in range(200):  # 200 MB of zeros, a few hundred KB on disk
                fh.write(zeros)
    assert path.stat().st_size < 1024 * 1024
    reason = rejected(store, path, "bomb.xlsx looks like a zip bomb", "200.0 MB")
    assert "sheet1.xml" in reason


def test_many_parts_that_add_up_are_refused(tmp_path):
    path = tmp_path / "wide.xlsx"
    part = b"<x/>" + b" " * (900 * 1024)  # under the ratio floor each, 270 MB in all
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for n in range(300):
            zf.writestr(f"xl/media/part{n}.bin", part)
    with pytest.raises(BadInputFileError, match="would expand to 263.7 MB"):
        check_xlsx(path)


def test_an_xml_entity_attack_is_refused(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    laughs = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    )

    def attack(name, data):
        if name == "xl/worksheets/sheet2.xml":
            return laughs + data.split(b"?>", 1)[-1]
        return data

    evil = rezip(path, tmp_path / "laughs.xlsx", attack)
    rejected(store, evil, "laughs.xlsx", "DOCTYPE or ENTITY")


def test_an_xml_part_in_utf16_is_refused(tmp_path):
    path = tmp_path / "wide.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16"))
    with pytest.raises(BadInputFileError, match="not in UTF-8"):
        check_xlsx(path)


@pytest.mark.parametrize("member", ["../evil", "/etc/evil", "xl/../../evil", "C:/evil"])
def test_a_part_pointing_outside_the_file_is_refused(store, tmp_path, member):
    path = tmp_path / "escape.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "boo")
    rejected(store, path, "escape.xlsx", "points outside the file")


def test_a_truncated_file_is_refused(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    rejected(store, cut, "cut.xlsx is not a workbook", "damaged or incomplete")


def test_a_renamed_csv_is_refused(store, tmp_path):
    path = tmp_path / "figures.xlsx"
    path.write_text("URN,LEA,ATT8SCR\n124390,861,40\n", encoding="utf-8")
    rejected(store, path, "figures.xlsx is not a workbook", "CSV")


def test_an_old_or_password_protected_workbook_is_explained(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(BadInputFileError, match="password-protected or an old .xls"):
        check_xlsx(path)


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(BadInputFileError, match="empty"):
        check_xlsx(tmp_path / "none.xlsx", b"")


@needs_dfe
def test_one_bad_template_does_not_stop_a_good_csv(store, tmp_path):
    from tests.data.test_dfe_import import ks4_copy

    bad = fill(make(store, tmp_path, WATERSIDE, "bad.xlsx"), {("SCH_GLD", "2019-20"): 140})
    good = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv")
    first, second = import_files(store, [bad, good])
    assert first.status == "rejected" and "140" in first.reason
    assert second.status == "imported" and second.rows > 300
    assert DFE.is_dir()


def test_a_folder_imports_its_templates_too(store, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    fill(make(store, folder, WATERSIDE, "waterside.xlsx"), {("SCH_GLD", "2019-20"): 66})
    [outcome] = import_files(store, [folder])
    assert outcome.status == "imported"


# -- the shared workbook helpers ------------------------------------------------------------
FORMULA_LIKE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_that_looks_like_a_formula_stays_text(tmp_path, text):
    wb = openpyxl.Workbook()
    cell = set_text(wb.active["A1"], text)
    assert cell.data_type == "s" and cell.quotePrefix
    path = save_atomically(wb, tmp_path / "out.xlsx")
    for data_only in (False, True):
        back = openpyxl.load_workbook(path, data_only=data_only).active["A1"]
        assert back.value == text and back.data_type == "s"
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml


def test_safe_text_is_always_a_string_xml_can_hold():
    assert safe_text(None) == ""
    assert safe_text(12) == "12"
    assert safe_text("a\x00b\x0bc") == "abc"
    assert safe_text("=1+1") == "=1+1"  # kept as typed; set_text keeps it from being a formula
    assert looks_like_formula("\r=1") and looks_like_formula("\t+1")
    assert not looks_like_formula("1+1")
    wb = openpyxl.Workbook()
    assert not set_text(wb.active["A1"], "Plain words").quotePrefix


def test_saving_atomically_never_leaves_half_a_file(tmp_path):
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"the earlier file")

    class Failing:
        def save(self, fh):
            fh.write(b"half a")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        save_atomically(Failing(), path)
    assert path.read_bytes() == b"the earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["log.xlsx"]


def test_openpyxl_parses_with_defusedxml():
    require_defused_xml()


def test_no_workbook_library_is_loaded_until_a_workbook_is_used():
    code = (
        "import sys\n"
        "import stoke_governor.cli.main, stoke_governor.data.importer\n"
        "import stoke_governor.data.template_workbook\n"
        "import stoke_governor.data.template_reader\n"
        "import stoke_governor.files.workbooks\n"
        "assert 'openpyxl' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- the command line -----------------------------------------------------------------------
def test_command_line_writes_a_template_for_a_city_school(db_path, tmp_path):
    out = tmp_path / "birches.xlsx"
    result = run("--db", db_path, "data", "template", "-o", out, "--urn", BIRCHES_HEAD)
    assert result.returncode == 0, result.stderr
    assert "Birches Head Academy" in result.stdout and str(out) in result.stdout
    assert "data import" in result.stdout
    assert openpyxl.load_workbook(out).sheetnames[1] == FIGURES_SHEET


def test_command_line_template_for_the_selected_school(db_path, tmp_path):
    assert run("--db", db_path, "school", "select", WATERSIDE).returncode == 0
    out = tmp_path / "mine.xlsx"
    result = run("--db", db_path, "data", "template", "-o", out)
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(out)[FIGURES_SHEET]
    assert ws["A2"].value == "Waterside Primary School"


def test_command_line_template_for_an_unknown_school_is_exit_1(db_path, tmp_path):
    out = tmp_path / "x.xlsx"
    result = run("--db", db_path, "data", "template", "-o", out, "--urn", "999999")
    assert result.returncode == 1
    assert result.stderr.strip() == "No school with URN 999999 is held; check the number."
    assert not out.exists()


def test_command_line_template_needs_an_xlsx_name(db_path, tmp_path):
    result = run("--db", db_path, "data", "template", "-o", tmp_path / "x.csv", "--urn", "124390")
    assert result.returncode == 2 and ".xlsx" in result.stderr


def test_command_line_imports_a_filled_template(db_path, tmp_path):
    out = tmp_path / "waterside.xlsx"
    run("--db", db_path, "data", "template", "-o", out, "--urn", WATERSIDE)
    wb = openpyxl.load_workbook(out)
    ws = wb[FIGURES_SHEET]
    year = [c.value for c in ws[6] if c.value and "this year" in str(c.value)][0].split()[0]
    cell_for(ws, "SCH_GLD", year).value = 71.5
    wb.save(out)
    result = run("--db", db_path, "data", "import", out, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"status": "imported"' in result.stdout and '"rows": 1' in result.stdout


def test_in_memory_reading_matches_reading_the_file(store, tmp_path):
    path = fill(make(store, tmp_path, WATERSIDE), {("SCH_GLD", "2019-20"): 60})
    assert read_template(store, path).rows == read_template(store, path, path.read_bytes()).rows
    assert check_xlsx(path, io.BytesIO(path.read_bytes()).getvalue()) is None
