"""Regenerate `resources/` from the DfE's published files, so the shipped data is auditable.

    python -m stoke_governor.build_resources [--source resources/sources/dfe] [--out resources]

Writes `schools.csv`, `school_figures.csv`, `area_figures.csv`, `sources.csv` and
`areas.csv`. Every value is copied as published (`raw`) beside its parsed number or
DfE marker; nothing is invented or rounded. `measures.csv` and `city_targets.csv`
are curated by hand and only checked here.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

from stoke_governor.core import dates
from stoke_governor.core.areas import CITY_LA
from stoke_governor.data.cells import year_from_name
from stoke_governor.data.csv_reader import read_csv
from stoke_governor.data.lait import read_lait
from stoke_governor.data.perf_tables import figures_year, read_figures
from stoke_governor.data.store_figures import AREA_FIGURE_FIELDS, FIGURE_FIELDS
from stoke_governor.schools.register import SCHOOL_FIELDS

AREAS = [
    ("E06000021", "Stoke-on-Trent", "la", "861"),
    ("E12000005", "West Midlands", "region", "984"),
    ("E92000001", "England", "country", "970"),
]

SPINE = "cscp_2017-18_england_spine__XLSX-converted-to-CSV__LA861_subset.csv"
OFSTED = "cscp_2017-18_england_ofsted-schools__XLSX-converted-to-CSV__LA861-URNs_subset.csv"
LAIT = "dfe_LAIT_bds_long__LA861_all_measures__plus_England_WestMidlands_education_measures.csv"
# School-level performance-tables files, found by name: `cscp_<year>_england_<kind>…csv`.
# Each kind's title and release, in the order the files are taken (then by year).
SCHOOL_KINDS = {
    "ks4provisional": ("Key stage 4 results (provisional), England", "provisional"),
    "ks4revised": ("Key stage 4 results (revised), England", "revised"),
    "ks4final": ("Key stage 4 results (final), England", "final"),
    "ks5provisional": ("16 to 18 results (provisional), England", "provisional"),
    "ks5revised": ("16 to 18 results (revised), England", "revised"),
    "ks5final": ("16 to 18 results (final), England", "final"),
    "census": ("School census (January), England", "final"),
    "abs": ("Pupil absence, England", "final"),
    "ks4-pupdest": ("Key stage 4 destination measures, England", "final"),
    "ks2provisional": ("Key stage 2 results (provisional), England", "provisional"),
    "ks2revised": ("Key stage 2 results (revised), England", "revised"),
    "ks2final": ("Key stage 2 results (final), England", "final"),
}
SCHOOL_FILE = re.compile(
    r"cscp_(?P<year>20\d\d-\d\d)_england_(?P<kind>"
    + "|".join(map(re.escape, SCHOOL_KINDS))
    + r")(?:__[^/]*)?\.csv",
    re.IGNORECASE,
)


def school_files(src: Path) -> dict[str, tuple[str, str]]:
    """Every school-level performance-tables file in `src`, by kind then year: file ->
    (title, release). A newer year's file is taken in when it is put there."""
    found = []
    for path in src.glob("*.csv"):
        m = SCHOOL_FILE.fullmatch(path.name)
        if m:
            kind = m["kind"].lower()
            found.append((list(SCHOOL_KINDS).index(kind), m["year"], path.name, kind))
    return {name: SCHOOL_KINDS[kind] for _i, _y, name, kind in sorted(found)}


SOURCE_NOTES = {
    "cscp_2018-19_england_abs__LA861_subset.csv": (
        "The file states no year; its national rows (primary 4.0%, secondary 5.5%, persistent "
        "8.2%/13.7%) equal LAIT's England figures for 2018/19, so the year is 2018-19."
    ),
    "cscp_2018-19_england_ks4-pupdest__LA861_subset.csv": (
        "Published in the 2018-19 performance tables; its figures are for the pupils who "
        "completed key stage 4 in 2016/17 (the DfE's metadata: 'Number of pupils completing "
        "key stage 4 in 2016/17'), so they are stored under 2016-17. Columns ending _18 and "
        "_17 are the 2017-18 and 2016-17 tables' figures (2015/16 and 2014/15 leavers), stored "
        "under 2015-16 and 2014-15."
    ),
    LAIT: (
        "DfE Local Authority Interactive Tool, long data set. A single year such as 2019 "
        "is the academic year ending then (2018-19)."
    ),
}


def excel_date(serial: str) -> str | None:
    serial = serial.strip()
    if not serial.isdigit():
        return None
    return dates.excel_date(int(serial)).isoformat()


def school_phase(row: dict[str, str]) -> str:
    group = row.get("MINORGROUP", "")
    primary, secondary = row.get("ISPRIMARY") == "1", row.get("ISSECONDARY") == "1"
    if group == "Special School":
        return "Special"
    if group == "College" or (row.get("ISPOST16") == "1" and not primary and not secondary):
        return "16 plus"
    if primary and secondary:
        return "All-through"
    if primary:
        return "Primary"
    if secondary:
        return "Secondary"
    return ""


STATUS = {"1": "open", "2": "closed", "3": "closing"}


