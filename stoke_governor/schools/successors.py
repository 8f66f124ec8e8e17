"""One school, one row: a school that replaced another (an academy conversion, a merger)
stands for its predecessor, following the links in the schools list.

The list (Get Information About Schools, `resources/schools.csv`) gives each linked school
one other URN, `successor_urn`, and the link reads both ways: a closed school names the
school that replaced it, and the new school names the one it replaced. Which of two linked
schools is the successor:

- a closed school is succeeded by the school it is linked to;
- of two schools both still listed (the old one not yet marked closed when the new one
  opened), the one proposed to close is the predecessor, else the one with the lower URN:
  URNs are issued in order, so the newer establishment has the higher one.

Links are followed to the end (A replaced by B, B by C: A stands as C); a loop in the list
is left where it starts.
"""

from __future__ import annotations

from stoke_governor.db.store import Store

LISTED = ("open", "closing")  # statuses of a school still on the city's list


def _successor(a: int, a_status: str, b: int, b_status: str) -> tuple[int, int]:
    """(predecessor, successor) of two linked schools."""
    if a_status == "closed" and b_status != "closed":
        return a, b
    if b_status == "closed" and a_status != "closed":
        return b, a
    if a_status == "closing" and b_status == "open":
        return a, b
    if b_status == "closing" and a_status == "open":
        return b, a
    return (a, b) if a < b else (b, a)


def successors(store: Store) -> dict[int, int]:
    """Predecessor URN → the URN of the school that stands for it now (links followed)."""
    rows = store.query("SELECT urn, status, successor_urn FROM schools")
    status = {r["urn"]: r["status"] for r in rows}
    step: dict[int, int] = {}
    for r in rows:
        other = r["successor_urn"]
        if other is None or other == r["urn"] or other not in status:
            continue
        before, after = _successor(r["urn"], r["status"], other, status[other])
        step.setdefault(before, after)
    final: dict[int, int] = {}
    for start in step:
        seen, urn = {start}, step[start]
        while urn in step and step[urn] not in seen:
            seen.add(urn)
            urn = step[urn]
        if urn != start:
            final[start] = urn
    return final


def counted_twice(store: Store) -> dict[int, int]:
    """Schools still listed whose successor is listed too: predecessor → successor. Each
    such pair is one school, counted once under the successor."""
    listed = {
        r[0]
        for r in store.query(
            f"SELECT urn FROM schools WHERE status IN ({', '.join('?' * len(LISTED))})", LISTED
        )
    }
    return {a: b for a, b in successors(store).items() if a in listed and b in listed}
