"""Encrypting an age file as a stream.

The header and payload nonce are written when the writer is created; plaintext is buffered up
to one 64 KiB chunk and sealed as soon as more data shows that the chunk is not the last. Only
`close` seals the final chunk, so a file whose writing was interrupted (an exception, a crash, a
forgotten `close`) is never a valid age file: readers report it as truncated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import BinaryIO

from crypto.age.header import DEFAULT_LIMITS, FILE_KEY_BYTES, serialize_header
from crypto.age.hybrid_recipient import HybridRecipient
from crypto.age.keys import Recipient
from crypto.age.stream import CHUNK_SIZE, StreamEncryptor, new_payload_nonce, payload_key
from crypto.age.x25519_recipient import X25519Recipient
from crypto.secret_memory import zero, zeroed_after


def _check_recipients(recipients: tuple[Recipient, ...]) -> None:
    if not recipients:
        raise ValueError("at least one recipient is needed")
    if not all(isinstance(recipient, X25519Recipient | HybridRecipient) for recipient in recipients):
        raise TypeError("recipients must be X25519Recipient or HybridRecipient objects")
    if len({type(recipient) for recipient in recipients}) != 1:
        # A file is only as strong as its weakest stanza: adding an X25519 stanza would let a
        # future quantum computer open a file meant to be post-quantum. The spec says so too.
        raise ValueError("one file cannot mix post-quantum and X25519 recipients")
    if len(recipients) > DEFAULT_LIMITS.max_stanzas:
        raise ValueError("more recipients than an age reader with default limits accepts")


class AgeWriter:
    """Writes an age file encrypted to `recipients` into `sink`, which stays open (it is the caller's).

    Use as a context manager, or call `close` to finish the file; leaving a `with` block by an
    exception abandons the file without its final chunk. A fresh file key and payload nonce are
    drawn for every writer.
    """

    def __init__(self, recipients: Sequence[Recipient], sink: BinaryIO) -> None:
        recipients = tuple(recipients)
        _check_recipients(recipients)
        file_key = bytearray(os.urandom(FILE_KEY_BYTES))
        with zeroed_after(file_key):
            header = serialize_header([recipient.wrap(file_key) for recipient in recipients], file_key)
            nonce = new_payload_nonce()
            self._encryptor = StreamEncryptor(payload_key(file_key, nonce))
        self._sink: BinaryIO | None = sink
        self._buffer = bytearray(CHUNK_SIZE)
        self._filled = 0
        self._write_all(header + nonce)

    def _write_all(self, data: bytes | memoryview) -> None:
        sink = self._open_sink()
        view = memoryview(data)
        while view:
            written = sink.write(view)
            # Raw files may accept less than offered. Some file-like objects return None for a
            # complete write; 0 would loop forever.
            if written == 0:
                raise OSError("the output accepted no data")
            view = view[len(view) if written is None else written :]

    def _open_sink(self) -> BinaryIO:
        if self._sink is None:
            raise ValueError("write to a closed AgeWriter")
        return self._sink

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._open_sink()
        view = memoryview(data).cast("B")
        total = len(view)
        while view:
            if self._filled == CHUNK_SIZE:
                # More data follows a full chunk, so that chunk is not the final one.
                self._write_all(self._encryptor.seal(memoryview(self._buffer), last=False))
                self._filled = 0
            take = min(CHUNK_SIZE - self._filled, len(view))
            self._buffer[self._filled : self._filled + take] = view[:take]
            self._filled += take
            view = view[take:]
        return total

    def close(self) -> None:
        """Seals the final chunk and flushes `sink`. Calling it again does nothing."""
        if self._sink is None:
            return
        try:
            self._write_all(self._encryptor.seal(memoryview(self._buffer)[: self._filled], last=True))
            self._open_sink().flush()
        finally:
            self._discard()

    def abort(self) -> None:
        """Stops without sealing the final chunk, leaving an invalid (truncated) file behind."""
        self._discard()

    def _discard(self) -> None:
        self._sink = None
        self._filled = 0
        zero(self._buffer)
        self._encryptor.wipe()

    def __enter__(self) -> AgeWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
