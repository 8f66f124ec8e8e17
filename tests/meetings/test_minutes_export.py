"""The clerk's exports: the minutes PDF and the action-log workbook, from the domain and
the command line, with hostile text typed anywhere."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from stoke_governor.board import governors as board
from stoke_governor.challenges import log as challenges
from stoke_governor.core.errors import MeetingError
from stoke_governor.meetings import attendance, meetings
from stoke_governor.meetings.minutes import (
    action_log,
    action_log_file_name,
    minutes_file_name,
    minutes_record,
)
from stoke_governor.reports.common import ExportCancelled, markup
from stoke_governor.reports.minutes_export import export_action_log, export_minutes
from tests.meeting_board import build_meeting

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
TODAY = dt.date(2026, 11, 20)
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "-2+3",
    "<b>x</b> <img src='/etc/passwd'/>",
    "\t\x01\x07tab & bell",
]
LONG_WORD = "W" * 20_000


def pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.fixture
def meeting(store):
    return build_meeting(store, URN)


def test_minutes_record_gathers_the_meeting(store, meeting):
    r = minutes_record(store, meeting, urn=URN, today=TODAY)
    assert [i.title for i in r.items] == ["Welcome", "Attendance", "Any other business"]
    assert len(r.items[1].entries) == 2 and r.entry_count == 2
    assert [a.number for a in r.actions] == ["2.1"]
    assert r.quorum == attendance.quorum(store, meeting)  # the one rule, from meetings
    assert [m.action for m in r.matters_arising] == ["Bring the reading plan"]
    assert r.decisions == [("2", "Attendance", "The board agreed a new target.")]
    assert minutes_file_name(r.meeting) == "2026-10-08_Full-governing-board_minutes.pdf"


def test_minutes_pdf_reads_as_minutes(store, meeting, tmp_path):
    out = export_minutes(store, URN, tmp_path / "m.pdf", meeting_id=meeting, today=TODAY)
    text = pdf_text(out.path)
    for expected in (
        "DRAFT minutes",
        "Attendance and quorum",
        "Quorate: 3 present, 2 needed",
        "Matters arising from earlier meetings",
        "Bring the reading plan",
        "2. Attendance",
        "Why is absence above the city's?",
        "Illness in Year 9.",
        "Partly satisfied",
        "Report absence by year group",
        "Actions agreed",
        "The board agreed a new target.",
        "No decisions recorded",
        "Page 1 of",
        "Signed (chair)",
    ):
        assert expected in text, expected
    assert "DEMO" not in text
    assert "8 Oct" in out.summary or "October 2026" in out.summary


def test_minutes_table_cells_read_as_typed(store, tmp_path):
    """Short cells and long ones read alike: text as typed (no markup), a soft hyphen
    hidden where no line breaks, a long owner wrapped within its column."""
    mid = meetings.add_meeting(store, URN, "2026-10-08", title="Cells", agenda=["One"])
    item = meetings.agenda(store, mid)[0].id
    owners = ["A&B <c>", "Ann\xadMarie", "Chair of the teaching and learning committee"]
    for owner in owners:
        challenges.add_challenge(
            store,
            URN,
            question=f"Who does it for {owner}?",
            action="Report back",
            action_owner=owner,
            meeting_id=mid,
            agenda_item_id=item,
            asked_on="2026-10-08",
            due_on="2026-12-01",
        )
    out = export_minutes(store, URN, tmp_path / "c.pdf", meeting_id=mid, today=TODAY)
    table = pdf_text(out.path).split("Actions agreed")[-1]
    assert "A&B <c>" in table
    assert "AnnMarie" in table and "Ann-Marie" not in table
    rows = [line for line in table.splitlines() if "Report back" in line]
    assert len(rows) == 3 and "Chair of the teaching and learning committee" not in table
    assert "committee" in table


def test_minutes_pdf_has_outline_and_metadata(store, meeting, tmp_path):
    path = tmp_path / "m.pdf"
    export_minutes(store, URN, path, meeting_id=meeting, today=TODAY)
    raw = path.read_bytes()
    assert b"/Outlines" in raw and b"(Attendance and quorum)" in raw
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Draft minutes" in info and "A4" in info


def test_hostile_text_stays_text_everywhere(store, tmp_path):
    mid = meetings.add_meeting(
        store,
        URN,
        "2026-10-08",
        title=HOSTILE[4],
        location=HOSTILE[0],
        agenda=[HOSTILE[5], LONG_WORD],
    )
    item = meetings.agenda(store, mid)[0].id
    for text in HOSTILE + [LONG_WORD]:
        challenges.add_challenge(
            store,
            URN,
            question=text,
            response=text,
            action=text,
            action_owner=text,
            asked_by_name=text,
            meeting_id=mid,
            agenda_item_id=item,
            impact=text,
            asked_on="2026-10-08",
            due_on="2026-10-01",
        )
    pdf = export_minutes(store, URN, tmp_path / "h.pdf", meeting_id=mid, today=TODAY).path
    text = pdf_text(pdf)
    assert "<b>x</b> <img src='/etc/passwd'/>" in text
    assert "=cmd|' /C calc'!A0" in text and "@SUM(1)" in text
    assert "tab & bell" in text
    assert "WWWWWWWWWW" in text and "shortened here: 20,000 characters" in text
    assert b"/etc/passwd" not in pdf.read_bytes().split(b"stream")[0]  # nothing embedded
    assert b"/Subtype /Image" not in pdf.read_bytes()

    from openpyxl import load_workbook

    path = export_action_log(store, URN, tmp_path / "h.xlsx", today=TODAY).path
    ws = load_workbook(path)["Actions"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value for c in cells}
    assert "=cmd|' /C calc'!A0" in values and "+1" in values and "@SUM(1)" in values
    assert "tab & bell" in {v.strip() for v in values if isinstance(v, str)}


def test_markup_escapes_and_strips_controls():
    assert markup("<b>&\x07\tx\r\ny") == "&lt;b&gt;&amp; x<br/>y"


def test_action_log_workbook_opens_cleanly(store, meeting, tmp_path):
    from openpyxl import load_workbook

    rows = action_log(store, URN, today=TODAY)
    assert [r.action.text for r in rows] == [
        "Bring the reading plan",
        "Report absence by year group",
    ]
    assert all(r.overdue for r in rows)
    name = action_log_file_name(URN, "Co-op Academy Stoke-On-Trent", TODAY)
    assert name == "136102_Co-op-Academy-Stoke-On-Trent_action-log_2026-11-20.xlsx"
    path = export_action_log(store, URN, tmp_path / name, today=TODAY).path
    wb = load_workbook(path)
    ws = wb["Actions"]
    assert wb.sheetnames == ["Actions", "About"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:M3"
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Action no.", "Meeting date"] and "Overdue" in header
    assert isinstance(ws["B2"].value, dt.datetime)  # a real date
    assert ws.cell(3, header.index("Overdue") + 1).value == "Overdue"
    assert all(ws.column_dimensions[c].width <= 42 for c in "ABCDEFGHIJKLM")


def test_one_meetings_action_log(store, meeting, tmp_path):
    rows = action_log(store, URN, meeting_id=meeting, today=TODAY)
    assert [r.action.text for r in rows] == ["Report absence by year group"]


def test_unknown_or_other_boards_meeting_is_refused(store, meeting, tmp_path):
    other = meetings.add_meeting(store, 124390, "2026-10-01")
    for mid in (9999, other):
        with pytest.raises(MeetingError, match=f"no meeting number {mid}"):
            export_minutes(store, URN, tmp_path / "x.pdf", meeting_id=mid)
    assert not (tmp_path / "x.pdf").exists()


def test_cancelled_export_leaves_no_file(store, meeting, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        export_minutes(store, URN, out / "c.pdf", meeting_id=meeting, cancelled=lambda: True)
    with pytest.raises(ExportCancelled):
        export_action_log(store, URN, out / "c.xlsx", cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_demo_minutes_say_demo(store, tmp_path):
    from stoke_governor.startup.demo import ensure_demo

    ensure_demo(store)
    demo = board.demo_board(store)
    out = export_minutes(store, demo.urn, tmp_path / "d.pdf", today=TODAY)
    assert "DEMO BOARD" in pdf_text(out.path)


def run_cli(db_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "stoke_governor", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
    )


def test_cli_exports(store, db_path, meeting, tmp_path):
    from stoke_governor.schools.register import select_school

    select_school(store, URN)
    ok = run_cli(db_path, "challenge", "export", "--format", "pdf", "-o", tmp_path / "m.pdf")
    assert ok.returncode == 0, ok.stderr
    assert "Saved the draft minutes" in ok.stdout and (tmp_path / "m.pdf").exists()
    ok = run_cli(db_path, "challenge", "export", "--format", "xlsx", "-o", tmp_path / "a.xlsx")
    assert ok.returncode == 0 and "2 action(s) from every meeting" in ok.stdout
    bad = run_cli(
        db_path,
        "challenge",
        "export",
        "--format",
        "pdf",
        "-o",
        tmp_path / "n.pdf",
        "--meeting",
        "424242",
    )
    assert bad.returncode == 1 and "no meeting number 424242" in bad.stderr
    wrong = run_cli(db_path, "challenge", "export", "--format", "pdf", "-o", tmp_path / "n.xlsx")
    assert wrong.returncode == 2 and "ending in .pdf" in wrong.stderr
