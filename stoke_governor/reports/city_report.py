"""The city's governance summary for the Education Improvement Partnership Board: what it says.

Both are written from the city picture (`city.city_picture`), the same rows the City
picture page shows, with the risk rule and where the figures come from (the import log).
A figure a return does not give is a blank cell (XLSX) or a dash (PDF), never a 0. School
names come from the LA's own schools table, but every string still goes through `set_text`
(XLSX) or `markup` (PDF), so nothing in a return becomes a formula or PDF markup. The
workbook is laid out in `city_xlsx`, the PDF in `city_pdf`, and `city_export` chooses between them
by the file's name. Files are replaced in one step, never half-written.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from stoke_governor.core.dates import stamp_label
from stoke_governor.la.city import (
    CityPicture,
    CitySummary,
    SchoolStatus,
    city_picture,
    distribution,
    summary,
)
from stoke_governor.la.risk import AT_RISK, LEVELS, NO_CONCERN, WATCH

TITLE = "Governance in Stoke-on-Trent's schools"
AUDIENCE = "For the Education Improvement Partnership Board"
MISSING_NOTE = (
    "A blank cell means the figure is not known: the school sent no return for the year, or "
    "its return does not give that figure. It never means 0."
)
# Okabe-Ito colours, told apart with any colour vision; the level is always written too.
RISK_COLOURS = {AT_RISK: "D55E00", WATCH: "F0E442", NO_CONCERN: "56B4E9"}
SCALE = ("Not yet in place", "Developing", "Established", "Strong")  # ratings 1-4


class Provenance(NamedTuple):
    held: int  # returns the picture uses (one per school that returned)
    received: int  # every return revision held, superseded ones too
    files: int  # files in the import log, whatever their outcome
    rejected: int
    first_at: str | None
    last_at: str | None
    by: tuple[str, ...]  # who imported, as the log records them

    def sentence(self) -> str:
        if not self.files:
            return "No return files have been imported into this database yet."
        who = ", ".join(self.by) or "unknown"
        return (
            f"{self.files} file(s) imported between {_when(self.first_at)} and "
            f"{_when(self.last_at)} by {who}; {self.received} return revision(s) held, "
            f"{self.held} used here (the latest revision of each school's return); "
            f"{self.rejected} file(s) rejected."
        )


class CityReport(NamedTuple):
    picture: CityPicture
    summary: CitySummary
    provenance: Provenance
    made_on: dt.date
    scale: tuple[str, ...]

    def refused(self) -> list[SchoolStatus]:
        """Schools with a refused return standing this year, by school name."""
        return sorted((r for r in self.picture.rows if r.refusal is not None), key=lambda r: r.name)

    def ordered_rows(self) -> list[SchoolStatus]:
        """At risk first, then watch, then no concern; by name within each."""
        rank = {level: n for n, level in enumerate(LEVELS)}
        return sorted(self.picture.rows, key=lambda r: (rank.get(r.flag.level, 9), r.name))


def _when(iso: str | None) -> str:
    return stamp_label(iso, long_month=True) or "an unknown time"


def provenance(store, year: str) -> Provenance:
    held = store.query_one(
        "SELECT count(DISTINCT urn) FROM returns_received WHERE state = 'current' AND year = ?",
        (year,),
    )[0]
    received = store.query_row("SELECT count(*) FROM returns_received WHERE year = ?", (year,))[0]
    files, rejected, first, last = store.query_one(
        "SELECT count(*), coalesce(sum(status = 'rejected'), 0), min(at), max(at) "
        "FROM return_import_log"
    )
    by = tuple(r[0] for r in store.query("SELECT DISTINCT by FROM return_import_log ORDER BY by"))
    return Provenance(held, received, files, rejected, first, last, by)


def city_report(store, year: str | None = None, today: dt.date | None = None) -> CityReport:
    """Everything the report shows, read once."""
    from stoke_governor.la.mode import require_la

    require_la(store)
    picture = city_picture(store, year, today)
    return CityReport(
        picture, summary(picture), provenance(store, picture.year), today or dt.date.today(), SCALE
    )


# -- the cells, shared by both formats ----------------------------------------------------
def headline_rows(s: CitySummary) -> list[tuple[str, int | float | None]]:
    return [
        ("Open schools in the city", s.schools),
        ("Returned a self-evaluation", s.returned),
        ("No return yet", s.not_returned),
        ("At risk", s.at_risk),
        ("Watch", s.watch),
        ("No concern", s.no_concern),
        ("Median core-training take-up (% of governors)", s.median_training),
    ]


def school_head(report: CityReport) -> list[str]:
    return [
        "School",
        "URN",
        "Phase",
        "Returned",
        "Received by LA",
        "Revision",
        "Complete (%)",
        *(f"{title} (mean, 1-4)" for _id, title in report.picture.sections),
        "Core training done (% of governors)",
        "Vacancies",
        "Terms ending within 60 days",
        "Risk",
        "Reasons",
    ]


def school_cells(report: CityReport, row: SchoolStatus) -> list:
    """One school's values: numbers as numbers, None where the figure is not known."""
    means = [row.section_means.get(sid) for sid, _t in report.picture.sections]
    return [
        row.name,
        row.urn,
        row.phase,
        received_on(row.exported_at),
        received_on(row.received_at),
        row.revision,
        row.completeness,
        *(None if m is None else round(m, 2) for m in means),
        row.training_percent,
        row.vacancies,
        row.terms_ending,
        row.flag.level,
        "; ".join(row.flag.reasons),
    ]


def received_on(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


REFUSED_HEAD = ["School", "URN", "File", "Why it was refused", "Refused on"]


def refused_cells(report: CityReport) -> list[list]:
    """One row per school whose return was refused (and no later one accepted)."""
    return [
        [row.name, row.urn, f.file, f.reason, received_on(f.at)]
        for row in report.refused()
        if (f := row.refusal) is not None
    ]


def section_head(report: CityReport) -> list[str]:
    return [
        "Section",
        *(f"{n} {label}" for n, label in enumerate(report.scale, 1)),
        "Not rated",
        "No return",
        "City median of the schools' means",
    ]


def section_cells(report: CityReport) -> list[list]:
    rows = []
    for sid, title in report.picture.sections:
        counts = distribution(report.picture, sid)
        means = sorted(
            mean
            for r in report.picture.rows
            if r.returned and (mean := r.section_means.get(sid)) is not None
        )
        median = None
        if means:
            import statistics

            median = round(statistics.median(means), 2)
        rows.append([title, *(counts[k] for k in (1, 2, 3, 4, "not rated", "no return")), median])
    return rows


def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
