"""Minutes PDF of a meeting with 200 challenge entries (budget ≤ 1.25 × bare reportlab).

Input: a fresh seeded database with a board of twelve governors and one meeting of eight
agenda items holding 200 challenge entries (question, response, the board's view, an action
with owner and due date), generated with a fixed seed. The app's run = `export_minutes`:
reading the meeting from the database, laying out the whole minutes (attendance, quorum,
each item with its questions, decisions, the action table) and saving the PDF.

Reference in the same run: bare reportlab building the same entries as one table on A4
with Paragraph cells (question, response, view, action, owner, due, status) and a repeated
header row — the least a minutes PDF of these entries needs. Interleaved repeats, medians.
It is a report, not a test.

Run from the project root:  .venv/bin/python benchmarks/minutes_pdf.py [--repeats N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 1.25
URN = 136102
ENTRIES = 200
WORDS = tuple(
    [
        "attendance",
        "persistent",
        "absence",
        "reading",
        "phonics",
        "maths",
        "English",
        "disadvantaged",
        "pupils",
        "outcomes",
        "progress",
        "Year",
        "11",
        "curriculum",
        "SEND",
        "support",
        "trajectory",
        "city",
        "target",
        "England",
        "governors",
        "report",
        "evidence",
        "plan",
        "termly",
        "review",
        "improvement",
        "gap",
    ]
)


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "?"


def build(store, rng: random.Random) -> int:
    from stoke_governor.board import governors as board
    from stoke_governor.challenges import log as challenges
    from stoke_governor.challenges import records
    from stoke_governor.meetings import attendance, meetings

    people = [board.add_governor(store, URN, f"Governor {n:02d}", "parent") for n in range(12)]
    mid = meetings.add_meeting(
        store,
        URN,
        "2026-10-08",
        title="Autumn term meeting",
        agenda=[f"Item {n}" for n in range(1, 9)],
    )
    for gid in people[:9]:
        attendance.set_attendance(store, mid, gid, "present")
    items = [a.id for a in meetings.agenda(store, mid)]
    rows = [
        {
            "question": sentence(rng, 12, 35),
            "asked_on": "2026-10-08",
            "meeting_id": mid,
            "agenda_item_id": items[n % len(items)],
            "asked_by": rng.choice(people),
            "response": sentence(rng, 15, 45).rstrip("?") + ".",
            "responder": "Headteacher",
            "board_view": rng.choice(records.VIEWS),
            "action": sentence(rng, 6, 18).rstrip("?") + ".",
            "action_owner": "Headteacher",
            "due_on": f"2027-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        for n in range(ENTRIES)
    ]
    challenges.add_challenges(store, URN, rows)
    return mid


def bare(entries, path: Path) -> None:
    """reportlab alone: the same entries as one table of Paragraph cells."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = ParagraphStyle("c", fontName="Helvetica", fontSize=8.5, leading=10.5)
    header = ["Question", "Response", "View", "Action", "Owner", "Due", "Status"]
    data = [header] + [
        [
            Paragraph(escape(str(v or "")), style)
            for v in (
                c.question,
                c.response,
                c.board_view,
                c.action,
                c.action_owner,
                c.due_on,
                c.status,
            )
        ]
        for c in entries
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
    widths = [w * mm for w in (42, 48, 18, 32, 14, 12, 8)]
    doc.build([Table(data, colWidths=widths, repeatRows=1)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    from stoke_governor.challenges.records import find_challenges
    from stoke_governor.reports.minutes_export import export_minutes
    from stoke_governor.startup import open_database

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = open_database(tmp / "bench.sqlite")
        mid = build(store, random.Random(861))
        entries = find_challenges(store, URN, meeting_id=mid)
        runs = {"app": [], "bare": []}
        pages = {}
        for i in range(args.repeats + 1):
            for name in runs:
                out = tmp / f"{name}.pdf"
                t0 = time.perf_counter()
                if name == "app":
                    export_minutes(store, URN, out, meeting_id=mid)
                else:
                    bare(entries, out)
                elapsed = time.perf_counter() - t0
                if i >= 1:  # one warm-up
                    runs[name].append(elapsed)
                pages[name] = out.read_bytes().count(b"/Type /Page\n") or "?"
        store.close()
    med = {name: statistics.median(v) * 1000 for name, v in runs.items()}
    print(
        f"Minutes PDF: {len(entries)} challenge entries, {args.repeats} interleaved repeats, "
        "medians"
    )
    print(f"  app (whole minutes, from the database)  {med['app']:7.0f} ms")
    print(f"  bare reportlab (one table, same entries) {med['bare']:7.0f} ms")
    ratio = med["app"] / med["bare"]
    verdict = "PASS" if ratio <= BUDGET else "OVER"
    print(f"  app / bare                               {ratio:7.2f} ×")
    print(f"  budget ≤ {BUDGET} × bare: {verdict}")


if __name__ == "__main__":
    main()
