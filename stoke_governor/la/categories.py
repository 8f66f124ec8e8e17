"""Every open city school in a category, by one written, versioned rule
(`resources/categories.toml`), with its reasons in words, heaviest first.

A school is looked at from three sides (`category_sides`): its results against the city's
targets and England, its Ofsted grade and date, and its board's governance from its return.
Each concern is a reason with a weight; the sum is the school's severity, which decides its
category and the order the schools are listed in (most severe first). Reasons of weight 0
say what was seen and not counted (results from before the strategy, a good grade).

For the City picture and the city report:

    placed = categorise(store, city_picture(store))
    counts(placed)           # {"Intensive support": 12, "Targeted support": 40, ...}
    top_concerns(placed, 10)
    rule_text()              # the rule and why, as the app and the report show it
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from stoke_governor.db.store import Store
from stoke_governor.la.category_rule import Rule, shipped_rule
from stoke_governor.la.category_sides import (
    GOVERNANCE,
    OFSTED,
    RESULTS,
    SIDES,
    Reason,
    governance_reasons,
    ofsted_reasons,
    results_reasons,
    school_facts,
)

__all__ = [
    "CATEGORIES",
    "GOVERNANCE",
    "OFSTED",
    "RESULTS",
    "RULE_VERSION",
    "SIDES",
    "Placed",
    "Reason",
    "categorise",
    "counts",
    "rule_text",
    "top_concerns",
]

RULE_VERSION: int = shipped_rule().version
CATEGORIES: tuple[str, ...] = tuple(c.name for c in shipped_rule().categories)  # most serious first


class Placed(NamedTuple):
    urn: int
    name: str
    phase: str | None
    category: str  # one of CATEGORIES
    severity: float  # the sum of the reasons' weights
    reasons: tuple[Reason, ...]  # heaviest first; weight 0 last (said, not counted)
    rank: int = 0  # the category's place in CATEGORIES: 0 most serious

    @property
    def concerns(self) -> tuple[Reason, ...]:
        """The reasons that count (weight above 0)."""
        return tuple(r for r in self.reasons if r.weight > 0)

    @property
    def sort_key(self) -> tuple:
        """Most serious first: category, severity, number of concerns, then name."""
        return (self.rank, -self.severity, -len(self.concerns), self.name.casefold(), self.urn)

    def one_line(self, most: int = 3) -> str:
        """The heaviest reasons in one line, e.g. for a report's top ten."""
        shown = [r.text for r in self.concerns[:most]]
        more = len(self.concerns) - len(shown)
        text = "; ".join(shown) or "Nothing in the rule applies"
        return text + (f"; and {more} more" if more > 0 else "")


def categorise(
    store: Store, picture, today: dt.date | None = None, rule: Rule | None = None
) -> list[Placed]:
    """Every school of the City picture (`city.city_picture`) in its category, most serious
    first (see `Placed.sort_key`)."""
    rule = rule or shipped_rule()
    today = today or dt.date.today()
    facts = school_facts(store, (row.urn for row in picture.rows))
    results = results_reasons(store, facts, rule, today)
    titles = picture.titles()
    names = [c.name for c in rule.categories]
    placed = []
    for row in picture.rows:
        reasons = list(results.get(row.urn, ()))
        school = facts.get(row.urn)
        if school is not None:
            reasons += ofsted_reasons(school, rule, today)
        reasons += governance_reasons(row, titles, rule)
        reasons.sort(key=lambda r: -r.weight)  # stable: results, Ofsted, governance
        severity = sum(r.weight for r in reasons)
        category = rule.category_for(severity)
        placed.append(
            Placed(
                row.urn,
                row.name,
                row.phase,
                category.name,
                severity,
                tuple(reasons),
                names.index(category.name),
            )
        )
    return sorted(placed, key=lambda p: p.sort_key)


def counts(placed: list[Placed]) -> dict[str, int]:
    """How many schools in each category, most serious first (0 where none)."""
    held = Counter(p.category for p in placed)
    return {name: held.get(name, 0) for name in CATEGORIES}


def top_concerns(placed: list[Placed], n: int = 10) -> list[Placed]:
    """The `n` most serious schools with at least one concern, most serious first."""
    return [p for p in sorted(placed, key=lambda p: p.sort_key) if p.concerns][:n]


def rule_text(rule: Rule | None = None, why: bool = True) -> str:
    """The rule in words, as the app and the report show it: its title and version, the
    categories, the rule and (with `why`) its justification."""
    rule = rule or shipped_rule()
    lines = [f"{rule.title} (rule version {rule.version})"]
    lines += [f"{c.name}: {c.meaning}" for c in rule.categories]
    lines += [p for p in rule.text.split("\n\n") if p.strip()]
    if why:
        lines += ["Why:"] + [p for p in rule.why.split("\n\n") if p.strip()]
    return "\n".join(line.strip() for line in lines)
