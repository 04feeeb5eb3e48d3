"""Import: a bundle file, decrypted, verified and merged in one streaming pass and one transaction.

Nothing is committed unless the age layer authenticates every chunk, the manifest's signature
verifies, every entry matches the manifest and checks out (intake.bundle_merge), and the padding
is right; any failure rolls back and the store is as it was. What is trusted is a separate
question, answered inside the transaction: a bundle from a sender that is not an approved contact,
or with a gap before it in that sender's sequence towards this vault, is kept whole in quarantine
(and reported), never merged and never dropped. Approving the sender, or the arrival of the
missing bundle, releases it; so the final store does not depend on the order bundles came in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from crypto.age import AgeError, AgeReader, Identity, NoIdentityMatch
from crypto.signing import PublicIdentity
from intake.attachment_blobs import remove_orphan_blobs
from intake.audit_log import AuditLog
from intake.bundle_attachments import (
    CASE_NOT_HELD,
    AttachmentOutcome,
    hold_attachment,
    merge_attachment,
    receive_attachment,
    release_attachments,
)
from intake.bundle_attachments import QUARANTINED as ATTACHMENT_QUARANTINED
from intake.bundle_format import REVISION, AttachmentData, BundleError, EntryInfo, Manifest, PayloadReader
from intake.bundle_merge import (
    CONFLICTING,
    QUARANTINED,
    IncomingRevision,
    check_revision,
    hold_entry,
    merge_revision,
    quarantine,
)
from intake.clock import iso_utc
from intake.contacts import APPROVED, REVOKED, Contacts
from intake.database import Connection
from intake.errors import BadInputError
from intake.i18n import _
from intake.public_key_file import signing_key_fingerprint
from intake.transactions import transaction
from intake.vocabulary import Vocabularies

MERGED, HELD, ALREADY_IMPORTED = "merged", "quarantined", "already_imported"
UNKNOWN_SENDER, REVOKED_SENDER, SEQUENCE_GAP = "unknown_sender", "revoked_sender", "sequence_gap"
NO_LONGER_VALID = "no_longer_valid"


@dataclass(frozen=True)
class CaseOutcome:
    case_id: str
    revision: int
    outcome: str  # new, updated, unchanged, conflicting, quarantined
    reason: str | None = None


@dataclass(frozen=True)
class ImportReport:
    bundle_id: str
    sender: str  # hex fingerprint of the signing key (the revisions' author)
    sender_fingerprint: str  # the short form people compare
    sender_status: str  # approved, pending, revoked, unknown (first contact)
    outcome: str  # merged, quarantined, already_imported
    reason: str | None
    sequence: int
    cases: tuple[CaseOutcome, ...] = ()
    released: tuple[str, ...] = field(default=())  # ids of earlier bundles this one let through
    attachments: tuple[AttachmentOutcome, ...] = ()

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(("new", "updated", "unchanged", "conflicting", "quarantined"), 0)
        for case in self.cases:
            totals[case.outcome] += 1
        return totals

    def attachment_counts(self) -> dict[str, int]:
        totals = dict.fromkeys(("new", "original_added", "unchanged", "conflicting", "quarantined"), 0)
        for attachment in self.attachments:
            totals[attachment.outcome] += 1
        return totals


class _AuthenticatedStream:
    """The decrypted stream, with the age layer's failures turned into one clear message."""

    def __init__(self, reader: AgeReader) -> None:
        self._reader = reader

    def read(self, size: int = -1) -> bytes:
        try:
            return self._reader.read(size)
        except AgeError:
            raise BundleError(
                _("The bundle is damaged, cut short or was altered after it was made; nothing was imported.")
            ) from None


