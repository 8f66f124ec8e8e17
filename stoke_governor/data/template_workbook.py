"""The school data template: a workbook for the figures the DfE does not publish per school.

Early years good level of development, Year 1 phonics, this year's attendance and a school's
own unvalidated results reach the app this way: `write_template` makes a workbook for one
school (figures already held are filled in), the school types its figures, and importing
the file (read by `template_reader`, stored through `importer.import_file` so the app and
the command line share it) stores them as the school's own figures (release `school`). A
figure the DfE publishes for the same year is always shown in preference to the school's own.

This module defines the template (its format, sheets, headings and measures) and writes
it; openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from pathlib import Path

from stoke_governor import APP_NAME, __version__
from stoke_governor.core.dates import academic_year_start, year_label
from stoke_governor.core.markers import MARKERS
from stoke_governor.db.store import Store
from stoke_governor.files.workbooks import safe_text, save_atomically, set_text
from stoke_governor.measures.catalogue import Measure, catalogue
from stoke_governor.schools.register import School, get_school

FORMAT_NAME = "stoke-governor-school-data"
FORMAT_VERSION = 1
RELEASE = "school"  # the school's own figure, shown only where the DfE publishes none
SOURCE_KIND = "school data template"
TEMPLATE_MEASURES = (
    "SCH_GLD",
    "SCH_PHONICS_Y1",
    "PTRWM_EXP",
    "PERCTOT",
    "PPERSABS10",
    "PTL2BASICS_94",
    "PTL2BASICS_95",
)
YEARS_SHOWN = 4
README_SHEET, FIGURES_SHEET, IDENTITY_SHEET = "Read me", "Figures", "Template identity"
MEASURE_HEADER, UNIT_HEADER, NOTES_HEADER, CODE_HEADER = "Measure", "Unit", "Notes", "Code"
HEADER_ROW = 6
_README_WIDTH = 72  # fits A4 portrait without scaling, whatever the font
# Published releases first, then the school's own: the figure a governor would be shown.
_HELD_ORDER = (
    "CASE release WHEN 'final' THEN 0 WHEN 'revised' THEN 1 WHEN 'provisional' THEN 2 "
    f"WHEN '{RELEASE}' THEN 4 ELSE 3 END"
)
_UNIT_TEXT = {"percent": "% (0 to 100)"}
_HELD_FILL, _HEADER_FILL, _TITLE_COLOUR, _DETAIL_COLOUR = "DDEBF7", "1F4E78", "1F4E78", "808080"


# -- which measures and years ---------------------------------------------------------------
def template_measures(store: Store, phase: str | None) -> list[Measure]:
    """The template's measures that the catalogue holds and that suit the school's phase.

    A primary school gets no key stage 4 rows and a secondary no early years, phonics or
    key stage 2 rows; any other phase (special, all-through, not known) gets them all.
    """
    known = catalogue(store, "school")
    key = (phase or "").strip().lower()
    wanted = []
    for code in TEMPLATE_MEASURES:
        measure = known.get(code)
        if measure is None:
            continue
        suits = (measure.phase or "all").lower()
        if key in ("primary", "secondary") and suits not in (key, "all"):
            continue
        wanted.append(measure)
    return wanted


def template_years(today: dt.date) -> list[str]:
    """The current academic year and the three before it, oldest first."""
    start = academic_year_start(today)
    return [year_label(y) for y in range(start - YEARS_SHOWN + 1, start + 1)]


def _held(store: Store, urn: int, codes: list[str], years: list[str]) -> dict:
    """(measure, year) -> the figure a governor sees for it: published first, then school."""
    if not codes or not years:
        return {}
    rows = store.query(
        f"SELECT measure, year, value, code, release FROM school_figures WHERE urn = ? "
        f"AND measure IN ({', '.join('?' * len(codes))}) "
        f"AND year IN ({', '.join('?' * len(years))}) ORDER BY {_HELD_ORDER}, id DESC",
        (urn, *codes, *years),
    )
    held: dict = {}
    for r in rows:
        held.setdefault((r["measure"], r["year"]), r)
    return held


# -- writing ---------------------------------------------------------------------------------
def write_template(store: Store, urn: int, path: str | Path, today: dt.date | None = None) -> Path:
    """Write the school data template for the school with this URN; returns the path.

    Raises UnknownSchoolError for a URN the database does not hold, and
    StokeGovernorError when the file cannot be saved. The file is saved atomically.
    """
    from openpyxl import Workbook

    school = get_school(store, urn)
    today = today or dt.date.today()
    measures = template_measures(store, school.phase)
    years = template_years(today)
    held = _held(store, urn, [m.code for m in measures], years)

    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    figures = wb.create_sheet(FIGURES_SHEET)
    identity = wb.create_sheet(IDENTITY_SHEET)
    _write_figures(figures, school, measures, years, held)
    _write_readme(readme, school, measures, years)
    _write_identity(identity, school, measures, years)
    wb.properties.title = safe_text(f"School data template: {school.name}")
    wb.properties.creator = APP_NAME
    wb.active = 0
    return save_atomically(wb, path)


def _write_figures(
    ws, school: School, measures: list[Measure], years: list[str], held: dict
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    first_year_col = 3
    notes_col = first_year_col + len(years)
    code_col = notes_col + 1
    last = get_column_letter(code_col)
    thin = Side(style="thin", color="A6A6A6")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")

    set_text(ws["A1"], "School data for Stoke Governor").font = Font(
        size=14, bold=True, color=_TITLE_COLOUR
    )
    set_text(ws["A2"], school.name).font = Font(size=12, bold=True)
    phase = f", {school.phase.lower()}" if school.phase else ""
    set_text(ws["A3"], f"URN {school.urn}{phase}, Stoke-on-Trent")
    set_text(
        ws["A4"],
        "Type each figure as a number from 0 to 100 (58.6 means 58.6%), or a DfE marker "
        "such as SUPP. Leave a cell blank if the figure is not known. Shaded figures are "
        "already held by the app. The Read me sheet says more, and how to import this file.",
    )
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A4:{last}4")
    ws.row_dimensions[4].height = 33

    headers = [MEASURE_HEADER, UNIT_HEADER]
    headers += [f"{y}\n(this year)" if n == len(years) - 1 else y for n, y in enumerate(years)]
    headers += [NOTES_HEADER, CODE_HEADER]
    for col, text in enumerate(headers, 1):
        cell = set_text(ws.cell(HEADER_ROW, col), text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="center",
            horizontal="left" if col in (1, notes_col) else "center",
        )
        cell.border = box
    ws.row_dimensions[HEADER_ROW].height = 30

    held_fill = PatternFill("solid", fgColor=_HELD_FILL)
    unlocked = Protection(locked=False)
    centred = Alignment(horizontal="center", vertical="center")
    first_year, last_year = get_column_letter(first_year_col), get_column_letter(notes_col - 1)
    row = HEADER_ROW
    for row, measure in enumerate(measures, HEADER_ROW + 1):
        set_text(ws.cell(row, 1), measure.label).alignment = wrap
        set_text(ws.cell(row, 2), _UNIT_TEXT.get(measure.unit, measure.unit)).alignment = centred
        for n, year in enumerate(years):
            cell = ws.cell(row, first_year_col + n)
            figure = held.get((measure.code, year))
            if figure is not None:
                if figure["value"] is not None:
                    cell.value = figure["value"]
                else:
                    set_text(cell, figure["code"] or "")
                cell.fill = held_fill
            cell.alignment = centred
            cell.protection = unlocked
        notes = ws.cell(row, notes_col)
        notes.alignment = wrap
        notes.protection = unlocked
        code = set_text(ws.cell(row, code_col), measure.code)
        code.font = Font(size=9, color=_DETAIL_COLOUR)
        code.alignment = Alignment(vertical="center")
        for col in range(1, code_col + 1):
            ws.cell(row, col).border = box
        ws.row_dimensions[row].height = 30
        rule = _validation(f"{first_year}{row}", percent=measure.unit == "percent")
        rule.add(f"{first_year}{row}:{last_year}{row}")
        ws.add_data_validation(rule)

    widths = {1: 48, 2: 13, notes_col: 30, code_col: 16}
    for col in range(1, code_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 12)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
    ws.protection.sheet = True  # no password: it only keeps labels and codes from slips
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.formatCells = False
    _print_setup(ws, landscape=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last}{max(row, HEADER_ROW)}"


def _validation(cell: str, *, percent: bool):
    """Excel's rule for a figure cell: a number (0 to 100 for a percentage) or a DfE marker.

    `cell` is the first of the range the rule is added to, so each cell is checked against
    itself.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    number = f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<=100)" if percent else f"ISNUMBER({cell})"
    markers = ",".join(f'{cell}="{m}"' for m in MARKERS)
    return DataValidation(
        type="custom",
        formula1=f"OR({number},{markers})",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a figure the app can read",
        error=("Type a percentage from 0 to 100 (58.6 for 58.6%)" if percent else "Type a number")
        + ", a DfE marker such as SUPP, NE or NA, or leave "
        "the cell blank if the figure is not known.",
    )


