"""Removing metadata from JPEG and PNG images without decoding them, as a stream.

The working copy of a photo must not carry where and when it was taken, or the camera's serial
number: EXIF (with its GPS block), XMP, IPTC, comments, PNG text chunks. Both formats are a
sequence of tagged segments, so the stripper drops the metadata segments and copies the rest
byte for byte: the picture itself is untouched (no re-encoding, no quality loss) and a hostile
file never reaches an image decoder here. The original, with everything in it, stays in the vault
as evidence.

What is kept on purpose: JPEG's JFIF (APP0) and Adobe (APP14) segments and ICC colour profiles
(APP2 "ICC_PROFILE"), PNG's colour chunks: without them colours or decoding go wrong. A side
effect worth saying: EXIF's orientation goes too, so a phone photo may show turned; the viewer
rotates.

Strippers are fed the file in any-sized pieces and return the bytes of the working copy as they
become known; `finish()` checks the file ended where its format says. Malformed input raises
ImageFormatError, a message without content.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

# A JPEG segment is at most 65,535 bytes; a PNG chunk header is 8.
_GPS_IFD_TAG = 0x8825


class ImageFormatError(Exception):
    """Not a well-formed image of the claimed format (content-free message)."""


class JpegStripper:
    """APP1 (EXIF, XMP), APP3-APP13, APP15 and COM go; after the first scan starts, everything is
    copied (metadata segments live before it)."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._started = False
        self._scanning = False
        self.removed: list[str] = []

    def feed(self, data: bytes) -> bytes:
        if self._scanning:
            return data
        self._buffer += data
        out = bytearray()
        if not self._started:
            if len(self._buffer) < 2:
                return b""
            if self._buffer[:2] != b"\xff\xd8":
                raise ImageFormatError("no JPEG start marker")
            out += self._buffer[:2]
            del self._buffer[:2]
            self._started = True
        while not self._scanning:
            segment = self._next_segment()
            if segment is None:
                break
            marker = segment[1]
            if marker == 0xDA:  # start of scan: the rest is image data
                out += segment
                out += self._buffer
                self._buffer = bytearray()
                self._scanning = True
                break
            label = _jpeg_metadata_label(marker, segment[4:])
            if label is None:
                out += segment
            elif label not in self.removed:
                self.removed.append(label)
        return bytes(out)

    def _next_segment(self) -> bytes | None:
        """The next whole marker segment, or None until more bytes arrive."""
        while len(self._buffer) >= 2 and self._buffer[0] == 0xFF and self._buffer[1] == 0xFF:
            del self._buffer[:1]  # fill bytes
        if len(self._buffer) < 4:
            return None
        if self._buffer[0] != 0xFF:
            raise ImageFormatError("expected a JPEG marker")
        (length,) = struct.unpack_from(">H", self._buffer, 2)
        if length < 2:
            raise ImageFormatError("bad JPEG segment length")
        if len(self._buffer) < 2 + length:
            return None
        segment = bytes(self._buffer[: 2 + length])
        del self._buffer[: 2 + length]
        return segment

    def finish(self) -> bytes:
        if not self._scanning:
            raise ImageFormatError("the JPEG ends before its image data")
        return b""


def _jpeg_metadata_label(marker: int, body: bytes) -> str | None:
    """What a segment is, if it is metadata to remove; None to keep it."""
    if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
        return "EXIF GPS" if _exif_has_gps(body[6:]) else "EXIF"
    if marker == 0xE1:
        return "XMP" if body.startswith(b"http://ns.adobe.com/") else "APP1"
    labels = {0xE2: "APP2", 0xED: "IPTC", 0xFE: "comment"}
    if marker == 0xE2 and body.startswith(b"ICC_PROFILE\x00"):
        return None
    if marker in labels:
        return labels[marker]
    if 0xE3 <= marker <= 0xEF and marker != 0xEE:
        return f"APP{marker - 0xE0}"
    return None


def _exif_has_gps(tiff: bytes) -> bool:
    """Whether IFD0 of an EXIF block points at a GPS block (bounds-checked; a malformed block
    simply says no: it is removed either way)."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return False
    order = "<" if tiff[:2] == b"II" else ">"
    (offset,) = struct.unpack_from(order + "I", tiff, 4)
    if offset + 2 > len(tiff):
        return False
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    for index in range(min(count, 1000)):
        entry = offset + 2 + 12 * index
        if entry + 2 > len(tiff):
            return False
        (tag,) = struct.unpack_from(order + "H", tiff, entry)
        if tag == _GPS_IFD_TAG:
            return True
    return False


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_METADATA = {b"tEXt": "text", b"zTXt": "text", b"iTXt": "text", b"eXIf": "EXIF", b"tIME": "time"}


class PngStripper:
    """Text chunks, eXIf and tIME go; every chunk's CRC is checked, large chunks stream through."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._signature_seen = False
        self._remaining = 0  # bytes of the current chunk's data and CRC still to come
        self._data_left = 0  # of which data (the rest is the CRC)
        self._keep = True
        self._crc = 0
        self._crc_tail = bytearray()
        self._ended = False
        self.removed: list[str] = []

    def feed(self, data: bytes) -> bytes:
        self._buffer += data
        out = bytearray()
        if not self._signature_seen:
            if len(self._buffer) < len(_PNG_SIGNATURE):
                return b""
            if self._buffer[:8] != _PNG_SIGNATURE:
                raise ImageFormatError("no PNG signature")
            out += self._buffer[:8]
            del self._buffer[:8]
            self._signature_seen = True
        while self._buffer:
            if self._ended:
                raise ImageFormatError("data after the PNG end")
            if self._remaining == 0:
                if len(self._buffer) < 8:
                    break
                length, kind = struct.unpack_from(">I4s", self._buffer, 0)
                if length > 0x7FFFFFFF or not kind.isalpha():
                    raise ImageFormatError("bad PNG chunk")
                label = _PNG_METADATA.get(kind)
                self._keep = label is None
                if label is not None and label not in self.removed:
                    self.removed.append(label)
                if self._keep:
                    out += self._buffer[:8]
                self._crc = zlib.crc32(kind)
                self._remaining = length + 4
                self._data_left = length
                self._ended = kind == b"IEND"
                del self._buffer[:8]
            take = min(self._remaining, len(self._buffer))
            piece = bytes(self._buffer[:take])
            del self._buffer[:take]
            self._consume(piece)
            if self._keep:
                out += piece
        return bytes(out)

    def _consume(self, piece: bytes) -> None:
        data_part = piece[: self._data_left]
        self._crc = zlib.crc32(data_part, self._crc)
        self._data_left -= len(data_part)
        self._crc_tail += piece[len(data_part) :]
        self._remaining -= len(piece)
        if self._remaining == 0:
            if struct.unpack(">I", bytes(self._crc_tail))[0] != self._crc & 0xFFFFFFFF:
                raise ImageFormatError("PNG chunk CRC mismatch")
            self._crc_tail = bytearray()

    def finish(self) -> bytes:
        if not self._ended or self._remaining or self._buffer:
            raise ImageFormatError("the PNG ends early")
        return b""


Stripper = JpegStripper | PngStripper
_STRIPPERS: dict[str, Callable[[], Stripper]] = {"image/jpeg": JpegStripper, "image/png": PngStripper}


def stripper_for(media_type: str) -> Stripper | None:
    """A stripper for this image type, or None when the app cannot remove its metadata."""
    make = _STRIPPERS.get(media_type)
    return None if make is None else make()