def import_bundle(
    conn: Connection,
    audit: AuditLog,
    contacts: Contacts,
    *,
    identities: Sequence[Identity],
    own_recipients: Sequence[str],
    own_signer: str,
    source: BinaryIO,
    vocab: Vocabularies,
    clock: Callable[[], datetime],
) -> ImportReport:
    try:
        age_reader = AgeReader(identities, source)
    except NoIdentityMatch:
        raise BundleError(
            _("This bundle is not addressed to you: none of this vault's keys opens it.")
        ) from None
    except AgeError:
        raise BundleError(_("This file is not a bundle, or its encryption header is damaged.")) from None
    payload = PayloadReader(_AuthenticatedStream(age_reader))
    manifest = payload.manifest
    addressed = [(r, n) for r in own_recipients if (n := manifest.sequence_for(r)) is not None]
    if not addressed:
        # It opened with one of our keys, yet the sender did not sign it for us: someone
        # decrypted a bundle meant for another coordinator and re-encrypted it (forwarding).
        raise BundleError(
            _("This bundle is not addressed to you: it was made for someone else and passed on.")
        )
    recipient, sequence = addressed[0]
    if manifest.sender == own_signer:
        raise BundleError(_("This bundle was made by this vault."))
    fingerprint = signing_key_fingerprint(manifest.sender_role, manifest.sender_key)
    receipt = payload.manifest_digest
    # Seen before means the same signed manifest: a bundle id is whatever its signer chose, so an
    # id alone (which another recipient of the bundle knows) must never make a bundle "seen".
    seen = conn.execute(
        "SELECT receipt FROM bundle_received WHERE sender = ? AND bundle_id = ?",
        (manifest.sender, manifest.bundle_id),
    ).fetchone()
    known = contacts.by_signer(manifest.sender)
    status = "unknown" if known is None else known.status
    if seen is not None and seen[0] == receipt:
        return ImportReport(
            manifest.bundle_id, manifest.sender, fingerprint, status, ALREADY_IMPORTED, None, sequence
        )
    if seen is not None:
        raise BundleError(
            _(
                "This sender signed two different bundles with the same id; the first one was "
                "imported and this one is refused. Ask the sender what happened."
            )
        )
    with transaction(conn):
        if known is None:
            contacts.add_sender_in_transaction(manifest.sender_role, manifest.sender_key)
        reason = _hold_reason(conn, status, manifest.sender, recipient, sequence)
        _record_bundle(
            conn,
            manifest,
            receipt=receipt,
            recipient=recipient,
            sequence=sequence,
            reason=reason,
            clock=clock,
        )
        cases = []
        attachments = []
        for position, (info, body) in enumerate(payload.entries()):
            if isinstance(body, AttachmentData):
                attachments.append(
                    _attachment(
                        conn,
                        info,
                        body,
                        sender=manifest.sender,
                        receipt=receipt,
                        position=position,
                        reason=reason,
                    )
                )
                continue
            incoming = check_revision(body, info, manifest.sender_key, vocab)
            if reason is not None:
                quarantine(conn, receipt, position, incoming, reason)
                cases.append(CaseOutcome(info.case_id, info.revision, QUARANTINED, reason))
            else:
                cases.append(_merged(conn, incoming, receipt, position))
        payload.finish()
        released = () if reason is not None else release_waiting(conn, manifest.sender, vocab)
        # Content that came again under an attachment already held is not kept twice.
        remove_orphan_blobs(conn)
        report = ImportReport(
            manifest.bundle_id,
            manifest.sender,
            fingerprint,
            status,
            MERGED if reason is None else HELD,
            reason,
            sequence,
            tuple(cases),
            released,
            tuple(attachments),
        )
        audit.append(
            "bundle.import",
            "bundle",
            manifest.bundle_id,
            {
                "sender": manifest.sender,
                "sequence": sequence,
                "outcome": report.outcome,
                **report.counts(),
                "attachments": report.attachment_counts(),
            },
            actor=own_signer,
        )
    return report


