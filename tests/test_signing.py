"""Hybrid Ed25519 + ML-DSA-65 signatures: valid only if both halves verify."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

from crypto.signing import (
    ED25519_SIGNATURE_BYTES,
    SIGNATURE_BYTES,
    PublicIdentity,
    SignatureError,
    SigningIdentity,
    _framed,
)

CONTEXT = b"intake/test/v1"
MESSAGE = "запечатанная ревизия".encode()


def test_sign_and_verify() -> None:
    identity = SigningIdentity.generate()
    signature = identity.sign(MESSAGE, CONTEXT)
    assert len(signature) == SIGNATURE_BYTES
    identity.public().verify(signature, MESSAGE, CONTEXT)


def test_private_key_round_trip_keeps_the_identity() -> None:
    identity = SigningIdentity.generate()
    again = SigningIdentity(identity.private_bytes())
    assert again.public() == identity.public()
    identity.public().verify(again.sign(MESSAGE, CONTEXT), MESSAGE, CONTEXT)


@pytest.mark.parametrize("position", [0, 1, 40, ED25519_SIGNATURE_BYTES + 1, SIGNATURE_BYTES - 1])
def test_any_changed_signature_byte_fails(position: int) -> None:
    identity = SigningIdentity.generate()
    signature = bytearray(identity.sign(MESSAGE, CONTEXT))
    signature[position] ^= 0x01
    with pytest.raises(SignatureError):
        identity.public().verify(bytes(signature), MESSAGE, CONTEXT)


def test_other_message_context_or_key_fails() -> None:
    identity = SigningIdentity.generate()
    signature = identity.sign(MESSAGE, CONTEXT)
    with pytest.raises(SignatureError):
        identity.public().verify(signature, MESSAGE + b"!", CONTEXT)
    with pytest.raises(SignatureError):
        identity.public().verify(signature, MESSAGE, b"intake/other/v1")
    with pytest.raises(SignatureError):
        SigningIdentity.generate().public().verify(signature, MESSAGE, CONTEXT)


def test_one_valid_half_is_not_enough() -> None:
    """Splice a genuine Ed25519 half onto a forged ML-DSA half (and vice versa): both must verify."""
    identity = SigningIdentity.generate()
    private = identity.private_bytes()
    ed = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(private[:32]))
    ml = mldsa.MLDSA65PrivateKey.from_seed_bytes(bytes(private[32:]))
    stranger = mldsa.MLDSA65PrivateKey.generate()
    only_ed = b"\x01" + ed.sign(_framed(CONTEXT, MESSAGE)) + stranger.sign(MESSAGE, CONTEXT)
    only_ml = (
        b"\x01"
        + ed25519.Ed25519PrivateKey.generate().sign(_framed(CONTEXT, MESSAGE))
        + ml.sign(MESSAGE, CONTEXT)
    )
    for forged in (only_ed, only_ml):
        with pytest.raises(SignatureError):
            identity.public().verify(forged, MESSAGE, CONTEXT)


def test_fingerprints_are_stable_and_distinct() -> None:
    one, two = SigningIdentity.generate().public(), SigningIdentity.generate().public()
    assert one.fingerprint == PublicIdentity(one.public_bytes).fingerprint
    assert one.fingerprint != two.fingerprint
    groups = one.short_fingerprint.split("-")
    assert len(groups) == 6
    assert all(len(g) == 4 for g in groups)
