"""The school's side of an LA pack: what it would change, then applying it all or nothing.

`pack_changes` and `apply_pack` work from one plan, so the preview lists exactly what
applying writes. Applying runs in one transaction (after a backup copy of the database):
a failure part way leaves the database as it was, and anything unexpected is logged and
told as one sentence (PackError), never a traceback. A pack already applied changes nothing.
Only what is new or changed is written; nothing the school holds is deleted. Training
modules and frameworks are kept in `pack_resources` and used when newer than the app's.
A pack is applied only when the key that signed it is the LA's (`la.packs.trust`), or the
user checked its fingerprint and chose to trust it (`trust_key`), which is then kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from stoke_governor.core.errors import LAModeError, NoSchoolSelectedError, StokeGovernorError
from stoke_governor.core.logs import log_unexpected
from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.core.versions import version_key
from stoke_governor.db.store import Store
from stoke_governor.files.key_pairs import fingerprint
from stoke_governor.la.packs.file_format import PackError
from stoke_governor.la.packs.members import (
    AREA_FIGURE_COLUMNS,
    FIGURE_COLUMNS,
    MEASURE_COLUMNS,
    SCHOOL_COLUMNS,
    SOURCE_COLUMNS,
    TARGET_COLUMNS,
    Change,
    Pack,
    PackKey,
)
from stoke_governor.la.packs.trust import check_signer, keep_trusted_key
from stoke_governor.selfeval.frameworks import shipped_frameworks
from stoke_governor.training.modules import shipped_modules


class PackNotForThisSchoolError(PackError):
    pass


class PackSummary(NamedTuple):
    pack_id: str
    urn: int
    school: str
    changes: tuple[Change, ...]
    applied_at: str
    already_applied: bool

    @property
    def text(self) -> str:
        if self.already_applied:
            return f"This pack was already applied on {self.applied_at[:10]}; nothing changed."
        if not self.changes:
            return "The pack was applied: everything in it was already held; nothing changed."
        return "The pack was applied: " + "; ".join(f"{c.what}: {c.detail}" for c in self.changes)


class _Plan(NamedTuple):
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


def check_pack_for(store: Store, pack: Pack, trust_key: str | None = None):
    """The school this pack is applied to; refused on the LA's database or another school's,
    and when the key that signed it is not trusted (nor `trust_key`, its fingerprint)."""
    from stoke_governor.la.mode import is_la
    from stoke_governor.schools.register import selected_school

    if is_la(store):
        raise LAModeError(
            f"{pack.file} is a pack for a school; this is the LA's database, so it was not "
            "applied. Send it to the school's board to apply in their app."
        )
    school = selected_school(store)
    if school is None:
        raise NoSchoolSelectedError(
            f"Choose your school first ('stoke-governor school select URN'); {pack.file} is the "
            f"pack for {pack.school_name} (URN {pack.for_urn})."
        )
    if school.urn != pack.for_urn:
        raise PackNotForThisSchoolError(
            f"{pack.file} is the pack for {pack.school_name} (URN {pack.for_urn}), not for "
            f"{school.name} (URN {school.urn}), whose board this app keeps; it was not applied."
        )
    check_signer(store, pack, trust_key)
    return school


def applied_on(store: Store, pack: Pack) -> str | None:
    row = store.query_one("SELECT applied_at FROM pack_imports WHERE pack_id = ?", (pack.pack_id,))
    return row[0] if row else None


def pack_changes(store: Store, pack: Pack, trust_key: str | None = None) -> list[Change]:
    """What applying the pack would change, in plain words; empty if nothing would.
    `trust_key`: the fingerprint the user checked, to trust a key not yet trusted."""
    check_pack_for(store, pack, trust_key)
    if applied_on(store, pack):
        return []
    with _one_sentence(pack, "read"):
        return _plan(store, pack).changes + _key_change(check_signer(store, pack, trust_key))


@contextlib.contextmanager
def _one_sentence(pack: Pack, doing: str) -> Iterator[None]:
    """Anything unexpected while planning or applying the pack (the write is rolled back by
    its transaction): logged with its traceback, and a PackError saying nothing changed."""
    try:
        yield
    except StokeGovernorError:
        raise
    except Exception as exc:
        log_unexpected("la.packs", "Applying the pack %s failed", pack.file)
        detail = (str(exc) or type(exc).__name__)[:300].rstrip(".")
        raise PackError(
            f"{pack.file} could not be {doing}: {detail}; nothing was changed."
        ) from None


def apply_pack(
    store: Store, pack: Pack, now: dt.datetime | None = None, trust_key: str | None = None
) -> PackSummary:
    """Apply the pack in one transaction; a pack applied before changes nothing. A pack
    signed by a key not trusted for the LA is refused unless `trust_key` is its fingerprint
    (the user checked it with the LA); that key is then trusted from now on."""
    school = check_pack_for(store, pack, trust_key)
    done = applied_on(store, pack)
    if done:
        return PackSummary(pack.pack_id, school.urn, school.name, (), done, True)
    keep = check_signer(store, pack, trust_key)
    with _one_sentence(pack, "read"):
        plan = _plan(store, pack)
    plan.changes.extend(_key_change(keep))
    applied_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    if plan.changes:
        store.backup("before-pack")
    with _one_sentence(pack, "applied"):
        try:
            with store.transaction():
                _write(store, pack, plan)
                if keep is not None:
                    keep_trusted_key(store, keep, now)
                store.execute(
                    "INSERT INTO pack_imports (pack_id, format_version, made_at, urn, summary, "
                    "applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        pack.pack_id,
                        pack.format_version,
                        pack.made_at,
                        pack.for_urn,
                        json.dumps([list(c) for c in plan.changes]),
                        applied_at,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise PackError(
                f"{pack.file} cannot be applied: its data does not fit this database ({exc}); "
                "nothing was changed."
            ) from None
    return PackSummary(
        pack.pack_id, school.urn, school.name, tuple(plan.changes), applied_at, False
    )


# -- the plan -----------------------------------------------------------------------------
def _key_change(keep: bytes | None) -> list[Change]:
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


def _source_key(row) -> tuple:
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


def _plan(store: Store, pack: Pack) -> _Plan:
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
        _source_key(r): r["id"] for r in store.query("SELECT id, sha256, file, title FROM sources")
    }
    source_map: dict = {}  # as in _Plan
    new_sources: list[dict] = []
    for row in pack.sources:
        row = {c: row.get(c) for c in SOURCE_COLUMNS}
        found = local.get(_source_key(row))
        if found is None and _source_key(row) not in {_source_key(s) for s in new_sources}:
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
    return _Plan(
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
    by_ref = {r["id"]: _source_key(r) for r in pack.sources}
    held = {
        (r["measure"], r["year"], r["release"], _source_key(r)): (r["value"], r["code"], r["raw"])
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
        (r["area"], r["measure"], r["year"], r["breakdown"], r["release"], _source_key(r)): (
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


# -- writing ------------------------------------------------------------------------------
def _upsert(store: Store, table: str, columns, conflict: str, rows, update=None) -> None:
    update = [c for c in (update or columns) if c not in conflict.split(", ")]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({conflict}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in update)
    )
    store.executemany(sql, [tuple(r.get(c) for c in columns) for r in rows])


def _write(store: Store, pack: Pack, plan: _Plan) -> None:
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
    return held is not None and _source_key(
        {c: held.get(c) for c in SOURCE_COLUMNS}
    ) == _source_key(row)


def _write_figures(store: Store, rows: list[dict]) -> None:
    _upsert(
        store,
        "school_figures",
        ("urn", *FIGURE_COLUMNS),
        "urn, measure, year, release, source_id",
        rows,
        update=("value", "code", "raw"),
    )
