"""Importing England-size performance-tables files against sqlite-utils storing the same records.

Two files are generated into a temporary folder from the real layouts in resources/sources/dfe:

  census  the real 22-column header of the 2018-19 census; ~24,000 school rows across the
          151 local authorities of the DfE's code list (Stoke-on-Trent's 102 real rows as
          published, every other authority's rows varied from real ones), some rows ragged
          (trailing empties dropped), `NA`/`SUPP`/blank cells, the three `NAT` rows at the end.
  ks4     the real 25-column KS4 provisional header widened to ~500 columns with the
          2016-17 KS4 final's measure names (its metadata file) and prior-year `_18`
          columns; ~5,500 rows: each authority's schools followed by its RECTYPE 4 row,
          RECTYPE 5 and 7 national rows at the end; `58.6%`, SUPP/NE/NA/NP, blanks, a
          single space, school names and addresses with commas (quoted).

Both are UTF-8 with BOM and CRLF; the KS4 file has no newline after its last record.

  A  import:    `import_files(store, [file])` on a fresh copy of a seeded database: the
                backup before the batch, read, check, classify, store. The backup is
                also reported on its own (timed inside the same calls).
  B  baseline:  sqlite-utils `insert_all` (default batch size), inside one `db.atomic()`, of
                exactly the records A stored (read back from the database after an import:
                the source, any new schools, the school and area figures), into a fresh copy.

A and B alternate (order swapped every repeat) after one discarded warm-up of each; the
report gives medians, the ratio A/B per file against the budget (≤ 1.5 ×), PASS/FAIL.
It is a report, not a test: the exit code is 0 whatever the result.

Run from the project root:  .venv/bin/python benchmarks/import_speed.py [--repeats N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ratio import ratio_words  # noqa: E402

from stoke_governor.data.importer import import_files  # noqa: E402
from stoke_governor.startup import open_database  # noqa: E402

DFE = ROOT / "resources" / "sources" / "dfe"
CENSUS = DFE / "cscp_2018-19_england_census__LA861_subset.csv"
KS4 = DFE / "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
KS4_META = DFE / "cscp_meta_2016-17_ks4final_meta.csv"
LA_CODES = DFE / "cscp_meta_la_and_region_codes_meta.csv"
BUDGET = 1.5
CITY = "861"
KS4_COLUMNS = 496
MARKERS = ("SUPP", "NE", "NA", "NP")
FIGURE_TABLES = ("school_figures", "area_figures")


# -- generating the files --------------------------------------------------------------
def real_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def la_codes() -> list[str]:
    _, rows = real_rows(LA_CODES)
    return [r[0] for r in rows]


def write(path: Path, rows: list[list[str]], final_newline: bool = True) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    if not final_newline:
        text = text[:-2]
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def vary(raw: str, rnd: random.Random) -> str:
    """A value of the same kind as a real one: numbers move a little, markers stay."""
    text = raw.strip()
    pct = text.endswith("%")
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return raw
    new = number * rnd.uniform(0.8, 1.2)
    if "." not in text:
        return str(round(new)) + ("%" if pct else "")
    decimals = len(text.rstrip("%").split(".")[1])
    return f"{new:.{decimals}f}" + ("%" if pct else "")


def census_file(path: Path, rnd: random.Random) -> int:
    header, rows = real_rows(CENSUS)
    city = [r for r in rows if r[1] == CITY]
    national = [r for r in rows if r[0] == "NAT"]
    others = [r for r in rows if r[1] != CITY and r[0] != "NAT"]
    models = city + others
    used = {int(r[0]) for r in city}
    body = list(city)
    for la in la_codes():
        if la == CITY:
            continue
        for estab in range(rnd.randint(150, 168)):
            model = rnd.choice(models)
            urn = rnd.randint(100000, 149999)
            while urn in used:
                urn = rnd.randint(100000, 149999)
            used.add(urn)
            row = [str(urn), la, str(2000 + estab), model[3]]
            for raw in model[4:]:
                roll = rnd.random()
                row.append("SUPP" if roll < 0.02 else "" if roll < 0.03 else vary(raw, rnd))
            if model[3] == "Independent school" and rnd.random() < 0.5:
                row = row[:20]  # two trailing empties dropped, as in the c.2020-21 census
            body.append(row)
    body.sort(key=lambda r: int(r[0]))
    write(path, [header, *body, *national])
    return len(body) + len(national)


def ks4_header() -> list[str]:
    real, _ = real_rows(KS4)
    _, meta = real_rows(KS4_META)
    header = [r[1] for r in meta]
    header += [c for c in real if c not in header]
    measures = [c for c in header if c.startswith(("ATT8", "P8", "PT", "TOT", "EBACC"))]
    for column in measures[: KS4_COLUMNS - len(header)]:
        header.append(f"{column}_18")  # the previous year's figure, as final files carry
    return header


IDENTITY_TEXT = {
    "ALPHAIND": lambda r, n: f"{n:05d}",
    "SCHNAME_AC": lambda r, n: "",
    "ADDRESS1": lambda r, n: "Park Avenue, North Site" if r.random() < 0.02 else "Mill Road",
    "ADDRESS2": lambda r, n: r.choice(["", "Hanley", "Fenton"]),
    "ADDRESS3": lambda r, n: "",
    "TOWN": lambda r, n: r.choice(["Stoke-on-Trent", "Stoke on Trent", "Leeds", "Derby"]),
    "PCODE": lambda r, n: f"ST{r.randint(1, 12)} {r.randint(1, 9)}LY",
    "TELNUM": lambda r, n: f"0{r.randint(1000000000, 1999999999)}",
    "CONTFLAG": lambda r, n: "",
    "RELDENOM": lambda r, n: r.choice(["Does not apply", "Roman Catholic", "Church of England"]),
    "ADMPOL": lambda r, n: r.choice(["NSE", "OTHER NON SEL"]),
    "ADMPOL_2017": lambda r, n: r.choice(["NSE", "OTHER NON SEL"]),
    "EGENDER": lambda r, n: "Mixed",
    "FEEDER": lambda r, n: "0",
    "TABKS2": lambda r, n: "1",
    "TAB1618": lambda r, n: r.choice(["0", "1"]),
    "AGERANGE": lambda r, n: r.choice(["11-16", "11-18"]),
    "CONFEXAM": lambda r, n: "",
}


def ks4_value(column: str, rnd: random.Random) -> str:
    roll = rnd.random()
    if roll < 0.04:
        return rnd.choice(MARKERS)
    if roll < 0.08:
        return ""
    if column.endswith("_18") and roll < 0.1:
        return " "
    if column.startswith("PT"):
        return f"{rnd.uniform(0, 100):.1f}%"
    if column.startswith(("T", "NUM", "BPUP", "GPUP")):
        return str(rnd.randint(0, 250))
    if column.startswith("P8"):
        return f"{rnd.uniform(-2, 2):.2f}"
    return f"{rnd.uniform(0, 80):.1f}"


def ks4_file(path: Path, rnd: random.Random) -> tuple[int, int]:
    real_header, real = real_rows(KS4)
    header = ks4_header()
    at = {c: i for i, c in enumerate(header)}
    _, meta = real_rows(KS4_META)
    blank_for_la = {r[1] for r in meta if r[5] == "Yes"}
    schools = [r for r in real if r[0] in ("1", "2")]
    used = {int(r[3]) for r in schools}

    def widen(model: list[str], row_type: str, n: int) -> list[str]:
        row = [ks4_value(c, rnd) for c in header]
        for column, text in IDENTITY_TEXT.items():
            if column in at:
                row[at[column]] = text(rnd, n)
        for column, raw in zip(real_header, model, strict=True):
            row[at[column]] = raw
        if row_type != "school":
            for column in blank_for_la:
                if column in at and column not in real_header:
                    row[at[column]] = ""
        elif model[6].startswith("IND"):
            row = [
                v if c in IDENTITY_TEXT or c in real_header else "NA"
                for c, v in zip(header, row, strict=True)
            ]
        return row

    body, n = [], 0
    for la in la_codes():
        if la == CITY:
            rows = [r for r in real if r[1] == CITY]
            body += [widen(r, "school" if r[0] in ("1", "2") else "la", n) for r in rows]
            n += len(rows)
            continue
        for _ in range(rnd.randint(30, 40)):
            n += 1
            model = list(rnd.choice(schools))
            urn = rnd.randint(100000, 149999)
            while urn in used:
                urn = rnd.randint(100000, 149999)
            used.add(urn)
            model[1], model[2], model[3] = la, str(4000 + n % 999), str(urn)
            roll = rnd.random()  # about one name in twenty has a comma or a quote
            model[4] = (
                "St Mary's Catholic College, Hanley"
                if roll < 0.04
                else 'The "New" School'
                if roll < 0.05
                else model[4]
            )
            model[7:] = [vary(v, rnd) for v in model[7:]]
            body.append(widen(model, "school", n))
        la_row = next(r for r in real if r[0] == "4")
        body.append(widen([la_row[0], la, *[vary(v, rnd) for v in la_row[2:]]], "la", n))
    body += [widen(r, "national", 0) for r in real if r[0] in ("5", "7")]
    write(path, [header, *body], final_newline=False)
    return len(body), len(header)


# -- timing ------------------------------------------------------------------------------
def fresh_copy(template: Path, folder: Path, name: str) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    target = folder / name
    shutil.copyfile(template, target)
    return target


def timed_import(db: Path, path: Path) -> tuple[float, float]:
    """(whole import, of which the backup) in seconds."""
    store = open_database(db)
    backup = store.backup
    spent: list[float] = []

    def timed_backup(reason: str) -> Path:
        start = time.perf_counter()
        try:
            return backup(reason)
        finally:
            spent.append(time.perf_counter() - start)

    store.backup = timed_backup  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        [outcome] = import_files(store, [path])
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    if outcome.status != "imported":
        sys.exit(f"{path.name} was not imported: {outcome}")
    return elapsed, sum(spent)


def stored_records(db: Path, template: Path) -> dict[str, list[dict]]:
    """What an import stored: its source row, new schools, and the figures citing the source."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    conn.execute("ATTACH DATABASE ? AS before", (str(template),))
    (source_id,) = conn.execute("SELECT max(id) FROM sources").fetchone()
    records = {
        "sources": [
            dict(r) for r in conn.execute("SELECT * FROM sources WHERE id = ?", (source_id,))
        ],
        "schools": [
            dict(r)
            for r in conn.execute(
                "SELECT * FROM schools WHERE urn NOT IN (SELECT urn FROM before.schools)"
            )
        ],
    }
    for table in FIGURE_TABLES:
        rows = conn.execute(f"SELECT * FROM {table} WHERE source_id = ?", (source_id,))
        records[table] = [{k: v for k, v in dict(r).items() if k != "id"} for r in rows]
    conn.close()
    return records