def _print_setup(ws, *, landscape: bool, one_page: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Page &P of &N"


def _write_readme(ws, school: School, measures: list[Measure], years: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    markers = ", ".join(f"{code} ({MARKERS[code]})" for code in ("SUPP", "NE", "NA", "NP"))
    lines: list[tuple[str, str]] = [
        ("title", "School data template"),
        ("school", f"{school.name} (URN {school.urn})"),
        ("", f"Made by {APP_NAME} {__version__} on {dt.date.today():%d %B %Y}."),
        ("heading", "What this workbook is for"),
        (
            "",
            "The Department for Education (DfE) does not publish some figures for each "
            "school: the early years good level of development, the Year 1 phonics check, "
            "this year's attendance, or the school's own results before they are validated. "
            "This workbook lets the school give those figures to Stoke Governor, so its "
            "governors see them beside the city, West Midlands and England figures and the "
            "city's targets.",
        ),
        ("heading", "How to fill it in"),
        (
            "",
            "1. Open the Figures sheet. Each row is a measure; each column is an academic "
            f"year, September to August ({years[0]} to {years[-1]}). The last column is this "
            "year: give the figures so far, such as attendance.",
        ),
        (
            "",
            "2. Type each figure as a number from 0 to 100: 58.6 means 58.6%. Typing 58.6% "
            "works too.",
        ),
        ("", f"3. Where there is no figure to give, a DfE marker may be typed instead: {markers}."),
        (
            "",
            "4. Leave a cell blank if the figure is not known. A blank cell is never read "
            "as 0, and importing it changes nothing already held.",
        ),
        (
            "",
            "5. Shaded cells show figures the app held when this file was made (published "
            "by the DfE, or from an earlier template). Change one only if it is wrong: a "
            "figure the DfE publishes is always shown in preference to the school's own.",
        ),
        (
            "",
            "6. The Notes column is for anyone reading this workbook; notes are not "
            "imported. Please do not change the codes, rename the sheets or add rows: the "
            "app reads the file by them.",
        ),
        ("heading", "How to bring it into Stoke Governor"),
        ("", "In the app: File > Import data, then choose this file."),
        ("", "At the command line: stoke-governor data import FILE.xlsx"),
        (
            "",
            "Importing the same file again changes nothing. A later copy with changed "
            "figures replaces the school's earlier figures for the same measure and year; "
            "the app keeps a record of every file imported.",
        ),
        ("heading", "What each measure means"),
    ]
    lines += [("", f"{m.label}: {_plain_description(m)}") for m in measures]
    ws.column_dimensions["A"].width = _README_WIDTH
    for row, (kind, text) in enumerate(lines, 1):
        cell = set_text(ws.cell(row, 1), text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "title":
            cell.font = Font(size=14, bold=True, color=_TITLE_COLOUR)
            ws.row_dimensions[row].height = 21
        elif kind == "school":
            cell.font = Font(size=12, bold=True)
            ws.row_dimensions[row].height = 18 * max(1, math.ceil(len(text) / 60))
        elif kind == "heading":
            cell.font = Font(size=12, bold=True, color=_TITLE_COLOUR)
            ws.row_dimensions[row].height = 22
            cell.alignment = Alignment(vertical="bottom")
        else:
            # LibreOffice does not fit row heights to wrapped text when it opens a file
            wrapped = textwrap.wrap(text, width=int(_README_WIDTH * 1.12)) or [""]
            ws.row_dimensions[row].height = 15 * len(wrapped) + 2
    _print_setup(ws, landscape=False, one_page=True)


def _plain_description(measure: Measure) -> str:
    """The catalogue's description, without the sentence about this very template."""
    text = measure.description or measure.dfe_description or ""
    kept = [part for part in re.split(r"(?<=\.)\s+", text) if "data template" not in part]
    return " ".join(kept)


def _write_identity(ws, school: School, measures: list[Measure], years: list[str]) -> None:
    pairs = [
        ("format", FORMAT_NAME),
        ("format_version", FORMAT_VERSION),
        ("urn", school.urn),
        ("school", school.name),
        ("app_version", __version__),
        ("created", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("years", ",".join(years)),
        ("measures", ",".join(m.code for m in measures)),
    ]
    for row, (key, value) in enumerate(pairs, 1):
        set_text(ws.cell(row, 1), key)
        if isinstance(value, int):
            ws.cell(row, 2).value = value
        else:
            set_text(ws.cell(row, 2), value)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    ws.sheet_state = "hidden"
