"""LA mode: a database that belongs to the LA's Governor Services, not to one board.

Which the app is follows from the database it opens (setting `mode`): a school board's
database has chosen its school; the LA's holds every city school and the returns their
boards send. Each school gets its own signing key (HMAC-SHA256, 32 random bytes) the first
time the LA makes it a pack; returns from that school must then be signed with it.

The LA's own key pair (Ed25519) signs every pack it makes, so a board can tell a pack came
from the LA. It is made the first time it is needed and kept in the LA's database settings:
whoever holds that database (or a backup of it) can sign packs as the LA.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from stoke_governor.core.errors import LAModeError
from stoke_governor.core.settings import LA_PACK_SIGNING_KEY, MODE, SCHOOL_URN
from stoke_governor.db.store import Store
from stoke_governor.schools.register import get_school

LA_MODE = "la"


class SchoolKey(NamedTuple):
    urn: int
    key_id: str
    key_hex: str
    issued_at: str

    @property
    def key(self) -> bytes:
        return bytes.fromhex(self.key_hex)


class LAPackKey(NamedTuple):
    """The LA's key pair for signing packs; `fingerprint` is what it publishes."""

    private_key: bytes
    public_key: bytes
    fingerprint: str


def is_la(store: Store) -> bool:
    return store.setting(MODE.key) == LA_MODE


def _real_boards(store: Store) -> list[str]:
    rows = store.query(
        "SELECT s.name FROM boards b JOIN schools s ON s.urn = b.urn WHERE b.demo = 0 "
        "AND EXISTS (SELECT 1 FROM governors g WHERE g.urn = b.urn) ORDER BY s.name"
    )
    return [r[0] for r in rows]


def la_init(store: Store) -> int:
    """Make this database the LA's; returns how many open city schools it holds.

    Refused for a database that already keeps a real school board's work (governors),
    so a board's records are never hidden behind the LA's screens by mistake.
    """
    if is_la(store):
        return _open_schools(store)
    boards = _real_boards(store)
    if boards:
        raise LAModeError(
            f"This database keeps the board of {boards[0]}; the LA's must be a separate "
            "database file: use --db with a new file (or the first-run choice in a new one)."
        )
    from stoke_governor.board.governors import remove_demo_board

    remove_demo_board(store)
    with store.transaction():
        store.execute("DELETE FROM settings WHERE key = ?", (SCHOOL_URN.key,))
        store.set_settings(**{MODE.key: LA_MODE})
    return _open_schools(store)


def require_la(store: Store) -> None:
    if not is_la(store):
        raise LAModeError(
            "This is a school board's database, not the LA's; run 'stoke-governor la init' "
            "on the LA's own database first."
        )


def _open_schools(store: Store) -> int:
    return store.query_row("SELECT count(*) FROM schools WHERE status != 'closed'")[0]


# -- the schools' signing keys ------------------------------------------------------------
def school_key(store: Store, urn: int) -> SchoolKey | None:
    row = store.query_one(
        "SELECT urn, key_id, key_hex, issued_at FROM la_keys WHERE urn = ?", (urn,)
    )
    return None if row is None else SchoolKey(*row)


def issue_key(store: Store, urn: int, now: dt.datetime | None = None) -> SchoolKey:
    """The school's key, made (and kept) the first time it is asked for."""
    held = school_key(store, urn)
    if held:
        return held
    get_school(store, urn)  # UnknownSchoolError for a URN not held
    import secrets

    issued = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    key = SchoolKey(urn, f"{urn}-{secrets.token_hex(4)}", secrets.token_hex(32), issued)
    with store.transaction():
        store.execute(
            "INSERT OR IGNORE INTO la_keys (urn, key_id, key_hex, issued_at) VALUES (?, ?, ?, ?)",
            key,
        )
    held = school_key(store, urn)
    if held is None:
        raise LAModeError(f"The signing key for the school with URN {urn} could not be kept.")
    return held


def key_for(store: Store):
    """For `selfeval.return_file.read_return(key=...)`: the key the LA issued a URN, or None."""

    def lookup(urn: int) -> bytes | None:
        key = school_key(store, urn)
        return key.key if key else None

    return lookup


# -- the LA's own key pair, which signs its packs ------------------------------------------
def la_pack_key(store: Store) -> LAPackKey:
    """The LA's key pair for signing packs, made (and kept) the first time it is asked for."""
    from stoke_governor.files.key_pairs import new_private_key

    require_la(store)
    held = store.setting(LA_PACK_SIGNING_KEY.key)
    if not held:
        with store.transaction():  # two first calls at once keep one key
            store.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                (LA_PACK_SIGNING_KEY.key, new_private_key().hex()),
            )
        held = store.setting(LA_PACK_SIGNING_KEY.key) or ""
    return _pack_key(bytes.fromhex(held))


def replace_la_pack_key(store: Store) -> LAPackKey:
    """A new key pair for the LA's packs, in place of the one held. Boards that trust the
    old key refuse packs signed with the new one until each chooses to trust it."""
    from stoke_governor.files.key_pairs import new_private_key

    require_la(store)
    private = new_private_key()
    store.set_settings(**{LA_PACK_SIGNING_KEY.key: private.hex()})
    return _pack_key(private)


def _pack_key(private: bytes) -> LAPackKey:
    from stoke_governor.files.key_pairs import fingerprint, public_key

    public = public_key(private)
    return LAPackKey(private, public, fingerprint(public))
