"""Hybrid signatures: Ed25519 and ML-DSA-65, valid only if both verify.

Sealed testimony must stay verifiable for decades. ML-DSA-65 (FIPS 204) keeps signatures
unforgeable after large quantum computers exist; Ed25519 keeps them sound if a flaw is found in the
younger scheme. An attacker has to break both.

Signature = version byte 0x01 | Ed25519 signature (64) | ML-DSA-65 signature (3309).
Both halves sign the same domain-separated message: a context string names what is being signed
(a sealed case, a bundle manifest), so a signature over one kind of object can never be replayed
as another.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

SIGNATURE_VERSION = 1
ED25519_SIGNATURE_BYTES = 64
MLDSA65_SIGNATURE_BYTES = 3309
SIGNATURE_BYTES = 1 + ED25519_SIGNATURE_BYTES + MLDSA65_SIGNATURE_BYTES
ED25519_PUBLIC_BYTES = 32
MLDSA65_PUBLIC_BYTES = 1952
PUBLIC_KEY_BYTES = ED25519_PUBLIC_BYTES + MLDSA65_PUBLIC_BYTES
SEED_BYTES = 32
PRIVATE_KEY_BYTES = 2 * SEED_BYTES
_FINGERPRINT_DOMAIN = b"intake identity fingerprint v1\x00"
_MAX_CONTEXT = 255


class SignatureError(Exception):
    """The signature does not verify (either half), or is malformed."""


def _framed(context: bytes, message: bytes) -> bytes:
    if not 0 < len(context) <= _MAX_CONTEXT:
        raise ValueError("signature context must be 1..255 bytes")
    return bytes([len(context)]) + context + message


@dataclass(frozen=True)
class PublicIdentity:
    public_bytes: bytes

    def __post_init__(self) -> None:
        if len(self.public_bytes) != PUBLIC_KEY_BYTES:
            raise ValueError("hybrid public key must be 1984 bytes")

    @property
    def fingerprint(self) -> str:
        """Hex SHA-256 of the public key: the identity's stable name in records."""
        return hashlib.sha256(_FINGERPRINT_DOMAIN + self.public_bytes).hexdigest()

    @property
    def short_fingerprint(self) -> str:
        """First 120 bits as six groups of four base32 characters, for reading aloud."""
        digest = hashlib.sha256(_FINGERPRINT_DOMAIN + self.public_bytes).digest()[:15]
        text = base64.b32encode(digest).decode("ascii")
        return "-".join(text[i : i + 4] for i in range(0, len(text), 4))

    def verify(self, signature: bytes, message: bytes, context: bytes) -> None:
        if len(signature) != SIGNATURE_BYTES or signature[0] != SIGNATURE_VERSION:
            raise SignatureError("malformed signature")
        ed_sig = signature[1 : 1 + ED25519_SIGNATURE_BYTES]
        ml_sig = signature[1 + ED25519_SIGNATURE_BYTES :]
        ed_pub = ed25519.Ed25519PublicKey.from_public_bytes(self.public_bytes[:ED25519_PUBLIC_BYTES])
        ml_pub = mldsa.MLDSA65PublicKey.from_public_bytes(self.public_bytes[ED25519_PUBLIC_BYTES:])
        # Check both halves even if the first fails, so the time taken does not say which one did.
        failures = 0
        try:
            ed_pub.verify(ed_sig, _framed(context, message))
        except InvalidSignature:
            failures += 1
        try:
            ml_pub.verify(ml_sig, message, context)
        except InvalidSignature:
            failures += 1
        if failures:
            raise SignatureError("signature does not verify")


class SigningIdentity:
    """A device's private signing identity. Kept only inside the encrypted store."""

    def __init__(self, private_bytes: bytes | bytearray) -> None:
        if len(private_bytes) != PRIVATE_KEY_BYTES:
            raise ValueError("hybrid private key must be 64 bytes (two seeds)")
        self._ed = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(private_bytes[:SEED_BYTES]))
        self._ml = mldsa.MLDSA65PrivateKey.from_seed_bytes(bytes(private_bytes[SEED_BYTES:]))

    @classmethod
    def generate(cls) -> SigningIdentity:
        ed = ed25519.Ed25519PrivateKey.generate()
        ml = mldsa.MLDSA65PrivateKey.generate()
        return cls(bytearray(ed.private_bytes_raw() + ml.private_bytes_raw()))

    def private_bytes(self) -> bytearray:
        return bytearray(self._ed.private_bytes_raw() + self._ml.private_bytes_raw())

    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self._ed.public_key().public_bytes_raw() + self._ml.public_key().public_bytes_raw()
        )

    def sign(self, message: bytes, context: bytes) -> bytes:
        ed_sig = self._ed.sign(_framed(context, message))
        ml_sig = self._ml.sign(message, context)
        return bytes([SIGNATURE_VERSION]) + ed_sig + ml_sig
