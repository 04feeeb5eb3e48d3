"""The decoy box: a fixed-size file that is either random bytes or, sealed under a key only the
duress passphrase leads to, the harmless cases a duress unlock puts in the fresh vault.

Specified in docs/formats/decoy-box.md. Every vault has one, always of BOX_BYTES, so its presence
and size say nothing about whether a duress passphrase or decoy cases exist: without the key, a
sealed box and a random one are both uniformly random bytes.

Layout: nonce 12 | ChaCha20-Poly1305(key, nonce, length u32 | content | zero padding, AAD) | tag 16.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

BOX_BYTES = 256 * 1024
KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_LENGTH = struct.Struct(">I")
_AAD = b"intake/decoy-box/v1"
_KEY_INFO = b"intake/decoy-box-key/v1"
MAX_CONTENT_BYTES = BOX_BYTES - _NONCE_BYTES - _TAG_BYTES - _LENGTH.size


class DecoyBoxError(Exception):
    """The box does not open under this key (random bytes, another key, damage). Content-free."""


def box_key(duress_secret: bytes | bytearray) -> bytes:
    """The box key follows from the duress slot's secret, so the duress passphrase alone (through
    the key file) leads to it, and overwriting the key file destroys it."""
    if len(duress_secret) != KEY_BYTES:
        raise ValueError("a duress secret is 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_KEY_INFO).derive(
        bytes(duress_secret)
    )


def random_box() -> bytes:
    return os.urandom(BOX_BYTES)


def seal_box(key: bytes, content: bytes) -> bytes:
    if len(content) > MAX_CONTENT_BYTES:
        raise ValueError("decoy content too large for the box")
    plaintext = bytearray(BOX_BYTES - _NONCE_BYTES - _TAG_BYTES)
    _LENGTH.pack_into(plaintext, 0, len(content))
    plaintext[_LENGTH.size : _LENGTH.size + len(content)] = content
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, bytes(plaintext), _AAD)


def open_box(key: bytes, data: bytes) -> bytes:
    if len(data) != BOX_BYTES:
        raise DecoyBoxError("wrong size")
    try:
        plaintext = ChaCha20Poly1305(key).decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], _AAD)
    except InvalidTag:
        raise DecoyBoxError("does not open") from None
    (length,) = _LENGTH.unpack_from(plaintext, 0)
    if length > MAX_CONTENT_BYTES:
        raise DecoyBoxError("bad length")
    return plaintext[_LENGTH.size : _LENGTH.size + length]
