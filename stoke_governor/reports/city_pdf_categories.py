"""The city report's PDF, one section per category (most serious first), each on a new
page: its schools most serious first, with their reasons, their self-ratings this year
and the change since last year (better / same / worse)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, Table

from stoke_governor.la.categories import CATEGORIES
from stoke_governor.la.category_rule import shipped_rule
from stoke_governor.la.trend import SchoolTrend
from stoke_governor.reports.city_pdf_style import (
    BODY,
    BOLD,
    CELL,
    CELL_HEAD,
    DASH,
    PAD,
    SMALL,
    WIDTH,
    cell,
    fill,
    grid_style,
    h2,
    heads,
)
from stoke_governor.reports.city_report import CATEGORY_COLOURS, CityReport
from stoke_governor.reports.common import markup

SCHOOL = 50 * mm
CHANGE = 30 * mm


def _section_width(titles) -> float:
    """As wide as the longest word of any section's title, or 'worse' under a rating."""
    words = [w for t in titles for w in t.split()] + ["Accountability"]
    return max(stringWidth(w, BOLD, CELL_HEAD.fontSize) for w in words) + PAD


def category_flowables(report: CityReport) -> list:
    meanings = {c.name: c.meaning for c in shipped_rule().categories}
    out: list = []
    for name in CATEGORIES:
        schools = report.in_category(name)
        n = len(schools)
        out += [
            PageBreak(),
            h2(f"{name}: {n} school{'' if n == 1 else 's'}"),
            Paragraph(markup(meanings.get(name, "")), BODY),
        ]
        if not schools:
            out.append(Paragraph("No school is in this category this year.", BODY))
            continue
        out.append(_note(report))
        out.append(_table(report, name, schools))
    return out


def _note(report: CityReport) -> Paragraph:
    last = report.trend.previous_year
    return Paragraph(
        markup(
            f"Most serious first. Each section shows the board's mean self-rating "
            f"(1 not yet in place to 4 strong) for {report.picture.year} and, below it, "
            f"whether it is better, the same or worse than in {last} (a move of a quarter "
            f"point or more). {DASH}: not rated, or no return."
        ),
        SMALL,
    )


def _table(report: CityReport, category: str, schools) -> Table:
    sections = report.picture.sections
    head = ["School", "Why (heaviest first)", *(t for _i, t in sections), "Since last year"]
    data = [heads(head)]
    for placed, row in schools:
        trend = report.trends.get(row.urn)
        school = f"<b>{markup(row.name, 200)}</b><br/>{row.urn} · {markup(row.phase or '', 40)}"
        reasons = [r.text for r in placed.concerns] or ["Nothing in the rule applies"]
        data.append(
            [
                Paragraph(school, CELL),
                Paragraph("<br/>".join(f"• {markup(r, 400)}" for r in reasons), CELL),
                *(_rating(row, trend, sid) for sid, _t in sections),
                _overall(trend),
            ]
        )
    section = _section_width(t for _i, t in sections)
    reasons_width = WIDTH - SCHOOL - CHANGE - section * len(sections)
    widths = [SCHOOL, reasons_width, *([section] * len(sections)), CHANGE]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    colour = fill(CATEGORY_COLOURS.get(category))
    styles: list[tuple] = [("ALIGN", (2, 1), (-2, -1), "CENTER")]
    if colour is not None:
        styles.append(("LINEBEFORE", (0, 1), (0, -1), 3, colour))
    table.setStyle(grid_style(styles))
    return table


def _rating(row, trend: SchoolTrend | None, section_id: str) -> Paragraph:
    mean = row.section_means.get(section_id) if row.returned else None
    shown = DASH if mean is None else f"{mean:.1f}"
    change = trend.section(section_id) if trend else None
    word = change.word if change is not None and change.change.compared else ""
    return Paragraph(f"{shown}<br/><b>{markup(word)}</b>" if word else shown, CELL_CENTRED)


def _overall(trend: SchoolTrend | None) -> Paragraph:
    if trend is None:
        return cell(DASH)
    text = f"<b>{markup(trend.overall.describe())}</b>"
    if trend.overall.compared:
        n = trend.counts()
        text += f"<br/>{n['better']} better, {n['same']} same, {n['worse']} worse"
    return Paragraph(text, CELL)


CELL_CENTRED = CELL.clone("cellcentred", alignment=1)
