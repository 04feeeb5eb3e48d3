"""Attachments: files added to a case, stored inside the encrypted database in chunks.

Adding streams the file a chunk at a time into the vault (memory stays flat whatever its size),
hashing it on the way, inside one transaction: a file that cannot be read, changes while it is
read, turns out not to be what its name says, or meets a full disk leaves nothing behind. For
JPEG and PNG images a working copy without metadata is written in the same pass
(intake/image_metadata.py); the original stays for evidence. Identical content is stored once.

Reading goes through `chunks`, which checks the SHA-256 at the end, and `extract`, which writes
a decrypted copy only where the user asked (docs/decisions/0014-attachments.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from crypto.atomic_file import fsync_directory, scrub_and_remove, temp_path_for
from intake.attachment_blobs import CHUNK_BYTES, blob_chunks
from intake.attachment_blobs import BlobWriter as _BlobWriter
from intake.attachment_types import SNIFF_BYTES, identify
from intake.audit_log import AuditLog
from intake.clock import Clock, iso_utc, utc_now
from intake.database import Connection
from intake.errors import BadInputError, CancelledError, NotFoundError, StorageError
from intake.i18n import _
from intake.image_metadata import ImageFormatError, Stripper, stripper_for
from intake.transactions import transaction

MAX_FILE_NAME = 255
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

Progress = Callable[[int, int], None]
"""Bytes done, bytes in all."""


@dataclass(frozen=True)
class Attachment:
    id: str
    case_id: str
    linked_to: str | None
    file_name: str
    media_type: str
    kind: str
    size: int
    sha256: str
    working_size: int | None  # None: the working copy is the original
    working_sha256: str | None
    removed: tuple[str, ...]  # what the working copy left out ("EXIF GPS", "XMP", ...)
    author: str
    added_at: str
    has_original: bool = True  # False on a vault that received only the working copy

    @property
    def metadata_removable(self) -> bool:
        """Whether the app can make a metadata-free working copy of this type at all."""
        return stripper_for(self.media_type) is not None


_COLUMNS = (
    "a.id, a.case_id, a.linked_to, a.file_name, a.media_type, a.kind, a.original_size, "
    "a.original_sha256, w.size, w.sha256, a.removed, a.author, a.added_at, a.original_blob IS NOT NULL"
)
_FROM = "FROM attachment a LEFT JOIN attachment_blob w ON w.id = a.working_blob"


def _attachment(row: Any) -> Attachment:
    (
        ident,
        case_id,
        linked_to,
        name,
        media_type,
        kind,
        size,
        digest,
        working_size,
        working_digest,
        removed,
        author,
        added_at,
        has_original,
    ) = row
    return Attachment(
        id=ident,
        case_id=case_id,
        linked_to=linked_to,
        file_name=name,
        media_type=media_type,
        kind=kind,
        size=size,
        sha256=digest,
        working_size=working_size,
        working_sha256=working_digest,
        removed=tuple(removed.split(",")) if removed else (),
        author=author,
        added_at=added_at,
        has_original=bool(has_original),
    )


class Attachments:
    def __init__(self, conn: Connection, audit: AuditLog, *, author: str, clock: Clock = utc_now) -> None:
        self._conn = conn
        self._audit = audit
        self._author = author
        self._clock = clock

    # -- adding ------------------------------------------------------------------------------

    def add_file(
        self,
        case_id: str,
        path: Path,
        *,
        linked_to: str | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Attachment:
        """Adds the file at `path` to the case. The file itself is left as it was."""
        try:
            # Non-blocking open: a FIFO put where a file was expected must not hang the app.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise _unreadable(path.name, exc) from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise BadInputError(
                _("“{name}” is not a regular file; nothing was added.").format(name=path.name)
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as source:
            return self.add_stream(
                case_id,
                source,
                file_name=path.name,
                size=info.st_size,
                linked_to=linked_to,
                progress=progress,
                cancelled=cancelled,
            )

    def add_stream(
        self,
        case_id: str,
        source: BinaryIO,
        *,
        file_name: str,
        size: int,
        linked_to: str | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Attachment:
        """Adds `size` bytes read from `source`. Fewer or more bytes than `size` mean the file
        changed while it was read: refused, and nothing is kept."""
        name = _clean_name(file_name)
        self._require_case(case_id)
        if linked_to is not None:
            self._require_link(case_id, linked_to)
        head = _read(source, min(SNIFF_BYTES, size), name)
        file_type = identify(name, head)
        stripper = stripper_for(file_type.media_type)
        attachment_id = str(uuid.uuid4())
        with transaction(self._conn):
            original = _BlobWriter(self._conn)
            working = _BlobWriter(self._conn) if stripper is not None else None
            done = 0
            piece = head
            while True:
                if cancelled is not None and cancelled():
                    raise CancelledError(_("Cancelled; nothing was added."))
                original.write(piece)
                if working is not None and stripper is not None:
                    working.write(_strip(stripper, piece, name))
                done += len(piece)
                if progress is not None:
                    progress(done, size)
                if done >= size:
                    break
                piece = _read(source, min(CHUNK_BYTES, size - done), name)
                if not piece:
                    raise _changed(name)
            if source.read(1):
                raise _changed(name)
            original_id, digest = original.finish()
            working_id: int | None = None
            removed: list[str] = []
            if working is not None and stripper is not None:
                working.write(_finish(stripper, name))
                removed = stripper.removed
                if removed:
                    working_id, _working_digest = working.finish()
                else:
                    working.discard()
            self._conn.execute(
                "INSERT INTO attachment (id, case_id, linked_to, file_name, media_type, kind, "
                "original_sha256, original_size, original_blob, working_blob, removed, author, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attachment_id,
                    case_id,
                    linked_to,
                    name,
                    file_type.media_type,
                    file_type.kind,
                    digest,
                    done,
                    original_id,
                    working_id,
                    ",".join(removed),
                    self._author,
                    iso_utc(self._clock()),
                ),
            )
            # Ids and the hash only: a file name can say as much as the file.
            self._audit.append(
                "attachment.add",
                "case",
                case_id,
                {"attachment": attachment_id, "sha256": digest, "size": done},
                actor=self._author,
            )
        return self.get(attachment_id)

    def _require_case(self, case_id: str) -> None:
        known = self._conn.execute(
            "SELECT 1 FROM case_revision WHERE case_id = ? LIMIT 1", (case_id,)
        ).fetchone()
        if known is None:
            if _UUID.fullmatch(case_id):
                raise NotFoundError(_("No case with id {case_id}.").format(case_id=case_id))
            raise NotFoundError(_("No case has that id."))

    def _require_link(self, case_id: str, linked_to: str) -> None:
        """`linked_to` must name a person or a source in the case's current revision."""
        row = self._conn.execute(
            "SELECT content FROM case_revision WHERE case_id = ? ORDER BY revision DESC LIMIT 1", (case_id,)
        ).fetchone()
        content = json.loads(row[0]) if row is not None else {}
        ids = {
            record.get("id")
            for section in ("persons", "sources")
            for record in content.get(section, [])
            if isinstance(record, dict)
        }
        if linked_to not in ids:
            raise BadInputError(_("The case has no person or source with that id; nothing was added."))

    # -- reading -----------------------------------------------------------------------------

    def list(self, case_id: str) -> list[Attachment]:
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE a.case_id = ? ORDER BY a.added_at, a.id",
            (case_id,),
        ).fetchall()
        return [_attachment(row) for row in rows]

    def get(self, attachment_id: str) -> Attachment:
        row = self._conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE a.id = ?", (attachment_id,)).fetchone()
        if row is None:
            if _UUID.fullmatch(attachment_id):
                raise NotFoundError(_("No attachment with id {id}.").format(id=attachment_id))
            raise NotFoundError(_("No attachment has that id."))
        return _attachment(row)

    def chunks(self, attachment_id: str, *, original: bool = False) -> Iterator[bytes]:
        """The content, a chunk at a time: the working copy unless `original`. The SHA-256 is
        checked at the end; a mismatch raises StorageError after the last chunk."""
        attachment = self.get(attachment_id)
        if original and not attachment.has_original:
            raise NotFoundError(
                _("Only the copy without metadata reached this vault; the original stays with its sender.")
            )
        use_working = attachment.working_sha256 is not None and (not original or not attachment.has_original)
        column = "working_blob" if use_working else "original_blob"
        expected = attachment.working_sha256 if use_working else attachment.sha256
        (blob_id,) = self._conn.execute(
            f"SELECT {column} FROM attachment WHERE id = ?",  # noqa: S608 - one of two constants
            (attachment_id,),
        ).fetchone()
        digest = hashlib.sha256()
        for data in blob_chunks(self._conn, blob_id):
            digest.update(data)
            yield data
        if digest.hexdigest() != expected:
            raise StorageError(_("The attachment's content does not match its recorded hash; it is damaged."))

    def extract(
        self,
        attachment_id: str,
        destination: Path,
        *,
        original: bool = False,
        progress: Progress | None = None,
    ) -> None:
        """Writes a decrypted copy to `destination` (which must not exist), atomically: a copy
        that fails half-way, or does not match its hash, is overwritten and removed."""
        attachment = self.get(attachment_id)
        total = attachment.size if original or attachment.working_size is None else attachment.working_size
        if destination.exists() or destination.is_symlink():
            raise BadInputError(_("{path} already exists; choose another name.").format(path=destination))
        temporary = temp_path_for(destination)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise _unwritable(destination, exc) from None
        try:
            done = 0
            try:
                with os.fdopen(fd, "wb") as out:
                    for data in self.chunks(attachment_id, original=original):
                        out.write(data)
                        done += len(data)
                        if progress is not None:
                            progress(done, total)
                    out.flush()
                    os.fsync(out.fileno())
                os.link(temporary, destination)  # never replaces a file that appeared meanwhile
            except FileExistsError:
                raise BadInputError(
                    _("{path} already exists; choose another name.").format(path=destination)
                ) from None
            except OSError as exc:
                raise _unwritable(destination, exc) from None
        except BaseException:
            scrub_and_remove(temporary)
            raise
        temporary.unlink()
        with contextlib.suppress(OSError):
            fsync_directory(destination.parent)


