"""The clerk's exports for one board: the draft minutes of a meeting (PDF, or Word to edit)
and the action log (XLSX), each with one sentence saying what was written."""

from __future__ import annotations

import datetime as dt

from stoke_governor.reports.common import Exported

MINUTES_FORMATS = {"pdf": "PDF", "docx": "Word document"}


def export_minutes(
    store,
    urn: int,
    path,
    *,
    meeting_id: int | None = None,
    fmt: str = "pdf",
    progress=None,
    cancelled=None,
    today: dt.date | None = None,
) -> Exported:
    """The draft minutes of one of this board's meetings (default: the latest held) as a PDF
    for the chair (`fmt` 'pdf') or a Word document the clerk edits ('docx'). The summary
    ends with anything to check before sending, one line each (an action due before the
    meeting that set it)."""
    from stoke_governor.meetings.minutes import latest_meeting, minutes_record
    from stoke_governor.reports.common import long_date

    if fmt not in MINUTES_FORMATS:
        raise ValueError(f"minutes are written as {' or '.join(MINUTES_FORMATS)}, not {fmt}")
    if meeting_id is None:
        meeting_id = latest_meeting(store, urn, today).id
    record = minutes_record(store, meeting_id, urn=urn, today=today)
    if fmt == "docx":
        from stoke_governor.reports.minutes_docx import write_minutes_docx as write
    else:
        from stoke_governor.reports.minutes_pdf import write_minutes_pdf as write
    written = write(record, path, progress=progress, cancelled=cancelled)
    declared = len(record.declarations)
    summary = (
        f"Saved the draft minutes of the {record.title} on {long_date(record.meeting.held_on)} "
        f"as a {MINUTES_FORMATS[fmt]} ({record.entry_count} challenge question(s), "
        f"{len(record.actions)} action(s), {declared} declaration(s) of interest) to {written}."
    )
    checks = "".join(f"\nCheck: {w}" for w in record.warnings)
    return Exported(written, summary + checks)


def export_action_log(
    store,
    urn: int,
    path,
    *,
    meeting_id: int | None = None,
    progress=None,
    cancelled=None,
    today: dt.date | None = None,
) -> Exported:
    """The board's action log (or one meeting's) as an XLSX workbook."""
    from stoke_governor.board.governors import get_board
    from stoke_governor.meetings.minutes import action_log, board_meeting, meeting_title
    from stoke_governor.reports.action_log import write_action_log
    from stoke_governor.reports.common import long_date
    from stoke_governor.schools.register import get_school

    school = get_school(store, urn)
    rows = action_log(store, urn, meeting_id=meeting_id, today=today)
    scope = "every meeting"
    if meeting_id is not None:
        m = board_meeting(store, urn, meeting_id)
        scope = f"the {meeting_title(m)} on {long_date(m.held_on)}"
    board = get_board(store, urn)
    written = write_action_log(
        rows,
        path,
        school=school.name,
        urn=urn,
        demo=bool(board and board.demo),
        scope=scope,
        today=today,
        progress=progress,
        cancelled=cancelled,
    )
    overdue = sum(1 for r in rows if r.overdue)
    return Exported(
        written,
        f"Saved the action log ({len(rows)} action(s) from {scope}, {overdue} overdue) "
        f"to {written}.",
    )
