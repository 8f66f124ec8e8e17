"""The minutes of a meeting as a PDF the clerk can send to the chair: A4, real text.

Layout: a DRAFT marking, the meeting's heading, attendance and quorum, matters arising
from earlier meetings, each agenda item with its challenge questions (question, response,
the board's view, any action) and decisions, a summary of decisions, the table of actions
and a line for the chair's signature. Headings are in the PDF's outline (bookmarks); every
page has the school, the meeting and "Page N of M" in its footer; tables repeat their
header row on each page and wrap long text. All user text goes through `markup` (escaped,
control characters removed), so nothing typed can become reportlab markup.
"""

from __future__ import annotations

import datetime as dt
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
from stoke_governor.meetings.minutes import (
    ATTENDANCE_LABELS,
    MinutesRecord,
    has_action,
    numbered,
    status_label,
    view_label,
)
from stoke_governor.reports.common import MAX_TEXT, ExportCancelled, markup, plain
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
SHORT_FIELD = 300
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


class Heading(Paragraph):
    """A heading: its own style, and an entry in the PDF's outline at `level`."""

    outline_level: int | None = None  # the parts of a split heading have none

    def __init__(self, text, style=None, *args, level: int | None = None, **kwargs):
        if level is not None:  # a new heading (a split calls this with reportlab's arguments)
            self.outline_text = plain(text).strip()[:200] or "Untitled"
            self.outline_level = level
            text, style = markup(text, SHORT_FIELD), HEADINGS[level]
        super().__init__(text, style, *args, **kwargs)


def long_date(iso: str | None) -> str:
    """'Thursday 8 October 2026'; text that is not a date is shown as it is."""
    try:
        d = dt.date.fromisoformat(iso or "")
    except ValueError:
        return plain(iso) or "date not recorded"
    return f"{d:%A} {d.day} {d:%B %Y}"


def short_date(iso: str | None) -> str:
    try:
        d = dt.date.fromisoformat(iso or "")
    except ValueError:
        return plain(iso)
    return f"{d.day} {d:%b %Y}"


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
            title=f"{'DEMO - ' if record.demo else ''}Draft minutes: {plain(record.title)}, "
            f"{record.meeting.held_on} - {plain(record.school)}",
            author=plain(record.meeting.clerk) or plain(record.board),
            subject=f"Draft minutes of the meeting of {plain(record.board)} held on "
            f"{long_date(record.meeting.held_on)}, for approval",
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
        marking = "DRAFT minutes — for approval"
        if r.demo:
            marking = "DEMO BOARD (example data) — " + marking
        canv.drawRightString(width - MARGIN, top, marking)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        bottom = MARGIN - 2 * mm
        canv.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        page_text, right_start = page_label(canv, width - MARGIN, FONT, 8)
        left = f"{plain(r.school)} — {plain(r.title)}, {long_date(r.meeting.held_on)}"
        left = " ".join(left.split())
        room = right_start - MARGIN - 12
        while left and stringWidth(left, FONT, 8) > room:
            left = left[: int(len(left) * 0.9)].rstrip() + "…"
            if len(left) < 4:
                break
        canv.drawString(MARGIN, bottom, left)
        draw_page_label(canv, page_text, right_start, bottom, FONT, 8)
        canv.restoreState()


