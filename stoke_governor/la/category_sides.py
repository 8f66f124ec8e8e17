"""The three sides a school is categorised from, each giving weighted reasons in words:
its results against the city's targets and England, its Ofsted grade and date, and its
board's governance by the LA's risk rule. The weights are the written rule's
(`category_rule`); `categories` adds them up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from stoke_governor.core.areas import ENGLAND
from stoke_governor.core.dates import academic_year_start, summer_label, year_end
from stoke_governor.db.store import Store
from stoke_governor.la.category_rule import Rule
from stoke_governor.la.risk import signals
from stoke_governor.measures.catalogue import (
    RELEASE_ORDER,
    Figure,
    Measure,
    MeasureRow,
    area_figure,
    catalogue,
    city_trajectories,
    comparator_codes,
    phase_key_of,
)
from stoke_governor.measures.shown import figure_text
from stoke_governor.measures.targets import targets_for
from stoke_governor.measures.tracking import BEFORE, BELOW, DOCUMENT_START, OFF_TRACK
from stoke_governor.schools.register import OFSTED_GRADES

RESULTS, OFSTED, GOVERNANCE = "Results", "Ofsted", "Governance"
SIDES = (RESULTS, OFSTED, GOVERNANCE)
BEHIND_ENGLAND = "Behind England"


class Reason(NamedTuple):
    text: str  # one plain sentence
    weight: float  # 0: said, not counted
    side: str  # one of SIDES


class SchoolFacts(NamedTuple):
    """What the schools list says of one school, for its results and Ofsted sides."""

    urn: int
    phase: str | None
    type: str | None
    ofsted_grade: int | None
    ofsted_inspected_on: str | None

    @property
    def special(self) -> bool:
        return any("special" in (v or "").lower() for v in (self.phase, self.type))


def school_facts(store: Store, urns: Iterable[int]) -> dict[int, SchoolFacts]:
    wanted = set(urns)
    rows = store.query(
        "SELECT urn, phase, type, ofsted_grade, ofsted_inspected_on FROM schools "
        "WHERE status != 'closed'"
    )
    return {r["urn"]: SchoolFacts(**dict(r)) for r in rows if r["urn"] in wanted}


# -- results ---------------------------------------------------------------------------------
class _Judge:
    """Statuses as the school's dashboard gives them, with each measure's targets, lines and
    England's figure worked out once for the whole city."""

    def __init__(self, store: Store):
        self.store = store
        self._lines: dict = {}
        self._england: dict = {}

    def row(self, measure: Measure, figure: Figure, phase_key: str, special: bool) -> MeasureRow:
        codes = comparator_codes(measure, phase_key)
        key = (measure.code, phase_key)
        if key not in self._lines:
            targets = targets_for(self.store, codes)
            lines = city_trajectories(self.store, codes, targets, phase=phase_key)
            self._lines[key] = (targets, lines)
        targets, lines = self._lines[key]
        england_key = (*key, figure.year)
        if england_key not in self._england:
            self._england[england_key] = area_figure(
                self.store, ENGLAND, codes, figure.year, phase_key
            )
        return MeasureRow(
            measure, figure, None, self._england[england_key], None, targets, lines, special
        )


def results_reasons(
    store: Store, facts: dict[int, SchoolFacts], rule: Rule, today: dt.date
) -> dict[int, list[Reason]]:
    """Each school's latest figure for each headline measure, judged as its dashboard judges
    it; only figures recent enough (and from the strategy's years) count."""
    measures = {
        code: m
        for code, m in catalogue(store, "school").items()
        if m.headline and m.higher_is_better is not None
    }
    latest: dict[int, dict[str, Figure]] = {}
    if measures:
        marks = ", ".join("?" * len(measures))
        rows = store.query(
            "SELECT f.urn, f.measure, f.value, f.code, f.year, f.release, s.title AS source, "
            "f.raw FROM school_figures f JOIN sources s ON s.id = f.source_id "
            f"WHERE f.measure IN ({marks}) "
            f"ORDER BY f.urn, f.measure, f.year DESC, {RELEASE_ORDER}, f.id DESC",
            tuple(measures),
        )
        for r in rows:
            if r["urn"] in facts:
                held = latest.setdefault(r["urn"], {})
                if r["measure"] not in held:
                    fields = {k: r[k] for k in Figure._fields}
                    held[r["measure"]] = Figure(**fields)
    judge, now = _Judge(store), academic_year_start(today)
    max_age = rule.results["max_age"]
    return {
        urn: _results_of(judge, measures, latest.get(urn, {}), school, rule, now, max_age)
        for urn, school in facts.items()
    }


