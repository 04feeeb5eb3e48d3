"""Parsing age key strings, and the two kinds of keys Intake supports.

Parsing is strict, as age itself is: recipients only in the lower case age prints ("age1…",
"age1pq1…"), identities only in upper case ("AGE-SECRET-KEY-1…", "AGE-SECRET-KEY-PQ-1…"), the
exact prefix, a valid checksum and the exact length. Nothing is trimmed: a key pasted with stray
characters is refused rather than guessed at.
"""

from __future__ import annotations

from typing import TypeAlias

from crypto.age import bech32, hybrid_recipient, x25519_recipient
from crypto.age.errors import KeyFormatError
from crypto.age.hybrid_recipient import HybridIdentity, HybridRecipient
from crypto.age.x25519_recipient import X25519Identity, X25519Recipient
from crypto.secret_memory import zeroed_after

Identity: TypeAlias = X25519Identity | HybridIdentity
Recipient: TypeAlias = X25519Recipient | HybridRecipient


def parse_recipient(text: str) -> Recipient:
    """An "age1…" (X25519) or "age1pq1…" (post-quantum) recipient; KeyFormatError otherwise."""
    if text != text.lower():
        raise KeyFormatError("recipient must be written in lower case")
    hrp, data = bech32.decode(text)
    if hrp == x25519_recipient.RECIPIENT_HRP:
        return X25519Recipient(bytes(data))
    if hrp == hybrid_recipient.RECIPIENT_HRP:
        return HybridRecipient(bytes(data))
    raise KeyFormatError("not an age recipient of a supported kind")


def parse_identity(text: str) -> Identity:
    """An "AGE-SECRET-KEY-1…" or "AGE-SECRET-KEY-PQ-1…" identity; KeyFormatError otherwise."""
    if text != text.upper():
        raise KeyFormatError("identity must be written in upper case")
    hrp, data = bech32.decode(text)
    with zeroed_after(data):
        if hrp == x25519_recipient.IDENTITY_HRP:
            return X25519Identity(data)
        if hrp == hybrid_recipient.IDENTITY_HRP:
            return HybridIdentity(data)
    raise KeyFormatError("not an age identity of a supported kind")
