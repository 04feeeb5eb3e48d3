"""The bundle payload inside the age encryption (docs/formats/bundle.md): writing it and reading
it back with every check, as a stream.

This layer knows bytes, hashes and signatures, not the database: export hands it entry bodies,
import takes them back one at a time. A reader has verified the manifest's signature before the
first entry comes out, checks each entry against the manifest as it streams past, and `finish()`
checks the end marker and the padding; the importer commits only after that.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from crypto.signing import PUBLIC_KEY_BYTES, SIGNATURE_BYTES, PublicIdentity, SignatureError
from intake.canonical_json import canonical_json
from intake.errors import BadInputError, CancelledError
from intake.i18n import _

MAGIC = b"INTAKE-BDL"
FORMAT_VERSION = 1
MANIFEST_CONTEXT = b"intake/bundle-manifest/v1"
REVISION = "revision"
ATTACHMENT = "attachment"
_KIND_BYTES = {REVISION: 1, ATTACHMENT: 2}
_END = 0

# 200,000 entry lines of about 170 bytes, the sender's key and the recipients.
MAX_MANIFEST_BYTES = 40 * 1024 * 1024
MAX_ENTRIES = 200_000
MAX_RECIPIENTS = 64
MAX_REVISION_BYTES = 16 * 1024 * 1024
MAX_ATTACHMENT_HEADER_BYTES = 64 * 1024
# An attachment entry holds at most two copies of one file; 2**42 bytes (4 TiB) is far beyond any
# file a volunteer records and still exact in every JSON reader.
MAX_ATTACHMENT_BYTES = 2**42
ATTACHMENT_CHUNK_BYTES = 1024 * 1024
MIN_PADDED_LENGTH = 64 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)
_READ_BLOCK = 64 * 1024


class BundleError(BadInputError):
    """The bundle is damaged, forged or not a bundle. Nothing from it was kept."""


@dataclass(frozen=True)
class EntryInfo:
    """One manifest line. A revision entry's `sha256` is its whole body's; an attachment entry's
    is its header's, and the header holds each copy's SHA-256 (so an export need not read a large
    file twice to sign for it)."""

    kind: str
    case_id: str
    revision: int  # 0 for an attachment
    length: int
    sha256: str
    attachment: str = ""  # the attachment's id, for an attachment entry

    def as_json(self) -> dict[str, Any]:
        identity: dict[str, Any] = (
            {"attachment": self.attachment} if self.kind == ATTACHMENT else {"revision": self.revision}
        )
        return {
            "kind": self.kind,
            "case_id": self.case_id,
            **identity,
            "length": self.length,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class AttachmentBody:
    """What an exporter hands over for an attachment entry: the header and the copies' bytes, in
    pieces of any size (they are streamed out of the vault)."""

    header: bytes
    data: Iterable[bytes]


def attachment_entry(case_id: str, attachment_id: str, header: bytes, data_length: int) -> EntryInfo:
    """The manifest line of an attachment entry (its body: a 4-byte header length, the header,
    then `data_length` bytes of copies)."""
    return EntryInfo(
        ATTACHMENT,
        case_id,
        0,
        4 + len(header) + data_length,
        hashlib.sha256(header).hexdigest(),
        attachment_id,
    )


class AttachmentData:
    """An attachment entry as the reader hands it out: the header, checked against the manifest,
    and the copies' bytes, to be read once, in order, before the next entry. Whether the bytes
    are what the header says is for the caller to check as they stream past."""

    def __init__(self, header: bytes, length: int, read: Callable[[int], bytes]) -> None:
        self.header = header
        self.length = length
        self._read = read
        self.remaining = length

    def read(self, size: int) -> bytes:
        """Up to `size` bytes (fewer only at the end of the entry's data)."""
        count = min(size, self.remaining)
        if count <= 0:
            return b""
        data = self._read(count)
        self.remaining -= len(data)
        return data


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    sender_role: str
    sender_key: PublicIdentity
    created_at: str
    # (hex SHA-256 of the age recipient string, this sender's sequence number towards it), sorted.
    recipients: tuple[tuple[str, int], ...]
    entries: tuple[EntryInfo, ...]
    padded_length: int

    def to_bytes(self) -> bytes:
        return canonical_json(
            {
                "format": FORMAT_VERSION,
                "bundle_id": self.bundle_id,
                "sender": {
                    "role": self.sender_role,
                    "signing_key": base64.b64encode(self.sender_key.public_bytes).decode("ascii"),
                },
                "created_at": self.created_at,
                "recipients": [{"recipient": r, "sequence": n} for r, n in sorted(self.recipients)],
                "entries": [entry.as_json() for entry in self.entries],
                "padded_length": self.padded_length,
            }
        )

    def sequence_for(self, recipient: str) -> int | None:
        """This bundle's number in the sender's series towards `recipient` (an age recipient
        string), or None when the bundle is not addressed to it."""
        wanted = recipient_hash(recipient)
        return next((n for r, n in self.recipients if r == wanted), None)

    @property
    def sender(self) -> str:
        """The sender's signing-key fingerprint: the author of the revisions it seals."""
        return self.sender_key.fingerprint


# Signs (message, context) with the sender's hybrid identity.
Signer = Callable[[bytes, bytes], bytes]


class Sink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Source(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def recipient_hash(recipient: str) -> str:
    """How the manifest names an intended recipient: hex SHA-256 of its age recipient string."""
    return hashlib.sha256(recipient.encode("ascii")).hexdigest()


def new_bundle_id() -> str:
    return str(uuid.uuid4())


def padme(length: int) -> int:
    """The Padmé padded length (PURBs, 2019): keeps the top ⌊log2 ⌊log2 L⌋⌋ + 1 bits of L and
    rounds the rest up, so a length leaks O(log log L) bits for at most ~12 % overhead."""
    length = max(length, MIN_PADDED_LENGTH)
    exponent = length.bit_length() - 1
    mantissa_bits = exponent.bit_length()
    low_bits = exponent - mantissa_bits
    mask = (1 << low_bits) - 1
    return (length + mask) & ~mask


def _fixed_part_length(manifest_bytes: int) -> int:
    return len(MAGIC) + 1 + 4 + manifest_bytes + 2 + SIGNATURE_BYTES


def plan_manifest(
    *,
    sender_role: str,
    sender_key: PublicIdentity,
    created_at: str,
    recipients: Mapping[str, int],
    entries: Iterable[EntryInfo],
    bundle_id: str | None = None,
) -> Manifest:
    """The manifest for these entries, with `padded_length` worked out. `recipients` maps each
    age recipient string to this sender's sequence number towards it (1, 2, 3 … per recipient:
    each coordinator can then tell a missing bundle from one sent to somebody else). The manifest's own size
    depends on the digits of `padded_length`, so this settles in a couple of rounds."""
    listed = tuple(entries)
    body_bytes = sum(1 + 8 + entry.length for entry in listed) + 1
    manifest = Manifest(
        bundle_id or new_bundle_id(),
        sender_role,
        sender_key,
        created_at,
        tuple(sorted((recipient_hash(r), n) for r, n in recipients.items())),
        listed,
        0,
    )
    for _round in range(8):
        wanted = padme(_fixed_part_length(len(manifest.to_bytes())) + body_bytes)
        if wanted == manifest.padded_length:
            return manifest
        manifest = dataclasses.replace(manifest, padded_length=wanted)
    raise RuntimeError("the padded length did not settle")  # cannot happen: lengths only grow


def write_payload(
    sink: Sink,
    manifest: Manifest,
    sign: Signer,
    bodies: Iterable[bytes | AttachmentBody],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Writes the payload; `bodies` must yield exactly the manifest's entries, in order (each is
    checked against it, so a mismatch never produces a bundle). Raises CancelledError when
    `cancelled()` says so; the caller then discards the unfinished file."""
    manifest_bytes = manifest.to_bytes()
    signature = sign(manifest_bytes, MANIFEST_CONTEXT)
    written = 0

    def put(data: bytes) -> None:
        nonlocal written
        sink.write(data)
        written += len(data)

    put(MAGIC + bytes([FORMAT_VERSION]) + len(manifest_bytes).to_bytes(4, "big") + manifest_bytes)
    put(len(signature).to_bytes(2, "big") + signature)
    total = len(manifest.entries)
    count = 0
    for count, body in enumerate(bodies, start=1):
        if cancelled is not None and cancelled():
            raise CancelledError(_("The export was cancelled; nothing was written."))
        if count > total:
            raise ValueError("more entries than the manifest lists")
        expected = manifest.entries[count - 1]
        if isinstance(body, AttachmentBody):
            _put_attachment(put, expected, body, cancelled)
        else:
            if (
                expected.kind != REVISION
                or len(body) != expected.length
                or hashlib.sha256(body).hexdigest() != expected.sha256
            ):
                raise ValueError("an entry does not match the manifest")
            put(bytes([_KIND_BYTES[expected.kind]]) + len(body).to_bytes(8, "big"))
            put(body)
        if progress is not None:
            progress(count, total)
    if count != total:
        raise ValueError("fewer entries than the manifest lists")
    put(bytes([_END]))
    remaining = manifest.padded_length - written
    if remaining < 0:
        raise ValueError("the payload is longer than the manifest's padded length")
    zeros = bytes(min(remaining, _READ_BLOCK))
    while remaining > 0:
        step = min(remaining, len(zeros))
        put(zeros[:step])
        remaining -= step


def _put_attachment(
    put: Callable[[bytes], None],
    expected: EntryInfo,
    body: AttachmentBody,
    cancelled: Callable[[], bool] | None,
) -> None:
    if expected.kind != ATTACHMENT or hashlib.sha256(body.header).hexdigest() != expected.sha256:
        raise ValueError("an entry does not match the manifest")
    put(bytes([_KIND_BYTES[ATTACHMENT]]) + expected.length.to_bytes(8, "big"))
    put(len(body.header).to_bytes(4, "big") + body.header)
    remaining = expected.length - 4 - len(body.header)
    for piece in body.data:
        if cancelled is not None and cancelled():
            raise CancelledError(_("The export was cancelled; nothing was written."))
        remaining -= len(piece)
        if remaining < 0:
            raise ValueError("an attachment is longer than the manifest says")
        put(piece)
    if remaining != 0:
        raise ValueError("an attachment is shorter than the manifest says")


class PayloadReader:
    """Reads a payload from a stream of decrypted bytes (an age reader). Construction reads the
    manifest and verifies its signature against the key the manifest names; whether that key is
    trusted is the importer's decision."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._consumed = 0
        head = self._exact(len(MAGIC) + 1 + 4, _("it is not an Intake bundle."))
        if head[: len(MAGIC)] != MAGIC:
            raise BundleError(_("This file is not an Intake bundle."))
        if head[len(MAGIC)] != FORMAT_VERSION:
            raise BundleError(_("This bundle was made by a newer version of Intake."))
        manifest_length = int.from_bytes(head[len(MAGIC) + 1 :], "big")
        if manifest_length > MAX_MANIFEST_BYTES:
            raise BundleError(_("The bundle's manifest is larger than allowed."))
        manifest_bytes = self._exact(manifest_length, _("the manifest is cut short."))
        signature_length = int.from_bytes(self._exact(2, _("the signature is missing.")), "big")
        if signature_length != SIGNATURE_BYTES:
            raise BundleError(_("The bundle's signature is malformed."))
        signature = self._exact(signature_length, _("the signature is cut short."))
        self.manifest = parse_manifest(manifest_bytes)
        self.manifest_digest = hashlib.sha256(manifest_bytes).hexdigest()
        if self.manifest.padded_length < self._consumed:
            raise BundleError(_("The bundle's manifest is inconsistent."))
        try:
            self.manifest.sender_key.verify(signature, manifest_bytes, MANIFEST_CONTEXT)
        except SignatureError:
            raise BundleError(
                _("The bundle's signature does not verify: it was altered or forged.")
            ) from None
        self._next = 0

    def entries(self) -> Iterator[tuple[EntryInfo, bytes | AttachmentData]]:
        """Each entry: a revision with its body, checked against the manifest before it is handed
        out; an attachment with its header checked and its data to be streamed (and checked) by
        the caller before asking for the next entry."""
        for expected in self.manifest.entries:
            head = self._exact(9, _("an entry is cut short."))
            if head[0] != _KIND_BYTES[expected.kind] or int.from_bytes(head[1:], "big") != expected.length:
                raise BundleError(_("An entry does not match the bundle's manifest."))
            if expected.kind == ATTACHMENT:
                data = self._attachment(expected)
                yield expected, data
                if data.remaining:
                    raise RuntimeError("an attachment's data was not read to its end")
            else:
                body = self._exact(expected.length, _("an entry is cut short."))
                if hashlib.sha256(body).hexdigest() != expected.sha256:
                    raise BundleError(_("An entry does not match the bundle's manifest."))
                yield expected, body
            self._next += 1

    def _attachment(self, expected: EntryInfo) -> AttachmentData:
        header_length = int.from_bytes(self._exact(4, _("an entry is cut short.")), "big")
        if header_length > MAX_ATTACHMENT_HEADER_BYTES or 4 + header_length > expected.length:
            raise BundleError(_("An entry does not match the bundle's manifest."))
        header = self._exact(header_length, _("an entry is cut short."))
        if hashlib.sha256(header).hexdigest() != expected.sha256:
            raise BundleError(_("An entry does not match the bundle's manifest."))
        return AttachmentData(
            header,
            expected.length - 4 - header_length,
            lambda count: self._exact(count, _("an attachment is cut short.")),
        )

    def finish(self) -> None:
        """The end marker, then only zero padding up to the padded length, then the end of file."""
        if self._next != len(self.manifest.entries):
            raise BundleError(_("Not every entry of the bundle was read."))
        if self._exact(1, _("the end marker is missing.")) != bytes([_END]):
            raise BundleError(_("The bundle has more entries than its manifest lists."))
        # The padded length is a function of the content's length, so padding can be neither
        # stretched (to waste the reader's time) nor used to carry anything.
        if self.manifest.padded_length != padme(self._consumed):
            raise BundleError(_("The bundle's padding is not what it should be."))
        remaining = self.manifest.padded_length - self._consumed
        while remaining > 0:
            block = self._exact(min(remaining, _READ_BLOCK), _("the padding is cut short."))
            if block.count(0) != len(block):
                raise BundleError(_("The bundle's padding is not what it should be."))
            remaining -= len(block)
        if self._source.read(1):
            raise BundleError(_("The bundle has data after its end."))

    def _exact(self, count: int, detail: str) -> bytes:
        parts: list[bytes] = []
        needed = count
        while needed > 0:
            part = self._source.read(min(needed, _READ_BLOCK))
            if not part:
                raise BundleError(_("The bundle is incomplete: {detail}").format(detail=detail))
            parts.append(part)
            needed -= len(part)
        self._consumed += count
        return b"".join(parts)


def _bad_manifest() -> BundleError:
    return BundleError(_("The bundle's manifest is malformed."))


def parse_manifest(data: bytes) -> Manifest:
    """Strict: exactly the documented keys and types, in canonical form."""
    # Before json.loads: a small manifest of nested empty objects would otherwise cost gigabytes
    # of Python objects. A real one has one object per entry and per recipient, and no string in
    # it can hold a brace (ids, hashes, base64, timestamps).
    if data.count(b"{") + data.count(b"[") > MAX_ENTRIES + MAX_RECIPIENTS + 8:
        raise _bad_manifest()
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also a 5,000-digit number
        raise _bad_manifest() from None
    if not isinstance(raw, dict) or set(raw) != {
        "format",
        "bundle_id",
        "sender",
        "created_at",
        "recipients",
        "entries",
        "padded_length",
    }:
        raise _bad_manifest()
    sender, entries, recipients = raw["sender"], raw["entries"], raw["recipients"]
    if (
        raw["format"] != FORMAT_VERSION
        or not isinstance(raw["bundle_id"], str)
        or not _UUID.fullmatch(raw["bundle_id"])
        or not isinstance(raw["created_at"], str)
        or not _TIMESTAMP.fullmatch(raw["created_at"])
        or not _positive_int(raw["padded_length"])
        or not isinstance(sender, dict)
        or set(sender) != {"role", "signing_key"}
        or sender["role"] not in ("field", "coordinator")
        or not isinstance(recipients, list)
        or not 0 < len(recipients) <= MAX_RECIPIENTS
        or not isinstance(entries, list)
        or len(entries) > MAX_ENTRIES
    ):
        raise _bad_manifest()
    try:
        key_bytes = base64.b64decode(sender["signing_key"], validate=True)
    except (binascii.Error, TypeError):
        raise _bad_manifest() from None
    if len(key_bytes) != PUBLIC_KEY_BYTES:
        raise _bad_manifest()
    manifest = Manifest(
        raw["bundle_id"],
        sender["role"],
        PublicIdentity(key_bytes),
        raw["created_at"],
        _recipients(recipients),
        tuple(_entry(entry) for entry in entries),
        raw["padded_length"],
    )
    if manifest.to_bytes() != data:
        raise _bad_manifest()
    return manifest


def _recipients(raw: list[Any]) -> tuple[tuple[str, int], ...]:
    pairs = []
    for item in raw:
        if (
            not isinstance(item, dict)
            or set(item) != {"recipient", "sequence"}
            or not isinstance(item["recipient"], str)
            or not _HEX64.fullmatch(item["recipient"])
            or not _positive_int(item["sequence"])
        ):
            raise _bad_manifest()
        pairs.append((item["recipient"], item["sequence"]))
    if pairs != sorted(pairs) or len({r for r, _n in pairs}) != len(pairs):
        raise _bad_manifest()
    return tuple(pairs)


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def _entry(raw: object) -> EntryInfo:
    if isinstance(raw, dict) and raw.get("kind") == ATTACHMENT:
        return _attachment_line(raw)
    if not isinstance(raw, dict) or set(raw) != {"kind", "case_id", "revision", "length", "sha256"}:
        raise _bad_manifest()
    if (
        raw["kind"] != REVISION
        or not isinstance(raw["case_id"], str)
        or not _UUID.fullmatch(raw["case_id"])
        or not _positive_int(raw["revision"])
        or not isinstance(raw["length"], int)
        or isinstance(raw["length"], bool)
        or not 0 < raw["length"] <= MAX_REVISION_BYTES
        or not isinstance(raw["sha256"], str)
        or not _HEX64.fullmatch(raw["sha256"])
    ):
        raise _bad_manifest()
    return EntryInfo(raw["kind"], raw["case_id"], raw["revision"], raw["length"], raw["sha256"])


def _attachment_line(raw: dict[str, Any]) -> EntryInfo:
    if (
        set(raw) != {"kind", "case_id", "attachment", "length", "sha256"}
        or not isinstance(raw["case_id"], str)
        or not _UUID.fullmatch(raw["case_id"])
        or not isinstance(raw["attachment"], str)
        or not _UUID.fullmatch(raw["attachment"])
        or not isinstance(raw["length"], int)
        or isinstance(raw["length"], bool)
        or not 4 < raw["length"] <= MAX_ATTACHMENT_BYTES
        or not isinstance(raw["sha256"], str)
        or not _HEX64.fullmatch(raw["sha256"])
    ):
        raise _bad_manifest()
    return EntryInfo(ATTACHMENT, raw["case_id"], 0, raw["length"], raw["sha256"], raw["attachment"])
