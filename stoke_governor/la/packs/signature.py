"""A pack's signature member, `signature.json`: writing it and checking it.

The LA signs the manifest's canonical JSON (without its `digest`: the same bytes the digest
is of) with its Ed25519 private key. The manifest lists every other member's SHA-256, so the
signature covers the whole pack. The member names the public key it was made with, so a
reader can check the signature first and then ask whether that key is the LA's
(`la.packs.trust`); a key is 64 hex digits and a signature 128.
"""

from __future__ import annotations

import json
import re

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.canonical import canonical
from stoke_governor.files.key_pairs import ALGORITHM, sign, verify

FIELDS = ("algorithm", "public_key", "signature")


class BadSignatureError(BadInputFileError):
    """The signature member cannot be read; the message ends a sentence about the pack
    (`la.packs.file_format` raises a PackError naming the file)."""


class SignatureMismatchError(BadSignatureError):
    """The signature is not the manifest's under the key it names."""


def signature_member(signed: bytes, private_key: bytes, public_key: bytes) -> bytes:
    """The member's bytes: `signed` signed with `private_key`, and the `public_key` to check it."""
    signature = sign(private_key, signed)
    return canonical(
        {"algorithm": ALGORITHM, "public_key": public_key.hex(), "signature": signature.hex()}
    )


def signer(signed: bytes, member: bytes) -> bytes:
    """The public key (raw bytes) whose private key signed `signed`, as the member says;
    BadSignatureError when the member is not in the right form, SignatureMismatchError when
    the signature does not match."""
    try:
        doc = json.loads(member.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict) or set(doc) != set(FIELDS):
        raise BadSignatureError("its signature is not in the right form.")
    if doc["algorithm"] != ALGORITHM:
        raise BadSignatureError(
            f"it is signed with '{str(doc['algorithm'])[:20]}', which this version of the app "
            "does not know; update the app to apply it."
        )
    key, sig = doc["public_key"], doc["signature"]
    if not (
        isinstance(key, str)
        and re.fullmatch(r"[0-9a-f]{64}", key)
        and isinstance(sig, str)
        and re.fullmatch(r"[0-9a-f]{128}", sig)
    ):
        raise BadSignatureError("its signature is not in the right form.")
    public_key = bytes.fromhex(key)
    if not verify(public_key, bytes.fromhex(sig), signed):
        raise SignatureMismatchError(
            "its signature does not match its contents; the file was changed after it was signed."
        )
    return public_key
