"""The school data summary as a PDF for the meeting pack: A4, one or two pages.

First the headline measures in the Dashboard's words (year and release, the school, the
city, West Midlands, England, the city's target with its year, the status), under the
line saying how old the figures are; then the charts of the measures the board challenged
this school year, up to four, and the sources. When the charts would take a third page,
fewer are drawn and the summary says how many more were challenged. Every page has the
school and "Page N of M" in its footer. Text goes through `markup` (escaped).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from stoke_governor import APP_NAME
from stoke_governor.db.store import Store
from stoke_governor.files.workbooks import atomic_output
from stoke_governor.measures.tracking import BEFORE, BELOW, MEETS, OFF_TRACK, ON_TRACK
from stoke_governor.reports.common import Exported, markup
from stoke_governor.reports.data_summary import (
    MAX_CHARTS,
    TITLE,
    DataSummary,
    SummaryChart,
    data_summary,
    long_date,
)
from stoke_governor.reports.page_count import counting_canvas, draw_page_label, page_label
from stoke_governor.reports.summary_chart import chart_drawing

MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN - 12  # the frame's width less its padding (6 points a side)
MAX_PAGES = 2
FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK, MUTED = colors.HexColor("#1b1b1b"), colors.HexColor("#555555")
RULE, HEAD_FILL = colors.HexColor("#9aa5b1"), colors.HexColor("#e4e9ef")
AGE_FILL = colors.HexColor("#fff4d6")
GOOD, BAD, NEUTRAL = (colors.HexColor(c) for c in ("#d6ecd2", "#f9dcc4", "#eef1f4"))
# The Dashboard's tints: the status words carry the meaning, the tint helps the eye.
TINTS = {
    ON_TRACK: GOOD,
    MEETS: GOOD,
    "Better than England": GOOD,
    OFF_TRACK: BAD,
    BELOW: BAD,
    "Behind England": BAD,
    "In line with England": NEUTRAL,
    BEFORE: NEUTRAL,
}
PAGE_CANVAS = counting_canvas(FONT, 7.5, MUTED)

BODY = ParagraphStyle("Body", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=7.5, leading=9.2)
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=7.8, leading=9.4)
CELL_RIGHT = ParagraphStyle("CellRight", parent=CELL, alignment=2)
CELL_HEAD = ParagraphStyle("CellHead", parent=CELL, fontName=BOLD)
TITLE_STYLE = ParagraphStyle("Title", parent=BODY, fontName=BOLD, fontSize=15, leading=19)
H2 = ParagraphStyle(
    "H2",
    parent=BODY,
    fontName=BOLD,
    fontSize=11.5,
    leading=14,
    spaceBefore=9,
    spaceAfter=4,
    keepWithNext=1,
)
CHART_TITLE = ParagraphStyle("ChartTitle", parent=BODY, fontName=BOLD, fontSize=9, leading=11)
AGE = ParagraphStyle(
    "Age",
    parent=BODY,
    backColor=AGE_FILL,
    borderPadding=(4, 5, 4, 5),
    spaceBefore=6,
    spaceAfter=8,
)
HEAD = [  # markup: the city's name breaks after its hyphen, not inside "Trent"
    "Measure",
    "Year",
    "This school",
    "Stoke-on-<br/>Trent",
    "West Midlands",
    "England",
    "City target",
    "Status",
]
COLUMNS = [41, 22, 15, 17, 17, 18, 34, 18]  # shares of the width (about mm)
CHART_HEIGHT = 58 * mm
CHART_ROW = CHART_HEIGHT + 40 * mm  # a row of charts with its titles and notes, about
KEY = (
    "<b>Year</b>: the year the school's figure is for, and its release; “old” when it is "
    "more than two years older than the school's newest figure. <b>—</b>: no comparable "
    "figure held. <b>Not published</b>: the DfE published no figure (its marker in "
    "brackets); a missing figure is never counted as zero."
)


def _p(text: str, style: ParagraphStyle = BODY, *, raw: bool = False) -> Paragraph:
    return Paragraph(text if raw else markup(text), style)


def table(summary: DataSummary) -> Table:
    data: list[list[object]] = [[_p(h, CELL_HEAD, raw=True) for h in HEAD]]
    for r in summary.rows:
        figures = (r.school, r.city, r.west_midlands, r.england)
        data.append(
            [_p(r.measure, CELL), _p(r.year, CELL)]
            + [_p(f, CELL_RIGHT) for f in figures]
            + [_p(r.target, CELL), _p(r.status, CELL)]
        )
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, r in enumerate(summary.rows, 1):
        if r.status in TINTS:
            style.append(("BACKGROUND", (7, i), (7, i), TINTS[r.status]))
    return Table(
        data, colWidths=[WIDTH * w / sum(COLUMNS) for w in COLUMNS], repeatRows=1, style=style
    )


def chart_cell(c: SummaryChart, width: float) -> list:
    asked = ", ".join(long_date(_date(d)) for d in c.challenged_on)
    cell: list = [
        _p(c.title, CHART_TITLE),
        _p(f"<b>{markup(c.status)}</b> — {markup(c.why)}", SMALL, raw=True),
        Spacer(1, 2),
        chart_drawing(c, width, CHART_HEIGHT),
    ]
    notes = [*c.notes, f"Challenged on {asked}." if asked else ""]
    cell += [_p(n, SMALL) for n in notes if n]
    return cell


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def charts_grid(summary: DataSummary) -> list:
    half = (WIDTH - 6 * mm) / 2
    cells = [chart_cell(c, half) for c in summary.charts]
    rows = [cells[i : i + 2] + [[]] * (2 - len(cells[i : i + 2])) for i in range(0, len(cells), 2)]
    return [
        KeepTogether(
            Table(
                [row],
                colWidths=[half + 3 * mm, half + 3 * mm],
                style=[
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ],
            )
        )
        for row in rows
    ]


def story(summary: DataSummary) -> list:
    out: list = [
        _p(summary.title, TITLE_STYLE),
        _p(f"URN {summary.urn}. Made with {APP_NAME} on {long_date(summary.made_on)}.", SMALL),
        _p(summary.age.replace("▸", "›"), AGE),
        _p("Headline measures", H2),
    ]
    if summary.rows:
        out += [table(summary), Spacer(1, 3), _p(KEY, SMALL, raw=True)]
    else:
        out.append(
            _p(
                "None to show until the school's figures are imported (File › Import data…) "
                "or the LA's pack is applied.",
                BODY,
            )
        )
    out += [_p(n, SMALL) for n in summary.notes]
    heading = _p(f"Measures the board challenged in {summary.school_year}", H2)
    if summary.charts:  # the heading never alone at the foot of page 1
        out += [CondPageBreak(CHART_ROW), heading, *charts_grid(summary)]
    else:
        out.append(heading)
        out.append(
            _p(
                f"The board has recorded no challenge about a measure in {summary.school_year}. "
                "A challenge raised from the School data page (or tied to a measure in the "
                "challenge log) puts that measure's chart here.",
                BODY,
            )
        )
    if summary.more_text:
        out.append(_p(summary.more_text, BODY))
    out.append(_p("Sources", H2))
    out += [_p(line, SMALL) for line in summary.sources]
    return out


def _footer(summary: DataSummary):
    def draw(canv: Canvas, _doc) -> None:
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        y = MARGIN / 2
        canv.drawString(MARGIN, y, f"{TITLE} – {summary.school} – {long_date(summary.made_on)}")
        text, x = page_label(canv, A4[0] - MARGIN, FONT, 7.5)
        draw_page_label(canv, text, x, y, FONT, 7.5)
        canv.restoreState()

    return draw


def render(summary: DataSummary) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=summary.title,
        author=APP_NAME,
        subject=f"{TITLE} for the board's meeting pack",
    )
    footer = _footer(summary)
    doc.build(story(summary), onFirstPage=footer, onLaterPages=footer, canvasmaker=PAGE_CANVAS)
    return buffer.getvalue(), doc.page


def fitted(make: Callable[[int], DataSummary]) -> tuple[DataSummary, bytes]:
    """The summary and its PDF on at most two pages: `make(n)` builds the summary with up to
    n charts; fewer are drawn if need be, those left out named as more measures challenged
    (and their figures left out of the sources)."""
    summary = make(MAX_CHARTS)
    while True:
        pdf, pages = render(summary)
        if pages <= MAX_PAGES or not summary.charts:
            return summary, pdf
        summary = make(len(summary.charts) - 1)


def write_data_summary_pdf(make: Callable[[int], DataSummary], path: str | Path) -> DataSummary:
    """Write the summary to `path` (replaced in one step, never half a file); the summary
    as written."""
    summary, pdf = fitted(make)
    with atomic_output(path) as tmp:
        tmp.write_bytes(pdf)
    return summary


def export_data_summary(store: Store, urn: int, path, today: dt.date | None = None) -> Exported:
    """The school data summary as an A4 PDF of one or two pages, with what was written."""
    today = today or dt.date.today()
    summary = write_data_summary_pdf(lambda n: data_summary(store, urn, today, n), path)
    charts = len(summary.charts)
    return Exported(
        Path(path),
        f"Saved the school data summary for {summary.school} ({len(summary.rows)} measures, "
        f"{charts} chart{'' if charts == 1 else 's'}) to {path}.",
    )
