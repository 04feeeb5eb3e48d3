"""The worker-side functions for attachments, run by ui/background_task.py. No widgets, no Qt.

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

from intake.attachments import Attachment, delete_original
from intake.errors import CancelledError, IntakeError
from intake.i18n import _
from intake.vault import Vault

ProgressCallback = Callable[[str], None]

# Viewing holds the whole file in memory (QBuffer): beyond this, "save a decrypted copy" instead.
MAX_VIEW_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class AddedFile:
    """One chosen file's outcome: the attachment, or why it was refused (nothing kept)."""

    name: str
    attachment: Attachment | None
    error: str | None
    original_deleted: bool = False


@dataclass(frozen=True)
class OpenedAttachment:
    attachment: Attachment
    content: bytes


def parse_byte_progress(text: str) -> tuple[int, int] | None:
    kind, _space, fraction = text.partition(" ")
    done, _slash, total = fraction.partition("/")
    if kind != "bytes" or not done.isdigit() or not total.isdigit():
        return None
    return int(done), int(total)


def add_task(
    vault: Vault, case_id: str, paths: Sequence[Path], *, delete_originals: bool, cancel: threading.Event
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

            try:
                added = vault.attachments.add_file(case_id, path, progress=report, cancelled=cancel.is_set)
            except CancelledError:
                break
            except IntakeError as error:
                outcomes.append(AddedFile(path.name, None, str(error)))
            else:
                deleted = False
                if delete_originals:
                    try:
                        delete_original(path)
                        deleted = True
                    except IntakeError as error:
                        outcomes.append(AddedFile(path.name, added, str(error)))
                        before += size
                        continue
                outcomes.append(AddedFile(path.name, added, None, deleted))
            before += size
        return outcomes

    return run


def read_task(vault: Vault, attachment_id: str) -> Callable[[ProgressCallback], OpenedAttachment]:
    def run(progress: ProgressCallback) -> OpenedAttachment:
        attachment = vault.attachments.get(attachment_id)
        total = attachment.working_size if attachment.working_size is not None else attachment.size
        if total > MAX_VIEW_BYTES:
            raise IntakeError(
                _("This file is too large to show inside Intake; save a decrypted copy instead.")
            )
        parts, done = [], 0
        for chunk in vault.attachments.chunks(attachment_id):
            parts.append(chunk)
            done += len(chunk)
            progress(f"bytes {done}/{total}")
        return OpenedAttachment(attachment, b"".join(parts))

    return run


def save_task(
    vault: Vault, attachment_id: str, path: Path, *, original: bool
) -> Callable[[ProgressCallback], Path]:
    def run(progress: ProgressCallback) -> Path:
        vault.attachments.extract(
            attachment_id,
            path,
            original=original,
            progress=lambda done, total: progress(f"bytes {done}/{total}"),
        )
        return path

    return run
