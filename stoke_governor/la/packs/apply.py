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
from stoke_governor.db.store import Store
from stoke_governor.la.packs.file_format import PackError
from stoke_governor.la.packs.members import Change, Pack
from stoke_governor.la.packs.plan import key_change, plan_of
from stoke_governor.la.packs.trust import check_signer, keep_trusted_key
from stoke_governor.la.packs.writing import write_plan


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
        return plan_of(store, pack).changes + key_change(check_signer(store, pack, trust_key))


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
        plan = plan_of(store, pack)
    plan.changes.extend(key_change(keep))
    applied_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    if plan.changes:
        store.backup("before-pack")
    with _one_sentence(pack, "applied"):
        try:
            with store.transaction():
                write_plan(store, pack, plan)
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
