"""Decrypting an age file as a stream.

Construction reads and checks the whole header before any key work (limits, syntax, the shape
of every stanza of a type we implement), then unwraps the file key, then verifies the header MAC.
Only then does `read` start releasing plaintext, one verified chunk at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import BinaryIO

from crypto.age import hybrid_recipient, x25519_recipient
from crypto.age.errors import HeaderError, NoIdentityMatch
from crypto.age.header import DEFAULT_LIMITS, Header, Limits, Stanza, read_header, verify_mac
from crypto.age.hybrid_recipient import HybridIdentity
from crypto.age.keys import Identity
from crypto.age.stream import StreamDecryptor
from crypto.age.x25519_recipient import X25519Identity
from crypto.secret_memory import zeroed_after

_SCRYPT = "scrypt"


def _check_stanzas(stanzas: tuple[Stanza, ...]) -> None:
    """Structural checks on every stanza of a known type, before any identity sees one.

    Stricter than ignoring malformed stanzas that are not for us: a malformed native stanza means
    the file was not written by a correct age implementation, so we refuse it whoever reads it.
    """
    for stanza in stanzas:
        if stanza.type == x25519_recipient.STANZA_TYPE:
            x25519_recipient.check_stanza(stanza)
        elif stanza.type == hybrid_recipient.STANZA_TYPE:
            hybrid_recipient.check_stanza(stanza)
        elif stanza.type == _SCRYPT and len(stanzas) != 1:
            # The spec forbids it: a passphrase-encrypted file must not be openable by anyone else.
            raise HeaderError("an scrypt stanza must be the only stanza in the header")


def _unwrap(identities: Sequence[Identity], stanzas: tuple[Stanza, ...]) -> bytearray:
    for identity in identities:
        for stanza in stanzas:
            file_key = identity.unwrap_stanza(stanza)
            if file_key is not None:
                return file_key
    raise NoIdentityMatch("none of the given keys can open this file")


class AgeReader:
    """Reads the plaintext of an age file from `source`, releasing only authenticated data.

    Raises NoIdentityMatch, HeaderError (LimitExceeded) or HmacError from the constructor and
    PayloadError from `read`. After a PayloadError every further read raises it again. `source`
    stays open: it belongs to the caller. Memory use is bounded by the header limits plus one
    64 KiB chunk, whatever the file size.
    """

    def __init__(
        self, identities: Sequence[Identity], source: BinaryIO, *, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        # No identities is allowed: the header is still checked, then NoIdentityMatch follows.
        identities = tuple(identities)
        if not all(isinstance(identity, X25519Identity | HybridIdentity) for identity in identities):
            raise TypeError("identities must be X25519Identity or HybridIdentity objects")
        header, rest = read_header(source, limits)
        _check_stanzas(header.stanzas)
        self._header: Header = header
        file_key = _unwrap(identities, header.stanzas)
        with zeroed_after(file_key):
            verify_mac(header, file_key)
            self._stream: StreamDecryptor | None = StreamDecryptor(file_key, source, rest)
        self._chunk = memoryview(b"")
        self._position = 0

    @property
    def stanza_types(self) -> tuple[str, ...]:
        """The distinct stanza types in the header, in order of first appearance."""
        return tuple(dict.fromkeys(stanza.type for stanza in self._header.stanzas))

    def _stream_or_raise(self) -> StreamDecryptor:
        if self._stream is None:
            raise ValueError("read from a closed AgeReader")
        return self._stream

    def _available(self) -> memoryview:
        """The unread verified plaintext of the current chunk, opening the next chunk if needed.

        Empty only at the verified end of the payload.
        """
        stream = self._stream_or_raise()
        while self._position == len(self._chunk) and not stream.finished:
            self._chunk = stream.next_chunk()
            self._position = 0
        return self._chunk[self._position :]

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """Fills `buffer` from at most one chunk; returns 0 only at the verified end."""
        target = memoryview(buffer).cast("B")
        available = self._available()
        count = min(len(target), len(available))
        target[:count] = available[:count]
        self._position += count
        return count

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all remaining if negative); fewer only at the verified end.

        A read that fails returns nothing, even bytes of earlier verified chunks it had gathered,
        so a short result always means the genuine end of the file, never a truncation.
        """
        parts: list[bytes] = []
        wanted = size if size >= 0 else None
        gathered = 0
        while wanted is None or gathered < wanted:
            available = self._available()
            if not available:
                break
            take = len(available) if wanted is None else min(len(available), wanted - gathered)
            parts.append(bytes(available[:take]))
            self._position += take
            gathered += take
        return b"".join(parts)

    def close(self) -> None:
        """Forgets the payload key and wipes buffered plaintext; does not close `source`."""
        if self._stream is not None:
            self._stream.wipe()
            self._stream = None
        self._chunk = memoryview(b"")
        self._position = 0

    def __enter__(self) -> AgeReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
