"""The draft minutes as a Word document say what the PDF says, in the same order, with
Word's own heading styles; their action numbers are the action log's."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from stoke_governor.challenges.importer import IMPORTED, import_file
from stoke_governor.meetings import meetings
from stoke_governor.meetings.minutes import minutes_record
from stoke_governor.reports import minutes_content as content
from stoke_governor.reports.common import ExportCancelled
from stoke_governor.reports.minutes_export import export_action_log, export_minutes
from tests.meeting_board import add_clerks_minutes, build_meeting

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
TODAY = dt.date(2026, 11, 20)
HEADINGS = [
    ("Heading 1", "Minutes: Full governing board meeting"),
    ("Heading 2", "Attendance and quorum"),
    ("Heading 2", "Declarations of interest"),
    ("Heading 2", "Matters arising from earlier meetings"),
    ("Heading 2", "Agenda items"),
    ("Heading 3", "1. Welcome"),
    ("Heading 3", "2. Attendance"),
    ("Heading 3", "3. Any other business"),
    ("Heading 2", "Decisions"),
    ("Heading 2", "Actions agreed"),
    ("Heading 2", "Close of the meeting"),
]


def words(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def docx_parts(path) -> list[tuple[str, object]]:
    """The document's body in order: (style, text) for each paragraph with text, and
    ("table", rows of cell texts) for each table."""
    from docx import Document
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, object]] = []
    for part in Document(str(path)).iter_inner_content():
        if isinstance(part, Paragraph):
            if part.text.strip():
                out.append((part.style.name, part.text))
        else:
            out.append(("table", [[cell.text for cell in row.cells] for row in part.rows]))
    return out


def docx_text(parts) -> str:
    pieces = []
    for style, value in parts:
        if style == "table":
            pieces += [cell for row in value for cell in row]
        else:
            pieces.append(value)
    return words(" ".join(pieces))


def pdf_text(path, record) -> str:
    """The PDF's text in reading order, without what is printed on every page."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    furniture = {content.page_marking(record), content.page_footer(record)}
    lines = [
        line
        for line in out.stdout.splitlines()
        if line.strip() not in furniture and not re.fullmatch(r"Page \d+ of \d+", line.strip())
    ]
    return words(" ".join(lines))


@pytest.fixture
def meeting(store):
    mid = build_meeting(store, URN)
    add_clerks_minutes(store, URN, mid)
    return mid


def test_docx_and_pdf_say_the_same_in_the_same_order(store, meeting, tmp_path):
    record = minutes_record(store, meeting, urn=URN, today=TODAY)
    pdf = export_minutes(store, URN, tmp_path / "m.pdf", meeting_id=meeting, today=TODAY)
    docx = export_minutes(
        store, URN, tmp_path / "m.docx", meeting_id=meeting, fmt="docx", today=TODAY
    )
    parts = docx_parts(docx.path)
    assert [(s, t) for s, t in parts if str(s).startswith("Heading")] == HEADINGS
    assert docx_text(parts) == pdf_text(pdf.path, record)
    text = docx_text(parts)
    for line in (  # what the clerk looks for, once each
        "Apologies received and accepted: Di Away.",
        "Bo Parent 2. Attendance Pecuniary Spouse works for the attendance contractor",
        "Discussion: The headteacher presented the attendance report.",
        "Action 2.1: Report absence by year group (Open; owner Headteacher; due 1 Nov 2026).",
        "Action 2.2: Clerk to circulate the link to the attendance policy (Open; owner Eve "
        "Clerk; due 1 Oct 2026). [Due before this meeting: check the date.]",
        "The meeting closed at 19:45.",
        "Date of the next meeting: Thursday 10 December 2026.",
        "Signed (chair): ________________________________ Date: ________________",
    ):
        assert text.count(line) == 1, line
    assert "Fay Former" not in text  # her term ended before the meeting
    assert (
        "Check: Action 2.2 is due on 1 Oct 2026"
        in docx.summary
        == pdf.summary.replace("as a PDF", "as a Word document").replace("m.pdf", "m.docx")
    )


