"""The city's governance summary as a PDF (A4 landscape), for the Education Improvement
Partnership Board. Page 1 is "at a glance" (`city_pdf_glance`); then one section per
category, each on a new page (`city_pdf_categories`); then who has not returned (when too
many for page 1), the returns refused, how the schools rate themselves section by section,
and at the end how schools are categorised, how the projections are made, where the figures
come from and what a dash means. Every string passes `markup` (escaped) or `plain`."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
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
from stoke_governor.la.categories import rule_text
from stoke_governor.la.city import distribution
from stoke_governor.measures.projection import METHOD
from stoke_governor.reports.city_pdf_categories import category_flowables
from stoke_governor.reports.city_pdf_glance import (
    LISTED_LATER,
    glance_flowables,
    not_returned_flowables,
    too_many,
)
from stoke_governor.reports.city_pdf_style import (
    BODY,
    BOLD,
    CELL,
    CELL_HEAD,
    DASH,
    FONT,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    SMALL,
    TITLE_STYLE,
    WIDTH,
    grid_style,
)
from stoke_governor.reports.city_pdf_style import h2 as _h
from stoke_governor.reports.city_report import (
    AUDIENCE,
    MISSING_NOTE,
    TITLE,
    CityReport,
    long_day,
    refused_cells,
)
from stoke_governor.reports.common import markup, plain
from stoke_governor.reports.page_count import counting_canvas, draw_page_label, page_label

BAR = colors.HexColor("#0072B2")  # Okabe-Ito blue: the ratings 1-4
BAR_MISSING = colors.HexColor("#b8bec6")  # not rated / no return
CHART_HEIGHT = 60 * mm
PAGE_CANVAS = counting_canvas(FONT, 8, MUTED)


def write_city_pdf(report: CityReport, path) -> Path:
    s = report.summary
    later = too_many(report.glance)
    story = [
        Paragraph(markup(f"{TITLE}: {s.year} at a glance"), TITLE_STYLE),
        Paragraph(
            markup(
                f"{AUDIENCE}, made on {long_day(report.made_on)} by Governor Services. "
                "How each part is worked out is at the end."
            ),
            BODY,
        ),
        *glance_flowables(report),
        *category_flowables(report),
        PageBreak(),
        *((_h(LISTED_LATER), *not_returned_flowables(report.glance)) if later else ()),
        _h("Returns refused"),
        _refused_table(report),
        KeepTogether(
            [
                _h("How the schools rate themselves, section by section"),
                Paragraph(
                    markup(
                        "Each bar counts the schools whose mean rating for the section rounds "
                        "to that value (1-4; 2.5 counts as 3); grey bars are schools that "
                        "have not rated the section or sent no return. Below each chart: how "
                        f"the boards' ratings moved since {report.trend.previous_year}."
                    ),
                    BODY,
                ),
                Spacer(1, 2 * mm),
                _charts(report),
            ]
        ),
        PageBreak(),
        _h("How a school is placed in a category"),
        *(Paragraph(markup(line), BODY) for line in rule_text().split("\n")),
        _h("How the city's measures are carried forward"),
        Paragraph(markup(METHOD), BODY),
        _h("Where the figures come from"),
        Paragraph(markup(report.provenance.sentence()), BODY),
        Paragraph(markup(MISSING_NOTE.replace("A blank cell", f"A dash ({DASH})")), BODY),
    ]
    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN - 2 * mm,
            bottomMargin=MARGIN + 2 * mm,
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
    table.setStyle(grid_style([]))
    return table


def _charts(report: CityReport) -> Table:
    """One small bar chart per section, three to a row."""
    cells: list = [
        [_chart(report, sid, title), Paragraph(markup(report.trend.sentence(sid)), SMALL)]
        for sid, title in report.picture.sections
    ]
    rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    table = Table(rows, colWidths=[WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


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
