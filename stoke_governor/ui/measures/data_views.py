"""The Data page's two views of a measure, drawn on the page's chart, status line, table and
source note: the school over the years (with the city's target lines and series breaks) or
every city school in the latest year (ranked where higher or lower is better).

A mixin of `DataPage`, which owns the widgets (built in its `__init__`).
"""

from __future__ import annotations

from stoke_governor.core.dates import summer_label
from stoke_governor.measures.breaks import NOT_PUBLISHED, Break, cohort_note
from stoke_governor.measures.catalogue import Measure
from stoke_governor.measures.status import STATUS_RULES
from stoke_governor.measures.trends import Comparison, History
from stoke_governor.ui.common.column_fit import cap_columns
from stoke_governor.ui.common.text_table import Cell
from stoke_governor.ui.measures.dashboard_model import DARK_TEXT, NEUTRAL, STATUS_COLOURS

TRENDS, CITY_VIEW = 0, 1
SPECIAL_NOTE = (
    "A special school is compared with England's special schools, not with the city's "
    "targets or all-school figures: those are for all pupils. "
)


class DataViews:
    """Show a history or a city comparison (`refresh` chooses which)."""

    # -- over the years ---------------------------------------------------------
    def _show_history(self, h: History) -> None:
        status, why = h.status()
        if h.latest is None:
            why = (
                f"No figure for {self.school.name} is held for this measure yet. "
                + self._how_to_add(h.measure)
            )
        self._set_status(status, why)
        if self.charts is not None:
            self.charts.setCurrentIndex(TRENDS)
            self.trend_chart.show_history(h, f"{h.measure.label}: {self.school.name}")
        self.projection.show_history(h, self.trend_chart if self.charts is not None else None)
        fmt = h.measure.format
        lines = sorted(h.trajectories, key=lambda t: (t.end_x, t.target.id))
        header = ["Year", "This school", *(s.name for s in h.areas)]
        header += [f"Target line: {t.target.summary}" for t in lines]
        xs = {x for t in lines for x in range(t.start.x, t.end_x + 1)}
        xs = sorted(xs | set(h.years) | set(h.break_tips()))
        rows = []
        for x in xs:
            row = [Cell(summer_label(x))]
            for series in (h.school, *h.areas):
                row.append(_figure_cell(series.at(x), fmt, h.break_at(x, series)))
            for t in lines:
                if t.start.x <= x <= t.end_x:
                    mark = " (target)" if x == t.end_x else " (start)" if x == t.start.x else ""
                    tip = f"{t.target.citation}: “{t.target.passage}”"
                    row.append(Cell(fmt(t.expected(x)) + mark, tip, True))
                else:
                    row.append(Cell(""))
            rows.append(row)
        self.table_model.set_rows(header, rows)
        self.table.resizeColumnsToContents()
        cap_columns(self.table, 15)  # "not published (no exams: COVID-19)" wraps
        sources = sorted({p.figure.source for s in (h.school, *h.areas) for p in s.points})
        cohort = cohort_note(h.breaks)
        self.sources = (  # what a saved picture of the chart says below it
            (f"{h.measure.label} ({h.measure.code}). " if h.measure else "")
            + (f"{cohort[0].upper()}{cohort[1:]}. " if cohort else "")
            + (SPECIAL_NOTE if h.special else "")
            + ("Sources: " + "; ".join(sources) + "." if sources else "")
        )
        self.source_note.setText(
            self.sources + " Hover over a point or a cell for its exact value and source."
        )

    def _how_to_add(self, m: Measure) -> str:
        if m.code.startswith("SCH_") or m.family in ("eyfs", "phonics"):
            return (
                "The DfE does not publish it per school: make a data template, fill it in "
                "and import it."
            )
        return "Import the DfE download that holds it (Import data…)."

    # -- every city school ------------------------------------------------------
    def _show_comparison(self, c: Comparison) -> None:
        self.projection.clear()
        fmt = c.measure.format
        if self.charts is not None:
            self.charts.setCurrentIndex(CITY_VIEW)
            self.city_chart.show_comparison(c, self.school.urn, self.school.name)
        if not c.years:
            self._set_status("No figures", "No city school has a figure for this measure yet.")
            self.table_model.set_rows(["Rank", "Figure", "School"], [])
            return
        latest = c.years[-1]
        ranked = c.ranked(latest)
        mine = next((r for r in ranked if r[1].urn == self.school.urn), None)
        better = "lower is better" if c.measure.higher_is_better == 0 else "higher is better"
        kind = f"city {c.phase} schools" if c.phase else "city schools"
        if mine and c.ranks:
            text = (
                f"{self.school.name} is {_ordinal(mine[0])} of {len(ranked)} {kind} "
                f"with a figure for {summer_label(latest)} ({better})."
            )
        elif mine:
            text = (
                f"{len(ranked)} {kind} have a figure for {summer_label(latest)}. This measure "
                "describes the pupils: it is not ranked, as neither higher nor lower is "
                "better."
            )
        else:
            text = f"{self.school.name} has no figure for {summer_label(latest)}."
        self._set_status("City comparison", text)
        city = c.city
        rows = [[Cell(""), _figure_cell(city.at(latest), fmt), Cell("Stoke-on-Trent (all pupils)")]]
        highlight = []
        for rank, school, value in ranked:
            if school.urn == self.school.urn:
                highlight.append(len(rows))
            rows.append(
                [
                    Cell("" if rank is None else str(rank), "", True),
                    Cell(fmt(value), "", True),
                    Cell(school.name, f"URN {school.urn}"),
                ]
            )
        self.table_model.set_rows(["Rank", summer_label(latest), "School"], rows, highlight)
        self.table.resizeColumnsToContents()
        if highlight:
            self.table.scrollTo(self.table_model.index(highlight[0], 0))
        one = kind.removesuffix("s")
        self.sources = (
            f"{c.measure.label} ({c.measure.code}): every {one} holding a figure, "
            f"{summer_label(c.years[0])} to {summer_label(latest)}. Schools with a suppressed "
            "or missing figure are left out, never counted as zero."
        )
        self.source_note.setText(self.sources)

    def _set_status(self, status: str, why: str) -> None:
        self.status.setText(f"{status} — {why}")
        self.status.setAccessibleDescription(f"{status}. {why}")
        self.status.setToolTip(STATUS_RULES.get(status, ""))
        colour = STATUS_COLOURS.get(status, NEUTRAL)  # the dashboard's tints, word for word
        self.status.setStyleSheet(f"background: {colour}; color: {DARK_TEXT}; border-radius: 4px;")


def _figure_cell(fig, fmt, gap: Break | None = None) -> Cell:
    """A figure as the table shows it; in a series break, the break says why."""
    if gap is not None and gap.kind == NOT_PUBLISHED and (fig is None or fig.value is None):
        return Cell(gap.note, gap.tip)
    if gap is not None and fig is None:
        return Cell("—", gap.tip)
    if fig is None:
        return Cell("—", "No figure held for this year.")
    tip = f"{fig.source} ({fig.release})"
    if fig.value is None and fig.text:
        return Cell(fig.text, f"Published as text. {tip}", True)
    if fig.value is None:
        return Cell("not published", f"{fig.missing_reason} ({fig.code or 'blank'}). {tip}")
    if gap is not None:
        return Cell(f"{fmt(fig.value)} ({gap.kind})", f"{gap.tip}\n{tip}", True)
    return Cell(fmt(fig.value), tip, True)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
