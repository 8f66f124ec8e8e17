"""The city's governance summary for the Education Improvement Partnership Board: what it says.

Everything is gathered once (`city_report`): the city picture (`city.city_picture`, the same
rows the City picture page shows) and last year's, every school in its category
(`la.categories`), each school's change since last year (`la.city_trend`), the city's
measures carried to their target years (`measures.city_projection`), refused returns, and
where the figures come from (the import log). The first page's numbers are `city_first_page`.
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
from stoke_governor.la.categories import CATEGORIES, Placed, categorise
from stoke_governor.la.city import (
    CityPicture,
    CitySummary,
    SchoolStatus,
    city_picture,
    distribution,
    summary,
)
from stoke_governor.la.city_trend import CityTrend, city_trend_between, trends_between
from stoke_governor.la.risk import AT_RISK, NO_CONCERN, WATCH
from stoke_governor.la.trend import SchoolTrend, previous_year
from stoke_governor.measures.city_projection import CityProjection, city_projections
from stoke_governor.reports.city_first_page import Glance, glance, training_target

TITLE = "Governance in Stoke-on-Trent's schools"
AUDIENCE = "For the Education Improvement Partnership Board"
MISSING_NOTE = (
    "A blank cell means the figure is not known: the school sent no return for the year, or "
    "its return does not give that figure. It never means 0."
)
# Okabe-Ito colours, told apart with any colour vision; the level is always written too.
RISK_COLOURS = {AT_RISK: "D55E00", WATCH: "F0E442", NO_CONCERN: "56B4E9"}
CATEGORY_COLOURS = dict(zip(CATEGORIES, ("D55E00", "E69F00", "F0E442", "56B4E9"), strict=False))
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
    placed: list[Placed]  # every school in its category, most serious first
    trends: dict[int, SchoolTrend]  # by URN: this year against last
    trend: CityTrend
    projections: list[CityProjection]
    glance: Glance

    def refused(self) -> list[SchoolStatus]:
        """Schools with a refused return standing this year, by school name."""
        return sorted((r for r in self.picture.rows if r.refusal is not None), key=lambda r: r.name)

    def ordered_rows(self) -> list[SchoolStatus]:
        """Most serious first: by category, then severity (`Placed.sort_key`)."""
        rows = {r.urn: r for r in self.picture.rows}
        return [rows[p.urn] for p in self.placed if p.urn in rows]

    def placed_of(self, urn: int) -> Placed | None:
        return next((p for p in self.placed if p.urn == urn), None)

    def in_category(self, category: str) -> list[tuple[Placed, SchoolStatus]]:
        """The category's schools, most serious first, each with its row."""
        rows = {r.urn: r for r in self.picture.rows}
        return [(p, rows[p.urn]) for p in self.placed if p.category == category and p.urn in rows]


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
    before = city_picture(store, previous_year(picture.year), today)
    trends = trends_between(picture, before)
    placed = categorise(store, picture, today)
    projections = city_projections(store)
    return CityReport(
        picture,
        summary(picture),
        provenance(store, picture.year),
        today or dt.date.today(),
        SCALE,
        placed,
        trends,
        city_trend_between(picture, before, trends),
        projections,
        glance(picture, placed, projections, training_target(store)),
    )


# -- the cells, shared by both formats ----------------------------------------------------
def risk_rows(s: CitySummary) -> list[tuple[str, int]]:
    """The governance risk flag's counts (`la.risk`), beside the categories."""
    return [
        ("Risk flag: at risk", s.at_risk),
        ("Risk flag: watch", s.watch),
        ("Risk flag: no concern", s.no_concern),
    ]


PROJECTION_HEAD = [
    "Measure",
    "Latest figure",
    "Latest year (summer)",
    "Target",
    "Target year",
    "Projected",
    "Likely range, low",
    "Likely range, high",
    "Method",
    "In words",
]


def projection_cells(report: CityReport) -> list[list]:
    """One row per city measure and target: numbers as numbers, None where not projected."""
    from stoke_governor.measures.projection import Projection, target_year

    rows = []
    for p in report.projections:
        out = p.outcome
        figures: list[float | None]
        if isinstance(out, Projection):
            figures = [round(out.shown(v), 1) for v in (out.value, out.low, out.high)]
            how = p.method
        else:
            figures, how = [None, None, None], out.reason
        rows.append(
            [
                p.name,
                p.latest[1] if p.latest else None,
                p.latest[0] if p.latest else None,
                p.target.value,
                target_year(p.target.year),
                *figures,
                how,
                p.sentence,
            ]
        )
    return rows


def school_head(report: CityReport) -> list[str]:
    return [
        "School",
        "URN",
        "Phase",
        "Category",
        "Severity",
        "Why (heaviest first)",
        "Change since last year",
        "Mean rating last year (sections rated both years)",
        "Mean rating this year (sections rated both years)",
        "Since last year, section by section",
        "Returned",
        "Received by LA",
        "Revision",
        "Complete (%)",
        *(f"{title} (mean, 1-4)" for _id, title in report.picture.sections),
        "Core training done (% of governors)",
        "Vacancies",
        "Terms ending within 60 days",
        "Risk flag",
        "Risk reasons",
    ]


def school_cells(report: CityReport, row: SchoolStatus) -> list:
    """One school's values: numbers as numbers, None where the figure is not known."""
    means = [row.section_means.get(sid) for sid, _t in report.picture.sections]
    placed = report.placed_of(row.urn)
    trend = report.trends.get(row.urn)
    overall = trend.overall if trend else None
    return [
        row.name,
        row.urn,
        row.phase,
        placed.category if placed else None,
        placed.severity if placed else None,
        "; ".join(r.text for r in placed.concerns) if placed else None,
        overall.word if overall else None,
        overall.last_year if overall else None,
        overall.this_year if overall else None,
        trend.sentence() if trend else None,
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
