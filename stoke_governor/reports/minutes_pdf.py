"""The minutes of a meeting as a PDF the clerk can send to the chair: A4, real text.

What the minutes say, and in what order, is `reports.minutes_content`; this lays its blocks
out. Headings are in the PDF's outline (bookmarks); every page has the DRAFT marking, and
the school, the meeting and "Page N of M" in its footer; tables repeat their header row on
each page and wrap long text. User text in a paragraph goes through `escape_text` (escaped,
control characters removed), so nothing typed can become reportlab markup; a table cell of
one short line is drawn as a string, which is never markup (`plain`: control characters
removed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from stoke_governor import APP_NAME
from stoke_governor.files.workbooks import atomic_output
from stoke_governor.meetings.minutes import MinutesRecord
from stoke_governor.reports import minutes_content as content
from stoke_governor.reports.common import ExportCancelled, escape_text, plain
from stoke_governor.reports.page_count import counting_canvas, draw_page_label, page_label

MARGIN = 18 * mm
FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK, MUTED, DRAFT_RED = (
    colors.HexColor("#1b1b1b"),
    colors.HexColor("#555555"),
    colors.HexColor("#9b1c1c"),
)
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e9ef")
PAGE_CANVAS = counting_canvas(FONT, 8, MUTED)

BODY = ParagraphStyle(
    "Body", fontName=FONT, fontSize=10, leading=13, textColor=INK, alignment=TA_LEFT, spaceAfter=4
)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8.5, leading=10.5, spaceAfter=0)
CELL_HEAD = ParagraphStyle("CellHead", parent=SMALL, fontName=BOLD)
ENTRY = ParagraphStyle("Entry", parent=BODY, leftIndent=10, spaceAfter=2)
QUESTION = ParagraphStyle("Question", parent=ENTRY, spaceBefore=5, leading=13.5)
MARK = ParagraphStyle(
    "Mark",
    parent=BODY,
    fontName=BOLD,
    fontSize=11,
    leading=14,
    textColor=DRAFT_RED,
    borderColor=DRAFT_RED,
    borderWidth=1,
    borderPadding=5,
    spaceAfter=12,
)
CHECK = ParagraphStyle(
    "Check",
    parent=BODY,
    textColor=DRAFT_RED,
    borderColor=DRAFT_RED,
    borderWidth=0.75,
    borderPadding=5,
    spaceBefore=2,
    spaceAfter=12,
)
SIGNATURE = ParagraphStyle("Signature", parent=BODY, spaceBefore=24)
# The heading of each outline level: font size, leading, space before and space after.
HEADINGS = {
    level: ParagraphStyle(
        f"Heading{level + 1}",
        parent=BODY,
        fontName=BOLD,
        fontSize=size,
        leading=leading,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
    )
    for level, (size, leading, before, after) in enumerate(
        ((17, 21, 4, 6), (13, 16, 12, 5), (11, 14, 9, 3))
    )
}

Progress = Callable[[int, int, str], None]


class Para(Paragraph):
    """A paragraph that breaks its lines once for a width (they depend on it alone), where
    reportlab breaks them each time it wraps: a table wraps a cell to measure, split and
    draw it, a heading kept with the next paragraph is wrapped with it and then alone."""

    _wrapped: tuple | None = None  # (width, the lines broken for it, the size)

    def wrap(self, availWidth, availHeight):
        done = self._wrapped
        if done and done[0] == availWidth and getattr(self, "blPara", None) is done[1]:
            return done[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara, size)
        return size


class Heading(Para):
    """A heading: its own style, and an entry in the PDF's outline at `level`."""

    outline_level: int | None = None  # the parts of a split heading have none

    def __init__(self, text, style=None, *args, level: int | None = None, **kwargs):
        if level is not None:  # a new heading (a split calls this with reportlab's arguments)
            self.outline_text = plain(text).strip()[:200] or "Untitled"
            self.outline_level = level
            text, style = escape_text(text), HEADINGS[level]
        super().__init__(text, style, *args, **kwargs)