def _results_of(judge, measures, figures, school, rule, now, max_age) -> list[Reason]:
    if not figures:
        return [Reason("No published results are held for the school", 0, RESULTS)]
    special = school.special
    phase_key = "special" if special else phase_key_of(school.phase)
    reasons: list[Reason] = []
    old: list[int] = []
    before: list[int] = []
    for code, figure in figures.items():
        x = year_end(figure.year)
        if figure.value is None or x is None:
            continue  # not published: never counted
        if now - x > max_age:
            old.append(x)
            continue
        measure = measures[code]
        row = judge.row(measure, figure, phase_key, special)
        status = row.status
        shown = f"{measure.label}: {figure_text(measure, figure)} in {figure.year}"
        if status in (OFF_TRACK, BELOW) and row.target is not None:
            words = "off track for" if status == OFF_TRACK else "below the city's target of"
            text = f"{shown}, {words} {row.target.summary}"
            reasons.append(Reason(text, rule.results["off_track"], RESULTS))
        elif status == BEHIND_ENGLAND:
            england = figure_text(measure, row.england)
            text = f"{shown}, behind England ({england})"
            reasons.append(Reason(text, rule.results["behind_england"], RESULTS))
        elif status == BEFORE:
            before.append(x)
    start = min(DOCUMENT_START.values())
    if before:
        reasons.append(
            Reason(
                f"Results from before the strategy (newest {summer_label(max(before))}, before "
                f"{summer_label(start)}) are shown, not counted",
                0,
                RESULTS,
            )
        )
    if old:
        reasons.append(
            Reason(
                f"Results more than {max_age:g} years old (newest {summer_label(max(old))}) are "
                "not counted",
                0,
                RESULTS,
            )
        )
    return reasons


# -- Ofsted ----------------------------------------------------------------------------------
def ofsted_reasons(school: SchoolFacts, rule: Rule, today: dt.date) -> list[Reason]:
    grade, weights = school.ofsted_grade, rule.ofsted
    if grade not in OFSTED_GRADES:
        return [Reason("No Ofsted grade is held for the school", weights["no_grade"], OFSTED)]
    on = _date(school.ofsted_inspected_on)
    label = OFSTED_GRADES[grade]
    weight = {4: weights["inadequate"], 3: weights["requires_improvement"]}.get(grade, 0.0)
    recent = weights["recent_years"]
    if on is None:
        when, old = "inspection date not held", True
    else:
        years = (today - on).days / 365.25
        old = years > recent
        when = f"inspected {on.day} {on:%B %Y}"
        if old:
            when += f", over {recent:g} years ago"
    if old and weight:
        weight *= weights["old_factor"]
        when += ", so it weighs less"
    text = f"{label} at its last Ofsted inspection ({when})"
    return [Reason(text, weight, OFSTED)]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


# -- governance ------------------------------------------------------------------------------
def governance_reasons(status, titles: dict[str, str], rule: Rule) -> list[Reason]:
    """The board's side, from its row of the City picture (`city.SchoolStatus`): the risk
    rule's reasons, weighted by how serious the rule counts them."""
    weights = rule.governance
    if not status.returned:
        missing = status.risk.reasons if status.risk is not None else ()
        texts = missing or (f"No self-evaluation returned for {status.year or 'the year'}",)
        return [Reason(t, weights["no_return"], GOVERNANCE) for t in texts]
    serious, mild = signals(status, titles)
    return [Reason(t, weights["serious"], GOVERNANCE) for t in serious] + [
        Reason(t, weights["mild"], GOVERNANCE) for t in mild
    ]