def delete_original(path: Path) -> None:
    """After the file is safely in the vault (the transaction committed): overwrite it in place
    and unlink it. What the disk keeps elsewhere (SSD wear levelling, copy-on-write file systems,
    backups) is beyond reach, and the interface says so."""
    try:
        scrub_and_remove(path)
    except OSError as exc:
        raise StorageError(
            _("The file is in the vault, but the original could not be deleted ({reason}).").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None


def _strip(stripper: Stripper, piece: bytes, name: str) -> bytes:
    try:
        return stripper.feed(piece)
    except ImageFormatError:
        raise _not_an_image(name) from None


def _finish(stripper: Stripper, name: str) -> bytes:
    try:
        return stripper.finish()
    except ImageFormatError:
        raise _not_an_image(name) from None


def _read(source: BinaryIO, count: int, name: str) -> bytes:
    try:
        return source.read(count)
    except OSError as exc:
        raise _unreadable(name, exc) from None


def _clean_name(file_name: str) -> str:
    name = Path(file_name).name.strip()
    if not name or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        raise BadInputError(_("The file's name cannot be used; rename the file and try again."))
    return name[:MAX_FILE_NAME]


def _unreadable(name: str, exc: OSError) -> BadInputError:
    return BadInputError(
        _("“{name}” cannot be read ({reason}); nothing was added.").format(
            name=name, reason=exc.strerror or type(exc).__name__
        )
    )


def _changed(name: str) -> BadInputError:
    return BadInputError(
        _("“{name}” changed or disappeared while it was being read; nothing was added. Try again.").format(
            name=name
        )
    )


def _not_an_image(name: str) -> BadInputError:
    return BadInputError(
        _("“{name}” is not a valid image (it is damaged or only named like one); nothing was added.").format(
            name=name
        )
    )


def _unwritable(path: Path, exc: OSError) -> StorageError:
    return StorageError(
        _("The copy could not be written to {path} ({reason}); nothing was left there.").format(
            path=path, reason=exc.strerror or type(exc).__name__
        )
    )
