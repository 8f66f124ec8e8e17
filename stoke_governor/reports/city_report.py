"""The city's governance summary for the Education Improvement Partnership Board: XLSX or PDF.

Both are written from the city picture (`city.city_picture`), the same rows the City
picture page shows, with the risk rule and where the figures come from (the import log).
A figure a return does not give is a blank cell (XLSX) or a dash (PDF), never a 0. School
names come from the LA's own schools table, but every string still goes through `set_text`
(XLSX) or `markup` (PDF), so nothing in a return becomes a formula or PDF markup. The
PDF is laid out in `city_pdf`. Files are replaced in one step, never half-written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.la.city import (
    CityPicture,
    CitySummary,
    SchoolStatus,
    city_picture,
    distribution,
    summary,
)
from stoke_governor.la.risk import AT_RISK, LEVELS, NO_CONCERN, RISK_RULE, WATCH
from stoke_governor.reports.action_log import row_height

TITLE = "Governance in Stoke-on-Trent's schools"
AUDIENCE = "For the Education Improvement Partnership Board"
MISSING_NOTE = (
    "A blank cell means the figure is not known: the school sent no return for the year, or "
    "its return does not give that figure. It never means 0."
)
# Okabe-Ito colours, told apart with any colour vision; the level is always written too.
RISK_COLOURS = {AT_RISK: "D55E00", WATCH: "F0E442", NO_CONCERN: "56B4E9"}
SCALE = ("Not yet in place", "Developing", "Established", "Strong")  # ratings 1-4


class Provenance(NamedTuple):
    held: int  # returns the picture uses (one per school that returned)
    received: int  # every return revision held, superseded ones too
    files: int  # files in the import log, whatever their outcome
    rejected: int
    first_at: str | None
    last_at: str | None
    by: tuple[str, ...]  # who imported, as the log records them

    def sentence(self) -> str:
        if not self.files:
            return "No return files have been imported into this database yet."
        who = ", ".join(self.by) or "unknown"
        return (
            f"{self.files} file(s) imported between {_when(self.first_at)} and "
            f"{_when(self.last_at)} by {who}; {self.received} return revision(s) held, "
            f"{self.held} used here (the latest revision of each school's return); "
            f"{self.rejected} file(s) rejected."
        )


class CityReport(NamedTuple):
    picture: CityPicture
    summary: CitySummary
    provenance: Provenance
    made_on: dt.date
    scale: tuple[str, ...]

    def ordered_rows(self) -> list[SchoolStatus]:
        """At risk first, then watch, then no concern; by name within each."""
        rank = {level: n for n, level in enumerate(LEVELS)}
        return sorted(self.picture.rows, key=lambda r: (rank.get(r.risk.level, 9), r.name))


def _when(iso: str | None) -> str:
    if not iso:
        return "an unknown time"
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def provenance(store, year: str) -> Provenance:
    held = store.query_one(
        "SELECT count(DISTINCT urn) FROM returns_received WHERE state = 'current' AND year = ?",
        (year,),
    )[0]
    received = store.query_one("SELECT count(*) FROM returns_received WHERE year = ?", (year,))[0]
    files, rejected, first, last = store.query_one(
        "SELECT count(*), coalesce(sum(status = 'rejected'), 0), min(at), max(at) "
        "FROM return_import_log"
    )
    by = tuple(r[0] for r in store.query("SELECT DISTINCT by FROM return_import_log ORDER BY by"))
    return Provenance(held, received, files, rejected, first, last, by)


def city_report(store, year: str | None = None, today: dt.date | None = None) -> CityReport:
    """Everything the report shows, read once."""
    from stoke_governor.la.mode import require_la

    require_la(store)
    picture = city_picture(store, year, today)
    return CityReport(
        picture, summary(picture), provenance(store, picture.year), today or dt.date.today(), SCALE
    )


def export_city_report(store, path, year: str | None = None, today: dt.date | None = None) -> Path:
    """Write the city summary to `path`: an .xlsx workbook or a .pdf, by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise StokeGovernorError(
            f"Cannot write the city report as {path.name}: give a file name ending in .xlsx "
            "or .pdf."
        )
    return write_report(city_report(store, year, today), path)


