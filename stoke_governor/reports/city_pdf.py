"""The city's governance summary as a PDF (A4 landscape), for the Education Improvement
Partnership Board: headline, the risk rule, where the figures come from, every school with
its risk flag (a colour and the word), and a bar chart per section of how the schools rate
themselves. Every string passes `markup` (escaped) or is drawn as plain text."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from stoke_governor import APP_NAME
from stoke_governor.core.axis import count_ticks
from stoke_governor.files.workbooks import atomic_output
from stoke_governor.la.city import distribution
from stoke_governor.la.risk import RISK_RULE
from stoke_governor.reports.city_report import (
    AUDIENCE,
    MISSING_NOTE,
    RISK_COLOURS,
    TITLE,
    CityReport,
    headline_rows,
    long_day,
    received_on,
    refused_cells,
)
from stoke_governor.reports.common import markup, plain
from stoke_governor.reports.page_count import counting_canvas, draw_page_label, page_label

PAGE = landscape(A4)
MARGIN = 12 * mm
FONT, BOLD = "Helvetica", "Helvetica-Bold"
MUTED = colors.HexColor("#4a5560")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e9ef")
BAR = colors.HexColor("#0072B2")  # Okabe-Ito blue: the ratings 1-4
BAR_MISSING = colors.HexColor("#b8bec6")  # not rated / no return
CHART_HEIGHT = 72 * mm
DASH = "–"  # a figure not known
PAD = 6.5  # points: a cell's left and right padding, and a little air
PAGE_CANVAS = counting_canvas(FONT, 8, MUTED)

_SHEET = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_SHEET["BodyText"], fontSize=9.5, leading=12.5)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName=BOLD, fontSize=6.5, leading=8)


def write_city_pdf(report: CityReport, path) -> Path:
    s = report.summary
    story = [
        Paragraph(markup(f"{TITLE}: self-evaluation returns {s.year}"), _SHEET["Title"]),
        Paragraph(
            markup(
                f"{AUDIENCE}. Made on {long_day(report.made_on)} by Governor Services "
                "from the returns the boards sent."
            ),
            BODY,
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{markup(s.headline())}</b>", BODY),
        Spacer(1, 2 * mm),
        _headline_table(report),
        _h("How the risk flag is set"),
        *(Paragraph(markup(line), BODY) for line in RISK_RULE.split("\n")),
        _h("Where the figures come from"),
        Paragraph(markup(report.provenance.sentence()), BODY),
        Paragraph(markup(MISSING_NOTE.replace("A blank cell", f"A dash ({DASH})")), BODY),
        PageBreak(),
        _h("Returns refused"),
        _refused_table(report),
        _h(f"Every open school, {s.year}: at risk first"),
        _schools_table(report),
        PageBreak(),
        _h("How the schools rate themselves, section by section"),
        Paragraph(
            markup(
                "Each bar counts the schools whose mean rating for the section rounds "
                "to that value (1-4; 2.5 counts as 3); grey bars are schools that "
                "have not rated the section or sent no return."
            ),
            BODY,
        ),
        Spacer(1, 2 * mm),
        _charts(report),
    ]
    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 4 * mm,
            title=plain(f"{TITLE}: self-evaluation returns {s.year}"),
            author=APP_NAME,
            subject=AUDIENCE,
            creator=APP_NAME,
            lang="en-GB",
        )
        footer = plain(f"{TITLE}, {s.year} — made {long_day(report.made_on)}")
        decorate = _footer(footer)
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=PAGE_CANVAS)
    return Path(path)


def _h(text: str) -> Paragraph:
    return Paragraph(markup(text), _SHEET["Heading2"])


def _grid_style(extra: list) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), FONT, 7.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def _headline_table(report: CityReport) -> Table:
    rows = [
        [label, DASH if v is None else f"{v:.0f}"] for label, v in headline_rows(report.summary)
    ]
    table = Table(rows, colWidths=[80 * mm, 20 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _figure(value, fmt: str = "{:.0f}") -> str:
    return DASH if value is None else fmt.format(value)


def _schools_table(report: CityReport) -> Table:
    sections = report.picture.sections
    head = [
        "School",
        "Returned",
        "Rev.",
        "Complete",
        *(title for _id, title in sections),
        "Core training",
        "Vacancies",
        "Terms ending",
        "Risk",
        "Reasons",
    ]
    data = [[Paragraph(markup(h), CELL_HEAD) for h in head]]
    styles = []
    for n, row in enumerate(report.ordered_rows(), 1):
        school = f"<b>{markup(row.name, 200)}</b><br/>{row.urn} · {markup(row.phase or '', 40)}"
        data.append(
            [
                Paragraph(school, CELL),
                Paragraph(_returned(row), CELL),
                _figure(row.revision),
                _figure(row.completeness, "{:.0f}%"),
                *(_figure(row.section_means.get(sid), "{:.1f}") for sid, _t in sections),
                _figure(row.training_percent, "{:.0f}%"),
                _figure(row.vacancies),
                _figure(row.terms_ending),
                Paragraph(f"<b>{markup(row.flag.level)}</b>", CELL),
                Paragraph(markup("; ".join(row.flag.reasons), 1000), CELL),
            ]
        )
        fill = RISK_COLOURS.get(row.flag.level)
        if fill:
            styles.append(("BACKGROUND", (-2, n), (-2, n), colors.HexColor("#" + fill)))
    returned = stringWidth("received 30 Sep 2026", FONT, 7.5) + PAD
    level = stringWidth("no concern", BOLD, 7.5) + PAD
    fixed = [40 * mm, returned, *(_fits(h) for h in head[2:-2]), level]
    widths = [*fixed, PAGE[0] - 2 * MARGIN - sum(fixed)]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style([("ALIGN", (2, 1), (-3, -1), "RIGHT"), *styles]))
    return table


def _day(iso: str | None) -> str | None:
    day = received_on(iso)
    return f"{day.day} {day:%b %Y}" if day else None


def _returned(row) -> str:
    """When the board exported the return used, and below it when the LA received it."""
    if not row.returned:
        return "refused" if row.refusal is not None else "not returned"
    received = _day(row.received_at)
    exported = _day(row.exported_at) or DASH
    return exported + (f"<br/>received {received}" if received else "")


def _refused_table(report: CityReport):
    """Each school whose return was refused: the file, why, and when."""
    rows = refused_cells(report)
    if not rows:
        return Paragraph("None: every return received for the year was accepted.", BODY)
    data = [[Paragraph(markup(h), CELL_HEAD) for h in ("School", "File", "Why", "Refused on")]]
    for name, urn, file, reason, day in rows:
        data.append(
            [
                Paragraph(f"<b>{markup(name, 200)}</b> ({urn})", CELL),
                Paragraph(markup(file, 200), CELL),
                Paragraph(markup(reason, 200), CELL),
                f"{day.day} {day:%b %Y}" if day else DASH,
            ]
        )
    table = Table(data, colWidths=[70 * mm, 80 * mm, 70 * mm, 25 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style([]))
    return table


def _fits(head: str) -> float:
    """A column as wide as the longest word of its heading (or a figure like 100%)."""
    return (
        max(
            *(stringWidth(w, BOLD, CELL_HEAD.fontSize) for w in head.split()),
            stringWidth("100%", FONT, CELL.fontSize),
        )
        + PAD
    )


def _charts(report: CityReport) -> KeepTogether:
    """One small bar chart per section, three to a row."""
    cells = [_chart(report, sid, title) for sid, title in report.picture.sections]
    rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether(table)


def _chart(report: CityReport, section_id: str, title: str) -> Drawing:
    counts = distribution(report.picture, section_id)
    keys = (1, 2, 3, 4, "not rated", "no return")
    values = [counts[k] for k in keys]
    drawing = Drawing(85 * mm, CHART_HEIGHT)
    drawing.add(String(2, CHART_HEIGHT - 11, plain(title)[:60], fontName=BOLD, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 26, 34
    chart.width, chart.height = 85 * mm - 36, CHART_HEIGHT - 62
    chart.data = [values]
    chart.barWidth = 6
    chart.valueAxis.valueMin = 0
    ticks = count_ticks(max(values), most=5)  # round steps: 0, 5, 10 … never 0, 21, 42
    chart.valueAxis.valueMax = ticks[-1]
    chart.valueAxis.valueStep = ticks[1] - ticks[0]
    chart.valueAxis.labels.fontSize = 7.5
    chart.categoryAxis.categoryNames = [
        "1 Not yet",
        "2 Developing",
        "3 Established",
        "4 Strong",
        "Not rated",
        "No return",
    ]
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dy = -2
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    for i in (4, 5):
        chart.bars[(0, i)].fillColor = BAR_MISSING
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _footer(text: str):
    def decorate(canv: Canvas, doc) -> None:
        canv.saveState()
        width = PAGE[0]
        bottom = MARGIN - 2 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN, bottom, text)
        page_text, right = page_label(canv, width - MARGIN, FONT, 8)
        draw_page_label(canv, page_text, right, bottom, FONT, 8)
        canv.restoreState()

    return decorate
