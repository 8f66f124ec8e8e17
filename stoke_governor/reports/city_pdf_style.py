"""How the city report's PDF looks: page, fonts, colours and the table style its parts share
(`city_pdf`, `city_pdf_glance`, `city_pdf_categories`). Every string a part draws passes
`markup` (escaped) or `plain`."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

from stoke_governor.reports.common import markup

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN  # the text's width
FONT, BOLD = "Helvetica", "Helvetica-Bold"
MUTED = colors.HexColor("#4a5560")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e9ef")
DASH = "–"  # a figure not known
PAD = 6.5  # points: a cell's left and right padding, and a little air

SHEET = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=SHEET["BodyText"], fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=MUTED)
TITLE_STYLE = ParagraphStyle("title", parent=SHEET["Title"], fontSize=15, leading=18, spaceAfter=0)
H2 = SHEET["Heading2"]
H3 = ParagraphStyle(
    "h3", parent=SHEET["Heading3"], fontSize=10.5, leading=13, spaceBefore=3, spaceAfter=2
)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName=BOLD, fontSize=6.5, leading=8)


def h2(text: str) -> Paragraph:
    return Paragraph(markup(text), H2)


def h3(text: str) -> Paragraph:
    return Paragraph(markup(text), H3)


def cell(text: object, style: ParagraphStyle = CELL, limit: int = 1000) -> Paragraph:
    return Paragraph(markup(text, limit), style)


def heads(texts) -> list[Paragraph]:
    return [Paragraph(markup(t), CELL_HEAD) for t in texts]


def figure(value, fmt: str = "{:.0f}") -> str:
    return DASH if value is None else fmt.format(value)


def fill(hex_colour: str | None):
    return None if not hex_colour else colors.HexColor("#" + hex_colour)


def grid_style(extra: list) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), FONT, 7.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *extra,
        ]
    )
