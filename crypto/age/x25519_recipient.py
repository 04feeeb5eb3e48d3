"""The native X25519 recipient type ("age1…" / "AGE-SECRET-KEY-1…").

Stanza: `-> X25519 <ephemeral share>` with body ChaCha20-Poly1305(wrap key, file key) under a
zero nonce, where wrap key = HKDF-SHA-256(X25519(ephemeral, recipient),
salt = share || recipient, info = "age-encryption.org/v1/X25519"). The zero nonce is safe because
every wrap key is used once: the ephemeral secret is fresh for every stanza.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from crypto.age import b64, bech32
from crypto.age.errors import HeaderError, KeyFormatError
from crypto.age.header import FILE_KEY_BYTES, Stanza
from crypto.age.hkdf import hkdf_sha256
from crypto.secret_memory import zero

STANZA_TYPE = "X25519"
RECIPIENT_HRP = "age"
IDENTITY_HRP = "AGE-SECRET-KEY-"
KEY_BYTES = 32
_INFO = b"age-encryption.org/v1/X25519"
_ZERO_NONCE = bytes(12)
_BODY_BYTES = FILE_KEY_BYTES + 16


def check_stanza(stanza: Stanza) -> bytes:
    """Checks an X25519 stanza's shape without any key work; returns the ephemeral share."""
    if len(stanza.args) != 1:
        raise HeaderError("X25519 stanza must have exactly one argument after its type")
    share = b64.decode(stanza.args[0], "X25519 stanza share")
    if len(share) != KEY_BYTES:
        raise HeaderError("X25519 stanza share has the wrong length")
    # Checked before any decryption attempt: a body of another length would let an attacker
    # probe with ciphertexts that are valid under several keys (partitioning oracles).
    if len(stanza.body) != _BODY_BYTES:
        raise HeaderError("X25519 stanza body has the wrong length")
    return share


def _shared_secret(private: X25519PrivateKey, public: bytes) -> bytes:
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(public))
    except ValueError:
        # cryptography refuses an all-zero result, which only a low-order point can cause.
        raise HeaderError("X25519 share is a low-order point") from None
    if shared == bytes(KEY_BYTES):
        raise HeaderError("X25519 share is a low-order point")
    return shared


class X25519Recipient:
    """An X25519 public key: anyone holding it can encrypt to the matching identity."""

    __slots__ = ("_public",)

    def __init__(self, public: bytes) -> None:
        if len(public) != KEY_BYTES:
            raise KeyFormatError("X25519 recipient must be 32 bytes")
        try:
            # A low-order public key would give every sender the same, public, wrap key.
            _shared_secret(X25519PrivateKey.generate(), public)
        except HeaderError:
            raise KeyFormatError("X25519 recipient is not a usable public key") from None
        self._public = bytes(public)

    def public_bytes(self) -> bytes:
        return self._public

    def to_string(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self._public)

    def wrap(self, file_key: bytearray) -> Stanza:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        wrap_key = hkdf_sha256(_shared_secret(ephemeral, self._public), salt=share + self._public, info=_INFO)
        body = ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)
        return Stanza(STANZA_TYPE, (b64.encode(share),), body)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other._public == self._public

    def __hash__(self) -> int:
        return hash((STANZA_TYPE, self._public))

    def __repr__(self) -> str:
        return f"X25519Recipient({self.to_string()!r})"


class X25519Identity:
    """An X25519 private key. Its 32 secret bytes are kept in a bytearray we can overwrite."""

    __slots__ = ("_private", "_public", "_secret")

    def __init__(self, secret: bytes | bytearray) -> None:
        if len(secret) != KEY_BYTES:
            raise KeyFormatError("X25519 identity must be 32 bytes")
        self._secret = bytearray(secret)
        self._private = X25519PrivateKey.from_private_bytes(self._secret)
        self._public = self._private.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(bytearray(os.urandom(KEY_BYTES)))

    @classmethod
    def from_secret_bytes(cls, secret: bytes | bytearray) -> X25519Identity:
        return cls(secret)

    def secret_bytes(self) -> bytearray:
        """A copy of the 32 secret bytes; the caller should zero it when done."""
        return bytearray(self._secret)

    def to_string(self) -> str:
        return bech32.encode(IDENTITY_HRP, self._secret, upper=True)

    def recipient(self) -> X25519Recipient:
        return X25519Recipient(self._public)

    def unwrap_stanza(self, stanza: Stanza) -> bytearray | None:
        """The file key if the stanza is ours, None if it is not; HeaderError if it is malformed."""
        if stanza.type != STANZA_TYPE:
            return None
        share = check_stanza(stanza)
        wrap_key = hkdf_sha256(_shared_secret(self._private, share), salt=share + self._public, info=_INFO)
        # Decrypting into our own bytearray keeps the file key in memory we can zero.
        file_key = bytearray(FILE_KEY_BYTES)
        try:
            ChaCha20Poly1305(wrap_key).decrypt_into(_ZERO_NONCE, stanza.body, None, file_key)
        except InvalidTag:
            zero(file_key)
            return None
        return file_key

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={self.recipient().to_string()!r})"
