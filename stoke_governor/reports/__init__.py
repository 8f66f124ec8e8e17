"""Documents the app writes for people: the minutes PDF and the action-log workbook.

Shared here: making user text safe for reportlab's markup, writing a file so that a crash
or a cancel never leaves half of it, and the exception a cancelled export raises.
reportlab and openpyxl are imported only inside the writers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.files.workbooks import atomic_output  # noqa: F401 (part of this package's interface)

# Control characters (tab and newline handled apart), lone surrogates and non-characters:
# reportlab cannot draw them and some break its parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


MAX_TEXT = 4000  # characters of one field shown in a document


class ExportCancelled(StokeGovernorError):
    """The user stopped an export; nothing was written."""


def plain(text: object) -> str:
    """User text as plain text for a document: control characters removed, tabs as spaces,
    line endings as newlines."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value)


def markup(text: object, limit: int = MAX_TEXT) -> str:
    """User text for a reportlab Paragraph: escaped, so `<`, `&` and tags stay text; line
    breaks kept; a run of more than LONG_RUN characters without a space broken into pieces
    (reportlab would break it too, but its cost grows with the square of the length).
    Text longer than `limit` is shortened, saying so: pages of one field help no reader
    and reportlab's time grows with the square of a paragraph's length."""
    value = plain(text).strip()
    if len(value) > limit:
        value = (
            f"{value[: limit - 1].rstrip()}… [shortened here: {len(value):,} characters "
            "in full in the app]"
        )
    value = _LONG_RUN.sub(lambda m: _pieces(m.group()), value)
    return escape(value).replace("\n", "<br/>")


LONG_RUN = 200
PIECE = 30
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def _pieces(word: str) -> str:
    return " ".join(word[i : i + PIECE] for i in range(0, len(word), PIECE))


class Exported(NamedTuple):
    path: Path
    summary: str  # one sentence: what was written, for the user


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
