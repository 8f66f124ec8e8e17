"""The city report's first PDF page, "at a glance" (`city_first_page` says what is on it):
the categories, the top ten schools of concern, returns missing and refused, training,
vacancies, and the city's measures with their projections. Laid out to fit one A4
landscape page; a list of schools too long for it is counted here and listed later
(`LISTED_LATER`)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from stoke_governor.la.category_rule import shipped_rule
from stoke_governor.reports.city_first_page import Glance, names
from stoke_governor.reports.city_pdf_style import (
    BODY,
    CELL,
    SMALL,
    WIDTH,
    cell,
    figure,
    fill,
    grid_style,
    h3,
    heads,
)
from stoke_governor.reports.city_report import CATEGORY_COLOURS, CityReport
from stoke_governor.reports.common import markup

NAMES_ON_PAGE_ONE = 8  # more schools than this missing or refused: counted, listed later
LISTED_LATER = "Who has not returned"  # the later section's heading
LEFT = 92 * mm  # the left column: categories, returns, governors
GAP = 5 * mm
TEXT = ParagraphStyle(
    "glance", parent=BODY, fontSize=8.5, leading=10.5, spaceBefore=0, spaceAfter=3
)
REASONS_CHARS = 170  # the top ten's reasons: two of them if they fit about two lines


def too_many(g: Glance) -> bool:
    return len(g.not_returned) + len(g.refused) > NAMES_ON_PAGE_ONE


def glance_flowables(report: CityReport) -> list:
    g = report.glance
    left = [
        h3("Schools by category"),
        _categories(g),
        h3("Returns"),
        *_returns(g),
        h3("Governors"),
        Paragraph(f"<b>Core training:</b> {markup(g.training.sentence())}", TEXT),
        Paragraph(f"<b>Vacancies:</b> {markup(g.vacancies.sentence())}", TEXT),
    ]
    right = [h3(f"The {len(g.top)} schools of most concern"), _top(g, WIDTH - LEFT - GAP)]
    columns = Table([[left, right]], colWidths=[LEFT, WIDTH - LEFT], hAlign="LEFT")
    columns.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), GAP),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return [
        columns,
        Spacer(1, 2 * mm),
        h3("The city's measures against their targets"),
        _measures(g),
    ]


def _categories(g: Glance) -> Table:
    meanings = {c.name: c.meaning for c in shipped_rule().categories}
    data = [heads(["Category", "Schools", "What it means"])]
    styles = []
    for n, (name, count) in enumerate(g.categories.items(), 1):
        data.append([cell(name), str(count), cell(meanings.get(name, ""))])
        colour = fill(CATEGORY_COLOURS.get(name))
        if colour is not None:
            styles.append(("BACKGROUND", (0, n), (0, n), colour))
    data.append([cell("All open schools"), str(g.schools), ""])
    table = Table(data, colWidths=[25 * mm, 12 * mm, LEFT - 37 * mm - GAP], hAlign="LEFT")
    table.setStyle(grid_style([("ALIGN", (1, 1), (1, -1), "RIGHT"), *styles]))
    return table


def _returns(g: Glance) -> list:
    head = f"{g.returned} of {g.schools} open schools have returned their self-evaluation."
    out = [Paragraph(markup(head), TEXT)]
    if too_many(g):
        out.append(
            Paragraph(
                markup(
                    f"{len(g.not_returned)} with no return and {len(g.refused)} refused: "
                    f"listed under “{LISTED_LATER}” after the categories."
                ),
                TEXT,
            )
        )
        return out
    out.append(Paragraph(f"<b>No return:</b> {markup(names(g.not_returned, 99))}", TEXT))
    refused = "; ".join(
        f"{r.name} ({r.refusal.reason})" for r in g.refused if r.refusal is not None
    )
    out.append(Paragraph(f"<b>Refused:</b> {markup(refused or 'none')}", TEXT))
    return out


def _top(g: Glance, width: float):
    if not g.top:
        return Paragraph("No school has a concern under the rule.", BODY)
    data = [heads(["", "School", "Category", "Why, heaviest reasons first"])]
    styles = []
    for n, p in enumerate(g.top, 1):
        school = f"<b>{markup(p.name, 200)}</b> · {p.urn}"
        reasons = p.one_line(2)
        if len(reasons) > REASONS_CHARS:
            reasons = p.one_line(1)
        data.append([str(n), Paragraph(school, CELL), cell(p.category), cell(reasons)])
        colour = fill(CATEGORY_COLOURS.get(p.category))
        if colour is not None:
            styles.append(("BACKGROUND", (2, n), (2, n), colour))
    fixed = [6 * mm, 46 * mm, 23 * mm]
    table = Table(data, colWidths=[*fixed, width - sum(fixed)], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(styles))
    return table


def _measures(g: Glance):
    if not g.measures:
        return Paragraph("The database holds no city target with a year to project to.", BODY)
    head = ["Measure", "Latest", "Target", "Where it is heading without interventions"]
    data = [heads(head)]
    for p in g.measures:
        data.append(
            [
                cell(p.name),
                cell(p.latest_text),
                cell(p.target.summary),
                cell(p.sentence, limit=600),
            ]
        )
    fixed = [62 * mm, 24 * mm, 52 * mm]
    table = Table(data, colWidths=[*fixed, WIDTH - sum(fixed)], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style([]))
    return table


def not_returned_flowables(g: Glance) -> list:
    """The later section listing every school with no return and every refused one."""
    rows = [heads(["School", "URN", "No return, or a file refused"])]
    for r in g.not_returned:
        rows.append([cell(r.name), str(r.urn), cell("No return received for the year")])
    for r in g.refused:
        why = f"Refused: {r.refusal.reason} ({r.refusal.file})" if r.refusal else "Refused"
        rows.append([cell(r.name), str(r.urn), cell(why)])
    table = Table(rows, colWidths=[90 * mm, 18 * mm, WIDTH - 108 * mm], repeatRows=1)
    table.setStyle(grid_style([]))
    note = Paragraph(
        markup(f"{figure(len(g.not_returned))} with no return, {len(g.refused)} refused."),
        SMALL,
    )
    return [table, note]
