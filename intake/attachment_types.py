"""What kind of file an attachment is, judged by its first bytes, never by its name alone.

The kind decides how the app shows it (image, audio, PDF, plain text, or "other": save a copy
only). A name that claims a kind the content does not have (`photo.jpg` holding anything but a
JPEG) is refused with a clear message: the viewer would fail on it, and a disguised file is
exactly what should not slip into evidence unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from intake.errors import BadInputError
from intake.i18n import _

# Enough for every signature below.
SNIFF_BYTES = 64


@dataclass(frozen=True)
class FileType:
    kind: str  # "image", "audio", "pdf", "text", "other"
    media_type: str


JPEG = FileType("image", "image/jpeg")
PNG = FileType("image", "image/png")
OTHER = FileType("other", "application/octet-stream")
TEXT = FileType("text", "text/plain")

_BY_EXTENSION = {
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".gif": FileType("image", "image/gif"),
    ".webp": FileType("image", "image/webp"),
    ".pdf": FileType("pdf", "application/pdf"),
    ".mp3": FileType("audio", "audio/mpeg"),
    ".ogg": FileType("audio", "audio/ogg"),
    ".oga": FileType("audio", "audio/ogg"),
    ".opus": FileType("audio", "audio/ogg"),
    ".wav": FileType("audio", "audio/wav"),
    ".flac": FileType("audio", "audio/flac"),
    ".m4a": FileType("audio", "audio/mp4"),
    ".txt": TEXT,
}


def sniff(head: bytes) -> FileType | None:
    """The type the content itself shows, or None."""
    checks: tuple[tuple[bool, FileType], ...] = (
        (head.startswith(b"\xff\xd8\xff"), JPEG),
        (head.startswith(b"\x89PNG\r\n\x1a\n"), PNG),
        (head.startswith((b"GIF87a", b"GIF89a")), _BY_EXTENSION[".gif"]),
        (head[:4] == b"RIFF" and head[8:12] == b"WEBP", _BY_EXTENSION[".webp"]),
        (head.startswith(b"%PDF-"), _BY_EXTENSION[".pdf"]),
        (head.startswith(b"ID3") or _mpeg_audio_frame(head), _BY_EXTENSION[".mp3"]),
        (head.startswith(b"OggS"), _BY_EXTENSION[".ogg"]),
        (head[:4] == b"RIFF" and head[8:12] == b"WAVE", _BY_EXTENSION[".wav"]),
        (head.startswith(b"fLaC"), _BY_EXTENSION[".flac"]),
        (head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"M4B"), _BY_EXTENSION[".m4a"]),
    )
    return next((file_type for matched, file_type in checks if matched), None)


def _mpeg_audio_frame(head: bytes) -> bool:
    # An MPEG audio frame sync: 11 set bits, then a layer that is not "reserved".
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sniffed bytes is still text.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def identify(file_name: str, head: bytes) -> FileType:
    """The file's type from its first bytes. Raises BadInputError when the name claims an image,
    a recording or a PDF that the content is not."""
    claimed = _BY_EXTENSION.get(PurePath(file_name).suffix.lower())
    actual = sniff(head)
    strict = claimed is not None and claimed.kind in ("image", "audio", "pdf")
    if strict and claimed is not None and (actual is None or actual.kind != claimed.kind):
        raise BadInputError(
            _(
                "“{name}” is named like {what}, but its content is not one. Nothing was added; "
                "check the file."
            ).format(name=file_name, what=_kind_name(claimed.kind))
        )
    if actual is not None:
        return actual
    if claimed is TEXT and _looks_like_text(head):
        return TEXT
    return OTHER


def _kind_name(kind: str) -> str:
    return {
        "image": _("an image"),
        "audio": _("a sound recording"),
        "pdf": _("a PDF document"),
    }[kind]
