"""The LA imports 1,000 returns, against openpyxl alone opening and reading the same files.

The returns are written by the app's own export (`reports.return_workbook.export_return`)
from one school-side database holding many boards: 100 open city schools × 10 academic
years (2017-18 … 2026-27), each board with its own number of governors (2–10), its own
ratings (random, some items left unrated) and every third school signing with the key the
LA issued it. They are cached in a folder under /tmp, so a second run starts at once.

  A  naive:   for each file, `openpyxl.load_workbook(path)` (read_only=False, as a naive
              importer would) and every sheet's values read.
  B  import:  `returns_import.import_returns(store, [folder])` into a fresh copy of a seeded
              LA database holding the schools' keys: the backup before the batch, reading
              each file once, the checks, the signature, the archive and one transaction per
              file (imported, with its log row).

The budget: B ≤ 0.2 × A. It is a report, not a test: the exit code is 0 whatever the result.

Run from the project root:  .venv/bin/python benchmarks/returns_import.py [--repeats N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stoke_governor.la.mode import la_init  # noqa: E402
from stoke_governor.la.returns.importer import find_return_files, import_returns  # noqa: E402
from stoke_governor.startup import open_database  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "stoke-governor-bench-returns"
SCHOOLS, YEARS = 100, 10
BUDGET = 0.2
ITEMS = ("SL1", "SL2", "SL3", "SL4", "SL5", "AC1", "AC2", "AC3", "AC4")


def key_hex(urn: int) -> str | None:
    """Every third school holds a key the LA issued (the same one each run)."""
    return hashlib.sha256(f"bench-key-{urn}".encode()).hexdigest() if urn % 3 == 0 else None


def city_urns(store) -> list[int]:
    rows = store.query(
        "SELECT urn FROM schools WHERE status != 'closed' AND urn != 124390 ORDER BY urn LIMIT ?",
        (SCHOOLS,),
    )
    return [r[0] for r in rows]


def generate(template: Path) -> Path:
    """1,000 real return files (cached): SCHOOLS boards × YEARS academic years."""
    folder = CACHE / "returns"
    files = find_return_files([folder]) if folder.is_dir() else []
    if len(files) == SCHOOLS * YEARS:
        return folder
    from stoke_governor.board.governors import add_governor
    from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
    from stoke_governor.reports.return_workbook import export_return
    from stoke_governor.selfeval.evaluation import rate, start_evaluation

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    school_db = CACHE / "school.sqlite"
    shutil.copy(template, school_db)
    rnd = random.Random(2026)
    started = time.perf_counter()
    with open_database(school_db) as store:
        for urn in city_urns(store):
            for n in range(2 + urn % 9):
                add_governor(store, urn, f"Benchmark Governor {urn}-{n + 1}", "parent")
            secret = key_hex(urn)
            store.set_settings(
                **{
                    LA_RETURN_KEY.key: secret,
                    LA_RETURN_KEY_ID.key: f"{urn}-bench" if secret else None,
                }
            )
            for year in range(YEARS):
                today = dt.date(2017 + year, 11, 20)
                ev = start_evaluation(store, urn, today=today)
                for item in ITEMS:
                    rate(store, ev.id, item, rnd.choice((1, 2, 3, 4, 4, 3, None)))
                out = export_return(
                    store,
                    start_evaluation(store, urn, today=today),
                    folder / f"{urn}-{2017 + year}.xlsx",
                    today,
                )
                assert out.path.exists()
    school_db.unlink()
    print(
        f"generated {SCHOOLS * YEARS:,} returns in {time.perf_counter() - started:.0f} s "
        f"into {folder}"
    )
    return folder


def naive(files: list[Path]) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    for path in files:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return time.perf_counter() - started


def app_import(template: Path, folder: Path, work: Path) -> tuple[float, Counter]:
    db = work / "la" / "governor-services.sqlite"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    src, dest = sqlite3.connect(template), sqlite3.connect(db)
    src.backup(dest)
    src.close()
    dest.close()
    with open_database(db) as store:
        la_init(store)
        with store.conn:
            for urn in city_urns(store):
                if key_hex(urn):
                    row = (urn, f"{urn}-bench", key_hex(urn), "2017-09-01")
                    store.conn.execute("INSERT INTO la_keys VALUES (?, ?, ?, ?)", row)
        started = time.perf_counter()
        outcomes = import_returns(store, [folder], by="benchmark")
        elapsed = time.perf_counter() - started
    return elapsed, Counter(o.status for o in outcomes)


def prepared() -> tuple[Path, Path]:
    """The seeded database template and the folder of generated returns, both cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    template = CACHE / "seeded.sqlite"
    if not template.exists():
        open_database(template).close()
    return template, generate(template)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    template, folder = prepared()
    files = find_return_files([folder])
    size = sum(f.stat().st_size for f in files)
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}; "
        f"{len(files):,} returns, {size / len(files) / 1024:.0f} KB each on average"
    )
    a_times, b_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeats):
            a_times.append(naive(files))
            elapsed, counts = app_import(template, folder, Path(tmp))
            b_times.append(elapsed)
    a, b = statistics.median(a_times), statistics.median(b_times)
    n = len(files)
    for label, t in (
        ("A  openpyxl load_workbook + every sheet's values:", a),
        ("B  returns import into the LA's database:        ", b),
    ):
        print(f"{label} {t:7.2f} s  ({t / n * 1000:.1f} ms a file)")
    print(f"   outcomes: {', '.join(f'{k} {v:,}' for k, v in counts.items())}")
    ratio = b / a
    verdict = "PASS" if ratio <= BUDGET else "FAIL"
    print(f"B / A = {ratio:.2f} (budget ≤ {BUDGET}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
