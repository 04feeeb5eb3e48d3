"""A tamper-evident, hash-chained log of every change to the store.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting,
inserting or reordering any entry breaks the chain at that point. Appending happens inside the
caller's transaction, so a change and its log entry commit (or vanish) together.

What the chain cannot show on its own: entries cut off the end (the last entries removed
together). Anchoring the head outside the database (e.g. in a signed bundle) is what closes that.

Details hold ids, revision numbers and content hashes — never case text: the log is kept forever
and is shown in full, so it must not become a second copy of the testimony.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from intake.canonical_json import canonical_json
from intake.clock import Clock, iso_utc, utc_now

Connection = Any

GENESIS_HASH = "0" * 64
_HASH_DOMAIN = "intake.audit-entry/1"
_COLUMNS = "seq, at, actor, action, object_type, object_id, details, prev_hash, hash"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    entries_checked: int
    first_bad_seq: int | None


def entry_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details: str,
    prev_hash: str,
) -> str:
    """Hex SHA-256 of the entry's canonical encoding. `details` is the stored canonical JSON text,
    hashed as stored so that any byte changed in it is detected. The `type` field separates this
    hash from every other hash the app computes over canonical JSON."""
    encoded = canonical_json(
        {
            "type": _HASH_DOMAIN,
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "details": details,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(encoded).hexdigest()


def _row_hash(row: tuple[Any, ...]) -> str:
    seq, at, actor, action, object_type, object_id, details, prev_hash, _hash = row
    return entry_hash(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
        prev_hash=prev_hash,
    )


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    seq, at, actor, action, object_type, object_id, details, prev_hash, hash_ = row
    return AuditEntry(seq, at, actor, action, object_type, object_id, json.loads(details), prev_hash, hash_)


class AuditLog:
    def __init__(self, conn: Connection, clock: Clock = utc_now) -> None:
        self._conn = conn
        self._clock = clock

    def append(
        self, action: str, object_type: str, object_id: str, details: dict[str, Any], actor: str
    ) -> AuditEntry:
        """Adds an entry. Must run inside the caller's open transaction: the write lock it holds is
        what keeps two appends from claiming the same sequence number."""
        if not self._conn.in_transaction:
            raise RuntimeError("AuditLog.append must be called inside the caller's transaction")
        last = self._conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        at = iso_utc(self._clock())
        details_text = canonical_json(details).decode("utf-8")
        row = (seq, at, actor, action, object_type, object_id, details_text, prev_hash, "")
        digest = _row_hash(row)
        self._conn.execute(
            f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 - constant
            (*row[:-1], digest),
        )
        return _entry((*row[:-1], digest))

    def entries(self, object_id: str | None = None, *, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        """Entries oldest first, optionally only those about one object."""
        if object_id is None:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608 - constant
                (limit, offset),
            )
        else:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM audit_log WHERE object_id = ? ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608
                (object_id, limit, offset),
            )
        return [_entry(row) for row in rows.fetchall()]

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        # Streams the cursor: a long-lived vault's log may not fit comfortably in memory.
        yield from self._conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq")  # noqa: S608

    def verify_object(self, object_id: str) -> AuditVerification:
        """The entries about one object only: each one's hash matches its contents and it links
        to the entry just before it in the chain. Reads those entries and their predecessors, so
        it stays quick on a long log (a whole-chain walk of 100,000 entries takes seconds), for
        views that open often; `verify()` is the complete check."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM audit_log WHERE object_id = ? ORDER BY seq",  # noqa: S608 - constant
            (object_id,),
        ).fetchall()
        for checked, row in enumerate(rows, start=1):
            seq, prev_hash, stored_hash = row[0], row[7], row[8]
            before = self._conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()
            expected_prev = GENESIS_HASH if seq == 1 else (before[0] if before else None)
            if prev_hash != expected_prev or _row_hash(row) != stored_hash:
                return AuditVerification(ok=False, entries_checked=checked, first_bad_seq=seq)
        return AuditVerification(ok=True, entries_checked=len(rows), first_bad_seq=None)

    def verify(self) -> AuditVerification:
        """Walks the chain from the start and stops at the first entry that is out of sequence, does
        not link to its predecessor, or whose hash does not match its contents. `entries_checked`
        counts the entries read, including that bad one."""
        expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
        for row in self._rows():
            checked += 1
            seq, prev_hash, stored_hash = row[0], row[7], row[8]
            if seq != expected_seq or prev_hash != expected_prev or _row_hash(row) != stored_hash:
                return AuditVerification(ok=False, entries_checked=checked, first_bad_seq=seq)
            expected_seq, expected_prev = seq + 1, stored_hash
        return AuditVerification(ok=True, entries_checked=checked, first_bad_seq=None)
