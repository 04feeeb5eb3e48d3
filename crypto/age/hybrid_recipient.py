"""The post-quantum hybrid recipient type, mlkem768x25519 ("age1pq1…" / "AGE-SECRET-KEY-PQ-1…").

The file key is sealed with HPKE (RFC 9180) base mode: KEM MLKEM768-X25519 (X-Wing), KDF
HKDF-SHA256, AEAD ChaCha20Poly1305, info "age-encryption.org/mlkem768x25519", empty AAD.
Stanza: `-> mlkem768x25519 <enc>` (enc is 1120 bytes: ML-KEM-768 ciphertext, then the X25519
ephemeral share) with the 32-byte HPKE ciphertext as body.

An identity is a 32-byte seed. SHAKE256(seed) gives 96 bytes: the first 64 are the ML-KEM-768
seed, the last 32 the X25519 private key; the recipient is the ML-KEM-768 encapsulation key
(1184 bytes) followed by the X25519 public key (32 bytes).
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from crypto.age import b64, bech32
from crypto.age.errors import HeaderError, KeyFormatError
from crypto.age.header import FILE_KEY_BYTES, Stanza

STANZA_TYPE = "mlkem768x25519"
RECIPIENT_HRP = "age1pq"
IDENTITY_HRP = "AGE-SECRET-KEY-PQ-"
SEED_BYTES = 32
_MLKEM_SEED_BYTES = 64
_MLKEM_PUBLIC_BYTES = 1184
_MLKEM_CIPHERTEXT_BYTES = 1088
_X25519_BYTES = 32
RECIPIENT_BYTES = _MLKEM_PUBLIC_BYTES + _X25519_BYTES
ENC_BYTES = _MLKEM_CIPHERTEXT_BYTES + _X25519_BYTES
_BODY_BYTES = FILE_KEY_BYTES + 16
_INFO = b"age-encryption.org/mlkem768x25519"
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def check_stanza(stanza: Stanza) -> bytes:
    """Checks an mlkem768x25519 stanza's shape without any key work; returns enc."""
    if len(stanza.args) != 1:
        raise HeaderError("mlkem768x25519 stanza must have exactly one argument after its type")
    enc = b64.decode(stanza.args[0], "mlkem768x25519 encapsulated key")
    if len(enc) != ENC_BYTES:
        raise HeaderError("mlkem768x25519 encapsulated key has the wrong length")
    # Checked before decrypting, against partitioning oracles (see the X25519 type).
    if len(stanza.body) != _BODY_BYTES:
        raise HeaderError("mlkem768x25519 stanza body has the wrong length")
    return enc


def _refuse_low_order_share(share: bytes) -> None:
    """Rejects an X25519 share that would make the X25519 half of the shared secret all zero.

    HPKE's X-Wing combiner does not refuse it, but age does (as the reference implementation
    and its test vectors do). Any clamped scalar maps a low-order point to zero, so a throwaway
    key tells without touching ours.
    """
    try:
        X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:
        raise HeaderError("mlkem768x25519 X25519 share is a low-order point") from None


class HybridRecipient:
    """A post-quantum hybrid public key (ML-KEM-768 + X25519)."""

    __slots__ = ("_key", "_public")

    def __init__(self, public: bytes) -> None:
        if len(public) != RECIPIENT_BYTES:
            raise KeyFormatError("post-quantum recipient has the wrong length")
        try:
            mlkem = MLKEM768PublicKey.from_public_bytes(public[:_MLKEM_PUBLIC_BYTES])
            classic = X25519PublicKey.from_public_bytes(public[_MLKEM_PUBLIC_BYTES:])
        except ValueError:
            raise KeyFormatError("post-quantum recipient is not a valid public key") from None
        self._key = hpke.MLKEM768X25519PublicKey(mlkem, classic)
        self._public = bytes(public)

    def public_bytes(self) -> bytes:
        return self._public

    def to_string(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self._public)

    def wrap(self, file_key: bytearray) -> Stanza:
        sealed = _SUITE.encrypt(file_key, self._key, info=_INFO)
        enc, body = sealed[:ENC_BYTES], sealed[ENC_BYTES:]
        return Stanza(STANZA_TYPE, (b64.encode(enc),), body)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HybridRecipient) and other._public == self._public

    def __hash__(self) -> int:
        return hash((STANZA_TYPE, self._public))

    def __repr__(self) -> str:
        return f"HybridRecipient({self.to_string()[:24]!r}…)"


class HybridIdentity:
    """A post-quantum hybrid private key, stored as its 32-byte seed in a bytearray we can zero."""

    __slots__ = ("_key", "_public", "_seed")

    def __init__(self, seed: bytes | bytearray) -> None:
        if len(seed) != SEED_BYTES:
            raise KeyFormatError("post-quantum identity must be 32 bytes")
        self._seed = bytearray(seed)
        # Views, not slices: fewer unzeroable copies of the expanded secret.
        expanded = memoryview(hashlib.shake_256(self._seed).digest(_MLKEM_SEED_BYTES + _X25519_BYTES))
        mlkem = MLKEM768PrivateKey.from_seed_bytes(expanded[:_MLKEM_SEED_BYTES])
        classic = X25519PrivateKey.from_private_bytes(expanded[_MLKEM_SEED_BYTES:])
        self._key = hpke.MLKEM768X25519PrivateKey(mlkem, classic)
        self._public = mlkem.public_key().public_bytes_raw() + classic.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> HybridIdentity:
        return cls(bytearray(os.urandom(SEED_BYTES)))

    @classmethod
    def from_secret_bytes(cls, seed: bytes | bytearray) -> HybridIdentity:
        return cls(seed)

    def secret_bytes(self) -> bytearray:
        """A copy of the 32-byte seed; the caller should zero it when done."""
        return bytearray(self._seed)

    def to_string(self) -> str:
        return bech32.encode(IDENTITY_HRP, self._seed, upper=True)

    def recipient(self) -> HybridRecipient:
        return HybridRecipient(self._public)

    def unwrap_stanza(self, stanza: Stanza) -> bytearray | None:
        """The file key if the stanza is ours, None if it is not; HeaderError if it is malformed."""
        if stanza.type != STANZA_TYPE:
            return None
        enc = check_stanza(stanza)
        _refuse_low_order_share(enc[_MLKEM_CIPHERTEXT_BYTES:])
        try:
            return bytearray(_SUITE.decrypt(enc + stanza.body, self._key, info=_INFO))
        except InvalidTag:
            # ML-KEM decapsulation never fails outright (implicit rejection): a stanza for
            # someone else, or a corrupted one, shows up here as a failed tag.
            return None

    def __repr__(self) -> str:
        return f"HybridIdentity(recipient={self.recipient().to_string()[:24]!r}…)"
