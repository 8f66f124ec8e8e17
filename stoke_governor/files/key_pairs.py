"""Ed25519 key pairs: making one, signing with it, checking a signature, and fingerprints.

The LA signs its packs with a key pair of its own; a board checks each pack against the
LA's public key. All the cryptography is the `cryptography` package's (never written here);
it is imported only when a key is made or used, as it costs some 30 ms, which the app's
start must not pay. Keys and signatures are raw bytes: a private key is 32 bytes, a public
key 32 bytes, a signature 64 bytes.

A fingerprint names a public key in a form people can compare and read aloud over the
phone: "SHA256:" and the first 128 bits of the SHA-256 of the raw public key, as eight
groups of four hex digits ("SHA256:3f2a 9c41 …"). Finding another key with the same
fingerprint takes some 2^128 tries.
"""

from __future__ import annotations

import hashlib
import re

ALGORITHM = "Ed25519"
KEY_BYTES = 32
SIGNATURE_BYTES = 64
FINGERPRINT_PREFIX = "SHA256:"
FINGERPRINT_DIGITS = 32  # hex digits shown: the first 128 bits of the SHA-256


def new_private_key() -> bytes:
    """A new random Ed25519 private key, as its 32 raw bytes."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def public_key(private_key: bytes) -> bytes:
    """The 32 raw bytes of the public key that goes with `private_key`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def sign(private_key: bytes, data: bytes) -> bytes:
    """The Ed25519 signature (64 bytes) of `data` with `private_key`."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(private_key).sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """True when `signature` is `data` signed with the private key of `public`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(public) != KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public: bytes) -> str:
    """The key's fingerprint as people see it: "SHA256:3f2a 9c41 … " (eight groups of four)."""
    digits = hashlib.sha256(public).hexdigest()[:FINGERPRINT_DIGITS]
    return FINGERPRINT_PREFIX + " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def read_fingerprint(text: str) -> str | None:
    """A fingerprint as a person typed or pasted it (any case, with or without "SHA256:",
    spaces, dashes or colons between the digits) in the form `fingerprint` writes; None
    when it is not one."""
    text = text.strip()
    if text[: len(FINGERPRINT_PREFIX)].upper() == FINGERPRINT_PREFIX:
        text = text[len(FINGERPRINT_PREFIX) :]
    digits = re.sub(r"[\s:\-]", "", text).lower()
    if not re.fullmatch(f"[0-9a-f]{{{FINGERPRINT_DIGITS}}}", digits):
        return None
    return FINGERPRINT_PREFIX + " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
