"""Attachments: files added to a case, stored inside the encrypted database in chunks.

Adding streams the file a chunk at a time into the vault (memory stays flat whatever its size),
hashing it on the way, inside one transaction: a file that cannot be read, changes while it is
read, turns out not to be what its name says, or meets a full disk leaves nothing behind. For
JPEG and PNG images a working copy without metadata is written in the same pass
(intake/image_metadata.py); the original stays for evidence. An image damaged after its start (cut
short, say) is kept as received, without a working copy, and marked as such
(`Attachment.metadata_not_removed`). Identical content is stored once.

Reading goes through `chunks`, which checks the SHA-256 at the end, and `extract`, which writes
a decrypted copy only where the user asked (docs/decisions/0014-attachments.md).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from crypto.atomic_file import fsync_directory, scrub_and_remove, scrub_open_file, temp_path_for
from intake.attachment_blobs import CHUNK_BYTES, BlobDamagedError, checked_blob_chunks
from intake.attachment_blobs import BlobWriter as _BlobWriter
from intake.attachment_names import safe_file_name
from intake.attachment_types import SNIFF_BYTES, identify
from intake.audit_log import AuditLog
from intake.clock import Clock, iso_utc, utc_now
from intake.database import Connection
from intake.errors import BadInputError, CancelledError, NotFoundError, StorageError
from intake.i18n import _
from intake.image_metadata import DamagedImageError, ImageFormatError, Stripper, stripper_for
from intake.metadata_labels import METADATA_NOT_REMOVED
from intake.new_file import NO_FOLLOW, publish_new
from intake.transactions import transaction

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
    removed: tuple[str, ...]  # what the working copy left out ("EXIF GPS", "XMP", ...; metadata_labels)
    author: str
    added_at: str
    has_original: bool = True  # False on a vault that received only the working copy
    # A JPEG or PNG damaged after its start: kept as received, so the copy shown and sent is the
    # original, with its metadata. Stored as METADATA_NOT_REMOVED in the `removed` column.
    metadata_not_removed: bool = False

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
    tokens = removed.split(",") if removed else []
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
        removed=tuple(token for token in tokens if token != METADATA_NOT_REMOVED),
        author=author,
        added_at=added_at,
        has_original=bool(has_original),
        metadata_not_removed=METADATA_NOT_REMOVED in tokens,
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
        changed while it was read: refused, and nothing is kept. So is a file named like a JPEG
        or PNG that is not one; one damaged after its start is kept as received, without a
        working copy (`metadata_not_removed`)."""
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
            working = _WorkingCopy(self._conn, stripper, name) if stripper is not None else None
            done = 0
            piece = head
            while True:
                if cancelled is not None and cancelled():
                    raise CancelledError(_("Cancelled; nothing was added."))
                original.write(piece)
                if working is not None:
                    working.write(piece)
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
            working_id, removed = working.finish() if working is not None else (None, [])
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

    def link_targets(self, case_id: str) -> dict[str, list[dict[str, Any]]]:
        """The persons and sources of the case's current revision, which an attachment can be
        linked to: {"persons": [record, …], "sources": [record, …]} (records with an id)."""
        row = self._conn.execute(
            "SELECT content FROM case_revision WHERE case_id = ? ORDER BY revision DESC LIMIT 1", (case_id,)
        ).fetchone()
        content = json.loads(row[0]) if row is not None else {}
        return {
            section: [
                record
                for record in content.get(section, [])
                if isinstance(record, dict) and isinstance(record.get("id"), str)
            ]
            for section in ("persons", "sources")
        }

    def _require_link(self, case_id: str, linked_to: str) -> None:
        """`linked_to` must name a person or a source in the case's current revision."""
        ids = {record["id"] for records in self.link_targets(case_id).values() for record in records}
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
        size = attachment.working_size if use_working else attachment.size
        assert expected is not None and size is not None
        (blob_id,) = self._conn.execute(
            f"SELECT {column} FROM attachment WHERE id = ?",  # noqa: S608 - one of two constants
            (attachment_id,),
        ).fetchone()
        try:
            yield from checked_blob_chunks(self._conn, blob_id, expected, size)
        except BlobDamagedError:
            raise StorageError(
                _("The attachment's content does not match its recorded hash; it is damaged.")
            ) from None

    def extract(
        self,
        attachment_id: str,
        destination: Path,
        *,
        original: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Writes a decrypted copy to `destination` (which must not exist), whole or not at all:
        a copy that fails half-way, does not match its hash, or is cancelled (`cancelled` is
        asked before every chunk and once more before the copy is put in place) is overwritten
        and removed, and nothing is left at `destination`. Raises CancelledError then."""
        attachment = self.get(attachment_id)
        total = attachment.size if original or attachment.working_size is None else attachment.working_size
        if destination.exists() or destination.is_symlink():
            raise _exists(destination)
        temporary = temp_path_for(destination)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o600)
        except OSError as exc:
            raise _unwritable(destination, exc) from None
        try:
            try:
                with os.fdopen(fd, "wb") as out:
                    chunks = self.chunks(attachment_id, original=original)
                    try:
                        done = 0
                        for data in chunks:
                            _stop_if_cancelled(cancelled)
                            out.write(data)
                            done += len(data)
                            if progress is not None:
                                progress(done, total)
                    finally:
                        close_chunks(chunks)
                    out.flush()
                    os.fsync(out.fileno())
                # A wipe or lock that came during the last chunk still wins over publishing.
                _stop_if_cancelled(cancelled)
                linked = publish_new(temporary, destination)
            except FileExistsError:
                raise _exists(destination) from None
            except OSError as exc:
                raise _unwritable(destination, exc) from None
        except BaseException:
            scrub_and_remove(temporary)
            raise
        if linked:
            temporary.unlink()
        with contextlib.suppress(OSError):
            fsync_directory(destination.parent)


def close_chunks(chunks: Iterator[bytes]) -> None:
    """Ends a `chunks` generator left half-way now, in this thread, rather than whenever the
    garbage collector gets to it."""
    if isinstance(chunks, Generator):
        chunks.close()


def _stop_if_cancelled(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise CancelledError(_("Cancelled; no copy was written."))


def file_identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of `path` itself (a symbolic link is not followed), or None if it
    cannot be had. Taken before a file is added, so that `delete_original` can tell whether the
    name still means the file that was read."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def delete_original(path: Path, expected: os.stat_result | tuple[int, int] | None = None) -> None:
    """After the file is safely in the vault (the transaction committed): overwrite it in place
    and unlink it. What the disk keeps elsewhere (SSD wear levelling, copy-on-write file systems,
    backups) is beyond reach, and the interface says so.

    Refused, with a message saying the original was NOT deleted and why, wherever deleting would
    only look done: a symbolic link (unlinking it leaves the file it points to), a file with other
    hard links (they keep its content), something that is not a regular file, or a name that no
    longer means the file that was read (`expected`: its `file_identity` or lstat result from
    before it was added)."""
    try:
        before = os.stat(path, follow_symlinks=False)
    except OSError as exc:
        raise _not_deleted(exc) from None
    if stat.S_ISLNK(before.st_mode):
        raise _not_deleted_link(path)
    wanted = (expected.st_dev, expected.st_ino) if isinstance(expected, os.stat_result) else expected
    if not stat.S_ISREG(before.st_mode) or wanted not in (None, (before.st_dev, before.st_ino)):
        raise _not_deleted_replaced(path)
    try:
        # Non-blocking and not through a link: the name may have changed since the lstat above.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | NO_FOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_deleted_link(path) from None
        raise _not_deleted(exc) from None
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(info.st_mode):
            raise _not_deleted_replaced(path)
        if info.st_nlink != 1:
            raise _not_deleted_linked(path)
        try:
            scrub_open_file(fd)
            now = os.stat(path, follow_symlinks=False)
            # Unlinking a file put in its place meanwhile would delete something never read.
            if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
                raise _not_deleted_replaced(path)
            path.unlink()
        except OSError as exc:
            raise _not_deleted(exc) from None
    finally:
        os.close(fd)


def _exists(path: Path) -> BadInputError:
    return BadInputError(_("{path} already exists; choose another name.").format(path=path))


def _not_deleted(exc: OSError) -> StorageError:
    return StorageError(
        _("The file is in the vault, but the original could not be deleted ({reason}).").format(
            reason=exc.strerror or type(exc).__name__
        )
    )


def _not_deleted_link(path: Path) -> StorageError:
    return StorageError(
        _(
            "The file is in the vault, but the original was NOT deleted: “{name}” is a symbolic "
            "link, and deleting the link would leave the file it points to. Delete that file "
            "yourself if it must go."
        ).format(name=path.name)
    )


def _not_deleted_linked(path: Path) -> StorageError:
    return StorageError(
        _(
            "The file is in the vault, but the original was NOT deleted: “{name}” has other names "
            "(hard links), which would keep its content on the disk. Delete every name of the "
            "file yourself if it must go."
        ).format(name=path.name)
    )


def _not_deleted_replaced(path: Path) -> StorageError:
    return StorageError(
        _(
            "The file is in the vault, but the original was NOT deleted: “{name}” is no longer "
            "the file that was read (it was replaced or moved meanwhile). Check it and delete it "
            "yourself if it must go."
        ).format(name=path.name)
    )


class _WorkingCopy:
    """The copy without metadata, made from the same pieces as the original while they are
    stored."""

    def __init__(self, conn: Connection, stripper: Stripper, name: str) -> None:
        self._blob = _BlobWriter(conn)
        self._stripper: Stripper | None = stripper
        self._name = name

    def write(self, piece: bytes) -> None:
        if self._stripper is None:
            return
        stripped = _strip(self._stripper, piece, self._name)
        if stripped is None:
            self._damaged()
        else:
            self._blob.write(stripped)

    def _damaged(self) -> None:
        # The original goes on being stored in the same pass; the half-made copy goes now.
        self._blob.discard()
        self._stripper = None

    def finish(self) -> tuple[int | None, list[str]]:
        """(the working blob's id, what it left out); no blob when nothing was left out (the
        original is the working copy), nor when the image is damaged (METADATA_NOT_REMOVED)."""
        stripper = self._stripper
        last = None if stripper is None else _finish(stripper, self._name)
        if stripper is None or last is None:
            if stripper is not None:
                self._damaged()
            return None, [METADATA_NOT_REMOVED]
        if not stripper.removed:
            self._blob.discard()
            return None, []
        self._blob.write(last)
        blob_id, _digest = self._blob.finish()
        return blob_id, list(stripper.removed)


def _strip(stripper: Stripper, piece: bytes, name: str) -> bytes | None:
    """The working copy's next bytes; None once the image turns out damaged after its start
    (it is kept as received). A file that is not the image its name claims is refused."""
    try:
        return stripper.feed(piece)
    except DamagedImageError:
        return None
    except ImageFormatError:
        raise _not_an_image(name) from None


def _finish(stripper: Stripper, name: str) -> bytes | None:
    try:
        return stripper.finish()
    except DamagedImageError:
        return None
    except ImageFormatError:
        raise _not_an_image(name) from None


def _read(source: BinaryIO, count: int, name: str) -> bytes:
    try:
        return source.read(count)
    except OSError as exc:
        raise _unreadable(name, exc) from None


def _clean_name(file_name: str) -> str:
    name = safe_file_name(file_name)
    if name is None:
        raise BadInputError(_("The file's name cannot be used; rename the file and try again."))
    return name


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
