"""How far a self-evaluation has got, and what it says: by section, year on year, and
read against another framework through the shipped mappings."""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.db.store import Store
from stoke_governor.selfeval.evaluation import Evaluation, Rating, previous_evaluation, ratings
from stoke_governor.selfeval.frameworks import Catalogue, Framework, shipped_frameworks


# -- progress and summaries ------------------------------------------------------------
class Progress(NamedTuple):
    rated: int
    total: int

    @property
    def percent(self) -> float:
        return 0.0 if not self.total else 100 * self.rated / self.total

    def describe(self) -> str:
        return f"{self.rated} of {self.total} items rated ({self.percent:.0f}%)"


class SectionSummary(NamedTuple):
    section_id: str
    title: str
    items: int
    rated: int
    mean: float | None  # of the ratings given; None when none is
    counts: dict[int, int]  # rating → number of items


def progress(held: dict[str, Rating], framework: Framework) -> Progress:
    rated = sum(1 for i in framework.items if (r := held.get(i.id)) and r.rating is not None)
    return Progress(rated, len(framework.items))


def section_summary(held: dict[str, Rating], framework: Framework) -> list[SectionSummary]:
    out = []
    for s in framework.sections:
        values = [
            r.rating
            for i in framework.items_in(s.id)
            if (r := held.get(i.id)) and r.rating is not None
        ]
        counts = {v.value: values.count(v.value) for v in framework.scale.values}
        mean = round(sum(values) / len(values), 2) if values else None
        out.append(
            SectionSummary(s.id, s.title, len(framework.items_in(s.id)), len(values), mean, counts)
        )
    return out


class Comparison(NamedTuple):
    title: str
    this_year: float | None
    last_year: float | None


def compare_years(store: Store, evaluation: Evaluation, framework: Framework) -> list[Comparison]:
    """Each section's mean rating this year beside last year's (same framework id only)."""
    now = section_summary(ratings(store, evaluation.id), framework)
    last = previous_evaluation(store, evaluation)
    before: dict[str, float | None] = {}
    if last is not None and last.framework_id == framework.id:
        with_fw = (
            shipped_frameworks(store).get(last.framework_id, last.framework_version) or framework
        )
        before = {s.section_id: s.mean for s in section_summary(ratings(store, last.id), with_fw)}
    return [Comparison(s.title, s.mean, before.get(s.section_id)) for s in now]


def read_against(
    held: dict[str, Rating],
    framework: Framework,
    other: Framework,
    catalogue: Catalogue | None = None,
) -> dict[str, float]:
    """Ratings given on one framework read as the items of another (the mean of those mapped)."""
    pairs = (catalogue or shipped_frameworks()).mapped(framework.id, other.id)
    gathered: dict[str, list[int]] = {}
    for item_id, target in pairs.items():
        r = held.get(item_id)
        if r is not None and r.rating is not None:
            gathered.setdefault(target, []).append(r.rating)
    return {k: round(sum(v) / len(v), 2) for k, v in gathered.items()}
