"""Attachment content as the database keeps it: blobs stored once per distinct SHA-256, in chunks of
at most 1 MiB (schema 5), written and read a chunk at a time so memory stays flat for any size.

Used by adding a file (intake/attachments.py) and by receiving one in a bundle
(intake/bundle_attachments.py); both run inside a caller's transaction, so a blob that is not
finished is rolled back with everything else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from intake.database import Connection

CHUNK_BYTES = 1024 * 1024


class BlobWriter:
    """One blob being written: chunks go in as they come, the hash decides at the end whether an
    identical blob already exists (then these chunks are dropped again)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._id = conn.execute("INSERT INTO attachment_blob (sha256, size) VALUES (NULL, 0)").lastrowid
        self._hash = hashlib.sha256()
        self._pending = bytearray()
        self._seq = 0
        self.size = 0

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        self.size += len(data)
        self._pending += data
        while len(self._pending) >= CHUNK_BYTES:
            self._flush(CHUNK_BYTES)

    def _flush(self, count: int) -> None:
        self._conn.execute(
            "INSERT INTO attachment_chunk (blob_id, seq, data) VALUES (?, ?, ?)",
            (self._id, self._seq, bytes(self._pending[:count])),
        )
        del self._pending[:count]
        self._seq += 1

    def finish(self) -> tuple[int, str]:
        """(blob id, hex SHA-256): this blob's, or that of an identical one stored before."""
        if self._pending:
            self._flush(len(self._pending))
        digest = self._hash.hexdigest()
        existing = self._conn.execute("SELECT id FROM attachment_blob WHERE sha256 = ?", (digest,)).fetchone()
        if existing is not None:
            self.discard()
            return int(existing[0]), digest
        self._conn.execute(
            "UPDATE attachment_blob SET sha256 = ?, size = ? WHERE id = ?", (digest, self.size, self._id)
        )
        return int(self._id), digest

    def discard(self) -> None:
        self._conn.execute("DELETE FROM attachment_chunk WHERE blob_id = ?", (self._id,))
        self._conn.execute("DELETE FROM attachment_blob WHERE id = ?", (self._id,))


def blob_chunks(conn: Connection, blob_id: int) -> Iterator[bytes]:
    """A blob's chunks in order, unchecked (callers compare the hash they expect)."""
    seq = 0
    while True:
        row = conn.execute(
            "SELECT data FROM attachment_chunk WHERE blob_id = ? AND seq = ?", (blob_id, seq)
        ).fetchone()
        if row is None:
            return
        yield bytes(row[0])
        seq += 1


class BlobDamagedError(Exception):
    """A blob's bytes do not hash to, or are not as long as, what was recorded (no content)."""


def checked_blob_chunks(conn: Connection, blob_id: int, sha256: str, size: int) -> Iterator[bytes]:
    """A blob's chunks in order; after the last one, BlobDamagedError if the bytes were not the
    recorded ones. Callers that stream them on (to a file, a bundle) undo what they wrote."""
    digest = hashlib.sha256()
    done = 0
    for data in blob_chunks(conn, blob_id):
        digest.update(data)
        done += len(data)
        yield data
    if done != size or digest.hexdigest() != sha256:
        raise BlobDamagedError("blob content does not match its record")


def remove_orphan_blobs(conn: Connection) -> None:
    """Finished blobs nothing refers to any more (a draft deleted, a quarantine purged) go; their
    chunks follow by cascade. Quarantined attachments hold blobs too, so those stay."""
    conn.execute(
        "DELETE FROM attachment_blob WHERE sha256 IS NOT NULL AND id NOT IN ("
        "SELECT original_blob FROM attachment WHERE original_blob IS NOT NULL "
        "UNION SELECT working_blob FROM attachment WHERE working_blob IS NOT NULL "
        "UNION SELECT original_blob FROM quarantined_attachment WHERE original_blob IS NOT NULL "
        "UNION SELECT working_blob FROM quarantined_attachment WHERE working_blob IS NOT NULL)"
    )
