"""Importing a challenge log a board kept in Excel or as CSV (no Qt, except the dialog test)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stoke_governor.board.governors import add_governor
from stoke_governor.challenges import mapping as cm
from stoke_governor.challenges.importer import (
    IMPORTED,
    REJECTED,
    UNCHANGED,
    import_file,
    import_preview,
    preview_import,
)
from stoke_governor.cli.main import main
from stoke_governor.core.dates import EPOCH_1904
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.sheets import read_sheet

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board here
HEADERS = "Date,Question asked,Raised by,Head's response,Satisfied?,Follow up,Owner,Deadline,RAG"


def count(store, urn=URN) -> int:
    return store.query_one("SELECT count(*) FROM challenges WHERE urn = ?", (urn,))[0]


def stored(store) -> list[dict]:
    return [
        dict(r) for r in store.query("SELECT * FROM challenges WHERE urn = ? ORDER BY id", (URN,))
    ]


def write_csv(path, lines, encoding="utf-8"):
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


# -- mapping --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            HEADERS.split(","),
            {
                "asked_on": 0,
                "question": 1,
                "asked_by": 2,
                "response": 3,
                "board_view": 4,
                "action": 5,
                "action_owner": 6,
                "due_on": 7,
                "status": 8,
            },
        ),
        (
            [
                "Meeting date",
                "Challenge",
                "Governor",
                "Answer",
                "Action",
                "Responsible",
                "Due date",
                "Status",
                "Impact",
                "SDP priority",
            ],
            {
                "asked_on": 0,
                "question": 1,
                "asked_by": 2,
                "response": 3,
                "action": 4,
                "action_owner": 5,
                "due_on": 6,
                "status": 7,
                "impact": 8,
                "priority": 9,
            },
        ),
        (
            ["QUESTION", "date raised", "ASKED_BY", "Outcome", "Notes"],
            {"question": 0, "asked_on": 1, "asked_by": 2, "impact": 3},
        ),
        (
            ["Action owner", "Action", "Date of the FGB meeting", "Questions asked by governors"],
            {"action_owner": 0, "action": 1, "asked_on": 2, "question": 3},
        ),
    ],
)
def test_mapping_inferred_from_common_headings(headers, expected):
    assert cm.infer_mapping(headers) == expected


# -- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "12/03/2024",
        "12/3/24",
        "12-Mar-24",
        "12 March 2024",
        "12th March 2024",
        "2024-03-12",
        "2024-03-12T10:30:00",
        "March 12, 2024",
        "Tuesday, 12 March 2024",
        "12.03.2024",
        45363,
        45363.5,
        "45363",
        dt.datetime(2024, 3, 12, 0, 0),
        dt.date(2024, 3, 12),
    ],
)
def test_every_date_form_reads_as_the_same_day(value):
    assert cm.parse_date(value) == "2024-03-12"


def test_serial_numbers_allow_for_excels_leap_year_bug_and_the_1904_system():
    # Around Excel's phantom 29 February 1900 (out of a log's years, but read correctly):
    with pytest.raises(cm.CellError, match="reads as 28 February 1900"):
        cm.parse_date(59)
    with pytest.raises(cm.CellError, match="reads as 01 March 1900"):
        cm.parse_date(61)
    with pytest.raises(cm.CellError, match="29 February 1900"):
        cm.parse_date(60)
    assert cm.parse_date(43900) == "2020-03-10"
    assert cm.parse_date(43900 - 1462, epoch=EPOCH_1904) == "2020-03-10"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("03/25/2024", "month first"),
        ("31/02/2024", "not a date that exists"),
        ("soon", "not a date"),
        ("12 Smarch 2024", "not a month"),
        (3, "outside the years"),
    ],
)
def test_impossible_dates_say_why(value, reason):
    with pytest.raises(cm.CellError, match=reason):
        cm.parse_date(value)


def test_status_and_board_view_words():
    assert [
        cm.status(w) for w in ("Complete", "Closed", "ongoing", "", "Red", "Amber", "GREEN", "N/A")
    ] == ["done", "done", "in progress", "open", "open", "in progress", "done", "no action needed"]
    assert cm.status("Green", brag=True) == "in progress" and cm.uses_brag(["Blue", "Green"])
    assert [cm.board_view(w) for w in ("Yes", "Partially", "No", None)] == [
        "satisfied",
        "partly satisfied",
        "not satisfied",
        None,
    ]
    with pytest.raises(cm.CellError, match="not a status"):
        cm.status("Purple")


# -- CSV --------------------------------------------------------------------------------------
def test_csv_preview_then_import_with_governors_matched(store, tmp_path):
    gid = add_governor(store, URN, "Ann Smith", "parent")
    path = write_csv(
        tmp_path / "log.csv",
        [
            "Challenge log 2023-24",
            "",
            HEADERS,
            "12/03/2024,Why is attendance low?,ann  SMITH,Illness,Partly,Check,HT,12-Apr-24,Amber",
            ",,,,,,,,",
            "45363,What about reading?,Mr Visitor,,Yes,,,,Green",
        ],
        encoding="cp1252",
    )
    preview = preview_import(store, URN, path)
    assert preview.problems == [] and preview.summary == "2 challenges will be added."
    assert count(store) == 0  # a preview stores nothing
    ids = import_preview(store, preview)
    rows = stored(store)
    assert [r["id"] for r in rows] == ids
    assert rows[0]["asked_by"] == gid and rows[0]["board_view"] == "partly satisfied"
    assert rows[0]["due_on"] == "2024-04-12" and rows[0]["status"] == "in progress"
    assert rows[1]["asked_by"] is None and rows[1]["asked_by_name"] == "Mr Visitor"
    assert rows[1]["asked_on"] == "2024-03-12" and rows[1]["status"] == "done"


def test_semicolon_and_tab_csv_with_a_bom(store, tmp_path):
    semi = tmp_path / "semi.csv"
    semi.write_bytes("\ufeffQuestion;Date\nWhy?;01/09/2023\n".encode())
    tab = tmp_path / "tab.txt"
    tab.write_bytes("Question\tDate\nWhy not?\t2 Sept 2023\n".encode("utf-16"))
    assert preview_import(store, URN, semi).rows[0]["asked_on"] == "2023-09-01"
    assert preview_import(store, URN, tab).rows[0]["asked_on"] == "2023-09-02"


def test_a_bad_row_stores_nothing_and_names_its_row(store, tmp_path):
    path = write_csv(
        tmp_path / "log.csv",
        [
            "Question,Date,Status",
            "Q1,01/10/2023,Open",
            "Q2,31/02/2024,Open",
            ",01/11/2023,Done",
            "Q4,01/12/2023,Purple",
        ],
    )
    outcome = import_file(store, URN, path)
    assert outcome.status == REJECTED and count(store) == 0
    assert outcome.reason.startswith("log.csv, row 3: Date asked (Date): '31/02/2024' is not a")
    assert [(p.row, p.reason.split(":")[0]) for p in outcome.problems] == [
        (3, "Date asked (Date)"),
        (4, "there is no question in this row"),
        (5, "Status (Status)"),
    ]
    skipped = import_file(store, URN, path, skip_bad_rows=True)
    assert skipped.status == IMPORTED and skipped.rows == 1 and count(store) == 1


def test_missing_required_column_is_a_clear_message(store, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["Question,Owner", "Why?,Head"])
    preview = preview_import(store, URN, path)
    assert preview.missing == ["Date asked"]
    outcome = import_file(store, URN, path)
    assert outcome.status == REJECTED
    assert "Choose the column that holds: Date asked" in outcome.reason and count(store) == 0


def test_reimporting_the_same_file_says_already_imported(store, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["Question,Date", "Why?,01/10/2023"])
    assert import_file(store, URN, path).status == IMPORTED
    again = import_file(store, URN, path)
    assert again.status == UNCHANGED and "already imported" in again.reason
    assert count(store) == 1


def test_a_failure_while_storing_leaves_the_log_and_the_marker_unchanged(
    store, tmp_path, monkeypatch
):
    from stoke_governor.challenges import log as challenges
    from stoke_governor.core.errors import ChallengeError

    real = challenges._insert
    calls = []

    def fail_on_second(store_, urn, given, *rest):
        calls.append(1)
        if len(calls) == 2:
            raise ChallengeError("a problem found while storing")
        return real(store_, urn, given, *rest)

    monkeypatch.setattr(challenges, "_insert", fail_on_second)
    path = write_csv(tmp_path / "log.csv", ["Question,Date", "A,01/10/2023", "", "B,02/10/2023"])
    outcome = import_file(store, URN, path)
    assert outcome.status == REJECTED and "row 4: a problem found while storing" in outcome.reason
    assert count(store) == 0
    monkeypatch.setattr(challenges, "_insert", real)
    assert import_file(store, URN, path).status == IMPORTED and count(store) == 2


def test_remembered_mapping_is_used_for_the_same_layout(store, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["Q text,When,Who", "Why?,01/10/2023,Ann"])
    first = preview_import(store, URN, path)
    assert first.missing == ["Question asked", "Date asked"]
    chosen = preview_import(store, URN, path, mapping={"question": 0, "asked_on": 1, "asked_by": 2})
    import_preview(store, chosen)
    later = write_csv(tmp_path / "next-term.csv", ["Q text,When,Who", "And now?,01/01/2024,Bo"])
    preview = preview_import(store, URN, later)
    assert preview.remembered and preview.mapping == {"question": 0, "asked_on": 1, "asked_by": 2}
    assert preview.rows[0]["asked_by_name"] == "Bo"


def test_5000_row_csv_imports(store, tmp_path):
    lines = [HEADERS] + [
        f"{1 + i % 28}/{1 + i % 12}/2023,Question {i},Gov {i % 9},Answer,Yes,Act,HT,,Green"
        for i in range(5000)
    ]
    outcome = import_file(store, URN, write_csv(tmp_path / "big.csv", lines))
    assert outcome.status == IMPORTED and outcome.rows == 5000 and count(store) == 5000


# -- XLSX -----------------------------------------------------------------------------------
def write_xlsx(path, rows, merges=(), formulas=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Log"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    for coord, formula in formulas:
        ws[coord] = formula
    wb.save(path)
    return path


def test_xlsx_dates_in_every_form_merged_cells_and_blank_rows(store, tmp_path):
    path = write_xlsx(
        tmp_path / "log.xlsx",
        [
            ["Governors' challenge log"],
            [],
            ["Meeting date", "Challenge", "Asked by", "Due"],
            [dt.datetime(2024, 3, 12), "Q1", "Ann", 45400],
            [None, "Q2", "Bo", "12-Mar-24"],
            [None, None, None, None],
            ["12/03/2024", "Q3", None, dt.date(2024, 5, 1)],
            [45363, "Q4", None, None],
        ],
        merges=["A4:A5"],
    )
    preview = preview_import(store, URN, path)
    assert preview.problems == [] and preview.sheet.header_row == 3
    assert [r["question"] for r in preview.rows] == ["Q1", "Q2", "Q3", "Q4"]
    assert {r["asked_on"] for r in preview.rows} == {"2024-03-12"}  # A5 merged with A4
    assert [r.get("due_on") for r in preview.rows] == [
        "2024-04-18",
        "2024-03-12",
        "2024-05-01",
        None,
    ]
    assert preview.row_numbers == [4, 5, 7, 8]


def test_xlsx_formulas_read_as_their_saved_values_or_are_reported(store, tmp_path):
    path = write_xlsx(
        tmp_path / "log.xlsx",
        [["Question", "Date"], ["Q1", None]],
        formulas=[("B2", "=DATE(2024,3,12)")],
    )
    preview = preview_import(store, URN, path)
    assert preview.problems[0].row == 2
    assert "B2 is a formula saved without its value" in preview.problems[0].reason


def test_a_hostile_xlsx_is_rejected_clearly(store, tmp_path):
    fake = tmp_path / "log.xlsx"
    fake.write_bytes(b"MZ\x90\x00 this is not a workbook" * 10)
    outcome = import_file(store, URN, fake)
    assert outcome.status == REJECTED and outcome.reason.startswith("log.xlsx is not a workbook")
    with pytest.raises(BadInputFileError, match="has no sheet called 'Other'"):
        read_sheet(write_xlsx(tmp_path / "ok.xlsx", [["Question", "Date"]]), sheet="Other")


# -- command line ------------------------------------------------------------------------------
def test_cli_exit_codes_and_json_lines(db_path, tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", ["Question,Date", "Why?,01/10/2023"])
    bad = write_csv(tmp_path / "bad.csv", ["Question,Date", "Why?,someday"])
    args = ["--db", str(db_path), "challenge", "import", "--urn", str(URN)]
    assert main([*args, "--json", "--dry-run", str(good)]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["status"] == "checked" and checked["rows"] == 1
    assert main([*args, "--json", str(good), str(bad)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["file"], o["status"], o["rows"]) for o in lines] == [
        (str(good), "imported", 1),
        (str(bad), "rejected", 0),
    ]
    assert lines[1]["problems"] == [
        {
            "row": 2,
            "reason": "Date asked (Date): 'someday' is not a date (write it as, for "
            "example, 12/03/2024)",
        }
    ]
    assert main([*args, str(good)]) == 0
    assert "already imported" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:  # no file named
        main(["--db", str(db_path), "challenge", "import"])
    assert usage.value.code == 2