def write_report(report: CityReport, path) -> Path:
    """Write a report already read (`city_report`) as .xlsx or .pdf, by the path's suffix."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from stoke_governor.reports.city_pdf import write_city_pdf

        return write_city_pdf(report, path)
    return write_city_xlsx(report, path)


# -- the cells, shared by both formats ----------------------------------------------------
def headline_rows(s: CitySummary) -> list[tuple[str, int | float | None]]:
    return [
        ("Open schools in the city", s.schools),
        ("Returned a self-evaluation", s.returned),
        ("No return yet", s.not_returned),
        ("At risk", s.at_risk),
        ("Watch", s.watch),
        ("No concern", s.no_concern),
        ("Median core-training take-up (% of governors)", s.median_training),
    ]


def school_head(report: CityReport) -> list[str]:
    return [
        "School",
        "URN",
        "Phase",
        "Returned on",
        "Revision",
        "Complete (%)",
        *(f"{title} (mean, 1-4)" for _id, title in report.picture.sections),
        "Core training done (% of governors)",
        "Vacancies",
        "Terms ending within 60 days",
        "Risk",
        "Reasons",
    ]


def school_cells(report: CityReport, row: SchoolStatus) -> list:
    """One school's values: numbers as numbers, None where the figure is not known."""
    means = [row.section_means.get(sid) for sid, _t in report.picture.sections]
    return [
        row.name,
        row.urn,
        row.phase,
        received_on(row.received_at),
        row.revision,
        row.completeness,
        *(None if m is None else round(m, 2) for m in means),
        row.training_percent,
        row.vacancies,
        row.terms_ending,
        row.risk.level,
        "; ".join(row.risk.reasons),
    ]


def received_on(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


def section_head(report: CityReport) -> list[str]:
    return [
        "Section",
        *(f"{n} {label}" for n, label in enumerate(report.scale, 1)),
        "Not rated",
        "No return",
        "City median of the schools' means",
    ]


def section_cells(report: CityReport) -> list[list]:
    rows = []
    for sid, title in report.picture.sections:
        counts = distribution(report.picture, sid)
        means = sorted(
            r.section_means[sid]
            for r in report.picture.rows
            if r.returned and r.section_means.get(sid) is not None
        )
        median = None
        if means:
            import statistics

            median = round(statistics.median(means), 2)
        rows.append([title, *(counts[k] for k in (1, 2, 3, 4, "not rated", "no return")), median])
    return rows


# -- XLSX -----------------------------------------------------------------------------
def write_city_xlsx(report: CityReport, path) -> Path:
    from openpyxl import Workbook

    from stoke_governor import APP_NAME
    from stoke_governor.files.workbooks import safe_text, save_atomically

    wb = Workbook()
    _summary_sheet(wb.active, report)
    _schools_sheet(wb.create_sheet("Schools"), report)
    _sections_sheet(wb.create_sheet("By section"), report)
    wb.properties.title = safe_text(f"{TITLE}, {report.picture.year}")
    wb.properties.creator = APP_NAME
    return save_atomically(wb, path)


def _summary_sheet(ws, report: CityReport) -> None:
    from openpyxl.styles import Alignment, Font

    from stoke_governor.files.workbooks import set_text

    ws.title = "Summary"
    s = report.summary
    title = set_text(ws["A1"], f"{TITLE}: self-evaluation returns {s.year}")
    title.font = Font(bold=True, size=14)
    set_text(
        ws["A2"],
        f"{AUDIENCE}. Made on {long_day(report.made_on)} from the returns the "
        "boards sent to Governor Services.",
    )
    row = 4
    set_text(ws.cell(row, 1), "Headline").font = Font(bold=True)
    for label, value in headline_rows(s):
        row += 1
        set_text(ws.cell(row, 1), label)
        ws.cell(row, 2).value = None if value is None else round(value, 1)
        if value is None:
            set_text(ws.cell(row, 3), "not known: no return gives a training figure")
    blocks = [
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
    set_text(ws["A1"], f"Every open school, {report.picture.year}: at risk first").font = Font(
        bold=True, size=12
    )
    set_text(ws["A2"], MISSING_NOTE)
    for col, text in enumerate(head, 1):
        cell = set_text(ws.cell(3, col), text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    risk_col, date_col = len(head) - 1, 4
    means = range(7, 7 + len(report.picture.sections))
    widths = [30, 8, 10, 11, 9, 9, *([14] * len(report.picture.sections)), 11, 10, 9, 10, 50]
    rows = report.ordered_rows()
    for n, status in enumerate(rows, 4):
        for col, value in enumerate(school_cells(report, status), 1):
            cell = ws.cell(n, col)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=col in (1, len(head)))
        ws.cell(n, date_col).number_format = "d mmm yyyy"
        for col in means:
            ws.cell(n, col).number_format = "0.0"
        reasons = "; ".join(status.risk.reasons)
        ws.row_dimensions[n].height = row_height(
            [len(status.name), len(reasons)], [widths[0], widths[-1]]
        )
        fill = RISK_COLOURS.get(status.risk.level)
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


def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
