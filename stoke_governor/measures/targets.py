"""The city's baselines and targets, each with the passage it comes from."""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.db.store import Store


class CityTarget(NamedTuple):
    id: str
    kind: str
    topic: str
    measure: str | None
    area: str | None
    value: float | None
    unit: str | None
    value_text: str
    year: str | None
    comparison: str | None
    document: str
    document_title: str
    section: str | None
    passage: str
    disagrees_with: str | None
    note: str | None

    @property
    def summary(self) -> str:
        """E.g. `72% by 2026`, as a governor would say it."""
        text = self.value_text
        if self.kind != "target" or not self.year or self.year in text:
            return text
        if self.year[0].isdigit() or self.year.startswith("Dec"):
            return f"{text} by {self.year}"
        return f"{text} ({self.year})"

    @property
    def citation(self) -> str:
        where = f', "{self.section}"' if self.section else ""
        return f"{self.document_title}{where}"

    @property
    def is_numeric(self) -> bool:
        return self.value is not None and self.comparison in {"at_least", "at_most"}

    @property
    def goal(self) -> float:
        """The value, for a target or baseline known to have one."""
        if self.value is None:
            raise ValueError(f"The city target {self.id} has no value.")
        return self.value


_COLUMNS = ", ".join(CityTarget._fields)


def targets_for(store: Store, measures: list[str], kind: str = "target") -> list[CityTarget]:
    """Targets (or baselines) that answer to any of these measure codes, soonest first."""
    if not measures:
        return []
    marks = ", ".join("?" * len(measures))
    rows = store.query(
        f"SELECT {_COLUMNS} FROM city_targets WHERE kind = ? AND measure IN ({marks}) "
        "ORDER BY CASE WHEN value IS NULL THEN 1 ELSE 0 END, year, id",
        (kind, *measures),
    )
    return [CityTarget(**dict(r)) for r in rows]


def all_targets(store: Store) -> list[CityTarget]:
    rows = store.query(f"SELECT {_COLUMNS} FROM city_targets ORDER BY kind DESC, topic, id")
    return [CityTarget(**dict(r)) for r in rows]


def disagreements(store: Store) -> list[tuple[CityTarget, CityTarget]]:
    """Pairs of passages that give different figures for the same thing."""
    by_id = {t.id: t for t in all_targets(store)}
    pairs = []
    for target in by_id.values():
        other = by_id.get(target.disagrees_with or "")
        if other and target.id < other.id:
            pairs.append((target, other))
    return pairs
