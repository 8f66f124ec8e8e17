"""A clerk's challenge log: its headings found below a title and notes, the headings clerks use,
the columns left out, and the command line's --header-row and --map (no Qt)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stoke_governor.challenges import headings
from stoke_governor.challenges.importer import (
    IMPORTED,
    REJECTED,
    import_file,
    preview_import,
    read_log,
)
from stoke_governor.cli.main import main
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.meetings.from_log import plan_meetings
from stoke_governor.meetings.meetings import list_meetings
from tests.challenges.test_challenge_import import URN, count, stored, write_csv
from tests.clerk_logs import NOTES, QUESTIONS, TITLE, write_clerk_csv, write_clerk_log


# -- the heading row ----------------------------------------------------------------------------
def test_the_headings_are_found_below_a_merged_title_and_a_line_of_notes(store, tmp_path):
    log = write_clerk_log(tmp_path / "log.xlsx")
    sheet = read_log(log)
    assert sheet.header_row == 3 and sheet.found_row == 3
    assert sheet.headers[:3] == ["Ref", "Date of meeting", "Meeting"]
    assert [n for n, _ in sheet.rows] == [4, 5, 7, 8, 9, 10]  # the blank row 6 is skipped
    preview = preview_import(store, URN, log)
    assert preview.missing == [] and preview.ignored == ["Ref", "Notes"]
    assert preview.summary == (
        "5 challenges will be added; 1 row has problems. Columns not imported: Ref, Notes."
    )
    assert [(p.row, p.reason) for p in preview.problems] == [
        (8, "there is no question in this row")
    ]
    assert [r["question"] for r in preview.rows] == QUESTIONS
    first, second = preview.rows[:2]
    assert first["asked_on"] == second["asked_on"] == "2024-11-14"  # as text, as a real date
    assert [r.get("board_view") for r in preview.rows] == [
        "partly satisfied",
        "satisfied",
        "not satisfied",
        "satisfied",
        "partly satisfied",
    ]
    assert first["response"].startswith("Illness") and first["action"].startswith("Report")
    assert preview.meeting_names == ["FGB", "FGB", "Resources committee", "Pay panel", "FGB"]


def test_a_csv_with_its_title_and_notes_on_lines_of_their_own(store, tmp_path):
    preview = preview_import(store, URN, write_clerk_csv(tmp_path / "log.csv"))
    assert preview.sheet.header_row == 3 and preview.ignored == ["Ref", "Notes"]
    assert [r["question"] for r in preview.rows] == QUESTIONS
    assert [r["asked_on"] for r in preview.rows][-1] == "2025-03-12"


def test_the_row_the_user_chooses_is_read_as_the_headings(store, tmp_path):
    log = write_clerk_log(tmp_path / "log.xlsx")
    title = preview_import(store, URN, log, header_row=1)
    assert title.sheet.header_row == 1 and title.sheet.found_row == 3
    assert "Choose the column that holds: Date asked" in title.summary
    again = preview_import(store, URN, log, header_row=3)
    assert again.sheet.header_row == 3 and len(again.rows) == 5
    with pytest.raises(BadInputFileError, match="Row 6 of log.xlsx .* is blank.*row 3"):
        read_log(log, header_row=6)


@pytest.mark.parametrize(
    ("row", "reads_as_headings"),
    [
        ([TITLE] * 8, False),  # a title merged across the columns: one value
        ([NOTES], False),
        ([TITLE, None, None, "2024-25"], False),
        (["C1", "14/11/2024", "FGB", "Why is attendance low?", "Illness", "Satisfied"], False),
        (["Ref", "Date of meeting", "Meeting", "Question asked", "Notes"], True),
        (["Committee", "Date", "Challenge", "Board's view"], True),
    ],
)
def test_a_row_reads_as_headings_by_what_it_says(row, reads_as_headings):
    assert (headings.heading_score(row) >= headings.READS_AS_HEADINGS) is reads_as_headings


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Governor view", "board_view"),
        ("Board's view", "board_view"),
        ("Meeting", "meeting"),
        ("Committee", "meeting"),
        ("Date of meeting", "asked_on"),
        ("Question asked", "question"),
        ("Follow-up action", "action"),
        ("Ref", None),
        ("Notes", None),
    ],
)
def test_the_headings_clerks_use(header, field):
    mapping = headings.infer_mapping(["Ref", header])
    assert {v: k for k, v in mapping.items()}.get(1) == field


# -- choosing columns by name ---------------------------------------------------------------------
def test_fields_and_headings_are_chosen_by_name():
    assert headings.field_named("Date asked") == "asked_on"
    assert headings.field_named("question") == "question"  # the label's first word
    assert headings.field_named("Board's view") == "board_view"
    with pytest.raises(headings.UnknownColumnError, match="use one of: Question asked, Date"):
        headings.field_named("When")
    chosen = headings.choose_columns(
        ["Date", "Meeting held", "Question"],
        {"asked_on": 0, "meeting": 1, "question": 2},
        {"asked_on": "meeting HELD"},
    )
    assert chosen == {"asked_on": 1, "question": 2}  # the column serves one field
    with pytest.raises(headings.UnknownColumnError, match="its headings are: Date, Question"):
        headings.choose_columns(["Date", "Question"], {}, {"question": "Query"})


# -- the command line ----------------------------------------------------------------------------
def test_the_command_line_imports_a_clerks_log_with_its_meetings(db_path, tmp_path, capsys):
    from stoke_governor.startup import open_database

    log = write_clerk_log(tmp_path / "log.xlsx")
    args = ["--db", str(db_path), "challenge", "import", "--urn", str(URN)]
    assert main([*args, "--dry-run", "--skip-bad-rows", str(log)]) == 0
    out = capsys.readouterr().out
    assert f"{log}: checked, 5 challenges — 1 row(s) with problems skipped" in out
    assert "  row 8: there is no question in this row" in out
    assert "  Headings read from row 3." in out and "  Columns not imported: Ref, Notes." in out
    assert "  Full governing board on 14/11/2024 — will be created, 2 questions" in out
    assert "  Pay panel on 21/01/2025 — will be created, 1 question" in out
    assert main([*args, "--skip-bad-rows", "--json", str(log)]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["status"] == IMPORTED and outcome["rows"] == 5
    assert outcome["header_row"] == 3 and outcome["columns_not_imported"] == ["Ref", "Notes"]
    assert len(outcome["meetings"]) == 4 and "created, 2 questions" in outcome["meetings"][0]
    store = open_database(db_path)
    try:
        held = list_meetings(store, URN)
        assert count(store) == 5 and len(held) == 4
        assert all(r["meeting_id"] in {m.id for m in held} for r in stored(store))
    finally:
        store.close()
    # Minutes for an imported meeting, from the command line
    assert main(["--db", str(db_path), "school", "select", str(URN)]) == 0
    capsys.readouterr()
    pdf = tmp_path / "minutes.pdf"
    export = ["--db", str(db_path), "challenge", "export", "--format", "pdf", "-o", str(pdf)]
    assert main(export) == 0  # the latest meeting: the full board in March
    assert "Wednesday 12 March 2025 as a PDF (1 challenge question(s)" in capsys.readouterr().out
    text = pdf_text(pdf)
    assert "What has the attendance report shown?" in text
    assert "Report attendance by year group" in text  # November's action, a matter arising
    first = min(held, key=lambda m: m.held_on)
    assert main([*export, "--meeting", str(first.id)]) == 0
    assert "Thursday 14 November 2024 as a PDF (2 challenge question(s)" in capsys.readouterr().out
    text = pdf_text(pdf)
    assert "Why is Year 9 attendance below the city's?" in text
    assert "How is reading tracked in Key Stage 3?" in text


def pdf_text(path) -> str:
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def test_header_row_and_map_on_the_command_line(db_path, tmp_path, capsys):
    log = write_clerk_log(tmp_path / "log.xlsx")
    args = ["--db", str(db_path), "challenge", "import", "--urn", str(URN), "--dry-run"]
    assert main([*args, "--header-row", "1", str(log)]) == 1
    out = capsys.readouterr().out
    assert "Choose the column that holds: Date asked" in out
    assert "  Headings read from row 1." in out
    assert '--map "Date asked=Date of meeting"' in out
    assert main([*args, "--header-row", "3", "--skip-bad-rows", str(log)]) == 0
    assert "checked, 5 challenges" in capsys.readouterr().out
    # A log whose "Date" is the day it was typed up, the meeting's date in "Meeting held"
    typed = write_csv(
        tmp_path / "typed.csv",
        ["Date,Meeting held,Question", "01/04/2025,12/03/2025,Why?", "01/04/2025,13/03/2025,How?"],
    )
    assert main([*args, "--json", "--map", "Date asked=Meeting held", str(typed)]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["columns_not_imported"] == ["Date"]
    assert [line.split(" —")[0] for line in outcome["meetings"]] == [
        "Full governing board on 12/03/2025",
        "Full governing board on 13/03/2025",
    ]
    assert main([*args, "--map", "When=Date", str(typed)]) == 2
    err = capsys.readouterr().err
    assert "--map 'When=Date': 'When' is not a part of a challenge" in err
    assert "use one of: Question asked, Date asked, Meeting or committee" in err
    assert main([*args, "--map", "Date asked=Meeting date", str(typed)]) == 2
    assert "has no column headed 'Meeting date'; its headings are: Date, Meeting held" in (
        capsys.readouterr().err
    )
    assert main([*args, "--map", "Date asked", str(typed)]) == 2
    assert "write it as FIELD=HEADING" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--header-row", "0", str(typed)])


def test_a_dry_run_and_a_preview_create_no_meetings(store, tmp_path):
    log = write_clerk_log(tmp_path / "log.xlsx")
    preview = preview_import(store, URN, log, plan_meetings=plan_meetings)
    assert "4 meetings will be created." in preview.summary
    checked = import_file(store, URN, log, dry_run=True, plan_meetings=plan_meetings)
    assert checked.status == REJECTED  # the row with no question, not skipped
    checked = import_file(
        store, URN, log, dry_run=True, skip_bad_rows=True, plan_meetings=plan_meetings
    )
    assert checked.rows == 5 and len(checked.meetings) == 4
    assert list_meetings(store, URN) == [] and count(store) == 0


def test_dates_and_names_as_the_user_wrote_them_name_the_same_meeting(store, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [
            "Date of meeting,Meeting,Question asked",
            "14/11/2024,FGB,One?",
            "14 November 2024,Full governing board,Two?",
            "2024-11-14,fgb meeting,Three?",
            "14/11/2024,Pay Panel,Four?",
            "14/11/2024,pay panel,Five?",
        ],
    )
    preview = preview_import(store, URN, log, plan_meetings=plan_meetings)
    assert {r["asked_on"] for r in preview.rows} == {dt.date(2024, 11, 14).isoformat()}
    assert preview.meetings is not None
    assert preview.meetings.lines == [
        "Full governing board on 14/11/2024 — will be created, 3 questions",
        "Pay Panel on 14/11/2024 — will be created, 2 questions",
    ]
