"""A measure as it stood for a school on a given day: figure, year, target and status.

A challenge tied to a measure keeps this with it, as JSON, so the record stays true after
new figures arrive; it is never worked out again.
"""

from __future__ import annotations

import datetime as dt

from stoke_governor.core.errors import ChallengeError
from stoke_governor.db.store import Store
from stoke_governor.measures.catalogue import MeasureRow, catalogue, school_dashboard
from stoke_governor.schools.register import get_school


def every_measure(store: Store, urn: int) -> list[MeasureRow]:
    """The school's dashboard with every measure: what snapshots are taken from (work it out
    once for many snapshots of one school)."""
    return school_dashboard(store, urn, get_school(store, urn).phase, headline_only=False)


def snapshot_of(
    store: Store, urn: int, measure_code: str, dashboard: list[MeasureRow] | None = None
) -> dict:
    """The measure's figure, target and status for the school today, to keep as it is
    (`dashboard`: the school's `every_measure`, when the caller has it already)."""
    rows = every_measure(store, urn) if dashboard is None else dashboard
    row = next((r for r in rows if r.measure.code == measure_code), None)
    # the school's row holds the measure; the whole catalogue only for one it has no figure of
    measure = row.measure if row is not None else catalogue(store).get(measure_code)
    if measure is None:
        raise ChallengeError(f"There is no measure with the code {measure_code!r}.")
    school = get_school(store, urn)
    snap = {
        "measure": measure.code,
        "label": measure.label,
        "of": school.name,
        "year": None,
        "value": "",
        "target": "",
        "status": "No figure held",
        "taken_on": dt.date.today().isoformat(),
    }
    if row is not None:
        fig = row.school
        snap.update(
            year=fig.year,
            value=measure.format(fig.value) if fig.value is not None else "not published",
            status=row.status,
            target=row.target.summary if row.target else "",
            city=measure.format(row.city.value) if row.city else "",
            england=measure.format(row.england.value) if row.england else "",
        )
    return snap


def snapshot_text(snap: dict | None) -> str:
    """E.g. `Attainment 8 (average score): 33.9 in 2018-19; city target …; Behind England`."""
    if not snap:
        return ""
    if not snap.get("year"):
        return f"{snap.get('label', '')}: no figure held on {snap.get('taken_on', '')}"
    parts = [f"{snap.get('label', '')}: {snap.get('value', '')} in {snap['year']}"]
    if snap.get("target"):
        parts.append(f"city target: {snap['target']}")
    parts.append(snap.get("status", ""))
    return "; ".join(p for p in parts if p)