def build_schools(src: Path) -> dict[int, dict]:
    spine = read_csv(src / SPINE)
    ofsted = {r["URN"]: r for r in read_csv(src / OFSTED).rows}
    schools: dict[int, dict] = {}
    for r in spine.rows:
        if r["LA"] != CITY_LA:
            continue
        o = ofsted.get(r["URN"], {})
        grade = o.get("Overall effectiveness", "").strip()
        schools[int(r["URN"])] = {
            "urn": int(r["URN"]),
            "la_code": int(r["LA"]),
            "laestab": int(r["LAESTAB"]),
            "name": r["SCHNAME"].strip(),
            "phase": school_phase(r),
            "type": r["NFTYPE"],
            "sector": r["MINORGROUP"],
            "status": STATUS.get(r["ICLOSE"], "open"),
            "locality": r["LOCALITY"] or r["TOWN"],
            "postcode": r["POSTCODE"],
            "age_low": r["AGEL"] or None,
            "age_high": r["AGEH"] or None,
            "closed_on": excel_date(r["CLOSEDATE"]),
            "successor_urn": r["OTHERURN"] or None,
            "ofsted_grade": int(grade) if grade in {"1", "2", "3", "4"} else None,
            "ofsted_inspected_on": excel_date(o.get("Inspection date", "")),
            "ofsted_published_on": excel_date(o.get("Publication date", "")),
            "source": SPINE,
        }
    return schools


def build_figures(src: Path, schools: dict[int, dict]):
    school_rows: list[dict] = []
    area_rows: list[dict] = []
    skipped: Counter[tuple[str, str]] = Counter()
    for name, (_title, release) in school_files(src).items():
        year = year_from_name(name)
        if year is None:
            raise SystemExit(f"{name}: no year in the file name")
        table = read_csv(src / name)
        found = read_figures(table, figures_year(table.header, year), release, set(schools))
        for school in found.new_schools:
            schools[school["urn"]] = {**school, "source": name}
        skipped[(name, "school not in the spine and unnamed")] += found.unnamed
        school_rows += [{**r, "source": name} for r in found.school_rows]
        area_rows += [{**r, "source": name} for r in found.area_rows]
    return school_rows, area_rows, skipped


def build_lait(src: Path, catalogue: set[str]):
    """Education measures (those with England rows) and every catalogued measure."""
    table = read_csv(src / LAIT)
    wanted = {r["Short Desc"] for r in table.rows if r["LA Number"].startswith("970")}
    rows, spans = read_lait(table, wanted | catalogue)
    return [{**r, "source": LAIT} for r in rows], Counter({(LAIT, "multi-year span"): spans})


def _dedupe(rows: list[dict], key: tuple[str, ...], skipped: Counter) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in rows:
        k = tuple(row[f] for f in key)
        if k in seen:
            skipped[(row["source"], "duplicate of an earlier row")] += 1
            continue
        seen[k] = row
    return list(seen.values())


def sources_rows(src: Path) -> list[dict]:
    rows = [
        {
            "file": n,
            "title": f"{t} ({year_from_name(n)})",
            "publisher": "Department for Education",
            "origin": "Compare school and college performance (performance tables) download",
            "note": SOURCE_NOTES.get(n, ""),
        }
        for n, (t, _r) in school_files(src).items()
    ]
    rows += [
        {
            "file": SPINE,
            "title": "School information (spine), England (2017-18)",
            "publisher": "Department for Education",
            "origin": "Compare school and college performance download",
            "note": "",
        },
        {
            "file": OFSTED,
            "title": "Ofsted inspection outcomes at 31 July 2018",
            "publisher": "Department for Education / Ofsted",
            "origin": "Compare school and college performance download",
            "note": "",
        },
        {
            "file": LAIT,
            "title": "Local Authority Interactive Tool (LAIT) data set",
            "publisher": "Department for Education",
            "origin": "LAIT long data set (2026-04)",
            "note": SOURCE_NOTES[LAIT],
        },
    ]
    for row in rows:  # lets the importer recognise these very files if given again
        row["sha256"] = hashlib.sha256((src / row["file"]).read_bytes()).hexdigest()
    return rows


def write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({f: "" if row.get(f) is None else row[f] for f in fields})
    tmp.replace(path)


def build(src: Path, out: Path, curated: Path | None = None) -> tuple[list[str], dict[str, int]]:
    """Write the generated files to `out`; `curated` holds measures.csv (default: `out`)."""
    out.mkdir(parents=True, exist_ok=True)
    schools = build_schools(src)
    school_rows, area_rows, skipped = build_figures(src, schools)
    catalogue = {
        r["code"] for r in read_csv((curated or out) / "measures.csv").rows if r["level"] == "la"
    }
    lait_rows, lait_skipped = build_lait(src, catalogue)
    skipped.update(lait_skipped)
    area_rows = _dedupe(
        area_rows + lait_rows,
        ("area", "measure", "year", "breakdown", "release", "source"),
        skipped,
    )
    school_rows = _dedupe(school_rows, ("urn", "measure", "year", "release", "source"), skipped)
    write_csv(
        out / "schools.csv",
        sorted(schools.values(), key=lambda s: s["urn"]),
        [*SCHOOL_FIELDS, "source"],
    )
    write_csv(out / "school_figures.csv", school_rows, ["urn", *FIGURE_FIELDS, "source"])
    write_csv(out / "area_figures.csv", area_rows, [*AREA_FIGURE_FIELDS, "source"])
    write_csv(
        out / "sources.csv",
        sources_rows(src),
        ["file", "title", "publisher", "origin", "note", "sha256"],
    )
    write_csv(
        out / "areas.csv",
        [dict(zip(("code", "name", "kind"), a[:3], strict=True)) for a in AREAS],
        ["code", "name", "kind"],
    )
    notes = [
        f"skipped {n} rows of {source}: {why}" for (source, why), n in sorted(skipped.items()) if n
    ]
    return notes, {
        "schools": len(schools),
        "school_figures": len(school_rows),
        "area_figures": len(area_rows),
    }
