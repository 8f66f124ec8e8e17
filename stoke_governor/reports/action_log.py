"""The action log as an Excel workbook: every follow-up action, its owner, due date and status.

Sheet "Actions": one row per action, numbered as the meeting's minutes number it ("5.1"),
from a challenge question or from a decision; a frozen header row, filters, wrapped text,
column widths from the content (capped), dates as real dates, and an "Overdue" column (so
it survives printing in black and white and filtering). Sheet "About": what the workbook
holds and when it was made. Every text a user typed goes through `workbooks.set_text`, so
nothing typed becomes a formula; the file is saved in one step (`save_atomically`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from stoke_governor import APP_NAME
from stoke_governor.files.workbooks import safe_text, save_atomically, set_text
from stoke_governor.meetings.minutes import ActionRow, status_label, view_label
from stoke_governor.reports.common import ExportCancelled

ACTIONS_SHEET, ABOUT_SHEET = "Actions", "About"
# (header, width cap, kind): kind "date" cells hold real dates; "text" wraps.
COLUMNS = (
    ("Action no.", 10, "text"),
    ("Meeting date", 13, "date"),
    ("Meeting", 20, "text"),
    ("Agenda item", 22, "text"),
    ("Question", 42, "text"),
    ("Asked by", 16, "text"),
    ("Follow-up action", 42, "text"),
    ("Owner", 16, "text"),
    ("Due", 13, "date"),
    ("Status", 12, "text"),
    ("Overdue", 10, "text"),
    ("Board's view", 14, "text"),
    ("Impact seen later", 30, "text"),
)
DATE_FORMAT = "d mmm yyyy"
FROM_DECISION = "(arises from a decision, not a question)"
FONT = "Calibri"  # openpyxl's default for cells; bold text in the same face
ABOUT_WIDTH = 70
HEADER_FILL, OVERDUE_FILL, DEMO_COLOUR = "DCE3EA", "F9DCC4", "9B1C1C"

Progress = Callable[[int, int, str], None]


def _values(row: ActionRow) -> list:
    a, c = row.action, row.action.challenge
    return [
        a.number,
        _date(a.meeting_held_on),
        row.meeting_title or "Outside a meeting",
        row.agenda_item or "",
        c.question if c else FROM_DECISION,
        c.asker if c else "",
        a.text,
        a.owner or "",
        _date(a.due_on),
        status_label(a.status),
        "Overdue" if row.overdue else "",
        view_label(c) if c and c.board_view else "",
        (c.impact or "") if c else "",
    ]


def _date(iso: str | None):
    """A real date for Excel, or the text as stored when it is not one."""
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return iso


def write_action_log(
    rows: list[ActionRow],
    path: str | Path,
    *,
    school: str,
    urn: int,
    demo: bool = False,
    scope: str = "every meeting",
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the action log to `path` (saved in one step); the path. `scope` says what it
    covers, e.g. 'every meeting' or 'the meeting on 15 October 2026'."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    today = today or dt.date.today()
    wb = Workbook()
    ws = wb.active
    ws.title = ACTIONS_SHEET
    bold = Font(name=FONT, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for col, (header, _cap, _kind) in enumerate(COLUMNS, 1):
        cell = set_text(ws.cell(1, col), header)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [min(len(header) + 2, cap) for header, cap, _kind in COLUMNS]
    overdue_fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    total = len(rows)
    lengths: list[list[int]] = []  # per row, each text cell's longest run, for row heights
    for n, row in enumerate(rows, 2):
        lengths.append([0] * len(COLUMNS))
        if cancelled and cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        for col, ((_header, cap, kind), value) in enumerate(
            zip(COLUMNS, _values(row), strict=True), 1
        ):
            cell = ws.cell(n, col)
            if kind == "date" and isinstance(value, dt.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
                cell.alignment = top
                width = 12
            else:
                set_text(cell, value)
                cell.alignment = wrap
                text = safe_text(value)
                width = max((len(line) for line in text.splitlines()), default=0) + 2
                lengths[-1][col - 1] = len(text) + 8 * text.count("\n")
            widths[col - 1] = max(widths[col - 1], min(width, cap))
        if row.overdue:
            for col in (9, 11):
                ws.cell(n, col).fill = overdue_fill
            ws.cell(n, 11).font = bold
        if progress and (n - 1) % 50 == 0:
            progress(n - 1, total, "Writing the action log")
    if not rows:
        set_text(ws.cell(2, 1), f"No follow-up actions are recorded for {scope}.")
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = 30
    for n, per_cell in enumerate(lengths, 2):
        ws.row_dimensions[n].height = row_height(per_cell, widths)
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{max(len(rows), 1) + 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = _header_text(f"{school} — action log")
    ws.oddFooter.left.text = f"Made {today.isoformat()}"
    ws.oddFooter.right.text = "Page &P of &N"

    _about(
        wb.create_sheet(ABOUT_SHEET),
        rows,
        school=school,
        urn=urn,
        demo=demo,
        scope=scope,
        today=today,
    )
    wb.properties.title = safe_text(f"Action log: {school}")[:200]
    wb.properties.creator = APP_NAME
    wb.active = 0
    if cancelled and cancelled():
        raise ExportCancelled("The export was cancelled; no file was written.")
    saved = save_atomically(wb, path)
    if progress:
        progress(total, total, "Saved")
    return saved


def row_height(lengths: Sequence[int], widths: Sequence[float], *, line: float = 15.0) -> float:
    """Points for a row whose wrapped cells hold this many characters: Excel and LibreOffice
    do not grow a row written by openpyxl themselves. Capped at Excel's maximum (409)."""
    lines = max(
        (math.ceil(n / max(w * 1.15 - 1, 1)) for n, w in zip(lengths, widths, strict=True)),
        default=1,
    )
    return min(409.0, max(1, lines) * line)


