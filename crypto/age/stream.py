"""The age payload: a 16-byte nonce, then STREAM chunks of ChaCha20-Poly1305 under one key.

Each chunk holds up to 64 KiB of plaintext. Its 12-byte AEAD nonce is an 11-byte big-endian
counter followed by a flag byte, 1 on the final chunk and 0 before it. The counter stops chunks
from being reordered, dropped or duplicated; the flag stops the file from being cut at a chunk
boundary, because an attacker cannot turn a non-final chunk into a final one.

Both directions hold at most one chunk in memory, in buffers they own and overwrite when done.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from crypto.age.errors import HeaderError, PayloadError
from crypto.age.hkdf import hkdf_sha256
from crypto.secret_memory import zero

CHUNK_SIZE = 64 * 1024
TAG_BYTES = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_BYTES
NONCE_BYTES = 16
_COUNTER_BYTES = 11
_COUNTER_LIMIT = 1 << (8 * _COUNTER_BYTES)
_PAYLOAD_INFO = b"payload"


def new_payload_nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


def payload_key(file_key: bytearray, nonce: bytes) -> bytes:
    return hkdf_sha256(file_key, salt=nonce, info=_PAYLOAD_INFO)


def chunk_nonce(counter: int, *, last: bool) -> bytes:
    if not 0 <= counter < _COUNTER_LIMIT:
        raise PayloadError("payload has too many chunks")
    return counter.to_bytes(_COUNTER_BYTES, "big") + (b"\x01" if last else b"\x00")


class StreamEncryptor:
    """Seals chunks in order; the caller decides which chunk is the last one."""

    def __init__(self, key: bytes) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._counter = 0
        self._finished = False
        self._out = bytearray(ENCRYPTED_CHUNK_SIZE)

    def seal(self, plaintext: memoryview, *, last: bool) -> memoryview:
        """Returns a view of the sealed chunk, valid until the next call."""
        if self._finished:
            raise ValueError("the payload already has its final chunk")
        if len(plaintext) > CHUNK_SIZE or (not last and len(plaintext) != CHUNK_SIZE):
            raise ValueError("only the final chunk may be shorter than 64 KiB")
        if last and not plaintext and self._counter:
            raise ValueError("the final chunk may be empty only when the whole payload is")
        size = len(plaintext) + TAG_BYTES
        out = memoryview(self._out)[:size]
        self._aead.encrypt_into(chunk_nonce(self._counter, last=last), plaintext, None, out)
        self._counter += 1
        self._finished = last
        return out

    def wipe(self) -> None:
        zero(self._out)


class _Input:
    """Reads a source to the byte, starting with bytes already taken from it by the header parser."""

    def __init__(self, source: BinaryIO, prefix: bytes) -> None:
        self._source = source
        self._pending = bytearray(prefix)

    def read(self, size: int) -> bytes:
        """Exactly `size` bytes, or fewer only at the end of the source."""
        parts = [bytes(self._pending[:size])]
        del self._pending[:size]
        have = len(parts[0])
        while have < size:
            block = self._source.read(size - have)
            if not block:
                break
            parts.append(block)
            have += len(block)
        return b"".join(parts)

    def at_end(self) -> bool:
        if not self._pending:
            self._pending += self._source.read(1) or b""
        return not self._pending


class StreamDecryptor:
    """Opens chunks in order and reports every deviation from a complete, untouched payload.

    `next_chunk` returns a view of a chunk's plaintext only after its tag verified. Like age
    itself (and as the CCTV vectors require), a chunk's plaintext is released as soon as it
    verifies; a problem after it (the file ends without a final chunk, or has data after the final
    chunk) is raised by the following call. Any failure is final: every later call raises it again,
    so a caller cannot skip past a bad chunk.
    """

    def __init__(self, file_key: bytearray, source: BinaryIO, prefix: bytes) -> None:
        self._input = _Input(source, prefix)
        nonce = self._input.read(NONCE_BYTES)
        if len(nonce) != NONCE_BYTES:
            raise HeaderError("file ends before the payload nonce")
        self._aead = ChaCha20Poly1305(payload_key(file_key, nonce))
        self._counter = 0
        self._plaintext = bytearray(CHUNK_SIZE)
        self._finished = False
        self._failure: PayloadError | None = None

    @property
    def finished(self) -> bool:
        """True once the final chunk verified and nothing follows it."""
        return self._finished

    def next_chunk(self) -> memoryview:
        """The next chunk's verified plaintext, valid until the next call or `wipe`."""
        if self._finished:
            raise ValueError("the payload has no more chunks")
        if self._failure is None:
            try:
                return self._open_next()
            except PayloadError as error:
                self._failure = error
        self.wipe()
        raise self._failure

    def _open(self, sealed: bytes, out: memoryview, *, last: bool) -> bool:
        try:
            self._aead.decrypt_into(chunk_nonce(self._counter, last=last), sealed, None, out)
        except InvalidTag:
            # decrypt_into leaves unauthenticated plaintext behind; it must never be seen.
            zero(self._plaintext)
            return False
        return True

    def _open_next(self) -> memoryview:
        sealed = self._input.read(ENCRYPTED_CHUNK_SIZE)
        if not sealed:
            raise PayloadError("file is truncated: the payload ends without a final chunk")
        if len(sealed) < TAG_BYTES:
            raise PayloadError("file is truncated inside a payload chunk")
        # Only the final chunk can be short. A full-size chunk may be final too: its
        # authenticated flag says which, so try both; a wrong guess just fails the tag.
        last = len(sealed) < ENCRYPTED_CHUNK_SIZE
        if last and len(sealed) == TAG_BYTES and self._counter:
            raise PayloadError("final payload chunk is empty")
        out = memoryview(self._plaintext)[: len(sealed) - TAG_BYTES]
        if last or not self._open(sealed, out, last=False):
            if not self._open(sealed, out, last=True):
                raise PayloadError("payload chunk failed authentication: the file is damaged or truncated")
            last = True
        self._counter += 1
        if last:
            if self._input.at_end():
                self._finished = True
            else:
                self._failure = PayloadError("file has data after the final payload chunk")
        return out

    def wipe(self) -> None:
        zero(self._plaintext)
