"""Writing an LA pack's plan (`la.packs.plan`) into a school's database, inside the
transaction `la.packs.apply` opens: upserts only, nothing held is deleted.
"""

from __future__ import annotations

from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.db.store import Store
from stoke_governor.la.packs.members import (
    AREA_FIGURE_COLUMNS,
    FIGURE_COLUMNS,
    MEASURE_COLUMNS,
    SCHOOL_COLUMNS,
    SOURCE_COLUMNS,
    TARGET_COLUMNS,
    Pack,
)
from stoke_governor.la.packs.plan import Plan, source_key


def _upsert(store: Store, table: str, columns, conflict: str, rows, update=None) -> None:
    update = [c for c in (update or columns) if c not in conflict.split(", ")]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({conflict}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in update)
    )
    store.executemany(sql, [tuple(r.get(c) for c in columns) for r in rows])


def write_plan(store: Store, pack: Pack, plan: Plan) -> None:
    _upsert(store, "city_targets", TARGET_COLUMNS, "id", plan.targets)
    _upsert(store, "measures", MEASURE_COLUMNS, "code", plan.measures)
    for m in plan.modules:
        store.execute(
            "INSERT INTO pack_resources (kind, name, version, body, pack_id) VALUES "
            "('module', ?, ?, ?, ?) ON CONFLICT(kind, name) DO UPDATE SET version = "
            "excluded.version, body = excluded.body, pack_id = excluded.pack_id",
            (m.id, m.version, m.text, pack.pack_id),
        )
    for f in plan.frameworks:  # every version kept: evaluations name the version they used
        store.execute(
            "INSERT OR REPLACE INTO pack_resources (kind, name, version, body, pack_id) "
            "VALUES ('framework', ?, ?, ?, ?)",
            (f"{f.id}@{f.version}", f.version, f.text, pack.pack_id),
        )
    source_map = dict(plan.source_map)
    for row in plan.sources:
        cols = [c for c in SOURCE_COLUMNS if c != "id"]
        new_id = store.insert(
            f"INSERT INTO sources ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(row.get(c) for c in cols),
        )
        for ref, local in plan.source_map.items():
            if local is None and _same_source(pack, ref, row):
                source_map[ref] = new_id
    if plan.school is not None:
        cols = [c for c in SCHOOL_COLUMNS if c not in ("urn", "source_id")]
        store.execute(
            f"UPDATE schools SET {', '.join(f'{c} = ?' for c in cols)} WHERE urn = ?",
            (*(plan.school.get(c) for c in cols), pack.for_urn),
        )
    figure_rows = [
        {
            **r,
            "urn": pack.for_urn,
            "release": r.get("release") or "final",
            "raw": r.get("raw") or "",
            "source_id": source_map[r["source_id"]],
        }
        for r in plan.figures
    ]
    _write_figures(store, figure_rows)
    store.executemany(
        "INSERT OR IGNORE INTO areas (code, name, kind) VALUES (?, ?, ?)",
        [(a["code"], a.get("name"), a.get("kind")) for a in plan.areas],
    )
    area_rows = [
        {
            **r,
            "breakdown": r.get("breakdown") or "",
            "release": r.get("release") or "final",
            "raw": r.get("raw") or "",
            "source_id": source_map[r["source_id"]],
        }
        for r in plan.area_figures
    ]
    _upsert(
        store,
        "area_figures",
        AREA_FIGURE_COLUMNS,
        "area, measure, year, breakdown, release, source_id",
        area_rows,
    )
    if plan.key is not None:
        store.set_settings(
            **{LA_RETURN_KEY.key: plan.key.key_hex, LA_RETURN_KEY_ID.key: plan.key.key_id}
        )


def _same_source(pack: Pack, ref, row: dict) -> bool:
    held = next((r for r in pack.sources if r["id"] == ref), None)
    return held is not None and source_key({c: held.get(c) for c in SOURCE_COLUMNS}) == source_key(
        row
    )


def _write_figures(store: Store, rows: list[dict]) -> None:
    _upsert(
        store,
        "school_figures",
        ("urn", *FIGURE_COLUMNS),
        "urn, measure, year, release, source_id",
        rows,
        update=("value", "code", "raw"),
    )
