"""Each board's self-evaluation this year against last year, and the city's the same way.

Both years come from the returns the LA already holds: for each school and academic year,
the return the city picture uses (`la.returns.held.current_returns`). Nothing is re-keyed.

A section's rating is the board's mean rating in it (as the return gives it, 1-4). It is
"better" or "worse" when it moved by at least `SAME_WITHIN` of a point (a quarter of a point:
one item of four moving by one step), otherwise "the same". Sections are matched by their
id: a section in this year's framework but not in last year's says so, and is not compared.
Where either year gives nothing (no return, not rated) the change says why: missing stays
missing, never 0.

Beside the sections: the mean over the sections rated in both years (so a change of
framework does not move it), core-training take-up (the same within `TRAINING_SAME_WITHIN`
percentage points) and vacancies (fewer is better).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from stoke_governor.core.dates import year_label

if TYPE_CHECKING:
    from stoke_governor.db.store import Store
    from stoke_governor.la.city import SchoolStatus

SAME_WITHIN = 0.25  # of a rating point: a smaller change reads "same"
TRAINING_SAME_WITHIN = 5.0  # percentage points of core-training take-up

BETTER, SAME, WORSE = "better", "same", "worse"
COMPARED = (BETTER, SAME, WORSE)
NOT_COMPARED = "not compared"
NO_RETURN_NOW, NO_RETURN_BEFORE = "no return this year", "no return last year"
NOT_RATED_NOW, NOT_RATED_BEFORE = "not rated this year", "not rated last year"
NOT_RATED_EITHER = "not rated either year"
NEW_SECTION, DROPPED_SECTION = "not in last year's framework", "not in this year's framework"
NOTHING_IN_COMMON = "no section rated in both years"


class Change(NamedTuple):
    this_year: float | None
    last_year: float | None
    word: str  # BETTER, SAME, WORSE, or why the two cannot be compared

    @property
    def compared(self) -> bool:
        return self.word in COMPARED

    def describe(self, unit: str = "", digits: int = 1) -> str:
        """'Better (2.0 → 3.0)', 'No return last year', 'Not rated last year (now 3.0)'."""

        def shown(v: float) -> str:
            return f"{v:.{digits}f}{unit}"

        said = self.word[:1].upper() + self.word[1:]
        if self.compared and self.this_year is not None and self.last_year is not None:
            return f"{said} ({shown(self.last_year)} → {shown(self.this_year)})"
        if self.this_year is not None:
            return f"{said} (now {shown(self.this_year)})"
        if self.last_year is not None:
            return f"{said} (last year {shown(self.last_year)})"
        return said


class SectionChange(NamedTuple):
    section_id: str
    title: str
    change: Change

    @property
    def word(self) -> str:
        return self.change.word

    def describe(self) -> str:
        return self.change.describe()


class SchoolTrend(NamedTuple):
    urn: int
    year: str
    previous_year: str
    returned: bool  # a return is held for `year`
    returned_last_year: bool
    sections: list[SectionChange]  # this year's framework's order, then last year's only
    overall: Change  # mean over the sections rated in both years
    training: Change  # percent of governors with every core module done
    vacancies: Change  # fewer is better

    def counts(self) -> dict[str, int]:
        """How many sections are better, the same, worse."""
        found = Counter(s.word for s in self.sections)
        return {w: found[w] for w in COMPARED}

    def section(self, section_id: str) -> SectionChange | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def sentence(self) -> str:
        """One line: 'Since 2025-26: better in 1 section, the same in 4, worse in 1.'"""
        if not self.returned:
            return f"No return for {self.year} to compare."
        if not self.returned_last_year:
            return f"No return for {self.previous_year} to compare with."
        n = self.counts()
        if not any(n.values()):
            return f"Since {self.previous_year}: no section is rated in both years."
        return (
            f"Since {self.previous_year}: better in {_sections(n[BETTER])}, the same in "
            f"{n[SAME]}, worse in {n[WORSE]}."
        )


def _sections(n: int) -> str:
    return f"{n} section{'' if n == 1 else 's'}"


def previous_year(year: str) -> str:
    """'2025-26' for '2026-27'."""
    start = int(str(year)[:4])
    return year_label(start - 1)


class Reading(NamedTuple):
    """What one return says that a trend compares."""

    means: dict[str, float | None]  # section id -> mean rating; every section of its framework
    titles: dict[str, str]
    training: float | None
    vacancies: int | None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def reading_of_payload(payload: dict) -> Reading:
    sections = [s for s in payload.get("sections") or [] if isinstance(s, dict) and s.get("id")]
    vacancies = _number((payload.get("board") or {}).get("vacancies"))
    return Reading(
        {str(s["id"]): _number(s.get("mean")) for s in sections},
        {str(s["id"]): str(s.get("title") or s["id"]) for s in sections},
        _number((payload.get("training") or {}).get("all_core_done_percent")),
        None if vacancies is None else int(vacancies),
    )


def reading_of_status(status: SchoolStatus, titles: dict[str, str]) -> Reading | None:
    if not status.returned:
        return None
    means = dict(status.section_means)
    return Reading(
        means,
        {k: titles.get(k, k) for k in means},
        status.training_percent,
        status.vacancies,
    )


def _change(
    this: float | None,
    last: float | None,
    within: float,
    *,
    lower_is_better: bool = False,
    missing: tuple[str, str, str] = (NOT_RATED_NOW, NOT_RATED_BEFORE, NOT_RATED_EITHER),
) -> Change:
    if this is None or last is None:
        word = missing[2] if this is None and last is None else missing[0 if this is None else 1]
        return Change(this, last, word)
    moved = round(this - last, 6) * (-1 if lower_is_better else 1)
    word = SAME if abs(moved) < within else BETTER if moved > 0 else WORSE
    return Change(this, last, word)


def compare(
    urn: int, year: str, now: Reading | None, before: Reading | None, last: str | None = None
) -> SchoolTrend:
    """One school's trend from what this year's and last year's returns say (None: none)."""
    last = last or previous_year(year)
    ids = list(now.means) if now else []
    ids += [k for k in (before.means if before else {}) if k not in ids]
    titles = {**(before.titles if before else {}), **(now.titles if now else {})}
    sections = []
    for sid in ids:
        this = now.means.get(sid) if now else None
        was = before.means.get(sid) if before else None
        if now is None:
            change = Change(None, was, NO_RETURN_NOW)
        elif before is None:
            change = Change(this, None, NO_RETURN_BEFORE)
        elif sid not in now.means:
            change = Change(None, was, DROPPED_SECTION)
        elif sid not in before.means:
            change = Change(this, None, NEW_SECTION)
        else:
            change = _change(this, was, SAME_WITHIN)
        sections.append(SectionChange(sid, titles.get(sid, sid), change))
    return SchoolTrend(
        urn,
        year,
        last,
        now is not None,
        before is not None,
        sections,
        _overall(now, before),
        _figure(now, before, "training", TRAINING_SAME_WITHIN, lower_is_better=False),
        _figure(now, before, "vacancies", 1, lower_is_better=True),
    )


