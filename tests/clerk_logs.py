"""A clerk's challenge log as clerks keep one, for the tests of importing it: a title merged
across the columns, a line of notes, then the headings; UK dates typed as text and entered as
real dates, a blank row in the middle and a row with no question."""

from __future__ import annotations

import datetime as dt

TITLE = "Birches Head Academy – Governor challenge log 2024-25"
NOTES = (
    "Completed by the clerk after each meeting. RAG: Red = not satisfied, Amber = partly "
    "satisfied, Green = satisfied."
)
HEADINGS = [
    "Ref",
    "Date of meeting",
    "Meeting",
    "Question asked",
    "Response",
    "Governor view",
    "Follow-up action",
    "Notes",
]
ROWS = [  # (row in the sheet, cells)
    (
        4,
        [
            "C1",
            "14/11/2024",
            "FGB",
            "Why is Year 9 attendance below the city's?",
            "Illness after half term; the attendance officer is visiting families.",
            "Partly satisfied",
            "Report attendance by year group",
            "From the head's report",
        ],
    ),
    (
        5,
        [
            "C2",
            dt.datetime(2024, 11, 14),
            "FGB",
            "How is reading tracked in Key Stage 3?",
            "Termly reading-age tests.",
            "Satisfied",
            None,
            None,
        ],
    ),
    (6, [None] * 8),
    (
        7,
        [
            "C3",
            "03/12/2024",
            "Resources committee",
            "Is the three-year budget balanced?",
            "Not in year three.",
            "Not satisfied",
            "Bring a recovery plan",
            None,
        ],
    ),
    (8, ["C4", "03/12/2024", "Resources", None, None, None, None, "No questions this item"]),
    (
        9,
        [
            "C5",
            dt.date(2025, 1, 21),
            "Pay panel",
            "Are pay decisions linked to appraisal?",
            "Yes, for every teacher.",
            "Satisfied",
            None,
            None,
        ],
    ),
    (
        10,
        [
            "C6",
            "12/03/2025",
            "FGB",
            "What has the attendance report shown?",
            "Year 9 is improving.",
            "Partly satisfied",
            "Keep attendance on the agenda",
            None,
        ],
    ),
]
QUESTIONS = [r[1][3] for r in ROWS if r[1][3]]


def write_clerk_log(path, rows=ROWS):
    """The log as an Excel workbook, its title and notes merged across A:H."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Challenge log"
    ws.append([TITLE])
    ws.merge_cells("A1:H1")
    ws.append([NOTES])
    ws.merge_cells("A2:H2")
    ws.append(HEADINGS)
    for number, cells in rows:
        for col, value in enumerate(cells, start=1):
            ws.cell(row=number, column=col, value=value)
    wb.save(path)
    return path


def write_clerk_csv(path, rows=ROWS):
    """The log saved as CSV from Excel: the title and notes on lines of their own."""
    import csv

    def cell(v):
        return v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else ("" if v is None else v)

    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow([TITLE, *[""] * 7])
        out.writerow([NOTES])
        out.writerow(HEADINGS)
        for _number, cells in rows:
            out.writerow([cell(v) for v in cells])
    return path
