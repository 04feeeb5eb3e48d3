"""The worker-side functions for attachments, run by ui/background_task.py. No widgets, no Qt.

Every task takes a `cancel` event and looks at it before each chunk: Cancel (adding), a lock, a
quit and the panic wipe set it, and the task then stops within a chunk, keeping nothing (no
attachment, no bytes for the viewer, no copy or temporary file on the disk).

Progress strings (the only thing that crosses threads while a task runs):
- adding: "bytes DONE/TOTAL" over all chosen files together
- reading for the viewer and saving a copy: "bytes DONE/TOTAL"
`parse_byte_progress` turns them back into (done, total).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from intake.attachments import Attachment, close_chunks, delete_original, file_identity
from intake.errors import CancelledError, IntakeError
from intake.i18n import _
from intake.vault import Vault

ProgressCallback = Callable[[str], None]

# Viewing holds the whole file in memory (QBuffer): beyond this, "save a decrypted copy" instead.
MAX_VIEW_BYTES = 512 * 1024 * 1024
# A text view shows at most this much (more is unreadable on screen and costs memory several
# times over: bytes, str, Qt's document); the viewer says the rest is not shown.
TEXT_VIEW_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class AddedFile:
    """One chosen file's outcome: the attachment, or why it was refused (nothing kept)."""

    name: str
    attachment: Attachment | None
    error: str | None
    original_deleted: bool = False


@dataclass(frozen=True)
class OpenedAttachment:
    """What the viewer shows. `content` is the one buffer the chunks were read into: the viewer
    hands it to Qt (which copies it once) and then empties it, so no second Python copy lingers."""

    attachment: Attachment
    content: bytearray
    truncated: bool = False  # a text longer than TEXT_VIEW_BYTES: only its start was read


def parse_byte_progress(text: str) -> tuple[int, int] | None:
    kind, _space, fraction = text.partition(" ")
    done, _slash, total = fraction.partition("/")
    if kind != "bytes" or not done.isdigit() or not total.isdigit():
        return None
    return int(done), int(total)


def add_task(
    vault: Vault,
    case_id: str,
    paths: Sequence[Path],
    *,
    delete_originals: bool,
    cancel: threading.Event,
    linked_to: str | None = None,
) -> Callable[[ProgressCallback], list[AddedFile]]:
    """Each file in its own transaction: one refused file does not stop the others. Cancel stops
    the file being added (nothing of it is kept) and skips the rest."""

    def run(progress: ProgressCallback) -> list[AddedFile]:
        sizes = []
        for path in paths:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                sizes.append(0)
        total, before = sum(sizes), 0
        outcomes = []
        for path, size in zip(paths, sizes, strict=True):
            if cancel.is_set():
                break

            def report(done: int, _size: int, base: int = before) -> None:
                progress(f"bytes {base + done}/{total}")

            # Taken just before reading: only the file that was read may be deleted afterwards.
            identity = file_identity(path) if delete_originals else None
            try:
                added = vault.attachments.add_file(
                    case_id, path, linked_to=linked_to, progress=report, cancelled=cancel.is_set
                )
            except CancelledError:
                break
            except IntakeError as error:
                outcomes.append(AddedFile(path.name, None, str(error)))
            else:
                deleted = False
                if delete_originals:
                    try:
                        delete_original(path, expected=identity)
                        deleted = True
                    except IntakeError as error:
                        outcomes.append(AddedFile(path.name, added, str(error)))
                        before += size
                        continue
                outcomes.append(AddedFile(path.name, added, None, deleted))
            before += size
        return outcomes

    return run


def read_task(
    vault: Vault, attachment_id: str, *, cancel: threading.Event
) -> Callable[[ProgressCallback], OpenedAttachment]:
    def run(progress: ProgressCallback) -> OpenedAttachment:
        attachment = vault.attachments.get(attachment_id)
        total = attachment.working_size if attachment.working_size is not None else attachment.size
        wanted = total
        if attachment.kind == "text":
            wanted = min(total, TEXT_VIEW_BYTES)
        elif total > MAX_VIEW_BYTES:
            raise IntakeError(
                _("This file is too large to show inside Intake; save a decrypted copy instead.")
            )
        # One buffer of the final size, filled in place: no list of chunks joined into a second
        # copy, and no reallocation on the way (each would copy everything read so far).
        content = bytearray(wanted)
        filled = 0
        chunks = vault.attachments.chunks(attachment_id)
        try:
            with memoryview(content) as into:
                for chunk in chunks:
                    if cancel.is_set():
                        break
                    count = min(len(chunk), wanted - filled)
                    into[filled : filled + count] = memoryview(chunk)[:count]
                    filled += count
                    progress(f"bytes {filled}/{wanted}")
                    if wanted < total and filled >= wanted:
                        break  # the start of a long text: the rest is not read (nor its hash checked)
        finally:
            close_chunks(chunks)
        # Cancelled before a chunk or during the last one (a lock or wipe): nothing reaches the screen.
        if cancel.is_set():
            content.clear()
            raise CancelledError(_("Cancelled; nothing was shown."))
        del content[filled:]  # shorter than recorded only if damaged (then chunks() raised above)
        return OpenedAttachment(attachment, content, truncated=wanted < total)

    return run


def save_task(
    vault: Vault, attachment_id: str, path: Path, *, original: bool, cancel: threading.Event
) -> Callable[[ProgressCallback], Path]:
    """Cancel (a lock, a quit, the wipe) stops the copy at its next chunk; the temporary file is
    overwritten and removed and nothing appears at `path`."""

    def run(progress: ProgressCallback) -> Path:
        vault.attachments.extract(
            attachment_id,
            path,
            original=original,
            progress=lambda done, total: progress(f"bytes {done}/{total}"),
            cancelled=cancel.is_set,
        )
        return path

    return run
