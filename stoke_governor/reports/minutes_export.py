"""The clerk's exports for one board: the draft minutes of a meeting (PDF) and the action log
(XLSX), each with one sentence saying what was written."""

from __future__ import annotations

import datetime as dt

from stoke_governor.reports.common import Exported


def export_minutes(
    store,
    urn: int,
    path,
    *,
    meeting_id: int | None = None,
    progress=None,
    cancelled=None,
    today: dt.date | None = None,
) -> Exported:
    """The draft minutes of one of this board's meetings (default: the latest held) as a PDF."""
    from stoke_governor.meetings.minutes import latest_meeting, minutes_record
    from stoke_governor.reports.minutes_pdf import long_date, write_minutes_pdf

    if meeting_id is None:
        meeting_id = latest_meeting(store, urn, today).id
    record = minutes_record(store, meeting_id, urn=urn, today=today)
    written = write_minutes_pdf(record, path, progress=progress, cancelled=cancelled)
    return Exported(
        written,
        f"Saved the draft minutes of the {record.title} on {long_date(record.meeting.held_on)} "
        f"({record.entry_count} challenge question(s), {len(record.actions)} action(s)) "
        f"to {written}.",
    )


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
    from stoke_governor.reports.minutes_pdf import long_date
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
