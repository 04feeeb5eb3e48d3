"""The evidence trail of one case: who sealed each revision, whether the seal signature and the
content hash still check out, which bundle brought the revision, who added each attachment and
whether its stored bytes still hash to what was recorded at intake (on request: that reads every
byte), and whether the audit log's hash chain is intact. What `intake verify CASE` prints and the
desktop shows.

Every check is recomputed from what is stored, never read from a flag set at import: a lawyer
asking "is this the statement the volunteer sealed?" gets the answer of the signature itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto.signing import PublicIdentity, SignatureError
from intake.attachment_blobs import BlobDamagedError, checked_blob_chunks
from intake.audit_log import AuditLog
from intake.canonical_json import content_hash
from intake.case_store import CaseRecord, CaseStore, seal_statement
from intake.database import Connection
from intake.device_identity import SEAL_CONTEXT
from intake.errors import NotFoundError
from intake.i18n import _
from intake.public_key_file import signing_key_fingerprint


@dataclass(frozen=True)
class RevisionTrail:
    revision: int
    status: str
    author: str  # hex fingerprint of the signing key
    author_fingerprint: str | None  # the short form people compare, when the key is known
    author_name: str  # "this vault", a contact's name, or ""
    sealed_at: str | None
    content_intact: bool  # the stored content still hashes to the stored hash
    signature_valid: bool | None  # None: a draft, nothing to check
    bundle_id: str | None
    imported_at: str | None

    @property
    def ok(self) -> bool:
        return self.content_intact and self.signature_valid is not False


@dataclass(frozen=True)
class AttachmentTrail:
    attachment_id: str
    file_name: str
    author: str
    author_fingerprint: str | None
    author_name: str
    added_at: str
    sha256: str  # of the original, recorded at intake
    has_original: bool  # False: only the working copy reached this vault
    original_intact: bool | None  # None: not held here, or not checked
    working_intact: bool | None  # None: no separate working copy, or not checked
    bundle_id: str | None
    imported_at: str | None

    @property
    def ok(self) -> bool:
        return self.original_intact is not False and self.working_intact is not False


@dataclass(frozen=True)
class CaseTrail:
    case_id: str
    revisions: tuple[RevisionTrail, ...]
    audit_intact: bool
    audit_entries: int
    whole_log: bool = True  # False: only this case's entries and their links were checked
    attachments: tuple[AttachmentTrail, ...] = ()
    attachments_checked: bool = False  # whether the attachments' bytes were hashed

    @property
    def ok(self) -> bool:
        return self.audit_intact and all(r.ok for r in self.revisions) and all(a.ok for a in self.attachments)


def case_trail(
    conn: Connection,
    store: CaseStore,
    audit: AuditLog,
    case_id: str,
    own_key: PublicIdentity,
    *,
    whole_log: bool = True,
    check_attachments: bool = False,
) -> CaseTrail:
    """With `whole_log=False` only the case's own audit entries are checked (AuditLog.verify_object):
    for views that open often, where walking a long log would freeze the window. With
    `check_attachments` every attachment's bytes are read and hashed (gigabytes, perhaps)."""
    infos = store.revisions(case_id)
    if not infos:
        raise NotFoundError(_("No case with that id."))
    trails = tuple(_revision_trail(conn, store.get(case_id, info.revision), own_key) for info in infos)
    verification = audit.verify() if whole_log else audit.verify_object(case_id)
    attachments = _attachment_trails(conn, case_id, own_key, check_attachments)
    return CaseTrail(
        case_id,
        trails,
        verification.ok,
        verification.entries_checked,
        whole_log,
        attachments,
        check_attachments,
    )


def _attachment_trails(
    conn: Connection, case_id: str, own_key: PublicIdentity, check: bool
) -> tuple[AttachmentTrail, ...]:
    rows = conn.execute(
        "SELECT a.id, a.file_name, a.author, a.added_at, a.original_sha256, a.original_size, "
        "a.original_blob, a.working_blob, w.sha256, w.size, b.bundle_id, b.imported_at "
        "FROM attachment AS a LEFT JOIN attachment_blob AS w ON w.id = a.working_blob "
        "LEFT JOIN bundle_received AS b ON b.receipt = a.received_in "
        "WHERE a.case_id = ? ORDER BY a.added_at, a.id",
        (case_id,),
    ).fetchall()
    trails = []
    for row in rows:
        ident, name, author, added_at, digest, size, original_blob, working_blob = row[:8]
        working_digest, working_size, bundle_id, imported_at = row[8:]
        _key, who, short = _author_key(conn, str(author), own_key)
        original_intact = working_intact = None
        if check and original_blob is not None:
            original_intact = _blob_matches(conn, int(original_blob), str(digest), int(size))
        if check and working_blob is not None:
            working_intact = _blob_matches(conn, int(working_blob), str(working_digest), int(working_size))
        trails.append(
            AttachmentTrail(
                str(ident),
                str(name),
                str(author),
                short,
                who,
                str(added_at),
                str(digest),
                original_blob is not None,
                original_intact,
                working_intact,
                None if bundle_id is None else str(bundle_id),
                None if imported_at is None else str(imported_at),
            )
        )
    return tuple(trails)


def _blob_matches(conn: Connection, blob_id: int, expected: str, size: int) -> bool:
    try:
        for _data in checked_blob_chunks(conn, blob_id, expected, size):
            pass
    except BlobDamagedError:
        return False
    return True


def _author_key(
    conn: Connection, author: str, own_key: PublicIdentity
) -> tuple[PublicIdentity | None, str, str | None]:
    """The author's signing key, a name for them, and their short fingerprint."""
    if author == own_key.fingerprint:
        return own_key, _("this vault"), None
    row = conn.execute(
        "SELECT signing_key, label, fingerprint FROM contact WHERE signer = ?", (author,)
    ).fetchone()
    if row is not None:
        return PublicIdentity(bytes(row[0])), str(row[1]), str(row[2])
    row = conn.execute(
        "SELECT sender_key, sender_role FROM bundle_received WHERE sender = ? LIMIT 1", (author,)
    ).fetchone()
    if row is not None:
        key = PublicIdentity(bytes(row[0]))
        return key, "", signing_key_fingerprint(str(row[1]), key)
    return None, "", None


def _revision_trail(conn: Connection, record: CaseRecord, own_key: PublicIdentity) -> RevisionTrail:
    intact = content_hash(record.content) == record.content_hash  # record.content is what is stored
    key, name, short = _author_key(conn, record.author, own_key)
    signature_valid: bool | None = None
    if record.status == "sealed":
        signature_valid = False
        if key is not None and record.signature is not None:
            try:
                key.verify(record.signature, seal_statement(record), SEAL_CONTEXT)
                signature_valid = True
            except SignatureError:
                signature_valid = False
    origin = conn.execute(
        "SELECT b.bundle_id, b.imported_at FROM revision_origin AS o "
        "JOIN bundle_received AS b ON b.receipt = o.receipt WHERE o.case_id = ? AND o.revision = ?",
        (record.case_id, record.revision),
    ).fetchone()
    return RevisionTrail(
        record.revision,
        record.status,
        record.author,
        short,
        name,
        record.sealed_at,
        intact,
        signature_valid,
        None if origin is None else str(origin[0]),
        None if origin is None else str(origin[1]),
    )
