"""The written rule the LA categorises schools by, read from `resources/categories.toml`.

The file holds the rule's every number and its words; nothing here repeats a threshold, so
the rule the app applies and the rule it shows cannot drift apart.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.paths import resources_dir
from stoke_governor.files.reading import read_limited

RULE_FILE = "categories.toml"
RULE_LIMIT = 1 << 20  # a rule in words is a few kilobytes


class Category(NamedTuple):
    name: str
    start: float  # the lowest severity in this category
    meaning: str


class Rule(NamedTuple):
    version: int
    title: str
    categories: tuple[Category, ...]  # most serious first
    results: dict[str, float]
    ofsted: dict[str, float]
    governance: dict[str, float]
    text: str
    why: str

    def category_for(self, severity: float) -> Category:
        return next(c for c in self.categories if severity >= c.start)


class RuleFileError(BadInputFileError):
    """The rule file is missing or does not say what the rule needs."""


NUMBERS = {
    "results": ("off_track", "behind_england", "max_age"),
    "ofsted": ("inadequate", "requires_improvement", "no_grade", "recent_years", "old_factor"),
    "governance": ("no_return", "serious", "mild"),
}


@functools.cache
def shipped_rule() -> Rule:
    return read_rule(resources_dir() / RULE_FILE)


def read_rule(path: Path) -> Rule:
    """The rule in `path`, checked: every number present and a number, the categories in
    order of their starting severity, the lowest starting at 0."""
    try:
        data = tomllib.loads(read_limited(path, RULE_LIMIT, "rule file").decode("utf-8"))
    except (OSError, BadInputFileError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleFileError(f"The categorisation rule {path.name} cannot be read ({exc}).") from exc
    where = f"The categorisation rule {path.name}"
    sides: dict[str, dict[str, float]] = {}
    for side, keys in NUMBERS.items():
        table = data.get(side)
        if not isinstance(table, dict):
            raise RuleFileError(f"{where} has no [{side}] table.")
        for key in keys:
            value = table.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise RuleFileError(f"{where}: [{side}] {key} must be a number, 0 or more.")
        sides[side] = {k: float(table[k]) for k in keys}
    categories = []
    for n, c in enumerate(data.get("categories") or [], start=1):
        name, start = c.get("name") if isinstance(c, dict) else None, c.get("from")
        if (
            not isinstance(name, str)
            or isinstance(start, bool)
            or not isinstance(start, int | float)
        ):
            raise RuleFileError(f"{where}: category {n} needs a name and a number 'from'.")
        categories.append(Category(name, float(start), str(c.get("meaning") or "")))
    starts = [c.start for c in categories]
    if not categories or starts != sorted(starts, reverse=True) or starts[-1] != 0:
        raise RuleFileError(
            f"{where}: the categories must run from the most serious (highest 'from') to one "
            "starting at 0."
        )
    version, text = data.get("version"), data.get("rule")
    if not isinstance(version, int) or not isinstance(text, str) or not text.strip():
        raise RuleFileError(f"{where} needs a whole-number version and the rule in words.")
    return Rule(
        version,
        str(data.get("title") or "How a school is categorised"),
        tuple(categories),
        sides["results"],
        sides["ofsted"],
        sides["governance"],
        text.strip(),
        str(data.get("why") or "").strip(),
    )