def test_docx_is_a4_with_a_draft_header_and_page_numbers(store, meeting, tmp_path):
    from docx import Document

    path = export_minutes(
        store, URN, tmp_path / "m.docx", meeting_id=meeting, fmt="docx", today=TODAY
    ).path
    doc = Document(str(path))
    section = doc.sections[0]
    size = (section.page_width.mm, section.page_height.mm, section.left_margin.mm)
    assert size == pytest.approx((210, 297, 18), abs=0.1)  # A4 (stored in twips)
    assert section.header.paragraphs[0].text == "DRAFT minutes — for approval"
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert doc.core_properties.title.startswith("Draft minutes: Full governing board meeting")
    assert doc.core_properties.language == "en-GB"
    first_row = doc.tables[0].rows[0]._tr.xml
    assert "w:tblHeader" in first_row  # the header row repeats on each page


def test_an_imported_meetings_actions_are_numbered_as_the_action_log(store, tmp_path):
    """A board's own log imported against its meeting: its actions fall under no agenda
    item, so they are numbered after the agenda, in the minutes and the log alike."""
    from docx import Document
    from openpyxl import load_workbook

    mid = meetings.add_meeting(store, URN, "2026-10-08", agenda=["Welcome", "Finance"])
    finance = meetings.agenda(store, mid)[1].id
    from stoke_governor.meetings.actions import add_decision_action
    from stoke_governor.meetings.declarations import add_declaration

    add_declaration(store, mid, name="Sam Treasurer", agenda_item_id=finance, pecuniary=True)
    add_decision_action(store, mid, "Circulate the budget", agenda_item_id=finance)
    log = tmp_path / "log.csv"
    log.write_text(
        "Date,Question,Follow up,Owner,Deadline\r\n"
        "08/10/2026,Why is the deficit growing?,Bring a recovery plan,Business manager,"
        "10/12/2026\r\n"
        "08/10/2026,Are reserves enough?,Report the reserves policy,Chair,10/12/2026\r\n",
        encoding="utf-8",
    )
    assert import_file(store, URN, log).status == IMPORTED
    export_minutes(store, URN, tmp_path / "m.pdf", meeting_id=mid, today=TODAY)
    docx = export_minutes(store, URN, tmp_path / "m.docx", meeting_id=mid, fmt="docx")
    actions = Document(str(docx.path)).tables[-1]
    in_minutes = [(r.cells[0].text, r.cells[1].text) for r in actions.rows[1:]]
    assert in_minutes == [
        ("2.1", "Circulate the budget"),
        ("3.1", "Bring a recovery plan"),
        ("3.2", "Report the reserves policy"),
    ]
    sheet = load_workbook(export_action_log(store, URN, tmp_path / "a.xlsx").path)["Actions"]
    in_log = [(row[0], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert in_log == in_minutes
    declared = Document(str(docx.path)).tables[0].rows[1].cells  # nobody attended yet
    assert [c.text for c in declared] == ["Sam Treasurer", "2. Finance", "Pecuniary", "—"]


def test_a_cancelled_docx_export_leaves_no_file(store, meeting, tmp_path):
    with pytest.raises(ExportCancelled):
        export_minutes(store, URN, tmp_path / "c.docx", fmt="docx", cancelled=lambda: True)
    assert not (tmp_path / "c.docx").exists()


def test_cli_exports_docx_and_says_what_to_check(store, db_path, meeting, tmp_path):
    from docx import Document

    from stoke_governor.schools.register import select_school

    select_school(store, URN)
    out = tmp_path / "minutes.docx"
    done = subprocess.run(
        [sys.executable, "-m", "stoke_governor", "--db", str(db_path), "challenge", "export"]
        + ["--format", "docx", "-o", str(out), "--meeting", str(meeting)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Saved the draft minutes" in done.stdout and "as a Word document" in done.stdout
    assert "Check: Action 2.2 is due on 1 Oct 2026, before the meeting" in done.stdout
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 2"]
    assert "Declarations of interest" in headings
