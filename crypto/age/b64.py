"""The base64 flavour of age headers: standard alphabet, no padding, canonical only.

Accepting a non-canonical spelling (non-zero unused bits, `=` padding) would let anyone change the
header's bytes without changing what it means, which breaks the header MAC's promise that the
header is exactly what the sender wrote. So the decoder refuses everything the encoder would not
have produced.
"""

from __future__ import annotations

import base64
import binascii

from crypto.age.errors import HeaderError

ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def encode(data: bytes | bytearray) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def encoded_length(size: int) -> int:
    """Characters needed for `size` bytes without padding."""
    return (size * 4 + 2) // 3


def decode(text: str | bytes, what: str) -> bytes:
    """Decodes canonical unpadded base64; `what` names the field in the error message."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    if not ALPHABET.issuperset(raw) or len(raw) % 4 == 1:
        raise HeaderError(f"{what} is not valid base64")
    try:
        data = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except binascii.Error:
        raise HeaderError(f"{what} is not valid base64") from None
    if encode(data).encode("ascii") != raw:
        raise HeaderError(f"{what} is not canonical base64")
    return data
