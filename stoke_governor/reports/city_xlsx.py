"""The city's governance summary as an XLSX workbook: "At a glance" (the PDF's first page as
data, `city_xlsx_glance`), one row per school with its category and change since last year,
the projections, the ratings by section, refused returns, and how it is all worked out;
each sheet prints on A4 landscape."""

from __future__ import annotations

from pathlib import Path

from stoke_governor.la.categories import rule_text
from stoke_governor.la.risk import RISK_RULE
from stoke_governor.measures.projection import METHOD
from stoke_governor.reports.action_log import row_height
from stoke_governor.reports.city_report import (
    CATEGORY_COLOURS,
    MISSING_NOTE,
    REFUSED_HEAD,
    RISK_COLOURS,
    TITLE,
    CityReport,
    refused_cells,
    risk_rows,
    school_cells,
    school_head,
    section_cells,
    section_head,
)


def write_city_xlsx(report: CityReport, path) -> Path:
    from openpyxl import Workbook

    from stoke_governor import APP_NAME
    from stoke_governor.files.workbooks import safe_text, save_atomically
    from stoke_governor.reports.city_xlsx_glance import glance_sheet, projections_sheet

    wb = Workbook()
    glance_sheet(wb.active, report)
    _print_setup(wb.active, report, None)
    _schools_sheet(wb.create_sheet("Schools"), report)
    projections = wb.create_sheet("Projections")
    projections_sheet(projections, report)
    _print_setup(projections, report, "3:3")
    _sections_sheet(wb.create_sheet("By section"), report)
    _refused_sheet(wb.create_sheet("Refused returns"), report)
    _method_sheet(wb.create_sheet("How it is worked out"), report)
    wb.properties.title = safe_text(f"{TITLE}, {report.picture.year}")
    wb.properties.creator = APP_NAME
    return save_atomically(wb, path)


def _method_sheet(ws, report: CityReport) -> None:
    """The rules in words, the risk flag's counts, and where the figures come from."""
    from openpyxl.styles import Alignment, Font

    from stoke_governor.files.workbooks import set_text

    set_text(ws["A1"], "How the report is worked out").font = Font(bold=True, size=14)
    row = 2
    for label, value in risk_rows(report.summary):
        row += 1
        set_text(ws.cell(row, 1), label)
        ws.cell(row, 2).value = value
    blocks = [
        ("How a school is placed in a category", rule_text()),
        ("How the city's measures are carried forward", METHOD),
        ("How the risk flag is set", RISK_RULE),
        ("Where the figures come from", report.provenance.sentence()),
        ("Blank cells", MISSING_NOTE),
    ]
    for heading, text in blocks:
        row += 2
        set_text(ws.cell(row, 1), heading).font = Font(bold=True)
        for line in text.split("\n"):
            row += 1
            cell = set_text(ws.cell(row, 1), line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.row_dimensions[row].height = row_height([len(line)], [124])
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 60
    _print_setup(ws, report, None)


def _schools_sheet(ws, report: CityReport) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from stoke_governor.files.workbooks import set_text

    head = school_head(report)
    set_text(ws["A1"], f"Every open school, {report.picture.year}: most serious first").font = Font(
        bold=True, size=12
    )
    set_text(ws["A2"], MISSING_NOTE)
    for col, text in enumerate(head, 1):
        cell = set_text(ws.cell(3, col), text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    col_of = {text: n for n, text in enumerate(head, 1)}
    risk_col, category_col = col_of["Risk flag"], col_of["Category"]
    date_cols = (col_of["Returned"], col_of["Received by LA"])
    first = col_of["Complete (%)"] + 1
    means = [*range(first, first + len(report.picture.sections)), col_of["Category"] + 4]
    means.append(col_of["Category"] + 5)
    sections = [14] * len(report.picture.sections)
    widths = [30, 8, 10, 14, 9, 50, 11, 11, 11, 30, 11, 11, 9, 9, *sections, 11, 10, 9, 10, 50]
    rows = report.ordered_rows()
    for n, status in enumerate(rows, 4):
        for col, value in enumerate(school_cells(report, status), 1):
            cell = ws.cell(n, col)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
        for col in date_cols:
            ws.cell(n, col).number_format = "d mmm yyyy"
        for col in means:
            ws.cell(n, col).number_format = "0.0"
        why = str(ws.cell(n, col_of["Why (heaviest first)"]).value or "")
        reasons = "; ".join(status.flag.reasons)
        ws.row_dimensions[n].height = row_height(
            [len(status.name), len(why), len(reasons)], [widths[0], widths[5], widths[-1]]
        )
        ws.cell(n, col_of["Severity"]).number_format = "0.#"
        colour = CATEGORY_COLOURS.get(str(ws.cell(n, category_col).value))
        if colour:
            ws.cell(n, category_col).fill = PatternFill(
                "solid", start_color=colour, end_color=colour
            )
        fill = RISK_COLOURS.get(status.flag.level)
        if fill:
            ws.cell(n, risk_col).fill = PatternFill("solid", start_color=fill, end_color=fill)
            ws.cell(n, risk_col).font = Font(bold=True)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[3].height = 58
    last = get_column_letter(len(head))
    ws.freeze_panes = "B4"
    ws.auto_filter.ref = f"A3:{last}{max(len(rows), 1) + 3}"
    _print_setup(ws, report, "3:3")


def _sections_sheet(ws, report: CityReport) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from stoke_governor.files.workbooks import set_text

    head = section_head(report)
    for col, text in enumerate(head, 1):
        cell = set_text(ws.cell(1, col), text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    body = section_cells(report)
    for n, values in enumerate(body, 2):
        for col, value in enumerate(values, 1):
            if isinstance(value, str):
                set_text(ws.cell(n, col), value)
            else:
                ws.cell(n, col).value = value
        ws.cell(n, len(values)).number_format = "0.0"
    note = len(body) + 3
    set_text(
        ws.cell(note, 1),
        "How many schools give each section each rating: a school's "
        "mean for the section, rounded (2.5 counts as 3).",
    )
    set_text(ws.cell(note + 1, 1), MISSING_NOTE)
    for col, width in enumerate([28, 14, 14, 14, 12, 12, 12, 18], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{max(len(body), 1) + 1}"
    _print_setup(ws, report, "1:1")


def _refused_sheet(ws, report: CityReport) -> None:
    """Every school whose return the import refused, with the file and why."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from stoke_governor.files.workbooks import set_text

    set_text(
        ws["A1"],
        f"Returns refused, {report.picture.year}: the board sent a file the LA could not "
        "accept, and no later one was accepted",
    ).font = Font(bold=True, size=12)
    for col, text in enumerate(REFUSED_HEAD, 1):
        set_text(ws.cell(3, col), text).font = Font(bold=True)
    body = refused_cells(report)
    for n, values in enumerate(body, 4):
        for col, value in enumerate(values, 1):
            cell = ws.cell(n, col)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=col in (1, 3, 4))
        ws.cell(n, len(values)).number_format = "d mmm yyyy"
    if not body:
        set_text(ws.cell(4, 1), "None: every return received this year was accepted.")
    for col, width in enumerate([34, 9, 40, 36, 12], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A4"
    _print_setup(ws, report, "3:3")


def _print_setup(ws, report: CityReport, title_rows: str | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.left.text = f"{TITLE}, {report.picture.year}"
    ws.oddFooter.left.text = f"Made {report.made_on.isoformat()}"
    ws.oddFooter.right.text = "Page &P of &N"
