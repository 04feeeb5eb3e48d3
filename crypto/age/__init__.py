"""age v1 file encryption (https://c2sp.org/age): a reader and a writer, streaming.

Supported recipient types: X25519 and the post-quantum hybrid mlkem768x25519. Not supported:
scrypt passphrases, ASCII armor, plugins. docs/formats/age.md is our profile of the format.
"""

from __future__ import annotations

from crypto.age.errors import (
    AgeError,
    HeaderError,
    HmacError,
    KeyFormatError,
    LimitExceeded,
    NoIdentityMatch,
    PayloadError,
)
from crypto.age.header import Limits
from crypto.age.hybrid_recipient import HybridIdentity, HybridRecipient
from crypto.age.keys import Identity, Recipient, parse_identity, parse_recipient
from crypto.age.reader import AgeReader
from crypto.age.writer import AgeWriter
from crypto.age.x25519_recipient import X25519Identity, X25519Recipient

__all__ = [
    "AgeError",
    "AgeReader",
    "AgeWriter",
    "HeaderError",
    "HmacError",
    "HybridIdentity",
    "HybridRecipient",
    "Identity",
    "KeyFormatError",
    "LimitExceeded",
    "Limits",
    "NoIdentityMatch",
    "PayloadError",
    "Recipient",
    "X25519Identity",
    "X25519Recipient",
    "parse_identity",
    "parse_recipient",
]
