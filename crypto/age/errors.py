"""The exceptions the age reader and writer raise.

Each names a class of failure that a caller may want to tell apart (wrong key, damaged file,
tampered header, tampered or cut payload, hostile sizes, a mistyped key). Messages are short
plain English and never carry key material, file keys or plaintext, because they end up in logs
and on screen.
"""

from __future__ import annotations


class AgeError(Exception):
    """Base class for every failure to read, write or parse age data."""


class NoIdentityMatch(AgeError):
    """None of the given identities can open the file: it was encrypted to someone else."""


class HeaderError(AgeError):
    """The header or one of its stanzas is malformed, or a stanza addressed to us is invalid."""


class LimitExceeded(HeaderError):
    """The header is larger or more complex than the configured `Limits` allow."""


class HmacError(AgeError):
    """The header MAC does not match: the header was altered after encryption."""


class PayloadError(AgeError):
    """The payload is damaged, truncated, reordered or has data after its end."""


class KeyFormatError(AgeError):
    """A key string is not a well-formed age identity or recipient."""