def _attachment(
    conn: Connection,
    info: EntryInfo,
    data: AttachmentData,
    *,
    sender: str,
    receipt: str,
    position: int,
    reason: str | None,
) -> AttachmentOutcome:
    incoming = receive_attachment(conn, info, data, sender)
    if reason is None:
        return merge_attachment(conn, incoming, receipt, position, sender)
    hold_attachment(conn, incoming, receipt, position, reason)
    return AttachmentOutcome(incoming.attachment_id, incoming.case_id, ATTACHMENT_QUARANTINED, reason)


def _merged(conn: Connection, incoming: IncomingRevision, receipt: str, position: int) -> CaseOutcome:
    record = incoming.record
    outcome = merge_revision(conn, incoming, receipt, position)
    reason = None
    if outcome == CONFLICTING:
        row = conn.execute(
            "SELECT reason FROM quarantined_revision WHERE receipt = ? AND position = ?",
            (receipt, position),
        ).fetchone()
        reason = str(row[0])
    return CaseOutcome(record.case_id, record.revision, outcome, reason)


def _hold_reason(conn: Connection, status: str, sender: str, recipient: str, sequence: int) -> str | None:
    if status == REVOKED:
        return REVOKED_SENDER
    if status != APPROVED:
        return UNKNOWN_SENDER
    return SEQUENCE_GAP if _missing_before(conn, sender, recipient, sequence) else None


def _missing_before(conn: Connection, sender: str, recipient: str, sequence: int) -> bool:
    have = conn.execute(
        "SELECT count(DISTINCT sequence) FROM bundle_received "
        "WHERE sender = ? AND recipient = ? AND sequence < ?",
        (sender, recipient, sequence),
    ).fetchone()[0]
    return int(have) < sequence - 1


def _record_bundle(
    conn: Connection,
    manifest: Manifest,
    *,
    receipt: str,
    recipient: str,
    sequence: int,
    reason: str | None,
    clock: Callable[[], datetime],
) -> None:
    conn.execute(
        "INSERT INTO bundle_received (receipt, bundle_id, sender, sender_key, sender_role, recipient, "
        "sequence, created_at, imported_at, state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            receipt,
            manifest.bundle_id,
            manifest.sender,
            manifest.sender_key.public_bytes,
            manifest.sender_role,
            recipient,
            sequence,
            manifest.created_at,
            iso_utc(clock()),
            MERGED if reason is None else HELD,
            reason,
        ),
    )


def release_waiting(
    conn: Connection, sender: str, vocab: Vocabularies, *, accept_gaps: bool = False
) -> tuple[str, ...]:
    """Merges the sender's quarantined bundles whose reason is gone (the sender is approved now,
    or the missing bundle arrived; with `accept_gaps`, the coordinator has decided not to wait
    for missing bundles), oldest first, until none is left that can go. Inside the caller's
    transaction; returns the released bundle ids."""
    released: list[str] = []
    while True:
        rows = conn.execute(
            "SELECT b.receipt, b.bundle_id, b.recipient, b.sequence, b.sender_key, c.status "
            "FROM bundle_received AS b LEFT JOIN contact AS c ON c.signer = b.sender "
            "WHERE b.sender = ? AND b.state = 'quarantined' AND b.reason IN (?, ?) "
            "ORDER BY b.recipient, b.sequence",
            (sender, UNKNOWN_SENDER, SEQUENCE_GAP),
        ).fetchall()
        ready = [
            r
            for r in rows
            if r[5] == APPROVED and (accept_gaps or not _missing_before(conn, sender, r[2], r[3]))
        ]
        if not ready:
            # Attachments that came before their case was held may go now.
            release_attachments(conn, reasons=(CASE_NOT_HELD,))
            return tuple(released)
        receipt, bundle_id, _recipient, _sequence, key_bytes, _status = ready[0]
        _release(conn, str(receipt), PublicIdentity(bytes(key_bytes)), vocab)
        released.append(str(bundle_id))


