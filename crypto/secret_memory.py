"""Best-effort handling of secrets in memory.

Python copies immutable `bytes` and `str` freely and never zeroes them, so secrets are kept in
`bytearray`s that we own and overwrite when done. This narrows the window in which a key sits in
memory; it cannot close it (a swapped-out page or a copy inside a library may survive). The
threat model says so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager


def zero(buffer: bytearray | memoryview | None) -> None:
    """Overwrites a mutable buffer with zero bytes in place."""
    if buffer is None:
        return
    view = memoryview(buffer)
    view[:] = bytes(len(view))
    view.release()


@contextmanager
def zeroed_after(*buffers: bytearray) -> Iterator[None]:
    """Zeroes the buffers when the block ends, however it ends."""
    try:
        yield
    finally:
        for buffer in buffers:
            zero(buffer)


def encode_passphrase(passphrase: str) -> bytearray:
    """UTF-8 of the NFC form, so that the same passphrase typed on different keyboards or systems
    (composed or decomposed "й") derives the same key."""
    return bytearray(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
