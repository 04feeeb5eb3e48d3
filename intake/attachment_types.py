"""What kind of file an attachment is, judged by its first bytes, never by its name alone.

The kind decides how the app shows it (image, audio, PDF, plain text, or "other": save a copy
only). A name that claims a kind the content does not have (`photo.jpg` holding anything but a
JPEG) is refused with a clear message: the viewer would fail on it, and a disguised file is
exactly what should not slip into evidence unnoticed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import PurePath

from intake.errors import BadInputError
from intake.i18n import _

# Enough for every signature below.
SNIFF_BYTES = 1024  # PDF readers accept a header anywhere in the first 1 KiB


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
    ".m4b": FileType("audio", "audio/mp4"),
    ".txt": TEXT,
}
# An MP4 (ISO base media) file whose brands do not say audio: it may be a video, so the app
# offers only to save it (see `_mp4`).
MP4 = FileType("other", "video/mp4")

# Byte order marks, longest first: FF FE 00 00 is UTF-32 before it is UTF-16.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Brands of MP4 files that only ever hold sound (iTunes audio and audiobooks).
_AUDIO_BRANDS = {b"M4A ", b"M4B "}
# General-purpose brands, written by phone voice recorders for .m4a files and by cameras and
# screen recorders for videos alike.
_GENERIC_MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"dash",
    b"qt  ",
}
# MP3 has no real signature: an ID3 tag or a bare frame sync (two bytes many files start with).
# Taken as a recording only when the name says .mp3 too, so that no other file reaches the
# player by its first two bytes alone.
_WEAK_MP3 = FileType("audio", "audio/mpeg")


def sniff(head: bytes) -> FileType | None:
    """The type the content itself shows, or None."""
    # First: a UTF-16 byte order mark (FF FE) is also an MPEG audio frame sync.
    if _bom_text(head):
        return TEXT
    checks: tuple[tuple[bool, FileType], ...] = (
        (head.startswith(b"\xff\xd8\xff"), JPEG),
        (head.startswith(b"\x89PNG\r\n\x1a\n"), PNG),
        (head.startswith((b"GIF87a", b"GIF89a")), _BY_EXTENSION[".gif"]),
        (head[:4] == b"RIFF" and head[8:12] == b"WEBP", _BY_EXTENSION[".webp"]),
        (head.startswith(b"%PDF-"), _BY_EXTENSION[".pdf"]),
        (head.startswith(b"ID3") or _mpeg_audio_frame(head), _WEAK_MP3),
        (head.startswith(b"OggS"), _BY_EXTENSION[".ogg"]),
        # RF64: the WAVE format of long field recordings (over 4 GiB).
        (head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE", _BY_EXTENSION[".wav"]),
        (head.startswith(b"fLaC"), _BY_EXTENSION[".flac"]),
    )
    return next((file_type for matched, file_type in checks if matched), _mp4(head))


def _mp4(head: bytes) -> FileType | None:
    """An MP4 file by its `ftyp` box: audio when its major or a compatible brand is an audio-only
    one; else MP4 (kind "other") when it names a general-purpose brand."""
    if head[4:8] != b"ftyp":
        return None
    box = int.from_bytes(head[:4], "big")
    brands = {head[8:12]} | {head[at : at + 4] for at in range(16, min(box, len(head)) - 3, 4)}
    if brands & _AUDIO_BRANDS:
        return _BY_EXTENSION[".m4a"]
    return MP4 if head[8:12] in _GENERIC_MP4_BRANDS else None


def _bom_text(head: bytes) -> bool:
    """Whether `head` starts with a byte order mark and reads as text in that encoding after it
    (the end of `head` may cut a character)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(head[len(bom) :], final=False)
            except UnicodeDecodeError:
                return False
            return not any(ord(ch) < 0x20 and ch not in "\t\n\r\f" for ch in text)
    return False


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
    actual = _reconciled(claimed, head)
    strict = claimed is not None and claimed.kind in ("image", "audio", "pdf")
    if strict and claimed is not None and (actual is None or actual.kind != claimed.kind):
        raise BadInputError(
            _(
                "“{name}” is named like {what}, but its content is not one. Nothing was added; "
                "check the file."
            ).format(name=file_name, what=_kind_name(claimed.kind))
        )
    if actual is TEXT:
        # As for text without a byte order mark: shown as text only when named so.
        return TEXT if claimed is TEXT else OTHER
    if actual is not None:
        return actual
    if claimed is TEXT and _looks_like_text(head):
        return TEXT
    return OTHER


def _reconciled(claimed: FileType | None, head: bytes) -> FileType | None:
    """What the content shows, where the name may settle what the content leaves open."""
    actual = sniff(head)
    mp3 = _BY_EXTENSION[".mp3"]
    if actual is _WEAK_MP3:
        actual = mp3 if claimed is mp3 else None
    pdf = _BY_EXTENSION[".pdf"]
    if actual is None and claimed is pdf and b"%PDF-" in head[:SNIFF_BYTES]:
        return pdf  # a few bytes before the header, which PDF readers accept
    if claimed is not None and claimed.media_type == "audio/mp4" and actual is MP4:
        # A general-purpose MP4 named .m4a or .m4b: what phone voice recorders write. Played as
        # sound; were it a video after all, the player plays its sound track or nothing, and
        # nothing else happens (no file, no other program).
        return claimed
    if (
        claimed is not None
        and claimed.media_type == "audio/mpeg"
        and actual is TEXT
        and _mpeg_audio_frame(head)
    ):
        # FF FE is both a UTF-16 byte order mark and an MPEG audio frame header (layer I):
        # named .mp3, it is taken as the recording it claims to be.
        return claimed
    return actual


def _kind_name(kind: str) -> str:
    return {
        "image": _("an image"),
        "audio": _("a sound recording"),
        "pdf": _("a PDF document"),
    }[kind]
