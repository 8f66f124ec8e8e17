"""The school data summary for the board's meeting pack: what it says, as plain data.

Built from the domain the Dashboard and the School data page show: the table's words are
the dashboard's (`measures.shown`, each row's own status), the age line is `figures_age`,
each chart is the measure's `history` (school, city, England, West Midlands, the city's
target lines, and the series breaks with why), and the measures charted are those the
board challenged this school year (`find_challenges`). Nothing is worked out again here,
and a figure not published stays missing. `data_summary_pdf` draws it on A4 and saves it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from stoke_governor.board.governors import get_board
from stoke_governor.challenges.records import find_challenges
from stoke_governor.core.dates import academic_year, academic_year_start, summer_label
from stoke_governor.data.sources import published_sources
from stoke_governor.db.store import Store
from stoke_governor.measures.age import figures_age
from stoke_governor.measures.breaks import COHORT_YEAR, Break, cohort_note
from stoke_governor.measures.catalogue import Figure, Measure, school_dashboard
from stoke_governor.measures.shown import figure_text, target_text, year_text
from stoke_governor.measures.trends import History, Series, history
from stoke_governor.schools.register import get_school

TITLE = "School data summary"
MAX_CHARTS = 4  # two pages: the table, then up to four charts and the sources
SPECIAL = (
    "A special school is compared with England's special schools, not with the city's "
    "targets or all-school figures: those are for all pupils."
)


class SummaryRow(NamedTuple):
    """One headline measure, in the Dashboard's words."""

    code: str
    measure: str
    year: str  # "2018-19, provisional", with "— old" when it is
    school: str
    city: str
    west_midlands: str
    england: str
    target: str  # with its year: "over 65% of young people … by Dec 2030"
    status: str


class ChartLine(NamedTuple):
    key: str  # "school", or an area code
    name: str
    runs: list[list[tuple[int, float]]]  # points joined by a line; a gap or break between


class TargetLine(NamedTuple):
    label: str  # "City target: 72% by 2026"
    points: list[tuple[int, float]]  # the trajectory, its start to the target year


class SummaryChart(NamedTuple):
    measure: Measure
    years: tuple[int, int]  # first and last summer on the axis
    lines: list[ChartLine]
    targets: list[TargetLine]
    bands: list[int]  # summers a series break covers (drawn grey, never joined across)
    notes: list[str]  # each break, with why: "2019-20 to 2020-21, school figures: not …"
    status: str
    why: str
    challenged_on: list[str]  # ISO dates asked this school year

    @property
    def title(self) -> str:
        return self.measure.label


class DataSummary(NamedTuple):
    school: str
    urn: int
    made_on: dt.date
    school_year: str  # "2026-27": the year whose challenges are charted
    age: str  # "School results: 2018-19, provisional — seven years old." and what to do
    rows: list[SummaryRow]
    charts: list[SummaryChart]
    more_challenged: list[str]  # challenged measures not charted (room for MAX_CHARTS)
    sources: list[str]  # "title (publisher): figures for 2018-19, provisional"
    notes: list[str]  # a special school's comparison; a demo board's made-up challenges

    @property
    def title(self) -> str:
        return f"{TITLE} – {self.school} – {long_date(self.made_on)}"

    @property
    def more_text(self) -> str:
        n = len(self.more_challenged)
        if not n:
            return ""
        names = "; ".join(self.more_challenged)
        return (
            f"{n} more measure{'s' if n > 1 else ''} challenged ({names}): "
            "see the School data page."
        )


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def challenged_measures(store: Store, urn: int, today: dt.date) -> dict[str, list[str]]:
    """Measures the board challenged this school year (September to August), the most
    recently challenged first (in the order asked, on one day), each with the dates it was
    asked about."""
    start = academic_year_start(today)
    rows = find_challenges(store, urn, since=dt.date(start, 9, 1), until=dt.date(start + 1, 8, 31))
    found: dict[str, list[str]] = {}
    for c in sorted(rows, key=lambda c: (c.asked_on, -c.id), reverse=True):
        if c.measure:
            found.setdefault(c.measure, []).append(c.asked_on)
    return {m: sorted(dates) for m, dates in found.items()}


