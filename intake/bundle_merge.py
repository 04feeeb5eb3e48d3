"""Checking one incoming sealed revision, and merging it into the store or holding it back.

Merge rules (docs/formats/bundle.md, BRIEF §6): revisions are immutable, so a revision already
held with the same content is "unchanged"; the same case and revision number with different
content, or a case id that another author already holds, is "conflicting" and quarantined with
its reason; anything else is inserted (a new case, or a revision of a case this author holds,
older or newer than the one listed: the list always shows the highest). Called inside the
importer's transaction.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from crypto.signing import PublicIdentity, SignatureError
from intake import case_queries
from intake.bundle_format import BundleError, EntryInfo
from intake.canonical_json import canonical_json
from intake.case_document import CaseValidationError, validate_case
from intake.case_store import CaseRecord, seal_statement
from intake.database import Connection
from intake.device_identity import SEAL_CONTEXT
from intake.i18n import _
from intake.vocabulary import Vocabularies

NEW, UPDATED, UNCHANGED, CONFLICTING, QUARANTINED = (
    "new",
    "updated",
    "unchanged",
    "conflicting",
    "quarantined",
)
CLAIMED_BY_OTHER_AUTHOR = "claimed_by_other_author"
REVISION_DIFFERS = "revision_differs"

_BODY_KEYS = {
    "case_id",
    "revision",
    "author",
    "content",
    "content_hash",
    "created_at",
    "sealed_at",
    "signature",
}


@dataclass(frozen=True)
class IncomingRevision:
    record: CaseRecord
    body: bytes
    content_text: str  # canonical JSON of record.content, as the store keeps it


def _refused() -> BundleError:
    return BundleError(_("A revision in the bundle is not what its signature says; nothing was imported."))


def check_revision(
    body: bytes, info: EntryInfo, sender: PublicIdentity, vocab: Vocabularies
) -> IncomingRevision:
    """A revision entry, fully checked: matching its manifest line, written by the sender, valid
    content with the stated hash, and a seal signature that verifies.

    The content is serialised once (for its hash and for storage): a long narrative costs more to
    re-encode than to decrypt. The entry's own bytes need no canonical-form check: they are
    authenticated by their hash in the signed manifest, and what is stored is rebuilt from the
    validated content, never copied from them."""
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also a 5,000-digit number
        raise _refused() from None
    if not isinstance(raw, dict) or set(raw) != _BODY_KEYS:
        raise _refused()
    if (raw["case_id"], raw["revision"], raw["author"]) != (info.case_id, info.revision, sender.fingerprint):
        raise _refused()
    try:
        normalized = validate_case(raw["content"], vocab)
        signature = base64.b64decode(raw["signature"], validate=True)
    except (CaseValidationError, binascii.Error, TypeError):
        raise _refused() from None
    content_text = canonical_json(normalized)
    if normalized != raw["content"] or hashlib.sha256(content_text).hexdigest() != raw["content_hash"]:
        raise _refused()
    if not all(isinstance(raw[key], str) for key in ("created_at", "sealed_at")):
        raise _refused()
    record = CaseRecord(
        case_id=raw["case_id"],
        revision=raw["revision"],
        status="sealed",
        author=raw["author"],
        content=normalized,
        content_hash=raw["content_hash"],
        created_at=raw["created_at"],
        updated_at=raw["sealed_at"],
        sealed_at=raw["sealed_at"],
        signature=signature,
    )
    try:
        sender.verify(signature, seal_statement(record), SEAL_CONTEXT)
    except SignatureError:
        raise _refused() from None
    return IncomingRevision(record, body, content_text.decode("utf-8"))


def quarantine(
    conn: Connection, receipt: str, position: int, incoming: IncomingRevision, reason: str
) -> None:
    """Holds a verified revision back; `receipt` names the bundle_received row it came in."""
    record = incoming.record
    hold_entry(
        conn,
        receipt,
        position,
        case_id=record.case_id,
        revision=record.revision,
        body=incoming.body.decode("utf-8"),
        reason=reason,
    )


def hold_entry(
    conn: Connection, receipt: str, position: int, *, case_id: str, revision: int, body: str, reason: str
) -> None:
    """Keeps a revision entry, as the bundle carried it, in quarantine under `reason`."""
    conn.execute(
        "INSERT INTO quarantined_revision (receipt, position, case_id, revision, body, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (receipt, position, case_id, revision, body, reason),
    )


def merge_revision(conn: Connection, incoming: IncomingRevision, receipt: str, position: int) -> str:
    record = incoming.record
    held = conn.execute(
        "SELECT author, content_hash, status FROM case_revision WHERE case_id = ? AND revision = ?",
        (record.case_id, record.revision),
    ).fetchone()
    if held is not None:
        if tuple(held) == (record.author, record.content_hash, "sealed"):
            return UNCHANGED
        reason = REVISION_DIFFERS if held[0] == record.author else CLAIMED_BY_OTHER_AUTHOR
        quarantine(conn, receipt, position, incoming, reason)
        return CONFLICTING
    # The index row names the case's author (a case has one: other authors' revisions never get
    # past this check), so one lookup answers both "is it new" and "is it theirs".
    listed = conn.execute(
        "SELECT revision, author, created_at, id FROM case_index WHERE case_id = ?", (record.case_id,)
    ).fetchone()
    if listed is not None and listed[1] != record.author:
        quarantine(conn, receipt, position, incoming, CLAIMED_BY_OTHER_AUTHOR)
        return CONFLICTING
    conn.execute(
        "INSERT INTO case_revision (case_id, revision, status, author, content, content_hash, created_at, "
        "updated_at, sealed_at, signature) VALUES (?, ?, 'sealed', ?, ?, ?, ?, ?, ?, ?)",
        (
            record.case_id,
            record.revision,
            record.author,
            incoming.content_text,
            record.content_hash,
            record.created_at,
            record.sealed_at,
            record.sealed_at,
            record.signature,
        ),
    )
    conn.execute(
        "INSERT INTO revision_origin (case_id, revision, receipt) VALUES (?, ?, ?)",
        (record.case_id, record.revision, receipt),
    )
    if listed is None or record.revision > int(listed[0]):
        assert record.sealed_at is not None
        case_queries.index_sealed_revision(
            conn,
            None if listed is None else int(listed[3]),
            record.case_id,
            record.revision,
            record.content,
            author=record.author,
            created_at=record.created_at,
            updated_at=record.sealed_at,
        )
    elif record.created_at < listed[2]:
        # An older revision arrived after a newer one: the case was created when it was.
        conn.execute(
            "UPDATE case_index SET created_at = ? WHERE case_id = ?", (record.created_at, record.case_id)
        )
    return NEW if listed is None else UPDATED
