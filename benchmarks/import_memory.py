"""Peak memory of `data import` on a big performance-tables file, against the file's size.

The budget: importing a file takes at most 5 × the file's size in memory above what the
interpreter takes with the same modules imported. Four ~26 MB files are generated into a
temporary folder from the real layouts in resources/sources/dfe (300,000 records each, as
in the report that took 2.76 GB):

  england        the 2018-19 census's 22 columns; records across the 151 local authorities
                 of the DfE's code list, Stoke-on-Trent's 102 real rows among them, the
                 three `NAT` rows at the end: a real England file, much longer. Imported.
  city-unknown   the same layout, every record Stoke-on-Trent's (LA 861) but for a school
                 the app does not hold (a census row has no school name): rejected, no
                 figures for the city.
  city-repeated  the same layout, every record one of the city's real schools, each
                 school given again and again: rejected, the rows repeat.
  city-named     the 2018-19 KS4 layout (25 columns, with SCHNAME), every record a named
                 city school the app does not hold: rejected, far more new schools than a
                 file may add.

Each import is `python -m stoke_governor --db DB data import FILE` in a fresh interpreter
on a fresh copy of a seeded database; its peak resident memory (as the child reports it at
its end: VmHWM on Linux, else ru_maxrss) is set against a baseline: a fresh interpreter
that imports the modules the import had imported by its end (listed by the import
itself), and nothing else. The report
gives the file's size, the peak, the baseline, (peak − baseline) / size, and PASS/FAIL
against the budget. With `--against REV`, the app as it was at git revision REV (extracted
with `git archive`) is measured on the same files. It is a report, not a test: the exit
code is 0 whatever the result.

Linux or macOS. Run from the project root:
  .venv/bin/python benchmarks/import_memory.py [--against REV] [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DFE = ROOT / "resources" / "sources" / "dfe"
CENSUS = DFE / "cscp_2018-19_england_census__LA861_subset.csv"
KS4 = DFE / "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
LA_CODES = DFE / "cscp_meta_la_and_region_codes_meta.csv"
BUDGET = 5.0
CITY = "861"
URN = 124390  # the board's school in the prepared database
ROWS = 300_000

# A child's own peak, in kilobytes: the high-water mark of its memory since it started
# (Linux: VmHWM; elsewhere ru_maxrss, which Linux would carry over from the parent's fork).
PEAK = """
def peak_kb():
    import resource, sys
    try:
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak
"""
# The import: the command line as a user runs it; then its peak and the modules it imported.
CHILD = (
    PEAK
    + """
import sys
from stoke_governor.cli.main import main
code = main(sys.argv[3:])
with open(sys.argv[1], "w") as fh:
    fh.write("\\n".join(sorted(sys.modules)))
with open(sys.argv[2], "w") as fh:
    fh.write(str(peak_kb()))
sys.exit(code)
"""
)
# The baseline: the same modules, imported and nothing done with them.
BASELINE = (
    PEAK
    + """
import importlib, sys
for name in open(sys.argv[1]).read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
with open(sys.argv[2], "w") as fh:
    fh.write(str(peak_kb()))