def _table(header: list[str], rows: list[list], widths_mm: list[float]) -> Table:
    """A table that wraps its text and repeats its header row on every page."""
    data = [[Paragraph(h, CELL_HEAD) for h in header], *rows]
    table = Table(
        data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _cell(text: object, fallback: str = "", limit: int = SHORT_FIELD) -> Paragraph:
    """A table cell. Short fields (names, owners, dates) are cut at SHORT_FIELD characters:
    a narrow column would otherwise run for pages."""
    shown = markup(text, limit)
    return Paragraph(shown or fallback, SMALL)


def _story(r: MinutesRecord) -> list:
    m = r.meeting
    story: list = []
    marking = "DRAFT minutes — for approval by the next meeting"
    if r.demo:
        marking = (
            "DEMO BOARD — these minutes are an example made from the app's demo data; the "
            "people and questions are not real. " + marking
        )
    story.append(Paragraph(marking, MARK))
    story.append(Heading(f"Minutes: {plain(r.title)}", level=0))
    when = long_date(m.held_on) + (f" at {plain(m.starts_at)}" if m.starts_at else "")
    details = [
        f"<b>{markup(r.board)}</b>",
        f"{markup(r.school)} (URN {r.urn})",
        f"Held on {markup(when)}" + (f", {markup(m.location)}" if m.location else ""),
    ]
    story.append(Paragraph("<br/>".join(details), BODY))

    story.append(Heading("Attendance and quorum", level=1))
    if r.attendance:
        rows = [
            [
                _cell(a.name),
                _cell(_category(a.category)),
                _cell(", ".join(a.roles), "—"),
                _cell(ATTENDANCE_LABELS.get(a.status, a.status)),
            ]
            for a in r.attendance
        ]
        story.append(_table(["Name", "Category", "Role", "Attendance"], rows, [58, 48, 38, 30]))
    else:
        story.append(Paragraph("No attendance has been recorded for this meeting.", BODY))
    story.append(Spacer(1, 4))
    story.append(Paragraph(f"<b>Quorum:</b> {markup(r.quorum.explanation)}", BODY))
    if m.in_attendance:
        story.append(Paragraph(f"<b>Also in attendance:</b> {markup(m.in_attendance)}", BODY))
    story.append(Paragraph(f"<b>Clerk:</b> {markup(m.clerk) or 'not recorded'}", BODY))

    story.append(Heading("Matters arising from earlier meetings", level=1))
    if r.matters_arising:
        rows = [
            [
                _cell(short_date(a.meeting_held_on) or "Outside a meeting"),
                Paragraph(
                    f"{markup(a.action)}<br/><font color='#555555'>Question: "
                    f"{markup(a.question)}</font>",
                    SMALL,
                ),
                _cell(a.action_owner, "—"),
                _cell(
                    (short_date(a.due_on) or "—") + (" (overdue)" if a.overdue(r.made_on) else "")
                ),
                _cell(status_label(a.status)),
            ]
            for a in r.matters_arising
        ]
        story.append(
            _table(["From meeting", "Action", "Owner", "Due", "Status"], rows, [24, 82, 28, 21, 19])
        )
    else:
        story.append(Paragraph("No open actions were carried forward from earlier meetings.", BODY))

    story.append(Heading("Agenda items", level=1))
    if not r.items:
        story.append(Paragraph("No agenda items were recorded for this meeting.", BODY))
    for item in r.items:
        story.extend(_item(item))

    story.append(Heading("Decisions", level=1))
    if r.decisions:
        for number, title, decisions in r.decisions:
            story.append(
                Paragraph(
                    f"<b>Item {markup(number)}, {markup(title)}:</b> {markup(decisions)}", BODY
                )
            )
    else:
        story.append(Paragraph("No decisions recorded.", BODY))

    story.append(Heading("Actions agreed", level=1))
    if r.actions:
        rows = [
            [
                _cell(number),
                _cell(e.action, limit=MAX_TEXT),
                _cell(e.action_owner, "—"),
                _cell(short_date(e.due_on) or "—"),
                _cell(status_label(e.status)),
            ]
            for number, e in r.actions
        ]
        story.append(
            _table(["Question", "Action", "Owner", "Due", "Status"], rows, [17, 86, 30, 22, 19])
        )
    else:
        story.append(Paragraph("No actions were agreed at this meeting.", BODY))

    story.append(Spacer(1, 24))
    story.append(
        Paragraph(
            "Signed (chair): ________________________________&nbsp;&nbsp;&nbsp;"
            "Date: ________________",
            BODY,
        )
    )
    story.append(
        Paragraph(
            f"Prepared with {APP_NAME} on {long_date(r.made_on.isoformat())}. "
            f"{r.entry_count} challenge question(s) recorded at this meeting.",
            SMALL,
        )
    )
    return story


def _category(key: str) -> str:
    from stoke_governor.board.governors import CATEGORIES

    return CATEGORIES.get(key, key)


def _item(item) -> list:
    title = f"{item.number}. {plain(item.title)}" if item.number else plain(item.title)
    out: list = [Heading(title, level=2)]
    if item.notes:
        out.append(Paragraph(markup(item.notes), BODY))
    for number, e in numbered(item):
        about = [plain(x) for x in (e.priority_label, e.measure_label) if (x or "").strip()]
        asked = f"asked by {markup(e.asker)}" if markup(e.asker) else "asker not recorded"
        extra = f"; {markup(', '.join(about))}" if about else ""
        parts = [f"<b>Question {number}</b> ({asked}{extra}): {markup(e.question)}"]
        response = markup(e.response)
        if response:
            who = f" ({markup(e.responder, SHORT_FIELD)})" if markup(e.responder) else ""
            parts.append(f"<b>Response{who}:</b> {response}")
        else:
            parts.append("<b>Response:</b> no response recorded.")
        line = f"<b>Board's view:</b> {view_label(e)}."
        if has_action(e):
            owner = f"; owner {markup(e.action_owner, SHORT_FIELD)}" if e.action_owner else ""
            due = f"; due {short_date(e.due_on)}" if e.due_on else ""
            line += f" <b>Action:</b> {markup(e.action)} ({status_label(e.status)}{owner}{due})."
        parts.append(line)
        # one paragraph per question: quicker to lay out than three kept together, and
        # reportlab never leaves a single line of it at the foot of a page
        out.append(Paragraph("<br/>".join(parts), QUESTION))
    if not item.entries and item.number:
        out.append(Paragraph("No challenge questions were recorded under this item.", ENTRY))
    if item.number:
        decisions = markup(item.decisions)
        out.append(Paragraph(f"<b>Decisions:</b> {decisions or 'No decisions recorded.'}", BODY))
    return out


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