def _header_text(text: str) -> str:
    """Text for a printed header: '&' is a header code, so it is doubled; kept short."""
    return safe_text(text).replace("&", "&&")[:120]


def _about(
    ws, rows: list[ActionRow], *, school: str, urn: int, demo: bool, scope: str, today: dt.date
) -> None:
    from openpyxl.styles import Alignment, Font

    open_count = sum(1 for r in rows if r.action.status in ("open", "in progress"))
    overdue = sum(1 for r in rows if r.overdue)
    lines = [
        ("Action log", f"{school} (URN {urn})"),
        (
            "Covers",
            f"Follow-up actions from the board's challenge questions and decisions, {scope}.",
        ),
        (
            "Action no.",
            "The number the meeting's minutes give the action: 5.1 is the first action "
            "agreed under agenda item 5.",
        ),
        ("Made", f"{today.day} {today:%B %Y} with {APP_NAME}."),
        ("Actions", f"{len(rows)} in all; {open_count} still open; {overdue} overdue."),
        (
            "Overdue",
            "Still open (or in progress) after the due date: marked in the Overdue "
            "column, so it shows when printed and can be filtered.",
        ),
        (
            "Filters",
            "Use the arrows in the Actions sheet's header row to filter by status, "
            "owner or meeting.",
        ),
    ]
    if demo:
        lines.insert(0, ("DEMO", "Made from the app's demo board: the people are not real."))
    for n, (label, text) in enumerate(lines, 1):
        set_text(ws.cell(n, 1), label).font = Font(name=FONT, bold=True)
        cell = set_text(ws.cell(n, 2), text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(n, 1).alignment = Alignment(vertical="top")
        ws.row_dimensions[n].height = row_height([len(text)], [ABOUT_WIDTH])
        if label == "DEMO":
            ws.cell(n, 1).font = cell.font = Font(name=FONT, bold=True, color=DEMO_COLOUR)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = ABOUT_WIDTH
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