def _overall(now: Reading | None, before: Reading | None) -> Change:
    if now is None or before is None:
        return Change(None, None, NO_RETURN_NOW if now is None else NO_RETURN_BEFORE)
    common = [k for k, v in now.means.items() if v is not None and before.means.get(k) is not None]
    if not common:
        return Change(None, None, NOTHING_IN_COMMON)
    this = round(sum(now.means[k] or 0.0 for k in common) / len(common), 2)
    was = round(sum(before.means[k] or 0.0 for k in common) / len(common), 2)
    return _change(this, was, SAME_WITHIN)


def _figure(now, before, field: str, within: float, *, lower_is_better: bool) -> Change:
    if now is None or before is None:
        this = getattr(now, field) if now else None
        was = getattr(before, field) if before else None
        return Change(this, was, NO_RETURN_NOW if now is None else NO_RETURN_BEFORE)
    missing = ("not given this year", "not given last year", "not given either year")
    return _change(
        getattr(now, field),
        getattr(before, field),
        within,
        lower_is_better=lower_is_better,
        missing=missing,
    )


# -- from the returns held ---------------------------------------------------------------


def _current_payload(store: Store, urn: int, year: str) -> dict | None:
    from stoke_governor.la.returns.held import payload_of

    row = store.query_one(
        "SELECT id FROM returns_received WHERE urn = ? AND year = ? AND state = 'current' "
        "ORDER BY id DESC LIMIT 1",
        (urn, year),
    )
    return None if row is None else payload_of(store, row[0])


def school_trend(store: Store, urn: int, year: str, payload: dict | None = None) -> SchoolTrend:
    """One school: the return used for `year` (or `payload`, e.g. another revision shown)
    against the return used for the year before."""
    now = payload if payload is not None else _current_payload(store, urn, year)
    before = _current_payload(store, urn, previous_year(year))
    return compare(
        urn,
        year,
        None if now is None else reading_of_payload(now),
        None if before is None else reading_of_payload(before),
    )
