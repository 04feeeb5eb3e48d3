"""Removing metadata from JPEG and PNG images without decoding them, as a stream.

The working copy of a photo must not carry where and when it was taken, or the camera's serial
number: EXIF (with its GPS block), XMP, IPTC, comments, PNG text chunks, and whatever a camera or
phone appends after the picture (a second picture with its own EXIF, a Motion Photo's video). Both
formats are a sequence of tagged segments, so the stripper copies, byte for byte, only the
segments that make up the picture and drops everything else: the picture itself is untouched (no
re-encoding, no quality loss) and a hostile file never reaches an image decoder here. The
original, with everything in it, stays in the vault as evidence.

It is an allow-list, because a deny-list lets through whatever its authors did not think of.
Kept, besides the picture itself: JPEG's JFIF header (APP0, without its thumbnail), the Adobe
segment (APP14) and ICC colour profiles (APP2 "ICC_PROFILE"); PNG's colour, transparency, pixel
size and animation chunks. Without them colours or decoding go wrong; they hold numbers, except a
colour profile's name and description, which name a colour space, not a person. A side effect
worth saying: EXIF's orientation goes too, so a phone photo may show turned; the viewer rotates.

Strippers are fed the file in any-sized pieces and return the bytes of the working copy as they
become known; they hold at most one JPEG marker segment (65,537 bytes) or one PNG chunk header,
and stream everything else. `finish()` checks the file ended where its format says. `removed`
lists what was left out, as stable tokens (intake/metadata_labels.py).

Malformed input raises ImageFormatError, a message without content: the file is not an image of
its claimed format (refused). DamagedImageError, a subclass, means the file is one until its
picture data has begun (JPEG: the first scan's header; PNG: the first IDAT), or up to a checksum,
and damaged after that: cut short, garbled. Viewers usually show such files, so the caller keeps
them as received, without a working copy, and says the metadata could not be removed.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import NoReturn

from intake import metadata_labels as labels

_GPS_IFD_TAG = 0x8825
# A step of a stripper: takes the piece and where to go on in it, appends to the output, and
# says how far it got.
_Step = Callable[[bytes, int, list[bytes]], int]


class ImageFormatError(Exception):
    """Not a well-formed image of the claimed format (content-free message)."""


class DamagedImageError(ImageFormatError):
    """An image of the claimed format that is damaged after its picture data began (or only in a
    checksum): kept as received, its metadata cannot be removed (content-free message)."""


class _Stripper:
    """What both strippers share: the list of what went, trailing data after the image's end, and
    failing for good."""

    def __init__(self) -> None:
        self.removed: list[str] = []
        self._state = 0
        self._held = bytearray()
        self._picture = False  # the picture data has begun: later faults are damage
        self._failed = False
        self._steps: tuple[_Step, ...] = ()
        self._trailing = -1  # the state after the image's end

    def feed(self, data: bytes) -> bytes:
        if self._failed:
            raise ImageFormatError("the image was already found malformed")
        out: list[bytes] = []
        pos = 0
        while pos < len(data):
            pos = self._steps[self._state](data, pos, out)
        return b"".join(out)

    def _label(self, label: str) -> None:
        if label not in self.removed:
            self.removed.append(label)

    def _collect(self, data: bytes, pos: int, size: int) -> int:
        """Moves bytes into `_held` until it holds `size`."""
        piece = data[pos : pos + size - len(self._held)]
        self._held += piece
        return pos + len(piece)

    def _trailer(self, data: bytes, pos: int, out: list[bytes]) -> int:
        # Padding (zero or 0xFF bytes) says nothing; anything else after the end is what phones
        # append: a second picture with its own EXIF and GPS, a video, a vendor's records.
        if labels.TRAILING_DATA not in self.removed and data[pos:].translate(None, b"\x00\xff"):
            self._label(labels.TRAILING_DATA)
        return len(data)

    def _fail(self, reason: str, *, damage: bool = False) -> NoReturn:
        self._failed = True
        if self._picture or damage:
            raise DamagedImageError(reason)
        raise ImageFormatError(reason)

    def _finished(self, reason: str) -> bytes:
        if self._failed:
            raise ImageFormatError("the image was already found malformed")
        if self._state != self._trailing:
            self._fail(reason)
        return b""


# -- JPEG -----------------------------------------------------------------------------------

_SOI, _EOI, _SOS, _TEM = 0xD8, 0xD9, 0xDA, 0x01
# The picture itself: frame headers SOF0-SOF15 with the tables among their codes (DHT 0xC4, DAC
# 0xCC; JPG 0xC8 is reserved and goes), scans (SOS), quantisation tables (DQT), restart interval
# (DRI) and line count (DNL). Numbers only, and each is checked to hold exactly its numbers
# (`_jpeg_shape_ok`): a kept segment must not be able to carry anything else. The hierarchical
# mode's DHP and EXP go (no common decoder supports it).
_DHT, _DAC, _DQT, _DRI, _DNL = 0xC4, 0xCC, 0xDB, 0xDD, 0xDC
_JPEG_PICTURE = (frozenset(range(0xC0, 0xD0)) - {0xC8}) | {0xDA, _DQT, _DNL, _DRI}
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {_DHT, 0xC8, _DAC}
_ADOBE_BODY = 12  # "Adobe", version, two flag words, colour transform
_JFIF_HEADER = 14  # "JFIF\0", version, units, densities, thumbnail width and height

_J_START, _J_MARKER, _J_SEGMENT, _J_SCAN, _J_TRAILER = range(5)


class JpegStripper(_Stripper):
    """Keeps the picture's segments, the JFIF header without its thumbnail, Adobe and ICC
    segments; drops every other segment, and everything after the end marker."""

    def __init__(self) -> None:
        super().__init__()
        self._size = 2  # the bytes `_held` needs: the start marker, then a segment
        self._after_ff = False  # a 0xFF was read; the byte after it decides what it is
        self._frame = False  # a frame header (SOFn) came
        self._steps = (self._start, self._marker, self._segment, self._scan, self._trailer)
        self._trailing = _J_TRAILER

    def finish(self) -> bytes:
        return self._finished("the JPEG ends before its end marker")

    def _start(self, data: bytes, pos: int, out: list[bytes]) -> int:
        pos = self._collect(data, pos, 2)
        if len(self._held) == 2:
            if self._held != b"\xff\xd8":
                self._fail("no JPEG start marker")
            out.append(b"\xff\xd8")
            self._held = bytearray()
            self._state = _J_MARKER
        return pos

    def _marker(self, data: bytes, pos: int, out: list[bytes]) -> int:
        byte = data[pos]
        if not self._after_ff:
            if byte != 0xFF:
                self._fail("expected a JPEG marker")
            self._after_ff = True
        elif byte != 0xFF:  # more 0xFF are fill bytes before a marker: they carry nothing
            self._after_ff = False
            self._begin(byte, out)
        return pos + 1

    def _begin(self, marker: int, out: list[bytes]) -> None:
        """After 0xFF and `marker`, outside the scan data."""
        if marker == _EOI:
            if not self._picture:
                self._fail("the JPEG ends before its image data")
            out.append(b"\xff\xd9")
            self._state = _J_TRAILER
        elif marker in (0x00, _SOI) or 0xD0 <= marker <= 0xD7:
            self._fail("a JPEG marker out of place")
        elif marker == _TEM:  # reserved, without a length
            self._label(labels.OTHER)
            self._state = _J_MARKER
        else:
            self._held = bytearray((0xFF, marker))
            self._size = 4
            self._state = _J_SEGMENT

    def _segment(self, data: bytes, pos: int, out: list[bytes]) -> int:
        pos = self._collect(data, pos, self._size)
        if len(self._held) < self._size:
            return pos
        if self._size == 4:  # the length just arrived
            (length,) = struct.unpack_from(">H", self._held, 2)
            if length < 2:
                self._fail("bad JPEG segment length")
            self._size = 2 + length
            if length > 2:
                return pos
        segment = bytes(self._held)
        self._held = bytearray()
        self._state = _J_MARKER
        marker = segment[1]
        if not _jpeg_shape_ok(marker, segment[4:]):
            # A picture segment with room for more than its numbers: not what cameras write, and
            # a place to hide anything. The file is kept as received, marked, not cleaned.
            self._fail("a JPEG segment of the wrong shape", damage=True)
        if marker == _SOS:
            if not self._frame:
                self._fail("a JPEG scan before its frame header")
            out.append(segment)
            self._picture = True
            self._state = _J_SCAN
            return pos
        self._frame = self._frame or marker in _JPEG_FRAMES
        kept, label = _jpeg_segment(segment)
        if kept:
            out.append(kept)
        if label is not None:
            self._label(label)
        return pos

    def _scan(self, data: bytes, pos: int, out: list[bytes]) -> int:
        """Entropy-coded data, copied as it is up to the next marker that is not part of it:
        0xFF 0x00 is a stuffed data byte, 0xFF 0xD0-0xD7 a restart marker."""
        if self._after_ff:  # the last piece ended with 0xFF
            byte = data[pos]
            if byte == 0xFF:
                return pos + 1  # the one before was fill: dropped
            self._after_ff = False
            if byte == 0x00 or 0xD0 <= byte <= 0xD7:
                out.append(bytes((0xFF, byte)))
            else:
                self._begin(byte, out)
            return pos + 1
        start = pos
        while True:
            at = data.find(b"\xff", pos)
            if at == -1:
                out.append(data[start:])
                return len(data)
            if at + 1 == len(data):
                out.append(data[start:at])
                self._after_ff = True
                return len(data)
            byte = data[at + 1]
            if byte == 0x00 or 0xD0 <= byte <= 0xD7:
                pos = at + 2
                continue
            out.append(data[start:at])
            if byte == 0xFF:
                start = pos = at + 1
                continue
            self._begin(byte, out)
            return at + 2


def _jpeg_segment(segment: bytes) -> tuple[bytes, str | None]:
    """What of a whole marker segment goes into the working copy (b"": nothing), and the label of
    what was left out (None: nothing)."""
    marker, body = segment[1], segment[4:]
    if marker in _JPEG_PICTURE:
        return segment, None
    if marker == 0xE0 and body.startswith(b"JFIF\x00") and len(body) >= _JFIF_HEADER:
        # Version, units and density stay; the thumbnail (a small copy of the photo, which may
        # show what was cropped) goes, and the header says there is none.
        rewritten = b"\xff\xe0" + struct.pack(">H", 2 + _JFIF_HEADER) + body[:12] + b"\x00\x00"
        return rewritten, labels.THUMBNAIL if len(body) > _JFIF_HEADER else None
    if marker == 0xEE and body.startswith(b"Adobe") and len(body) >= _ADOBE_BODY:
        # Its colour transform flag is needed to decode CMYK and YCCK; anything after the
        # standard fields is not kept.
        rewritten = b"\xff\xee" + struct.pack(">H", 2 + _ADOBE_BODY) + body[:_ADOBE_BODY]
        return rewritten, labels.OTHER if len(body) > _ADOBE_BODY else None
    return b"", _jpeg_label(marker, body)


def _jpeg_shape_ok(marker: int, body: bytes) -> bool:
    """Whether a picture segment holds exactly its numbers (ITU T.81, B.2.2-B.2.5, B.5)."""
    if marker in _JPEG_FRAMES:
        return len(body) >= 6 and len(body) == 6 + 3 * body[5]
    check = _JPEG_SHAPES.get(marker)
    return True if check is None else check(body)


_JPEG_SHAPES: dict[int, Callable[[bytes], bool]] = {
    _SOS: lambda body: len(body) >= 1 and len(body) == 4 + 2 * body[0],
    _DRI: lambda body: len(body) == 2,
    _DNL: lambda body: len(body) == 2,
    _DAC: lambda body: len(body) % 2 == 0,
    _DQT: lambda body: _tables_fill(body, lambda at: 1 + 64 * (1 + (body[at] >> 4))),
    _DHT: lambda body: _tables_fill(
        body, lambda at: 17 + sum(body[at + 1 : at + 17]) if at + 17 <= len(body) else -1
    ),
}


def _tables_fill(body: bytes, size_at: Callable[[int], int]) -> bool:
    """Whether `body` is whole tables back to back, each as long as `size_at` says."""
    at = 0
    while at < len(body):
        size = size_at(at)
        if size <= 0:
            return False
        at += size
    return at == len(body)


def _jpeg_label(marker: int, body: bytes) -> str:
    if marker == 0xE1 and body.startswith(b"Exif\x00"):
        return labels.EXIF_GPS if _exif_has_gps(body[6:]) else labels.EXIF
    if marker == 0xE1 and body.startswith(b"http://ns.adobe.com/"):
        return labels.XMP
    known = {
        0xE0: labels.THUMBNAIL if body.startswith(b"JFXX\x00") else "APP0",
        0xE2: labels.MPF
        if body.startswith(b"MPF\x00")
        else labels.COLOUR_PROFILE
        if body.startswith(b"ICC_PROFILE\x00")
        else "APP2",
        0xED: labels.IPTC,
        0xFE: labels.COMMENT,
    }
    if marker in known:
        return known[marker]
    return f"APP{marker - 0xE0}" if 0xE0 <= marker <= 0xEF else labels.OTHER


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


# -- PNG ------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CRITICAL = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND"})
# Ancillary chunks that hold only numbers about how to show the picture, each at the length its
# numbers take (`_PNG_LENGTHS`; a longer one could carry anything and goes): transparency, gamma,
# chromaticities, sRGB intent, significant bits, background colour, pixel size, the PNG 3rd
# edition's colour chunks (cICP, mDCv, cLLI). Colour profiles (iCCP, and JPEG's ICC segments)
# go: a profile holds free text, a date and often the maker and model of the camera or screen
# (Apple's display profiles even a serial number); without it colours are shown as sRGB. APNG
# animation goes too: the still picture in IDAT stays.
_PNG_LENGTHS: dict[bytes, Callable[[int], bool]] = {
    b"tRNS": lambda n: 0 < n <= 256,
    b"gAMA": lambda n: n == 4,
    b"cHRM": lambda n: n == 32,
    b"sRGB": lambda n: n == 1,
    b"sBIT": lambda n: 1 <= n <= 4,
    b"bKGD": lambda n: n in (1, 2, 6),
    b"pHYs": lambda n: n == 9,
    b"cICP": lambda n: n == 4,
    b"mDCv": lambda n: n == 24,
    b"cLLI": lambda n: n == 8,
}
_PNG_KEPT = _PNG_CRITICAL | frozenset(_PNG_LENGTHS)
_PNG_LABELS = {
    b"iCCP": labels.COLOUR_PROFILE,
    b"acTL": labels.ANIMATION,
    b"fcTL": labels.ANIMATION,
    b"fdAT": labels.ANIMATION,
    b"tEXt": labels.TEXT,
    b"zTXt": labels.TEXT,
    b"iTXt": labels.TEXT,
    b"tIME": labels.TIME,
    b"caBX": labels.C2PA,
}
_PNG_MAX_LENGTH = 0x7FFFFFFF
_EXIF_SAMPLE = 65536  # of an eXIf chunk, enough to find its GPS pointer
# Bit depths each colour type allows (PNG specification, IHDR).
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}

_P_SIGNATURE, _P_HEADER, _P_DATA, _P_CRC, _P_TRAILER = range(5)


class PngStripper(_Stripper):
    """Keeps the critical chunks and the display chunks above, each checked against its CRC, and
    streams their data; drops every other chunk and everything after IEND."""

    def __init__(self) -> None:
        super().__init__()
        self._kind = b""
        self._left = 0  # data bytes of the current chunk still to come
        self._keep = False
        self._crc = 0
        self._sample: bytearray | None = None  # IHDR's data, or the start of an eXIf chunk
        self._header_seen = False  # a valid IHDR came
        self._steps = (self._signature, self._header, self._data, self._check, self._trailer)
        self._trailing = _P_TRAILER

    def finish(self) -> bytes:
        return self._finished("the PNG ends early")

    def _signature(self, data: bytes, pos: int, out: list[bytes]) -> int:
        pos = self._collect(data, pos, 8)
        if len(self._held) == 8:
            if self._held != _PNG_SIGNATURE:
                self._fail("no PNG signature")
            out.append(_PNG_SIGNATURE)
            self._held = bytearray()
            self._state = _P_HEADER
        return pos

    def _take(self, data: bytes, pos: int, size: int) -> tuple[bytes | None, int]:
        """`size` bytes, straight from the piece when they are all there (a file of many tiny
        chunks stays fast), else gathered across pieces; None until they are all there."""
        if not self._held and len(data) - pos >= size:
            return data[pos : pos + size], pos + size
        pos = self._collect(data, pos, size)
        if len(self._held) < size:
            return None, pos
        whole = bytes(self._held)
        self._held = bytearray()
        return whole, pos

    def _header(self, data: bytes, pos: int, out: list[bytes]) -> int:
        header, pos = self._take(data, pos, 8)
        if header is None:
            return pos
        length, kind = struct.unpack(">I4s", header)
        if length > _PNG_MAX_LENGTH or not kind.isalpha():
            self._fail("bad PNG chunk header")
        self._check_order(kind, length)
        self._kind, self._left, self._crc = kind, length, zlib.crc32(kind)
        fits = _PNG_LENGTHS.get(kind)
        self._keep = kind in _PNG_CRITICAL or (fits is not None and fits(length))
        self._sample = bytearray() if kind in (b"IHDR", b"eXIf") else None
        if self._keep:
            out.append(header)
        elif kind != b"eXIf":  # labelled once its content shows whether it holds GPS
            self._label(_PNG_LABELS.get(kind, labels.OTHER))
        self._state = _P_DATA if length else _P_CRC
        return pos

    def _check_order(self, kind: bytes, length: int) -> None:
        if not self._header_seen:
            if kind != b"IHDR" or length != 13:
                self._fail("the PNG does not start with its header")
        elif kind == b"IHDR":
            self._fail("a second PNG header")
        elif kind == b"IDAT":
            self._picture = True
        elif kind == b"PLTE" and (length == 0 or length % 3 or length > 768):
            self._fail("a PNG palette of the wrong length", damage=True)
        elif kind == b"IEND" and (length or not self._picture):
            self._fail("a PNG without image data, or a bad end chunk")
        elif kind[:1].isupper() and kind not in _PNG_CRITICAL:
            # No decoder can show a picture that needs a chunk it does not know.
            self._fail("an unknown critical PNG chunk")

    def _data(self, data: bytes, pos: int, out: list[bytes]) -> int:
        piece = data[pos : pos + self._left]
        self._crc = zlib.crc32(piece, self._crc)
        if self._keep:
            out.append(piece)
        if self._sample is not None and len(self._sample) < _EXIF_SAMPLE:
            self._sample += piece[: _EXIF_SAMPLE - len(self._sample)]
        self._left -= len(piece)
        if not self._left:
            self._state = _P_CRC
        return pos + len(piece)

    def _check(self, data: bytes, pos: int, out: list[bytes]) -> int:
        stored, pos = self._take(data, pos, 4)
        if stored is None:
            return pos
        # A dropped chunk's checksum does not matter: decoders skip a damaged ancillary chunk,
        # and the working copy leaves it out anyway. A kept one must be intact in the copy.
        if self._keep:
            if struct.unpack(">I", stored)[0] != self._crc:
                self._fail("PNG chunk CRC mismatch", damage=self._header_seen)
            out.append(stored)
        self._state = _P_HEADER
        if self._kind == b"IHDR":
            self._check_ihdr(bytes(self._sample or b""))
        elif self._kind == b"eXIf":
            tiff = bytes(self._sample or b"")
            tiff = tiff[6:] if tiff.startswith(b"Exif\x00") else tiff  # some writers keep JPEG's prefix
            self._label(labels.EXIF_GPS if _exif_has_gps(tiff) else labels.EXIF)
        elif self._kind == b"IEND":
            self._state = _P_TRAILER
        self._sample = None
        return pos

    def _check_ihdr(self, ihdr: bytes) -> None:
        width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", ihdr)
        if (
            not 0 < width <= _PNG_MAX_LENGTH
            or not 0 < height <= _PNG_MAX_LENGTH
            or depth not in _PNG_DEPTHS.get(colour, ())
            or (compression, filtering) != (0, 0)
            or interlace not in (0, 1)
        ):
            self._fail("a bad PNG header")
        self._header_seen = True


Stripper = JpegStripper | PngStripper
_STRIPPERS: dict[str, Callable[[], Stripper]] = {"image/jpeg": JpegStripper, "image/png": PngStripper}


def stripper_for(media_type: str) -> Stripper | None:
    """A stripper for this image type, or None when the app cannot remove its metadata."""
    make = _STRIPPERS.get(media_type)
    return None if make is None else make()
