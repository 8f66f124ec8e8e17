"""Canonical JSON with its SHA-256 digest and HMAC-SHA256 signature: returns, receipts, packs.

A return's payload, an LA receipt and an LA pack's manifest are digested (and the first two
signed with the key the LA issued the school) over their canonical JSON: keys sorted, no
whitespace, UTF-8, no NaN or infinity. Digests and signatures are 64 lowercase hex digits.
Every check of a digest or signature the app receives goes through `verify_digest` and
`verify_signature`, which compare in constant time. The bytes must never change: returns,
receipts and packs already written have to verify (the tests pin a known object's bytes).
"""

from __future__ import annotations

import hashlib
import hmac
import json


def canonical(obj: object) -> bytes:
    """The object's JSON bytes as digested and signed: keys sorted, no whitespace, UTF-8."""
    text = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def digest(data: bytes) -> str:
    """The SHA-256 of the bytes, in lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def sign(data: bytes, key: bytes) -> str:
    """The HMAC-SHA256 of the bytes with `key`, in lowercase hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def verify_digest(data: bytes, stated: object) -> bool:
    """True when `stated` (as a file gives it) is the SHA-256 of the bytes."""
    return _same(digest(data), stated)


def verify_signature(data: bytes, key: bytes, stated: object) -> bool:
    """True when `stated` (as a file gives it) is the bytes' HMAC-SHA256 with `key`."""
    return _same(sign(data, key), stated)


def _same(expected: str, stated: object) -> bool:
    # compare_digest refuses text that is not ASCII; such text matches no hex digest anyway.
    return isinstance(stated, str) and stated.isascii() and hmac.compare_digest(expected, stated)