def data_summary(
    store: Store, urn: int, today: dt.date | None = None, max_charts: int = MAX_CHARTS
) -> DataSummary:
    today = today or dt.date.today()
    school = get_school(store, urn)
    dashboard = school_dashboard(store, urn, school.phase)
    rows = [
        SummaryRow(
            r.measure.code,
            r.measure.label,
            year_text(r),
            figure_text(r.measure, r.school),
            figure_text(r.measure, r.city),
            figure_text(r.measure, r.west_midlands),
            figure_text(r.measure, r.england),
            target_text(r),
            r.status,
        )
        for r in dashboard
    ]
    age = figures_age(dashboard, today)
    age_text = (
        f"{age.text}." + (f" {age.advice}" if age.advice else "")
        if age
        else "No published figures are held for this school yet."
    )
    challenged = challenged_measures(store, urn, today)
    histories = [history(store, urn, code, school.phase, school.name) for code in challenged]
    charts = [chart(h, challenged[h.measure.code]) for h in histories[:max_charts]]
    figures = [f for r in dashboard for f in (r.school, r.city, r.west_midlands, r.england)]
    figures += [
        p.figure for h in histories[:max_charts] for s in (h.school, *h.areas) for p in s.points
    ]
    notes = [SPECIAL] if dashboard and dashboard[0].special else []
    board = get_board(store, urn)
    if board is not None and board.demo:
        notes.append(
            "Demo board: the challenges are made up for the demo; the figures are the "
            "school's published ones."
        )
    documents = {r.target.document_title for r in dashboard if r.target}  # as shown
    documents |= {t.target.document_title for h in histories[:max_charts] for t in h.trajectories}
    breaks = {b.source for h in histories[:max_charts] for b in h.breaks}
    return DataSummary(
        school.name,
        urn,
        today,
        academic_year(today),
        age_text,
        rows,
        charts,
        [h.measure.label for h in histories[max_charts:]],
        source_lines(store, figures, sorted(documents), sorted(breaks)),
        notes,
    )


def chart(h: History, challenged_on: list[str]) -> SummaryChart:
    """The measure's chart as the School data page draws it: each series' points joined
    only where the page joins them (no gap, no series break between)."""
    lines = [
        ChartLine(s.key, s.name, runs(h, s))
        for s in (h.school, *h.areas)
        if any(p.figure.value is not None for p in s.points)
    ]
    targets = [
        TargetLine(
            f"City target: {t.target.summary}",
            [(x, t.expected(x)) for x in range(t.start.x, t.end_x + 1)],
        )
        for t in h.trajectories
    ]
    xs = set(h.years) | {x for t in targets for x, _ in t.points}
    first, last = (min(xs), max(xs)) if xs else (0, 0)
    notes = [break_note(b) for b in dict.fromkeys(_breaks_shown(h, first, last))]
    cohort = cohort_note(h.breaks)
    if cohort:
        notes.append(f"{cohort[0].upper()}{cohort[1:]}.")
    status, why = h.status()
    return SummaryChart(
        h.measure,
        (first, last),
        lines,
        targets,
        sorted(h.break_tips()),
        notes,
        status,
        why,
        sorted(set(challenged_on)),
    )


def runs(h: History, s: Series) -> list[list[tuple[int, float]]]:
    out: list[list[tuple[int, float]]] = []
    previous: int | None = None
    for p in s.points:
        if p.figure.value is None:
            previous = None
            continue
        if previous is None or previous != p.x - 1 or not h.joins(s, previous):
            out.append([])
        out[-1].append((p.x, p.figure.value))
        previous = p.x
    return out


def _breaks_shown(h: History, first: int, last: int) -> list[Break]:
    return [
        b
        for b in h.breaks
        if b.kind != COHORT_YEAR
        and any(b.covers(x, level) for x in range(first, last + 1) for level in ("school", "area"))
    ]


def break_note(b: Break) -> str:
    """E.g. "2019-20 to 2020-21, school figures: not published (no exams: COVID-19)."."""
    years = [summer_label(x) for x in (b.first_x, b.last_x) if x is not None]
    span = " to ".join(dict.fromkeys(years))
    if b.first_x is None and span:
        span = f"Up to {span}"
    elif b.last_x is None and span:
        span = f"From {span}"
    who = {"school": "school figures", "area": "city, region and England figures"}.get(b.level)
    head = ", ".join(part for part in (span, who) if part)
    return f"{head}: {b.note}." if head else f"{b.note[0].upper()}{b.note[1:]}."


def source_lines(
    store: Store, figures: list[Figure | None], documents: list[str], breaks: list[str]
) -> list[str]:
    """Each publication a figure came from, with the years and releases used from it; then
    the documents the city's targets come from and where the series breaks are stated."""
    held: dict[str, set[tuple[str, str]]] = {}
    for f in figures:
        if f is not None:
            held.setdefault(f.source, set()).add((f.year, f.release))
    publishers = {s.title: s.publisher for s in published_sources(store)}
    lines = []
    for title in sorted(held):
        used = sorted(held[title])
        years = year_span([y for y, _ in used])
        releases = ", ".join(sorted({r for _, r in used}))
        who = f" — {publishers[title]}" if publishers.get(title) else ""
        lines.append(f"{title}{who}; figures used: {years} ({releases})")
    lines += [f"City targets: {d}" for d in documents]
    lines += [f"Series breaks: {b}" for b in breaks]
    return lines


def year_span(years: list[str]) -> str:
    """Academic years as runs: "2015-16 to 2018-19, 2020-21"."""
    from stoke_governor.core.dates import year_end

    xs = sorted({x for y in years if (x := year_end(y)) is not None})
    groups: list[list[int]] = []
    for x in xs:
        if groups and x == groups[-1][-1] + 1:
            groups[-1].append(x)
        else:
            groups.append([x])
    return ", ".join(
        summer_label(g[0]) if len(g) == 1 else f"{summer_label(g[0])} to {summer_label(g[-1])}"
        for g in groups
    ) or ", ".join(sorted(set(years)))
