"""Import a 50,000-row challenge log (CSV and XLSX): time to preview and to store.

Run: .venv/bin/python benchmarks/challenge_import.py
Prints the seconds each step takes; the budget is "reasonable" (well under a minute).
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stoke_governor.challenges.importer import import_preview, preview_import  # noqa: E402
from stoke_governor.startup import open_database  # noqa: E402

ROWS = 50_000
URN = 136102  # Co-op Academy Stoke-On-Trent
HEADERS = [
    "Date",
    "Question asked",
    "Raised by",
    "Head's response",
    "Satisfied?",
    "Follow up",
    "Owner",
    "Deadline",
    "RAG",
]


def rows():
    start = dt.date(2019, 9, 1)
    for i in range(ROWS):
        day = start + dt.timedelta(days=i % 1500)
        yield [
            day,
            f"Question {i}: how do we know the reading plan is working?",
            f"Governor {i % 12}",
            "The head explained the assessment data.",
            ("Yes", "Partly", "No")[i % 3],
            "Report back at the next meeting",
            "Headteacher",
            day + dt.timedelta(days=30),
            ("Red", "Amber", "Green")[i % 3],
        ]


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for r in rows():
            w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in r])


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Log")
    ws.append(HEADERS)
    for r in rows():
        ws.append(r)
    wb.save(path)


def run(template: Path, folder: Path, name: str, writer) -> None:
    db = folder / f"{name}.sqlite"
    src, dest = sqlite3.connect(template), sqlite3.connect(db)
    src.backup(dest)
    src.close()
    dest.close()
    store = open_database(db)
    path = folder / f"log.{name}"
    writer(path)
    t0 = time.perf_counter()
    preview = preview_import(store, URN, path)
    t1 = time.perf_counter()
    ids = import_preview(store, preview)
    t2 = time.perf_counter()
    store.close()
    assert len(ids) == ROWS, (len(ids), preview.problems[:3])
    print(
        f"{name}: {ROWS:,} rows, {path.stat().st_size / 1e6:.1f} MB — preview {t1 - t0:.2f} s,"
        f" store {t2 - t1:.2f} s, total {t2 - t0:.2f} s"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.sqlite"
        open_database(template).close()
        run(template, folder, "csv", write_csv)
        run(template, folder, "xlsx", write_xlsx)


if __name__ == "__main__":
    main()