def _release(conn: Connection, receipt: str, sender_key: PublicIdentity, vocab: Vocabularies) -> None:
    rows = conn.execute(
        "SELECT position, case_id, revision, body FROM quarantined_revision "
        "WHERE receipt = ? AND reason IN (?, ?) ORDER BY position",
        (receipt, UNKNOWN_SENDER, SEQUENCE_GAP),
    ).fetchall()
    conn.execute(
        "DELETE FROM quarantined_revision WHERE receipt = ? AND reason IN (?, ?)",
        (receipt, UNKNOWN_SENDER, SEQUENCE_GAP),
    )
    for position, case_id, revision, body in rows:
        data = str(body).encode("utf-8")
        info = EntryInfo(REVISION, str(case_id), int(revision), len(data), "")
        try:
            incoming = check_revision(data, info, sender_key, vocab)
        except BundleError:
            # It passed every check when it arrived; if it no longer does (the vocabulary changed
            # since, say), it stays held under its own reason rather than blocking the others.
            hold_entry(
                conn,
                receipt,
                int(position),
                case_id=str(case_id),
                revision=int(revision),
                body=str(body),
                reason=NO_LONGER_VALID,
            )
            continue
        merge_revision(conn, incoming, receipt, int(position))
    release_attachments(conn, receipt=receipt, reasons=(UNKNOWN_SENDER, SEQUENCE_GAP))
    conn.execute("UPDATE bundle_received SET state = 'merged', reason = NULL WHERE receipt = ?", (receipt,))


def release_after_approval(
    conn: Connection, audit: AuditLog, sender: str, vocab: Vocabularies, actor: str
) -> tuple[str, ...]:
    """After the user approved `sender`: its quarantined bundles merge without being imported again."""
    with transaction(conn):
        released = release_waiting(conn, sender, vocab)
        for bundle_id in released:
            audit.append("bundle.release", "bundle", bundle_id, {"sender": sender}, actor=actor)
    return released


def accept_gaps(
    conn: Connection, audit: AuditLog, sender: str, vocab: Vocabularies, actor: str
) -> tuple[str, ...]:
    """The coordinator's decision not to wait for the sender's missing bundles (lost, seized):
    the bundles held behind the gap merge now. Audited; a bundle that turns up later still
    merges by the usual rules."""
    with transaction(conn):
        released = release_waiting(conn, sender, vocab, accept_gaps=True)
        audit.append("bundle.accept_gap", "key", sender, {"released": list(released)}, actor=actor)
    return released


def purge_quarantine(conn: Connection, audit: AuditLog, sender: str, actor: str) -> int:
    """Deletes what a sender that is not approved has waiting in quarantine: the way to refuse a
    stranger's (or a revoked device's) bundles for good, so they cannot fill the disk. The bundles
    stay recorded as received (so the same files are recognised if they come again) but hold
    nothing. Returns how many revisions were deleted. Audited."""
    with transaction(conn):
        status = conn.execute("SELECT status FROM contact WHERE signer = ?", (sender,)).fetchone()
        if status is not None and status[0] == APPROVED:
            raise BadInputError(_("An approved sender's bundles are not purged; revoke the key first."))
        receipts = [
            str(row[0])
            for row in conn.execute(
                "SELECT receipt FROM bundle_received WHERE sender = ? AND state = 'quarantined'", (sender,)
            )
        ]
        deleted = 0
        for receipt in receipts:
            deleted += conn.execute("DELETE FROM quarantined_revision WHERE receipt = ?", (receipt,)).rowcount
        # Attachments can also be held from bundles that merged (their case never came, or they
        # conflicted): a refused sender's files go wherever they wait.
        attachments = conn.execute(
            "DELETE FROM quarantined_attachment WHERE receipt IN "
            "(SELECT receipt FROM bundle_received WHERE sender = ?)",
            (sender,),
        ).rowcount
        remove_orphan_blobs(conn)
        audit.append(
            "bundle.purge",
            "key",
            sender,
            {"bundles": len(receipts), "revisions": deleted, "attachments": attachments},
            actor=actor,
        )
    return deleted
