"""Storing one checked return: its outcome decided against the returns the LA holds
(duplicate, stale, conflict, superseded or imported), the row written, one current return
per school and year, and every file's row in `return_import_log`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stoke_governor.db.store import Store
from stoke_governor.la.returns.outcomes import (
    CONFLICT,
    DUPLICATE,
    IMPORTED,
    REJECTED,
    STALE,
    SUPERSEDED,
    Outcome,
)
from stoke_governor.selfeval.return_file import ReturnFile


def _log(store: Store, o: Outcome, who: str, sha256: str | None) -> None:
    store.execute(
        "INSERT INTO return_import_log (at, by, file, file_sha256, status, reason, urn, "
        "return_id, revision, received_id, year, refusal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)",
        (
            _now(),
            who,
            o.file,
            sha256,
            o.status,
            o.reason,
            o.urn if o.urn is not None else o.claimed_urn,
            o.return_id,
            o.revision,
            o.received_id,
            o.year,
            o.refusal if o.status == REJECTED else None,
        ),
    )


def _classify(
    store: Store, path: Path, who: str, ret: ReturnFile, sha256: str, archived: str
) -> Outcome:
    """Decide the outcome and write it (the caller holds the transaction)."""
    p = ret.payload
    urn, rid, rev, year = p["school"]["urn"], p["return_id"], p["revision"], p["evaluation"]["year"]
    school = store.query_one("SELECT name FROM schools WHERE urn = ?", (urn,))
    base = dict(
        file=str(path),
        urn=urn,
        return_id=rid,
        revision=rev,
        school=school[0] if school else p["school"].get("name"),
        year=year,
    )

    def done(
        status: str, reason: str, received_id: int | None = None, refusal: str | None = None
    ) -> Outcome:
        outcome = Outcome(
            status=status, reason=reason, received_id=received_id, refusal=refusal, **base
        )
        _log(store, outcome, who, sha256)
        return outcome

    if school is None:
        return done(
            REJECTED,
            f"{path.name} is from URN {urn}, which is not a school the LA "
            "holds: check the school list is up to date (data import of a GIAS "
            "extract).",
        )
    held = store.query(
        "SELECT id, revision, payload_digest, state, urn, received_at FROM returns_received "
        "WHERE return_id = ? ORDER BY revision DESC, id",
        (rid,),
    )
    if any(h["urn"] != urn for h in held):
        return done(
            REJECTED,
            f"{path.name} claims URN {urn}, but its return id belongs to "
            f"URN {held[0]['urn']}'s return: it was altered or mixed up.",
            refusal="its return id belongs to another school",
        )
    same = next(
        (h for h in held if h["revision"] == rev and h["payload_digest"] == ret.digest), None
    )
    if same is not None:
        return done(
            DUPLICATE,
            f"identical to the return received {_day(same['received_at'])}; nothing changed.",
            same["id"],
        )
    newest = held[0]["revision"] if held else 0
    if rev < newest:
        return done(
            STALE, f"older than revision {newest}, which is held; not applied, only recorded."
        )
    edited = " Accepted as edited outside the app (flagged)." if ret.edited else ""
    if rev == newest:
        new_id = _insert(store, path, ret, sha256, archived, year, "conflict")
        return done(
            CONFLICT,
            f"revision {rev} is held with different content; both are kept "
            f"and flagged for a person to choose.{edited}",
            new_id,
        )
    new_id = _insert(store, path, ret, sha256, archived, year, "current")
    if held:
        store.execute(
            "UPDATE returns_received SET state = 'superseded' WHERE return_id = ? AND id != ?",
            (rid, new_id),
        )
    other = _settle_year(store, urn, year)
    status = SUPERSEDED if held else IMPORTED
    reason = (
        f"replaces revision {newest}, kept as history." if held else f"a new return for {year}."
    )
    if other is not None and other != new_id:
        reason += (
            " Kept as history: another return from this school for "
            f"{year}, made later, is the one the city picture uses."
        )
    return done(status, reason + edited, new_id)


def _insert(
    store, path: Path, ret: ReturnFile, sha256: str, archived: str, year: str, state: str
) -> int:
    new_id = store.insert(
        "INSERT INTO returns_received (return_id, revision, urn, year, payload_digest, "
        "payload, file_sha256, file_name, archived_as, signed, key_id, edited, state, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ret.payload["return_id"],
            ret.payload["revision"],
            ret.urn,
            year,
            ret.digest,
            ret.data.decode("utf-8"),
            sha256,
            path.name,
            archived,
            int(ret.signature is not None and ret.signature_checked),
            ret.key_id,
            int(ret.edited),
            state,
            _now(),
        ),
    )
    return new_id


def _settle_year(store, urn: int, year: str) -> int | None:
    """One current return per school and year: the one whose revision was made last."""
    rows = store.query(
        "SELECT id, json_extract(payload, '$.created') AS created FROM returns_received "
        "WHERE urn = ? AND year = ? AND state = 'current'",
        (urn, year),
    )
    if not rows:
        return None
    keep = max(rows, key=lambda r: (str(r["created"] or ""), r["id"]))["id"]
    store.execute(
        "UPDATE returns_received SET state = 'superseded' WHERE urn = ? AND year = ? "
        "AND state = 'current' AND id != ?",
        (urn, year, keep),
    )
    return keep


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _day(iso: str | None) -> str:
    return f"on {iso[:10]}" if iso else "before"
