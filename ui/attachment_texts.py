"""How attachments are described on screen (the list and the viewer), translated through the Qt
catalog: sizes, kinds, and above all what the copy shown or exported reveals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from intake.attachments import Attachment
from intake.metadata_labels import describe_removed
from ui.editor.record_forms import person_options, source_options


def size_text(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate("AttachmentTexts", "%1 bytes").replace("%1", str(size))
    if size < 1024 * 1024:
        return QCoreApplication.translate("AttachmentTexts", "%1 KiB").replace("%1", f"{size / 1024:.1f}")
    return QCoreApplication.translate("AttachmentTexts", "%1 MiB").replace(
        "%1", f"{size / (1024 * 1024):.1f}"
    )


def link_choices(targets: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """(id, label) of each person and source an attachment can concern, as the editor names them."""
    people = [
        (ident, QCoreApplication.translate("AttachmentTexts", "Person: %1").replace("%1", name))
        for ident, name in person_options(targets.get("persons", []))
    ]
    sources = [
        (ident, QCoreApplication.translate("AttachmentTexts", "Source: %1").replace("%1", name))
        for ident, name in source_options(targets.get("sources", []))
    ]
    return people + sources


def kind_text(kind: str) -> str:
    return {
        "image": QCoreApplication.translate("AttachmentTexts", "image"),
        "audio": QCoreApplication.translate("AttachmentTexts", "sound recording"),
        "pdf": QCoreApplication.translate("AttachmentTexts", "PDF document"),
        "text": QCoreApplication.translate("AttachmentTexts", "text"),
    }.get(kind, QCoreApplication.translate("AttachmentTexts", "other file"))


def metadata_note(attachment: Attachment) -> str:
    """What the working copy (shown, and sent by default) leaves out, or that it is the original."""
    if attachment.removed:
        return QCoreApplication.translate(
            "AttachmentTexts",
            "The copy shown and sent leaves out: %1. The untouched original, with that metadata, "
            "stays in the vault as evidence and leaves it only if you choose the original.",
        ).replace("%1", ", ".join(describe_removed(token) for token in attachment.removed))
    if attachment.metadata_not_removed:
        return QCoreApplication.translate(
            "AttachmentTexts",
            "This image is damaged, so Intake could not remove its metadata: the copy shown is the "
            "original, with whatever it holds (it may include where and when it was taken). It goes "
            "in a bundle only if you choose to send originals.",
        )
    if attachment.kind == "image" and not attachment.metadata_removable:
        return QCoreApplication.translate(
            "AttachmentTexts",
            "Intake cannot remove metadata from this image format: the copy shown is the original, "
            "with whatever it holds (it may include where and when it was taken). It goes in a "
            "bundle only if you choose to send originals.",
        )
    if attachment.kind == "image":
        return QCoreApplication.translate("AttachmentTexts", "This image carried no metadata to remove.")
    if attachment.kind == "other":
        return QCoreApplication.translate(
            "AttachmentTexts",
            "This file is kept exactly as it was received. Intake cannot read or clean it, and a "
            "video or other file may hold where and when it was made: it goes in a bundle only if "
            "you choose to send originals.",
        )
    return QCoreApplication.translate(
        "AttachmentTexts",
        "This file is kept exactly as it was received. Intake removes metadata only from JPEG and "
        "PNG images; a document or recording may still name its author or device.",
    )