def timed_baseline(db: Path, records: dict[str, list[dict]]) -> float:
    store = open_database(db)
    try:
        sdb = store.db
        start = time.perf_counter()
        with sdb.atomic():
            for table in ("sources", "schools", *FIGURE_TABLES):
                if records[table]:
                    sdb[table].insert_all(records[table])
        elapsed = time.perf_counter() - start
        held = sum(
            store.conn.execute(
                f"SELECT count(*) FROM {t} WHERE source_id = ?", (records["sources"][0]["id"],)
            ).fetchone()[0]
            for t in FIGURE_TABLES
        )
    finally:
        store.close()
    if held != sum(len(records[t]) for t in FIGURE_TABLES):
        sys.exit("the baseline did not store the same records")
    return elapsed


def line(label: str, times: list[float], ref: float | None = None, budget: bool = False) -> str:
    med = statistics.median(times)
    text = f"  {label:<40} median {med * 1000:8.1f} ms  (min {min(times) * 1000:.1f}, "
    text += f"n={len(times)})"
    return text + ratio_words(med, ref, BUDGET if budget else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="timed runs of each (default 11)")
    parser.add_argument("--keep-files", type=Path, help="also copy the generated files here")
    args = parser.parse_args()
    if not DFE.is_dir():
        sys.exit(f"{DFE} is not present: the files are generated from its real layouts.")

    from importlib.metadata import version

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"sqlite-utils {version('sqlite-utils')}"
    )
    rnd = random.Random(861)
    with tempfile.TemporaryDirectory(prefix="sg-import-bench-") as tmp:
        tmp = Path(tmp)
        files = {
            "census": tmp / "2019-2020_england_census.csv",
            "ks4": tmp / "2019-2020_england_ks4final.csv",
        }
        rows = census_file(files["census"], rnd)
        print(
            f"census: {rows:,} records × 22 columns, {files['census'].stat().st_size / 1e6:.1f} MB"
        )
        rows, columns = ks4_file(files["ks4"], rnd)
        print(
            f"ks4:    {rows:,} records × {columns} columns, "
            f"{files['ks4'].stat().st_size / 1e6:.1f} MB"
        )

        if args.keep_files:
            args.keep_files.mkdir(parents=True, exist_ok=True)
            for path in files.values():
                shutil.copy(path, args.keep_files / path.name)
        template = tmp / "template" / "seeded.sqlite"
        template.parent.mkdir()
        open_database(template).close()
        print(f"seeded database: {template.stat().st_size / 1e6:.1f} MB")

        records = {}
        for key, path in files.items():
            db = fresh_copy(template, tmp / "a", "governor.sqlite")
            timed_import(db, path)  # warm-up, discarded; gives the records stored
            records[key] = stored_records(db, template)
            timed_baseline(fresh_copy(template, tmp / "b", "governor.sqlite"), records[key])
            stored = sum(len(records[key][t]) for t in FIGURE_TABLES)
            print(
                f"{key}: the import stores {stored:,} figures "
                f"and {len(records[key]['schools'])} new schools"
            )

        results = {key: {"import": [], "backup": [], "baseline": []} for key in files}
        for n in range(args.repeats):
            for key, path in files.items():

                def run_a(key=key, path=path) -> None:
                    total, backup = timed_import(
                        fresh_copy(template, tmp / "a", "governor.sqlite"), path
                    )
                    results[key]["import"].append(total)
                    results[key]["backup"].append(backup)

                def run_b(key=key) -> None:
                    results[key]["baseline"].append(
                        timed_baseline(
                            fresh_copy(template, tmp / "b", "governor.sqlite"), records[key]
                        )
                    )

                for run in (run_a, run_b) if n % 2 == 0 else (run_b, run_a):
                    run()

    print()
    for key, r in results.items():
        ref = statistics.median(r["baseline"])
        without = [t - b for t, b in zip(r["import"], r["backup"], strict=True)]
        print(f"{key}:")
        print(line("sqlite-utils insert_all in db.atomic()", r["baseline"]))
        print(line("whole import (import_files)", r["import"], ref, budget=True))
        print(line("  of which the backup before the batch", r["backup"], ref))
        print(line("  import without the backup", without, ref))
    return 0


if __name__ == "__main__":
    sys.exit(main())