"""
)


# -- the files ----------------------------------------------------------------------------
def real_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write(path: Path, header: list[str], rows) -> None:
    """UTF-8 with BOM and CRLF, as the DfE publishes."""
    with path.open("wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for n, row in enumerate(rows, 1):
            writer.writerow(row)
            if n % 10_000 == 0:
                fh.write(out.getvalue().encode("utf-8"))
                out.seek(0), out.truncate()
        fh.write(out.getvalue().encode("utf-8"))


def vary(raw: str, rnd: random.Random) -> str:
    """A value of the same kind as a real one: numbers move a little, markers stay."""
    text = raw.strip()
    try:
        number = float(text)
    except ValueError:
        return raw
    if "." not in text:
        return str(round(number * rnd.uniform(0.8, 1.2)))
    decimals = len(text.split(".")[1])
    return f"{number * rnd.uniform(0.8, 1.2):.{decimals}f}"


def new_urns(rnd: random.Random, taken: set[int]):
    """URNs no real school in the files has, never the same twice."""
    while True:
        urn = rnd.randint(150000, 999999)
        if urn not in taken:
            taken.add(urn)
            yield str(urn)


def england(path: Path, rnd: random.Random, rows: int) -> None:
    header, real = real_rows(CENSUS)
    city = [r for r in real if r[1] == CITY]
    national = [r for r in real if r[0] == "NAT"]
    models = [r for r in real if r[0] != "NAT"]
    las = [r[0] for r in real_rows(LA_CODES)[1] if r[0] != CITY]
    urns = new_urns(rnd, {int(r[0]) for r in city})
    others = rows - len(city) - len(national)
    body = []
    for n in range(others):  # each authority's schools together, as the DfE sorts them
        model = rnd.choice(models)
        la = las[n * len(las) // others]
        body.append([next(urns), la, str(2000 + n % 8000), model[3]])
        body[-1] += [vary(v, rnd) for v in model[4:]]
    body[len(body) // 2 : len(body) // 2] = city
    write(path, header, [*body, *national])


def city_unknown(path: Path, rnd: random.Random, rows: int) -> None:
    header, real = real_rows(CENSUS)
    city = [r for r in real if r[1] == CITY]
    urns = new_urns(rnd, {int(r[0]) for r in real if r[0].isdigit()})
    write(
        path,
        header,
        (
            [
                next(urns),
                CITY,
                str(2000 + n % 8000),
                *[vary(v, rnd) for v in city[n % len(city)][3:]],
            ]
            for n in range(rows)
        ),
    )


def city_repeated(path: Path, rnd: random.Random, rows: int) -> None:
    header, real = real_rows(CENSUS)
    city = [r for r in real if r[1] == CITY]
    write(
        path,
        header,
        (
            [*city[n % len(city)][:4], *[vary(v, rnd) for v in city[n % len(city)][4:]]]
            for n in range(rows)
        ),
    )


def city_named(path: Path, rnd: random.Random, rows: int) -> None:
    header, real = real_rows(KS4)
    schools = [r for r in real if r[0] in ("1", "2") and r[1] == CITY]
    urns = new_urns(rnd, {int(r[3]) for r in real if r[3].isdigit()})

    def row(n: int) -> list[str]:
        model = schools[n % len(schools)]
        return [
            "1",
            CITY,
            str(4000 + n % 999),
            next(urns),
            f"New School {n}",
            *[vary(v, rnd) for v in model[5:]],
        ]

    write(path, header, (row(n) for n in range(rows)))


FILES = {
    "england": england,
    "city-unknown": city_unknown,
    "city-repeated": city_repeated,
    "city-named": city_named,
}


# -- measuring ----------------------------------------------------------------------------
def peak_kb(code: str, args: list[str], cwd: Path, tmp: Path) -> tuple[int, str]:
    """The peak resident memory of a fresh `python -c code ...` (kilobytes), as the child
    itself reports it, and what it printed."""
    peak = tmp / "peak.txt"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp / "modules.txt"), str(peak), *args],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if not peak.exists():
        sys.exit(f"the child failed ({proc.returncode}):\n{proc.stdout}")
    kb = int(peak.read_text())
    peak.unlink()
    return kb, proc.stdout.strip()


def measure(tree: Path, template: Path, path: Path, tmp: Path) -> tuple[int, int, str]:
    """(peak, baseline) in kilobytes, and the import's last line, for one file."""
    db = tmp / "import.sqlite"
    for stale in tmp.glob("import.sqlite*"):
        stale.unlink()
    shutil.copyfile(template, db)
    peak, out = peak_kb(CHILD, ["--db", str(db), "data", "import", str(path)], tree, tmp)
    baseline, _ = peak_kb(BASELINE, [], tree, tmp)
    return peak, baseline, out.splitlines()[-1] if out else ""


def prepare(tree: Path, db: Path, what: str) -> None:
    """A board's database at `db`, made by the app in `tree`, with the school selected."""
    prep = subprocess.run(
        [sys.executable, "-m", "stoke_governor", "--db", str(db), "school", "select", str(URN)],
        cwd=tree,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if prep.returncode != 0:
        sys.exit(f"preparing {what} failed:\n{prep.stdout}{prep.stderr}")


def extract(rev: str, tmp: Path) -> Path:
    folder = tmp / "against"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "STOKE_GOVERNOR_DB")}


def mb(kb: int) -> str:
    return f"{kb / 1024:7.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also measure the app at this revision")
    parser.add_argument("--rows", type=int, default=ROWS, help=f"records a file (default {ROWS:,})")
    parser.add_argument("--only", choices=sorted(FILES), action="append", help="just these files")
    args = parser.parse_args()
    if not DFE.is_dir():
        sys.exit(f"{DFE} is not present: the files are generated from its real layouts.")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}")
    print(f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="sg-memory-bench-") as tmp_name:
        tmp = Path(tmp_name)
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = extract(args.against, tmp)
        templates = {}
        for label, tree in trees.items():
            templates[label] = tmp / f"seeded-{len(templates)}.sqlite"
            prepare(tree, templates[label], f"{label}'s database")
        rnd = random.Random(861)
        for key in args.only or FILES:
            path = tmp / f"2019-2020_england_{key}.csv"
            FILES[key](path, rnd, args.rows)
            size = path.stat().st_size
            print(f"\n{key}: {args.rows:,} records, {size / 1024**2:.1f} MB")
            for label, tree in trees.items():
                peak, baseline, said = measure(tree, templates[label], path, tmp)
                ratio = (peak - baseline) * 1024 / size
                verdict = "PASS" if ratio <= BUDGET else "FAIL"
                print(
                    f"  {label:<12} peak {mb(peak)}  interpreter {mb(baseline)}  "
                    f"(peak − interpreter) / file {ratio:5.2f} × (budget ≤ {BUDGET:g} ×) {verdict}"
                )
                print(f"  {'':<12} {said[:160]}")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
