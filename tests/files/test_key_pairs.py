"""Ed25519 key pairs (the LA's pack signing): signatures check, and fingerprints read back."""

from __future__ import annotations

import hashlib

from stoke_governor.files.key_pairs import (
    fingerprint,
    new_private_key,
    public_key,
    read_fingerprint,
    sign,
    verify,
)


def test_a_signature_checks_with_its_key_and_no_other():
    private = new_private_key()
    public = public_key(private)
    assert len(private) == len(public) == 32
    signature = sign(private, b"the manifest")
    assert len(signature) == 64
    assert verify(public, signature, b"the manifest")
    assert not verify(public, signature, b"the manifesT")
    assert not verify(public_key(new_private_key()), signature, b"the manifest")
    assert not verify(public, signature[:-1] + bytes([signature[-1] ^ 1]), b"the manifest")
    assert not verify(public[:31], signature, b"the manifest")
    assert not verify(public, signature[:63], b"the manifest")


def test_a_fingerprint_is_short_enough_to_read_aloud_and_reads_back_however_typed():
    public = public_key(new_private_key())
    shown = fingerprint(public)
    digits = hashlib.sha256(public).hexdigest()[:32]
    assert shown == "SHA256:" + " ".join(digits[i : i + 4] for i in range(0, 32, 4))
    for typed in (shown, digits.upper(), f"  sha256:{digits}  ", "-".join(shown[7:].split())):
        assert read_fingerprint(typed) == shown
    assert read_fingerprint(digits[:-1]) is None
    assert read_fingerprint(digits + "0") is None
    assert read_fingerprint("SHA256:" + "g" * 32) is None
    assert read_fingerprint("") is None