class _MinutesDoc(BaseDocTemplate):
    def __init__(self, filename, record: MinutesRecord, total: int, progress, cancelled):
        self.record, self.total, self.done = record, total, 0
        self.progress, self.cancelled = progress, cancelled
        self.heading_count = 0
        super().__init__(
            str(filename),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN + 4 * mm,
            title=content.document_title(record),
            author=content.document_author(record),
            subject=content.document_subject(record),
            creator=APP_NAME,
            lang="en-GB",
            displayDocTitle=1,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.canv.showOutline()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Heading) and flowable.outline_level is not None:
            self.heading_count += 1
            key = f"h{self.heading_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_text, key, level=flowable.outline_level, closed=False
            )
        self.done += 1
        if self.cancelled and self.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        if self.progress and self.done % 25 == 0:
            self.progress(min(self.done, self.total), self.total, "Laying out the minutes")

    def _decorate(self, canv: Canvas, doc) -> None:
        """Header marking and footer (school, meeting, page N of M) on every page."""
        r = self.record
        canv.saveState()
        width, _height = A4
        top = A4[1] - MARGIN + 2 * mm
        canv.setFont(BOLD, 8.5)
        canv.setFillColor(DRAFT_RED)
        canv.drawRightString(width - MARGIN, top, content.page_marking(r))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        bottom = MARGIN - 2 * mm
        canv.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        page_text, right_start = page_label(canv, width - MARGIN, FONT, 8)
        left = content.page_footer(r)
        room = right_start - MARGIN - 12
        while left and stringWidth(left, FONT, 8) > room:
            left = left[: int(len(left) * 0.9)].rstrip() + "…"
            if len(left) < 4:
                break
        canv.drawString(MARGIN, bottom, left)
        draw_page_label(canv, page_text, right_start, bottom, FONT, 8)
        canv.restoreState()


CELL_PADDING = 4  # left and right, in points


def _table(block: content.Table) -> Table:
    """A table that wraps its text and repeats its header row on every page."""
    widths = [w * mm for w in block.widths_mm]
    data = [
        [_cell((content.Run(h),), w, CELL_HEAD) for h, w in zip(block.header, widths, strict=True)],
        *(
            [_cell(runs, w, SMALL) for runs, w in zip(row, widths, strict=True)]
            for row in block.rows
        ),
    ]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, SMALL.fontSize, SMALL.leading),
                ("FONT", (0, 0), (-1, 0), BOLD, SMALL.fontSize, SMALL.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _cell(runs: content.Runs, width: float, style: ParagraphStyle) -> str | Paragraph:
    """A cell: a string the table draws itself when it is one plain run that fits on one line
    (in the row's font, bold in the header), which looks as the paragraph would but needs no
    markup parsed nor lines broken; else a paragraph that wraps."""
    if len(runs) == 1 and not (runs[0].bold or runs[0].muted or runs[0].flag):
        text = plain(runs[0].text)
        if (
            text
            and text == " ".join(text.split())  # as a paragraph would show it: one line
            and "\xad" not in text  # a paragraph hides a soft hyphen where it breaks no line
            and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING
        ):
            return text
    return Para(runs_markup(runs), style)


STYLES = {
    "body": BODY,
    "entry": ENTRY,
    "question": QUESTION,
    "small": SMALL,
    "mark": MARK,
    "check": CHECK,
    "signature": SIGNATURE,
}


def runs_markup(runs: content.Runs) -> str:
    """Runs of text as reportlab markup: bold, muted and flagged runs in their own look."""
    out = []
    for r in runs:
        piece = escape_text(r.text)
        if r.bold:
            piece = f"<b>{piece}</b>"
        if r.muted:
            piece = f"<font color='#555555'>{piece}</font>"
        if r.flag:
            piece = f"<font color='#9b1c1c'>{piece}</font>"
        out.append(piece)
    return "".join(out)


def _flowables(block: content.Block) -> list:
    if isinstance(block, content.Heading):
        return [Heading(block.text, level=block.level)]
    if isinstance(block, content.Table):
        return [_table(block), Spacer(1, 4)]
    shown = runs_markup(block.runs)
    if block.style == "signature":  # the gap between the two lines to sign on
        shown = shown.replace("    ", "&nbsp;" * 6)
    return [Para(shown, STYLES[block.style])]


def _story(r: MinutesRecord) -> list:
    return [f for block in content.minutes_blocks(r) for f in _flowables(block)]


def write_minutes_pdf(
    record: MinutesRecord,
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the minutes to `path` (replaced in one step; never half a file); the path."""
    path = Path(path)
    story = _story(record)
    if progress:
        progress(0, len(story), "Laying out the minutes")
    with atomic_output(path) as tmp:
        doc = _MinutesDoc(tmp, record, len(story), progress, cancelled)
        doc.build(story, canvasmaker=PAGE_CANVAS)
    if progress:
        progress(len(story), len(story), "Saved")
    return path
