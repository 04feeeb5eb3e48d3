"""Export: this vault's sealed revisions into a signed, encrypted bundle file.

The file appears at its path only when it is whole: it is written to a temporary name beside the
target and flushed, then recorded as sent (sequence numbers, revisions and audit entry, in one
transaction), then renamed into place. A failure or a cancel before the record removes the
temporary file and records nothing; a failed rename undoes the record. Recording before the
rename means a bundle can never be in place without its sequence numbers being taken, so two
different bundles can never carry the same number towards the same coordinator.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from crypto.age import AgeWriter, KeyFormatError, parse_recipient
from crypto.atomic_file import fsync_directory, temp_path_for
from crypto.signing import PublicIdentity
from intake.audit_log import AuditLog
from intake.bundle_attachments import OutgoingAttachment, attachment_body, attachments_to_send
from intake.bundle_format import (
    MAX_ENTRIES,
    MAX_REVISION_BYTES,
    REVISION,
    AttachmentBody,
    EntryInfo,
    Signer,
    plan_manifest,
    write_payload,
)
from intake.canonical_json import canonical_json
from intake.clock import iso_utc
from intake.database import Connection
from intake.errors import BadInputError, StorageError
from intake.i18n import _
from intake.transactions import transaction

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportResult:
    bundle_id: str
    sequences: dict[str, int]  # recipient string -> this bundle's number towards it
    revisions: int
    path: Path
    size: int
    attachments: int = 0
    originals: int = 0  # of those, how many carried the untouched original


@dataclass(frozen=True)
class ExportPlan:
    """What the next export would carry: for the export dialog to say before anything is written."""

    revisions: int
    attachments: int
    originals: int  # originals "include originals" would add (photos sent so far without them)


def export_plan(conn: Connection, author: str, recipients: Sequence[str]) -> ExportPlan:
    """For an export to `recipients` (age recipient strings; none: attachments are not counted)."""
    chosen = sealed_revisions(conn, author)[:MAX_ENTRIES]
    if not recipients:
        return ExportPlan(len(chosen), 0, 0)
    targets = _recipients(recipients)
    by_default = _attachments_for(
        conn, author, chosen, targets, include_originals=False, resend_attachments=False
    )
    with_originals = _attachments_for(
        conn, author, chosen, targets, include_originals=True, resend_attachments=False
    )
    extra = sum(a.with_original for a in with_originals) - sum(a.with_original for a in by_default)
    return ExportPlan(len(chosen), len(by_default), extra)


def sealed_revisions(conn: Connection, author: str, *, include_sent: bool = False) -> list[tuple[str, int]]:
    """This vault's sealed revisions, oldest seal first: those no bundle has carried yet, or with
    `include_sent` every one (re-sending after a bundle was lost: the coordinator counts what it
    already holds as unchanged)."""
    not_sent = (
        ""
        if include_sent
        else "AND NOT EXISTS (SELECT 1 FROM bundle_sent_revision AS s "
        "WHERE s.case_id = r.case_id AND s.revision = r.revision) "
    )
    rows = conn.execute(
        "SELECT r.case_id, r.revision FROM case_revision AS r WHERE r.author = ? AND r.status = 'sealed' "  # noqa: S608
        f"{not_sent}ORDER BY r.sealed_at, r.case_id, r.revision",
        (author,),
    ).fetchall()
    return [(str(case_id), int(revision)) for case_id, revision in rows]


def revision_body(conn: Connection, case_id: str, revision: int, author: str) -> bytes:
    """A sealed revision as a bundle carries it (docs/formats/bundle.md, "Revision entry")."""
    # CAST: the UTF-8 bytes as stored, without decoding a long narrative to str and back.
    row = conn.execute(
        "SELECT CAST(content AS BLOB), content_hash, created_at, sealed_at, signature FROM case_revision "
        "WHERE case_id = ? AND revision = ? AND author = ? AND status = 'sealed'",
        (case_id, revision, author),
    ).fetchone()
    if row is None:
        raise BadInputError(_("Only this vault's own sealed revisions can be exported."))
    content, digest, created_at, sealed_at, signature = row
    if signature is None:
        raise BadInputError(_("A revision sealed without a signature cannot be exported."))
    # The canonical JSON of the entry, assembled around the stored content, which is already
    # canonical JSON (the store writes nothing else): parsing and re-serialising a long narrative
    # twice per export would cost more than the encryption. The importer re-checks the form.
    fields = {
        "author": author,
        "case_id": case_id,
        "content_hash": digest,
        "created_at": created_at,
        "revision": revision,
        "sealed_at": sealed_at,
        "signature": base64.b64encode(bytes(signature)).decode("ascii"),
    }
    head = canonical_json({k: v for k, v in fields.items() if k < "content"})[:-1]
    tail = canonical_json({k: v for k, v in fields.items() if k > "content"})[1:]
    stored: bytes = content
    return head + b',"content":' + stored + b"," + tail


def _recipients(texts: Sequence[str]) -> list[str]:
    if not texts:
        raise BadInputError(_("Choose at least one coordinator to send the bundle to."))
    try:
        parsed = [parse_recipient(text) for text in texts]
    except KeyFormatError:
        raise BadInputError(_("A recipient is not a valid age recipient.")) from None
    if len({type(r) for r in parsed}) > 1:
        raise BadInputError(
            _(
                "A bundle goes either to post-quantum recipients or to classic X25519 ones, never to "
                "both: export once for each kind."
            )
        )
    return sorted({r.to_string() for r in parsed})


def export_bundle(
    conn: Connection,
    audit: AuditLog,
    *,
    sender_key: PublicIdentity,
    sender_role: str,
    sign: Signer,
    recipients: Sequence[str],
    path: Path,
    revisions: Sequence[tuple[str, int]] | None = None,
    include_originals: bool = False,
    resend_attachments: bool = False,
    clock: Callable[[], datetime],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Writes a bundle of `revisions` (default: every undelivered one) to `path`, encrypted to
    `recipients` (age recipient strings), with the attachments of their cases and of cases sent
    before that no bundle carried yet (`resend_attachments`: every one of those cases'). By
    default an attachment travels as the copy the vault shows; `include_originals` adds the
    untouched originals. Raises CancelledError if cancelled."""
    author = sender_key.fingerprint
    chosen_recipients = _recipients(recipients)
    if revisions is None:
        # The oldest first, as many as one bundle may carry; the rest go in the next one.
        chosen = sealed_revisions(conn, author)[:MAX_ENTRIES]
    else:
        chosen = list(dict.fromkeys(revisions))
        if len(chosen) > MAX_ENTRIES:
            raise BadInputError(
                _("A bundle can carry at most {limit} revisions; export them in parts.").format(
                    limit=MAX_ENTRIES
                )
            )
    if path.exists():
        raise BadInputError(_("A file with that name already exists; choose another name."))
    entries, attachments = _plan_entries(
        conn,
        author,
        chosen,
        chosen_recipients,
        include_originals=include_originals,
        resend_attachments=resend_attachments,
    )
    sequences = {
        recipient: int(
            conn.execute(
                "SELECT coalesce(max(sequence), 0) + 1 FROM bundle_sent_recipient WHERE recipient = ?",
                (recipient,),
            ).fetchone()[0]
        )
        for recipient in chosen_recipients
    }
    created_at = iso_utc(clock())
    manifest = plan_manifest(
        sender_role=sender_role,
        sender_key=sender_key,
        created_at=created_at,
        recipients=sequences,
        entries=entries,
    )
    temporary = temp_path_for(path)
    try:
        with _new_file(temporary) as sink:
            writer = AgeWriter([parse_recipient(r) for r in chosen_recipients], sink)
            bodies: Iterator[bytes | AttachmentBody] = itertools.chain(
                (revision_body(conn, case_id, revision, author) for case_id, revision in chosen),
                (attachment_body(conn, outgoing) for outgoing in attachments),
            )
            write_payload(writer, manifest, sign, bodies, progress=progress, cancelled=cancelled)
            writer.close()
            sink.flush()
            os.fsync(sink.fileno())
        size = temporary.stat().st_size
        with transaction(conn):
            conn.execute(
                "INSERT INTO bundle_sent (bundle_id, created_at, entry_count) VALUES (?, ?, ?)",
                (manifest.bundle_id, created_at, len(entries)),
            )
            conn.executemany(
                "INSERT INTO bundle_sent_recipient (bundle_id, recipient, sequence) VALUES (?, ?, ?)",
                [(manifest.bundle_id, recipient, n) for recipient, n in sequences.items()],
            )
            conn.executemany(
                "INSERT INTO bundle_sent_revision (bundle_id, case_id, revision) VALUES (?, ?, ?)",
                [(manifest.bundle_id, case_id, revision) for case_id, revision in chosen],
            )
            conn.executemany(
                "INSERT INTO bundle_sent_attachment (bundle_id, attachment_id, with_original) "
                "VALUES (?, ?, ?)",
                [(manifest.bundle_id, a.attachment_id, int(a.with_original)) for a in attachments],
            )
            audit.append(
                "bundle.export",
                "bundle",
                manifest.bundle_id,
                {
                    "revisions": len(chosen),
                    "attachments": len(attachments),
                    "originals": sum(a.with_original for a in attachments),
                    "recipients": [[r, n] for r, n in manifest.recipients],
                },
                actor=author,
            )
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _not_written(exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        _undo_record(conn, audit, manifest.bundle_id, author)
        raise _not_written(exc) from None
    # The file is in place and recorded: a failed directory sync must not undo the record (the
    # sequence number would then be given to a different bundle).
    with suppress(OSError):
        fsync_directory(path.parent)
    return ExportResult(
        manifest.bundle_id,
        sequences,
        len(chosen),
        path,
        size,
        len(attachments),
        sum(a.with_original for a in attachments),
    )


def _plan_entries(
    conn: Connection,
    author: str,
    chosen: Sequence[tuple[str, int]],
    recipients: Sequence[str],
    *,
    include_originals: bool,
    resend_attachments: bool,
) -> tuple[list[EntryInfo], list[OutgoingAttachment]]:
    """The manifest lines: the revisions, then the attachments (so a receiver holds a case before
    its files arrive)."""
    entries = []
    for case_id, revision in chosen:
        body = revision_body(conn, case_id, revision, author)
        if len(body) > MAX_REVISION_BYTES:
            # Checked here, not discovered by the coordinator: a bundle every importer refuses
            # would still count as sent.
            raise BadInputError(
                _("Case {case_id} is too large to send in a bundle ({size} MB).").format(
                    case_id=case_id, size=len(body) // 1_000_000
                )
            )
        entries.append(EntryInfo(REVISION, case_id, revision, len(body), hashlib.sha256(body).hexdigest()))
    attachments = _attachments_for(
        conn,
        author,
        chosen,
        recipients,
        include_originals=include_originals,
        resend_attachments=resend_attachments,
    )
    entries.extend(outgoing.entry for outgoing in attachments)
    return entries, attachments


def _attachments_for(
    conn: Connection,
    author: str,
    chosen: Sequence[tuple[str, int]],
    recipients: Sequence[str],
    *,
    include_originals: bool,
    resend_attachments: bool,
) -> list[OutgoingAttachment]:
    """The attachments of the cases these revisions belong to and of cases sent to these
    recipients before; what does not fit in this bundle goes in the next one."""
    marks = ", ".join("?" for _r in recipients)
    sent_cases = {
        str(row[0])
        for row in conn.execute(
            "SELECT DISTINCT r.case_id FROM bundle_sent_revision AS r "  # noqa: S608 - placeholders only
            f"JOIN bundle_sent_recipient AS p ON p.bundle_id = r.bundle_id WHERE p.recipient IN ({marks})",
            tuple(recipients),
        )
    }
    attachments = attachments_to_send(
        conn,
        author,
        sent_cases | {case_id for case_id, _revision in chosen},
        recipients,
        include_originals=include_originals,
        include_sent=resend_attachments,
    )
    return attachments[: max(0, MAX_ENTRIES - len(chosen))]


def _not_written(exc: OSError) -> StorageError:
    return StorageError(
        _("The bundle could not be written ({reason}). Nothing was recorded as sent.").format(
            reason=type(exc).__name__
        )
    )


def _undo_record(conn: Connection, audit: AuditLog, bundle_id: str, author: str) -> None:
    # Best effort: if even this fails, the revisions stay marked as sent and the coordinator sees
    # a gap in the sequence, which import reports and holds in quarantine.
    with suppress(Exception), transaction(conn):
        conn.execute("DELETE FROM bundle_sent_revision WHERE bundle_id = ?", (bundle_id,))
        conn.execute("DELETE FROM bundle_sent_attachment WHERE bundle_id = ?", (bundle_id,))
        conn.execute("DELETE FROM bundle_sent_recipient WHERE bundle_id = ?", (bundle_id,))
        conn.execute("DELETE FROM bundle_sent WHERE bundle_id = ?", (bundle_id,))
        audit.append("bundle.export_undone", "bundle", bundle_id, {}, actor=author)


def _new_file(path: Path) -> BinaryIO:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    return os.fdopen(descriptor, "wb")
