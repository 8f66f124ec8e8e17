"""What an LA pack would change in a school's database: the plan `la.packs.apply` previews
and writes. Only what is new or changed is planned; nothing held is ever removed.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.core.versions import version_key
from stoke_governor.db.store import Store
from stoke_governor.files.key_pairs import fingerprint
from stoke_governor.la.packs.file_format import PackError
from stoke_governor.la.packs.members import (
    MEASURE_COLUMNS,
    SCHOOL_COLUMNS,
    SOURCE_COLUMNS,
    TARGET_COLUMNS,
    Change,
    Pack,
    PackKey,
)
from stoke_governor.selfeval.frameworks import shipped_frameworks
from stoke_governor.training.modules import shipped_modules


class Plan(NamedTuple):
    changes: list[Change]
    targets: list[dict]
    measures: list[dict]
    modules: list
    frameworks: list
    sources: list[dict]  # new sources, keyed by the pack's id
    source_map: dict  # pack source id -> local id (None: one of `sources`, not yet inserted)
    school: dict | None
    figures: list[dict]
    areas: list[dict]
    area_figures: list[dict]
    key: PackKey | None


def key_change(keep: bytes | None) -> list[Change]:
    if keep is None:
        return []
    return [
        Change(
            "The LA's key",
            f"{fingerprint(keep)} trusted from now on; packs signed by another key are refused",
        )
    ]


def _counts(new: int, changed: int) -> str:
    parts = [f"{new:,} new" if new else "", f"{changed:,} changed" if changed else ""]
    return ", ".join(p for p in parts if p)


def _diff(held: dict, rows, key: str, columns) -> tuple[list[dict], int, int]:
    out, new, changed = [], 0, 0
    for row in rows:
        old = held.get(row[key])
        if old is None:
            new += 1
        elif any(old.get(c) != row.get(c) for c in columns):
            changed += 1
        else:
            continue
        out.append(row)
    return out, new, changed


def _held(store: Store, table: str, columns, key: str) -> dict:
    rows = store.query(f"SELECT {', '.join(columns)} FROM {table}")
    return {r[key]: dict(zip(columns, r, strict=True)) for r in rows}


def source_key(row) -> tuple:
    return ("sha", row["sha256"]) if row["sha256"] else ("file", row["file"], row["title"])


def _newer(items, catalogue, what: str, changes: list) -> list:
    """The pack's modules or frameworks that are new here or newer than the one held; each
    one noted in `changes`."""
    chosen = []
    for item in items:
        held = catalogue.get(item.id)
        if held is None:
            changes.append(Change(what, f"'{item.title}' {item.version} (new)"))
        elif version_key(item.version) > version_key(held.version):
            changes.append(Change(what, f"'{item.title}' {held.version} → {item.version}"))
        else:
            continue
        chosen.append(item)
    return chosen


def plan_of(store: Store, pack: Pack) -> Plan:
    changes: list[Change] = []
    targets, n, c = _diff(
        _held(store, "city_targets", TARGET_COLUMNS, "id"), pack.targets, "id", TARGET_COLUMNS
    )
    if targets:
        changes.append(Change("City targets", _counts(n, c)))
    measures, n, c = _diff(
        _held(store, "measures", MEASURE_COLUMNS, "code"), pack.measures, "code", MEASURE_COLUMNS
    )
    if measures:
        changes.append(Change("Measure catalogue", _counts(n, c)))
    modules = _newer(pack.modules, shipped_modules(store), "Training modules", changes)
    frameworks = _newer(pack.frameworks, shipped_frameworks(store), "Frameworks", changes)
    local = {
        source_key(r): r["id"] for r in store.query("SELECT id, sha256, file, title FROM sources")
    }
    source_map: dict = {}  # as in Plan
    new_sources: list[dict] = []
    for row in pack.sources:
        row = {c: row.get(c) for c in SOURCE_COLUMNS}
        found = local.get(source_key(row))
        if found is None and source_key(row) not in {source_key(s) for s in new_sources}:
            new_sources.append(row)
        source_map[row["id"]] = found
    if new_sources:
        changes.append(Change("Sources of figures", _counts(len(new_sources), 0)))
    school = _school_change(store, pack, changes, source_map)
    figures, areas, area_figures = _figure_changes(store, pack, changes, source_map)
    key = pack.key
    if key is not None:
        held_id, held_hex = store.setting(LA_RETURN_KEY_ID.key), store.setting(LA_RETURN_KEY.key)
        if (held_id, held_hex) == (key.key_id, key.key_hex):
            key = None
        elif not held_hex:
            detail = f"new (key id {key.key_id}) — returns will be signed"
            changes.append(Change("Signing key", detail))
        else:
            changes.append(
                Change(
                    "Signing key",
                    f"replaced (key id {held_id} → {key.key_id}) — "
                    "returns will be signed with the new key",
                )
            )
    return Plan(
        changes,
        targets,
        measures,
        modules,
        frameworks,
        new_sources,
        source_map,
        school,
        figures,
        areas,
        area_figures,
        key,
    )


def _school_change(store: Store, pack: Pack, changes: list[Change], source_map) -> dict | None:
    cols = [c for c in SCHOOL_COLUMNS if c not in ("urn", "source_id")]
    held = store.query_one(f"SELECT {', '.join(cols)} FROM schools WHERE urn = ?", (pack.for_urn,))
    differ = [c for c in cols if held is None or held[c] != pack.school.get(c)]
    if not differ:
        return None
    labels = ", ".join(c.replace("_", " ") for c in differ[:6]) + ("…" if len(differ) > 6 else "")
    changes.append(Change("School details", f"changed: {labels}"))
    return pack.school


def _source_of(pack: Pack, row: dict, source_map) -> int:
    sid = row.get("source_id")
    if sid is None or sid not in source_map:  # a pack's source ids are never None
        raise PackError(f"{pack.file} cannot be used: a figure names a source the pack lacks.")
    return sid


def _figure_changes(store: Store, pack: Pack, changes: list[Change], source_map):
    by_ref = {r["id"]: source_key(r) for r in pack.sources}
    held = {
        (r["measure"], r["year"], r["release"], source_key(r)): (r["value"], r["code"], r["raw"])
        for r in store.query(
            "SELECT f.measure, f.year, f.release, f.value, f.code, f.raw, s.sha256, s.file, "
            "s.title FROM school_figures f JOIN sources s ON s.id = f.source_id WHERE f.urn = ?",
            (pack.for_urn,),
        )
    }
    figures, new, changed = _new_or_changed(
        pack.figures,
        held,
        lambda row: (
            row["measure"],
            row.get("year"),
            row.get("release") or "final",
            by_ref[_source_of(pack, row, source_map)],
        ),
        lambda row: (row.get("value"), row.get("code"), row.get("raw") or ""),
    )
    if figures:
        changes.append(Change("School figures", _counts(new, changed)))
    known_areas = {r[0] for r in store.query("SELECT code FROM areas")}
    areas = [a for a in pack.areas if a["code"] not in known_areas]
    held_areas = {
        (r["area"], r["measure"], r["year"], r["breakdown"], r["release"], source_key(r)): (
            r["year_label"],
            r["value"],
            r["code"],
            r["raw"],
        )
        for r in store.query(
            "SELECT f.area, f.measure, f.year, f.breakdown, f.release, f.year_label, f.value, "
            "f.code, f.raw, s.sha256, s.file, s.title FROM area_figures f "
            "JOIN sources s ON s.id = f.source_id"
        )
    }
    area_figures, new, changed = _new_or_changed(
        pack.area_figures,
        held_areas,
        lambda row: (
            row["area"],
            row.get("measure"),
            row.get("year"),
            row.get("breakdown") or "",
            row.get("release") or "final",
            by_ref[_source_of(pack, row, source_map)],
        ),
        lambda row: (
            row.get("year_label"),
            row.get("value"),
            row.get("code"),
            row.get("raw") or "",
        ),
    )
    if area_figures or areas:
        changes.append(
            Change(
                "Comparison figures (city, region, England)",
                _counts(new, changed) or f"{len(areas)} new area(s)",
            )
        )
    return figures, areas, area_figures


def _new_or_changed(rows, held: dict, key, value) -> tuple[list[dict], int, int]:
    """The pack's rows that are not held (by `key`) or hold another `value`; how many of each."""
    out, new, changed = [], 0, 0
    for row in rows:
        old = held.get(key(row))
        if old is None:
            new += 1
        elif tuple(old) != value(row):
            changed += 1
        else:
            continue
        out.append(row)
    return out, new, changed
