"""Whose packs a board applies: the LA's public key, and any pack signed by another refused.

Every pack names the key that signed it (`la.packs.signature`); this says whether that key
is the LA's. A board's app trusts:

- the key the LA publishes with the app: `resources/la-public-key.txt`, when the LA has put
  its key there for the build it hands out (`stoke-governor pack key --write FILE` writes
  it); and
- the key the board chose to trust, kept in its database: on the first pack it applied
  (trust on first use, after checking the fingerprint with the LA, as with SSH) or when the
  LA changed its key and the board checked the new one.

A pack signed by any other key is refused, and nothing changes, until the user trusts that
key by its fingerprint. Applying a pack records its key as the board's (`la.packs.apply`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError, StokeGovernorError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import LA_PACK_TRUSTED_AT, LA_PACK_TRUSTED_KEY
from stoke_governor.db.store import Store
from stoke_governor.files.key_pairs import ALGORITHM, fingerprint, read_fingerprint
from stoke_governor.la.packs.file_format import PackError
from stoke_governor.la.packs.members import Pack

LA_NAME = "Stoke-on-Trent LA"
PUBLISHED_KEY_FILE = "la-public-key.txt"
MAX_PUBLISHED_BYTES = 4096
_KEY_LINE = re.compile(r"ed25519\s+([0-9a-fA-F]{64})")


class PackKeyError(PackError):
    """The pack's signature is sound but this app does not trust the key that made it."""


class UntrustedPackKeyError(PackKeyError):
    """No key is trusted for the LA yet: the user must check this one's fingerprint."""


class DifferentPackKeyError(PackKeyError):
    """Signed by another key than the one trusted for the LA."""


class PublishedKeyError(BadInputFileError):
    """The key file shipped with the app is not in the right form."""


class TrustedKey(NamedTuple):
    public_key: bytes
    fingerprint: str
    since: str | None  # when the board came to trust it; None for the published key alone
    published: bool  # shipped with the app by the LA


class PackTrust(NamedTuple):
    """Who signed a pack, and whether this app trusts that key."""

    fingerprint: str  # of the key that signed the pack
    trusted: bool
    held: TrustedKey | None  # the key this app trusts for the LA; None: none yet


def published_key_file() -> Path:
    return resources_dir() / PUBLISHED_KEY_FILE


def published_key() -> bytes | None:
    """The LA's public key shipped with the app, or None when the build carries none."""
    from stoke_governor.files.reading import read_limited

    path = published_key_file()
    if not path.exists():
        return None
    try:
        text = read_limited(path, MAX_PUBLISHED_BYTES, "key file").decode("utf-8")
    except (OSError, UnicodeDecodeError, StokeGovernorError):
        text = ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    found = _KEY_LINE.fullmatch(lines[0]) if len(lines) == 1 else None
    if found is None:
        raise PublishedKeyError(
            f"The LA's key that came with this app ({PUBLISHED_KEY_FILE}) is not in the right "
            "form, so no pack can be checked; reinstall the app, or ask the LA's Governor "
            "Services for a correct copy."
        )
    return bytes.fromhex(found.group(1).lower())


def published_key_text(public_key: bytes) -> str:
    """The file the LA puts in `resources/` for the app it hands out: its public key."""
    return (
        f"# {LA_NAME} Governor Services: the public key that signs its packs for Stoke "
        "Governor.\n"
        f"# Fingerprint: {fingerprint(public_key)}\n"
        f"{ALGORITHM.lower()} {public_key.hex()}\n"
    )


def trusted_keys(store: Store) -> list[TrustedKey]:
    """The keys this app trusts for the LA's packs: the board's own first, then the one
    shipped with the app (when it differs)."""
    keys: list[TrustedKey] = []
    shipped = published_key()
    held = store.setting(LA_PACK_TRUSTED_KEY.key)
    if held:
        public = bytes.fromhex(held)
        since = store.setting(LA_PACK_TRUSTED_AT.key)
        keys.append(TrustedKey(public, fingerprint(public), since, public == shipped))
    if shipped is not None and shipped.hex() != held:
        keys.append(TrustedKey(shipped, fingerprint(shipped), None, True))
    return keys


def pack_trust(store: Store, pack: Pack) -> PackTrust:
    """Whether the key that signed `pack` is one this app trusts for the LA."""
    keys = trusted_keys(store)
    trusted = any(k.public_key == pack.signed_by for k in keys)
    return PackTrust(fingerprint(pack.signed_by), trusted, keys[0] if keys else None)


def check_signer(store: Store, pack: Pack, trust_key: str | None = None) -> bytes | None:
    """The pack's key to keep as the LA's when the pack is applied (None: already kept).

    Refused (PackKeyError, one plain sentence) when the key is not trusted and `trust_key`
    (the fingerprint the user checked with the LA) is not given, or is not the pack's.
    """
    trust = pack_trust(store, pack)
    if trust_key is not None and read_fingerprint(trust_key) != trust.fingerprint:
        raise PackKeyError(
            f"{pack.file} is signed by key {trust.fingerprint}, not by the key "
            f"{read_fingerprint(trust_key) or repr(trust_key[:60])} you said to trust; "
            "it was not applied."
        )
    if not trust.trusted and trust_key is None:
        if trust.held is None:
            raise UntrustedPackKeyError(first_use_text(pack.file, trust.fingerprint))
        raise DifferentPackKeyError(different_key_text(pack.file, trust))
    held = store.setting(LA_PACK_TRUSTED_KEY.key)
    return None if held == pack.signed_by.hex() else pack.signed_by


def keep_trusted_key(store: Store, public_key: bytes, now: dt.datetime | None = None) -> None:
    """Trust `public_key` for the LA's packs from now on (in the caller's transaction)."""
    since = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    store.set_settings(**{LA_PACK_TRUSTED_KEY.key: public_key.hex(), LA_PACK_TRUSTED_AT.key: since})


def first_use_text(file: str, key: str) -> str:
    return (
        f"{file} is signed by key {key}, and this app does not yet trust a key for "
        f"{LA_NAME}. Check that this fingerprint matches the one {LA_NAME}'s Governor "
        "Services publishes (or reads to you over the phone) before you trust it; it was not "
        "applied."
    )


def different_key_text(file: str, trust: PackTrust) -> str:
    held = trust.held.fingerprint if trust.held else "none"
    return (
        f"{file} is signed by a different key ({trust.fingerprint}) from the one this app "
        f"trusts for {LA_NAME} ({held}). It was not applied. If the LA has changed its key, "
        "check the new fingerprint with its Governor Services by phone (not from the message "
        "the pack came with), and only then trust the new key."
    )
