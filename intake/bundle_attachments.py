"""Attachments in bundles: which of this vault's attachments an export carries, the attachment
header (docs/formats/bundle.md, "Attachment entry"), and receiving one on import.

An attachment entry is a header (canonical JSON naming the attachment, its case, its author, what
the original was, and the SHA-256 and size of each copy carried) followed by the copies' bytes.
The signed manifest holds the header's hash, the header holds each copy's: everything is
authenticated without reading a large file twice at export. The receiver streams each copy into
the database (identical content is stored once), checks its hash and size at its end, and raises
BundleError on any difference, which rolls the whole import back: nothing is half-merged.

By default a bundle carries the copy the vault shows: the working copy without metadata, or the
original when there was nothing to remove. "Include originals" adds the untouched original,
which may hold where and when a photo was taken (decision 0015). A file the app could not clean
(a damaged image, HEIC, a video, any file it cannot read) has only its original, so it goes only
with "include originals" too (`_clean_as_received`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from intake.attachment_blobs import (
    CHUNK_BYTES,
    BlobDamagedError,
    BlobWriter,
    blob_chunks,
    checked_blob_chunks,
    remove_orphan_blobs,
)
from intake.attachment_names import is_safe_file_name, safe_file_name
from intake.attachment_types import OTHER, SNIFF_BYTES, identify
from intake.bundle_format import (
    MAX_ATTACHMENT_BYTES,
    AttachmentBody,
    AttachmentData,
    BundleError,
    EntryInfo,
    attachment_entry,
)
from intake.canonical_json import canonical_json
from intake.database import Connection
from intake.errors import BadInputError, StorageError
from intake.i18n import _
from intake.image_metadata import stripper_for
from intake.metadata_labels import METADATA_NOT_REMOVED

WORKING, ORIGINAL = "working", "original"
# Outcomes, per attachment, in the import report.
NEW, ORIGINAL_ADDED, UNCHANGED, CONFLICTING, QUARANTINED = (
    "new",
    "original_added",
    "unchanged",
    "conflicting",
    "quarantined",
)
# Reasons an attachment is held back (besides the bundle's own: unknown sender, gap...).
CASE_NOT_HELD = "case_not_held"
ATTACHMENT_DIFFERS = "attachment_differs"
CLAIMED_BY_OTHER_AUTHOR = "claimed_by_other_author"

_HEADER_KEYS = {
    "attachment",
    "case_id",
    "author",
    "added_at",
    "file_name",
    "media_type",
    "kind",
    "linked_to",
    "removed",
    "original",
    "copies",
}
_KINDS = {"image", "audio", "pdf", "text", "other"}
_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)
_MEDIA_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]{1,64}", re.ASCII)
_LINK = re.compile(r"[A-Za-z0-9-]{1,64}", re.ASCII)
_LABEL = re.compile(r"[A-Za-z0-9 !()+-]{1,64}", re.ASCII)


# -- export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingAttachment:
    attachment_id: str
    case_id: str
    entry: EntryInfo
    header: bytes
    blobs: tuple[tuple[int, str, int], ...]  # (blob id, sha256, size) per copy, in order
    with_original: bool


def attachments_to_send(
    conn: Connection,
    author: str,
    case_ids: Iterable[str],
    recipients: Sequence[str],
    *,
    include_originals: bool,
    include_sent: bool = False,
) -> list[OutgoingAttachment]:
    """This vault's own attachments of `case_ids` (cases whose sealed revisions went or go to
    `recipients`) that some of the recipients did not get yet in the form asked for: with
    `include_originals`, also those that went as a working copy only. `include_sent` re-sends
    every one. What a bundle carried is counted per recipient, so a file sent to one
    coordinator still goes to another."""
    wanted = set(case_ids)
    received = _received_by(conn, recipients)
    rows = conn.execute(
        "SELECT a.id, a.case_id, a.linked_to, a.file_name, a.media_type, a.kind, a.original_sha256, "
        "a.original_size, a.original_blob, a.working_blob, a.removed, a.author, a.added_at, "
        "w.sha256, w.size "
        "FROM attachment a LEFT JOIN attachment_blob w ON w.id = a.working_blob "
        "WHERE a.author = ? AND a.received_in IS NULL AND a.original_blob IS NOT NULL "
        "ORDER BY a.added_at, a.id",
        (author,),
    ).fetchall()
    chosen = []
    for row in rows:
        (ident, case_id, linked_to, name, media_type, kind, digest, size, original_blob, working_blob) = row[
            :10
        ]
        removed, row_author, added_at, working_digest, working_size = row[10:]
        if case_id not in wanted:
            continue
        got = received.get(str(ident), {})
        sent = len(got) == len(recipients) and len(recipients) > 0  # every recipient has it
        sent_original = sent and all(got.values())
        labels = [label for label in str(removed).split(",") if label]
        if (
            working_blob is None
            and not include_originals
            and not _clean_as_received(kind, media_type, labels)
        ):
            continue  # its only copy may show where and when it was taken
        with_original = working_blob is None or include_originals
        if not include_sent and sent and (sent_original or not with_original):
            continue
        copies: list[tuple[str, int, str, int]] = []
        if working_blob is not None:
            copies.append((WORKING, int(working_blob), str(working_digest), int(working_size)))
        if with_original:
            copies.append((ORIGINAL, int(original_blob), str(digest), int(size)))
        header = canonical_json(
            {
                "attachment": ident,
                "case_id": case_id,
                "author": row_author,
                "added_at": added_at,
                # Names stored before the shared rule existed are made safe on the way out.
                "file_name": safe_file_name(str(name)) or "attachment",
                "media_type": media_type,
                "kind": kind,
                "linked_to": linked_to,
                "removed": labels,
                "original": {"sha256": digest, "size": size},
                "copies": [{"copy": c, "sha256": h, "size": n} for c, _b, h, n in copies],
            }
        )
        entry = attachment_entry(case_id, ident, header, sum(n for _c, _b, _h, n in copies))
        chosen.append(
            OutgoingAttachment(
                ident, case_id, entry, header, tuple((b, h, n) for _c, b, h, n in copies), with_original
            )
        )
    return chosen


def _clean_as_received(kind: str, media_type: str, labels: list[str]) -> bool:
    """Whether a file that has only its original may go by default. Yes for text, PDFs and
    recordings (the interface says a document or recording may name its author or device), and
    for a JPEG or PNG that had nothing to remove. No for an image that could not be cleaned
    (damaged, or HEIC, WebP, GIF…) and for anything the app cannot read (videos, whose metadata
    holds the place they were shot, and every other file): those go only with the originals."""
    if kind in ("text", "pdf", "audio"):
        return True
    return kind == "image" and stripper_for(media_type) is not None and METADATA_NOT_REMOVED not in labels


def _received_by(conn: Connection, recipients: Sequence[str]) -> dict[str, dict[str, bool]]:
    """attachment id -> {recipient: whether it had the original}, for these recipients."""
    received: dict[str, dict[str, bool]] = {}
    if not recipients:
        return received
    marks = ", ".join("?" for _r in recipients)
    rows = conn.execute(
        "SELECT s.attachment_id, p.recipient, max(s.with_original) FROM bundle_sent_attachment AS s "  # noqa: S608
        f"JOIN bundle_sent_recipient AS p ON p.bundle_id = s.bundle_id WHERE p.recipient IN ({marks}) "
        "GROUP BY s.attachment_id, p.recipient",
        tuple(recipients),
    )
    for attachment_id, recipient, with_original in rows:
        received.setdefault(str(attachment_id), {})[str(recipient)] = bool(with_original)
    return received


def attachment_body(conn: Connection, outgoing: OutgoingAttachment) -> AttachmentBody:
    return AttachmentBody(outgoing.header, _copies_checked(conn, outgoing.blobs))


def _copies_checked(conn: Connection, blobs: Sequence[tuple[int, str, int]]) -> Iterator[bytes]:
    """The copies' bytes from the vault; a copy that does not match its recorded hash stops the
    export (the bundle would be refused by every receiver)."""
    try:
        for blob_id, expected, size in blobs:
            yield from checked_blob_chunks(conn, blob_id, expected, size)
    except BlobDamagedError:
        raise StorageError(
            _("An attachment's content in this vault is damaged; the bundle was not written.")
        ) from None


# -- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentOutcome:
    attachment_id: str
    case_id: str
    outcome: str  # new, original_added, unchanged, conflicting, quarantined
    reason: str | None = None


@dataclass(frozen=True)
class IncomingAttachment:
    """A checked header, with the blobs its copies went into."""

    header: dict[str, Any]
    header_text: str
    original_blob: int | None
    working_blob: int | None

    @property
    def attachment_id(self) -> str:
        return str(self.header["attachment"])

    @property
    def case_id(self) -> str:
        return str(self.header["case_id"])


def _refused() -> BundleError:
    return BundleError(
        _("An attachment in the bundle is damaged or not what the bundle says; nothing was imported.")
    )


def receive_attachment(
    conn: Connection, info: EntryInfo, data: AttachmentData, sender: str
) -> IncomingAttachment:
    """Checks an attachment entry's header, then streams its copies into blobs, checking each
    one's size and hash at its end. Inside the importer's transaction: a failure rolls back."""
    header = _parse_header(data.header, info, sender)
    copies = header["copies"]
    if sum(copy["size"] for copy in copies) != data.length:
        raise _refused()
    blobs: dict[str, int] = {}
    for copy in copies:
        writer = BlobWriter(conn)
        remaining = copy["size"]
        while remaining > 0:
            piece = data.read(min(CHUNK_BYTES, remaining))
            writer.write(piece)
            remaining -= len(piece)
        blob_id, digest = writer.finish()
        if digest != copy["sha256"]:
            raise _refused()
        blobs[copy["copy"]] = blob_id
    incoming = IncomingAttachment(
        header, data.header.decode("utf-8"), blobs.get(ORIGINAL), blobs.get(WORKING)
    )
    return incoming


def _parse_header(raw_bytes: bytes, info: EntryInfo, sender: str) -> dict[str, Any]:
    try:
        header = json.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also a 5,000-digit number
        raise _refused() from None
    if not isinstance(header, dict) or set(header) != _HEADER_KEYS:
        raise _refused()
    original, copies, removed = header["original"], header["copies"], header["removed"]
    name = header["file_name"]
    if (
        header["attachment"] != info.attachment
        or header["case_id"] != info.case_id
        or header["author"] != sender
        or not _matches(_TIMESTAMP, header["added_at"])
        or not is_safe_file_name(name)
        or not _matches(_MEDIA_TYPE, header["media_type"])
        or not isinstance(header["kind"], str)
        or header["kind"] not in _KINDS
        or not (header["linked_to"] is None or _matches(_LINK, header["linked_to"]))
        or not isinstance(removed, list)
        or len(removed) > 32
        or not all(_matches(_LABEL, label) for label in removed)
        or not isinstance(original, dict)
        or set(original) != {"sha256", "size"}
        or not _matches(_HEX64, original["sha256"])
        or not _size(original["size"])
        or not isinstance(copies, list)
        or not 0 < len(copies) <= 2
    ):
        raise _refused()
    seen = set()
    for copy in copies:
        if (
            not isinstance(copy, dict)
            or set(copy) != {"copy", "sha256", "size"}
            or not isinstance(copy["copy"], str)
            or copy["copy"] not in (WORKING, ORIGINAL)
            or copy["copy"] in seen
            or not _matches(_HEX64, copy["sha256"])
            or not _size(copy["size"])
        ):
            raise _refused()
        seen.add(copy["copy"])
        if copy["copy"] == ORIGINAL and (copy["sha256"], copy["size"]) != (
            original["sha256"],
            original["size"],
        ):
            raise _refused()
    if [c["copy"] for c in copies] not in ([WORKING], [ORIGINAL], [WORKING, ORIGINAL]):
        raise _refused()
    if canonical_json(header) != raw_bytes:
        raise _refused()
    return header


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ATTACHMENT_BYTES


def merge_attachment(
    conn: Connection, incoming: IncomingAttachment, receipt: str, position: int, sender: str
) -> AttachmentOutcome:
    """Puts a received attachment in the store, or holds it back with its reason."""
    header = incoming.header
    attachment_id, case_id = incoming.attachment_id, incoming.case_id
    held = conn.execute(
        "SELECT author, case_id, original_sha256, original_size, file_name, linked_to, removed, added_at, "
        "original_blob FROM attachment WHERE id = ?",
        (attachment_id,),
    ).fetchone()
    original = header["original"]
    if held is not None:
        # The same attachment again: everything its header says must match (its copies may
        # differ: an original may come that was not sent before). Anything else is a different
        # attachment under a known id, held back rather than silently dropped or merged.
        described = (
            sender,
            case_id,
            original["sha256"],
            original["size"],
            header["file_name"],
            header["linked_to"],
            ",".join(header["removed"]),
            header["added_at"],
        )
        if tuple(held[:8]) != described:
            reason = CLAIMED_BY_OTHER_AUTHOR if held[0] != sender else ATTACHMENT_DIFFERS
            hold_attachment(conn, incoming, receipt, position, reason)
            return AttachmentOutcome(attachment_id, case_id, CONFLICTING, reason)
        if held[8] is None and incoming.original_blob is not None:
            conn.execute(
                "UPDATE attachment SET original_blob = ? WHERE id = ?",
                (incoming.original_blob, attachment_id),
            )
            return AttachmentOutcome(attachment_id, case_id, ORIGINAL_ADDED)
        return AttachmentOutcome(attachment_id, case_id, UNCHANGED)
    listed = conn.execute("SELECT author FROM case_index WHERE case_id = ?", (case_id,)).fetchone()
    if listed is None or listed[0] != sender:
        reason = CASE_NOT_HELD if listed is None else CLAIMED_BY_OTHER_AUTHOR
        hold_attachment(conn, incoming, receipt, position, reason)
        return AttachmentOutcome(
            attachment_id, case_id, QUARANTINED if listed is None else CONFLICTING, reason
        )
    media_type, kind = _checked_type(conn, incoming)
    conn.execute(
        "INSERT INTO attachment (id, case_id, linked_to, file_name, media_type, kind, original_sha256, "
        "original_size, original_blob, working_blob, removed, author, added_at, received_in) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attachment_id,
            case_id,
            header["linked_to"],
            header["file_name"],
            media_type,
            kind,
            original["sha256"],
            original["size"],
            incoming.original_blob,
            incoming.working_blob,
            ",".join(header["removed"]),
            sender,
            header["added_at"],
            receipt,
        ),
    )
    return AttachmentOutcome(attachment_id, case_id, NEW)


def _checked_type(conn: Connection, incoming: IncomingAttachment) -> tuple[str, str]:
    """The type the receiving app itself finds in the copy it will show. A sender's word alone
    never sends bytes to an image, PDF or audio decoder: if this app judges the content
    differently, the attachment is kept as "other" (save a copy only)."""
    header = incoming.header
    shown = incoming.working_blob if incoming.working_blob is not None else incoming.original_blob
    assert shown is not None
    head = b""
    for data in blob_chunks(conn, shown):
        head = data[:SNIFF_BYTES]
        break
    try:
        found = identify(str(header["file_name"]), head)
    except BadInputError:
        return OTHER.media_type, OTHER.kind
    if (found.media_type, found.kind) != (header["media_type"], header["kind"]):
        return OTHER.media_type, OTHER.kind
    return found.media_type, found.kind


def hold_attachment(
    conn: Connection, incoming: IncomingAttachment, receipt: str, position: int, reason: str
) -> None:
    conn.execute(
        "INSERT INTO quarantined_attachment (receipt, position, attachment_id, case_id, header, "
        "original_blob, working_blob, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            receipt,
            position,
            incoming.attachment_id,
            incoming.case_id,
            incoming.header_text,
            incoming.original_blob,
            incoming.working_blob,
            reason,
        ),
    )


def release_attachments(conn: Connection, *, receipt: str | None = None, reasons: Sequence[str]) -> int:
    """Tries again, inside the caller's transaction, the quarantined attachments held for one of
    `reasons` (of one bundle, or of all with `receipt` None): each is merged, or held again under
    the reason that now applies. Returns how many were merged."""
    marks = ", ".join("?" for _r in reasons)
    where = f"q.reason IN ({marks})" + ("" if receipt is None else " AND q.receipt = ?")
    if receipt is None:
        # Across every bundle only what can go now is tried: attachments whose case its sender
        # holds by now. Any other would be held again, and a sender could make every import
        # rework thousands of rows by sending attachments for cases that never come.
        where += (
            " AND EXISTS (SELECT 1 FROM case_index AS c WHERE c.case_id = q.case_id AND c.author = b.sender)"
        )
    rows = conn.execute(
        "SELECT q.receipt, q.position, q.header, q.original_blob, q.working_blob, b.sender "  # noqa: S608
        f"FROM quarantined_attachment AS q JOIN bundle_received AS b ON b.receipt = q.receipt WHERE {where} "
        "ORDER BY b.imported_at, q.receipt, q.position",
        (*reasons, *(() if receipt is None else (receipt,))),
    ).fetchall()
    merged = 0
    for row_receipt, position, header_text, original_blob, working_blob, sender in rows:
        conn.execute(
            "DELETE FROM quarantined_attachment WHERE receipt = ? AND position = ?", (row_receipt, position)
        )
        incoming = IncomingAttachment(json.loads(header_text), str(header_text), original_blob, working_blob)
        outcome = merge_attachment(conn, incoming, str(row_receipt), int(position), str(sender))
        merged += outcome.outcome in (NEW, ORIGINAL_ADDED, UNCHANGED)
    remove_orphan_blobs(conn)
    return merged
