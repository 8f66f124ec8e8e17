"""The city report's workbook: the "At a glance" sheet (the PDF's first page as data) and the
"Projections" sheet. Numbers are numbers; a percentage is a fraction shown with a % number
format (0.45 shown 45%), so it sorts and sums; a figure not known is a blank cell. Every
string passes `set_text`."""

from __future__ import annotations

from stoke_governor.reports.city_first_page import Glance
from stoke_governor.reports.city_report import (
    AUDIENCE,
    CATEGORY_COLOURS,
    PROJECTION_HEAD,
    TITLE,
    CityReport,
    long_day,
    projection_cells,
)

PERCENT = "0%"
PERCENT_1 = "0.0%"


def put(ws, row: int, col: int, value, number_format: str | None = None, bold: bool = False):
    """A value in a cell: text through `set_text`, a number as a number, None left blank."""
    from openpyxl.styles import Alignment, Font

    from stoke_governor.files.workbooks import set_text

    cell = ws.cell(row, col)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if number_format and value is not None:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
    return cell


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value / 100, 4)


def glance_sheet(ws, report: CityReport) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    from stoke_governor.reports.action_log import row_height

    g: Glance = report.glance
    ws.title = "At a glance"
    for letter, width in zip("ABCDEFGH", (46, 14, 24, 11, 11, 9, 9, 90), strict=True):
        ws.column_dimensions[letter].width = width
    title = put(ws, 1, 1, f"{TITLE}: {g.year} at a glance")
    title.font, title.alignment = Font(bold=True, size=14), Alignment()
    put(ws, 2, 1, f"{AUDIENCE}. Made on {long_day(report.made_on)}.").alignment = Alignment()
    row = 4
    put(ws, row, 1, "The numbers", bold=True)
    for label, figure, kind in g.rows():
        row += 1
        put(ws, row, 1, label)
        if kind == "percent":
            put(ws, row, 2, _fraction(figure), PERCENT)
        else:
            put(ws, row, 2, figure, "0")
        colour = CATEGORY_COLOURS.get(label.removeprefix("Category: "))
        if colour:
            ws.cell(row, 1).fill = PatternFill("solid", start_color=colour, end_color=colour)
    row += 1
    put(ws, row, 1, "Core training, the strategy's aim")
    put(ws, row, 2, 1.0, PERCENT)
    put(ws, row, 3, f"Core training {g.training.target}.")
    _across(ws, row, 3)

    row += 2
    put(ws, row, 1, f"The {len(g.top)} schools of most concern", bold=True)
    row += 1
    for col, head in enumerate(["School", "URN", "Category", "Severity", "Why"], 1):
        put(ws, row, col, head, bold=True)
    for school in g.top:
        row += 1
        values = [school.name, school.urn, school.category, school.severity, school.one_line()]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, "0.#" if col == 4 else None)
        _across(ws, row, 5)

    row += 2
    put(ws, row, 1, "No return, or a file refused", bold=True)
    for status in g.not_returned:
        row += 1
        put(ws, row, 1, status.name)
        put(ws, row, 2, status.urn)
        put(ws, row, 3, "No return received for the year")
        _across(ws, row, 3)
    for status in g.refused:
        row += 1
        put(ws, row, 1, status.name)
        put(ws, row, 2, status.urn)
        reason = status.refusal.reason if status.refusal else ""
        put(ws, row, 3, f"Refused: {reason}")
        _across(ws, row, 3)
    if not g.not_returned and not g.refused:
        row += 1
        put(ws, row, 1, "None: every open school's return is held.")

    row += 2
    put(ws, row, 1, "The city's measures against their targets", bold=True)
    row += 1
    heads = ["Measure", "Latest", "Target", "Target year", "Projected", "Low", "High", "In words"]
    for col, head in enumerate(heads, 1):
        put(ws, row, col, head, bold=True)
    picked = (0, 1, 3, 4, 5, 6, 7, 9)  # of `PROJECTION_HEAD`: no latest year, no method
    for p, cells in zip(g.measures, projection_cells(report), strict=True):
        row += 1
        for col, index in enumerate(picked, 1):
            _measure_cell(ws, row, col, cells[index], p.measure, index)
        ws.row_dimensions[row].height = row_height([len(p.name), len(p.sentence)], [46, 90])


LAST = 8  # the sheet's last column (H), the wide one


def _across(ws, row: int, col: int) -> None:
    """A long text from `col` to the last, wide column, wrapped, its row tall enough."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from stoke_governor.reports.action_log import row_height

    ws.cell(row, col).alignment = Alignment(vertical="top", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=LAST)
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(col, LAST + 1))
    ws.row_dimensions[row].height = row_height([len(str(ws.cell(row, col).value or ""))], [width])


VALUES = (1, 3, 5, 6, 7)  # of `PROJECTION_HEAD`: latest, target, projected, low, high
YEARS = (2, 4)


def _measure_cell(ws, row: int, col: int, value, measure, index: int) -> None:
    """A projection's cell: a percentage as a fraction shown as one, a year as a year."""
    if index in VALUES and measure.unit == "percent":
        put(ws, row, col, _fraction(value), PERCENT_1)
    elif index in VALUES:
        put(ws, row, col, value, "0." + "0" * max(measure.decimals, 1))
    else:
        put(ws, row, col, value, "0" if index in YEARS else None)


def projections_sheet(ws, report: CityReport) -> None:
    from openpyxl.utils import get_column_letter

    put(ws, 1, 1, "The city's measures carried forward to their target years", bold=True)
    for col, head in enumerate(PROJECTION_HEAD, 1):
        put(ws, 3, col, head, bold=True)
    for n, (p, cells) in enumerate(zip(report.projections, projection_cells(report), strict=True)):
        for index, value in enumerate(cells):
            _measure_cell(ws, n + 4, index + 1, value, p.measure, index)
    if not report.projections:
        put(ws, 4, 1, "The database holds no city target with a year to project to.")
    widths = (44, 10, 10, 10, 10, 10, 10, 10, 60, 70)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "B4"
