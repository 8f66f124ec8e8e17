"""The city report for the Partnership Board on ~100 schools' returns over two years: how
long gathering it takes (the city picture this year and last, the categories, the trends,
the city's projections) and how long writing the PDF and the XLSX take.

The returns are the ones `returns_import.py` generates and caches (100 open city schools,
each year's return exported on 20 November); this imports the last two years' (2025-26
and 2026-27) into a fresh LA database, then times `city_report` and both writers.

A report, not a test: the exit code is 0 whatever the result. DESIGN.md sets no budget for
the city report; the time is printed for the record.

Run from the project root:  .venv/bin/python benchmarks/city_report.py [--repeats N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.returns_import import app_import, prepared  # noqa: E402
from stoke_governor.la.returns.importer import find_return_files  # noqa: E402
from stoke_governor.startup import open_database  # noqa: E402

YEAR = "2026-27"
SUMMERS = ("2025", "2026")  # the files' names end in the year they were exported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    template, every = prepared()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        two = work / "two-years"
        two.mkdir()
        for path in find_return_files([every]):
            if path.stem.endswith(SUMMERS):
                (two / path.name).symlink_to(path)
        _elapsed, counts = app_import(template, two, work)
        db = work / "la" / "governor-services.sqlite"
        print(
            f"Python {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}; imported {dict(counts)}"
        )
        gather, pdf, xlsx = [], [], []
        from stoke_governor.reports.city_pdf import write_city_pdf
        from stoke_governor.reports.city_report import city_report
        from stoke_governor.reports.city_xlsx import write_city_xlsx

        with open_database(db) as store:
            for _ in range(args.repeats):
                started = time.perf_counter()
                report = city_report(store, YEAR)
                gather.append(time.perf_counter() - started)
                started = time.perf_counter()
                write_city_pdf(report, work / "city.pdf")
                pdf.append(time.perf_counter() - started)
                started = time.perf_counter()
                write_city_xlsx(report, work / "city.xlsx")
                xlsx.append(time.perf_counter() - started)
        returned = report.glance.returned
        print(f"{returned} returns this year of {report.glance.schools} open schools")
        print(f"categories: {report.glance.categories}")
    for label, times in (
        ("gather (pictures, categories, trends, projections)", gather),
        ("write the PDF", pdf),
        ("write the XLSX", xlsx),
    ):
        print(f"{label:52} {statistics.median(times):6.2f} s")
    total = sum(statistics.median(t) for t in (gather, pdf, xlsx))
    print(f"{'both formats from the database':52} {total:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
