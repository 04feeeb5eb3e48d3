"""The metadata strippers (intake/image_metadata.py): allow-lists for JPEG and PNG, the whole file
parsed as a stream (segments between scans, data after the end), byte-exact copies of the
picture, bounded memory, hostile input, and what the vault does with a damaged image."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import struct
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter

from crypto.kdf import MINIMUM
from intake import i18n
from intake.attachments import CHUNK_BYTES
from intake.bundle_attachments import _LABEL
from intake.errors import BadInputError
from intake.image_metadata import DamagedImageError, ImageFormatError, JpegStripper, PngStripper
from intake.metadata_labels import METADATA_NOT_REMOVED, describe_removed
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc
from tests.test_attachments import GPS_CANARY, _exif_with_gps

Stripper = JpegStripper | PngStripper

# -- building images ------------------------------------------------------------------------


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


SOI, EOI = b"\xff\xd8", b"\xff\xd9"
JFIF = _segment(0xE0, b"JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x00\x00")
DQT = _segment(0xDB, b"\x00" + bytes(range(1, 65)))
SOF0 = _segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
DHT = _segment(0xC4, b"\x00" + bytes([0, 1] + [0] * 14) + b"\x00")
SOS = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
ICC = _segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + bytes(range(128)))
ADOBE = _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
COMMENT = _segment(0xFE, b"taken at " + GPS_CANARY)
XMP = _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + GPS_CANARY + b"</x:xmpmeta>")
EXIF_GPS = _exif_with_gps()
# Entropy-coded data with what a parser must not take for markers: stuffed 0xFF 0x00 bytes and
# restart markers, at the start, in the middle and at the end.
SCAN = (
    b"\xff\x00\x12\x34\xff\xd0\x56\xff\x00\xff\x00\x78\xff\xd7\x9a\xff\xd3"
    + os.urandom(3000).replace(b"\xff", b"\xff\x00")
    + b"\xbc\xff\x00"
)
SCAN2 = os.urandom(500).replace(b"\xff", b"\xff\x00") + b"\xff\xd1\x01\xff\x00"
MP4_TRAILER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(2000)


def _jpeg(*, before: bytes = b"", between: bytes = b"", after: bytes = b"") -> bytes:
    """A two-scan JPEG (structurally valid, not meant for a decoder) with `before` after SOI,
    `between` between the scans and `after` after EOI."""
    return SOI + before + JFIF + DQT + SOF0 + DHT + SOS + SCAN + between + DHT + SOS + SCAN2 + EOI + after


def _chunk(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH, HEIGHT = 4, 3
IHDR = _chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0))
_PIXELS = zlib.compress(b"".join(b"\x00" + bytes([200, 30, 60]) * WIDTH for _ in range(HEIGHT)))
IDAT1, IDAT2 = _chunk(b"IDAT", _PIXELS[:10]), _chunk(b"IDAT", _PIXELS[10:])
IEND = _chunk(b"IEND")
GAMA = _chunk(b"gAMA", struct.pack(">I", 45455))
PHYS = _chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
ICCP = _chunk(b"iCCP", b"Display P3\x00\x00" + zlib.compress(bytes(200)))
TEXT = _chunk(b"tEXt", b"Comment\x00" + GPS_CANARY)
ITXT = _chunk(b"iTXt", b"Description\x00\x00\x00ru\x00\x00" + GPS_CANARY)
ZTXT = _chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(GPS_CANARY))
EXIF_CHUNK = _chunk(b"eXIf", EXIF_GPS[10:])  # the TIFF data, without JPEG's "Exif\0\0"
TIME = _chunk(b"tIME", struct.pack(">HBBBBB", 2026, 11, 22, 3, 4, 5))
CABX = _chunk(b"caBX", b"\x00\x00\x00\x10jumb" + GPS_CANARY)
PRIVATE = _chunk(b"prVt", GPS_CANARY)


def _png(*, before: bytes = b"", between: bytes = b"", after: bytes = b"", trailer: bytes = b"") -> bytes:
    return PNG_SIGNATURE + IHDR + before + IDAT1 + between + IDAT2 + after + IEND + trailer


def _strip(stripper: Stripper, data: bytes, piece: int = 1 << 20) -> bytes:
    out = b"".join(stripper.feed(data[at : at + piece]) for at in range(0, len(data), piece))
    return out + stripper.finish()


def _qt_image(*, progressive: bool = False, fmt: bytes = b"jpeg") -> bytes:
    image = QImage(40, 24, QImage.Format.Format_RGB32)
    for x in range(40):
        for y in range(24):
            image.setPixelColor(x, y, QColor(x * 6, y * 10, 120))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(fmt))
    writer.setProgressiveScanWrite(progressive)
    assert writer.write(image)
    return bytes(data.data())


def _decodes(data: bytes) -> bool:
    return not QImage.fromData(data).isNull()


def _png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG whose every CRC checks and which ends at IEND."""
    assert data[:8] == PNG_SIGNATURE
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        assert crc == zlib.crc32(kind + body), kind
        kinds.append(kind)
        at += 12 + length
    assert at == len(data) and kinds[-1] == b"IEND"
    return kinds


# -- JPEG -----------------------------------------------------------------------------------


def test_metadata_between_the_scans_of_a_progressive_jpeg_is_removed(qapp: Any) -> None:
    plain = _qt_image(progressive=True)
    scans = [m.start() for m in re.finditer(b"\xff\xda", plain)]
    assert len(scans) >= 2
    second = scans[1]
    data = plain[:second] + EXIF_GPS + COMMENT + _segment(0xEB, b"JP\x00\x00" + GPS_CANARY) + plain[second:]
    assert _decodes(data)
    stripper = JpegStripper()
    working = _strip(stripper, data)
    assert working == plain
    assert stripper.removed == ["EXIF GPS", "comment", "APP11"]
    assert GPS_CANARY not in working and _decodes(working)


def test_everything_after_the_end_marker_goes_a_second_picture_or_a_video(qapp: Any) -> None:
    plain = _qt_image()
    mpf = _segment(0xE2, b"MPF\x00MM\x00*\x00\x00\x00\x08" + bytes(40))
    second_picture = SOI + EXIF_GPS + plain[2:]
    stripper = JpegStripper()
    working = _strip(stripper, plain[:2] + mpf + plain[2:] + second_picture)
    assert working == plain and stripper.removed == ["MPF", "trailing data"]
    assert GPS_CANARY not in working and _decodes(working)

    stripper = JpegStripper()
    assert _strip(stripper, plain + MP4_TRAILER) == plain
    assert stripper.removed == ["trailing data"]

    # Padding says nothing: nothing to report (and no working copy is needed for it).
    stripper = JpegStripper()
    assert _strip(stripper, plain + bytes(300) + b"\xff" * 20) == plain
    assert stripper.removed == []


def test_the_picture_is_copied_byte_for_byte_stuffing_and_restart_markers_included() -> None:
    data = _jpeg(before=EXIF_GPS + XMP, between=COMMENT + EXIF_GPS, after=MP4_TRAILER)
    stripper = JpegStripper()
    assert _strip(stripper, data) == _jpeg()
    assert stripper.removed == ["EXIF GPS", "XMP", "comment", "trailing data"]


def test_a_jpeg_with_nothing_to_remove_comes_out_unchanged() -> None:
    data = SOI + JFIF + ADOBE + DQT + SOF0 + DHT + _segment(0xDD, b"\x00\x04") + SOS + SCAN + EOI
    stripper = JpegStripper()
    assert _strip(stripper, data) == data and stripper.removed == []


def test_a_colour_profile_goes_it_can_name_the_camera_or_screen() -> None:
    stripper = JpegStripper()
    working = _strip(stripper, SOI + JFIF + ICC + DQT + SOF0 + DHT + SOS + SCAN + EOI)
    assert working == SOI + JFIF + DQT + SOF0 + DHT + SOS + SCAN + EOI
    assert stripper.removed == ["colour profile"]


@pytest.mark.parametrize(
    "segment",
    [
        _segment(0xDC, b"\x00\x08" + GPS_CANARY),  # a line count with room to spare
        _segment(0xDD, b"\x00\x04" + GPS_CANARY),  # a restart interval, likewise
        _segment(0xDB, b"\x00" + bytes(range(1, 65)) + GPS_CANARY),  # a table and then text
        _segment(0xC4, b"\x00" + bytes([0, 1] + [0] * 14) + b"\x00" + GPS_CANARY),
        _segment(0xCC, b"\x00" + GPS_CANARY[:2]),  # an odd-length arithmetic table
    ],
)
def test_a_picture_segment_that_could_carry_more_than_its_numbers_is_not_cleaned(segment: bytes) -> None:
    """Kept segments are checked to hold exactly their numbers; one with room for text means the
    file is not what cameras write: it is kept as received and marked, never passed as clean."""
    stripper = JpegStripper()
    with pytest.raises(DamagedImageError):
        _strip(stripper, SOI + JFIF + DQT + SOF0 + DHT + segment + SOS + SCAN + EOI)


def test_the_adobe_segment_keeps_only_its_standard_fields() -> None:
    long_adobe = _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01" + GPS_CANARY)
    stripper = JpegStripper()
    working = _strip(stripper, SOI + long_adobe + DQT + SOF0 + DHT + SOS + SCAN + EOI)
    assert working == SOI + ADOBE + DQT + SOF0 + DHT + SOS + SCAN + EOI
    assert GPS_CANARY not in working and stripper.removed == ["other"]


def test_the_jfif_thumbnail_goes_and_the_header_says_so() -> None:
    thumbnail = bytes(range(2 * 3 * 3))
    jfif = _segment(0xE0, b"JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x02\x03" + thumbnail)
    jfxx = _segment(0xE0, b"JFXX\x00\x10" + bytes(200))
    stripper = JpegStripper()
    working = _strip(stripper, SOI + jfif + jfxx + DQT + SOF0 + DHT + SOS + SCAN + EOI)
    assert working == SOI + JFIF[:-2] + b"\x00\x00" + DQT + SOF0 + DHT + SOS + SCAN + EOI
    assert working[2:6] == b"\xff\xe0\x00\x10"  # the APP0 length matches its 14 bytes
    assert stripper.removed == ["thumbnail"]


def test_jpeg_segments_outside_the_allow_list_go_with_a_label() -> None:
    segments = [
        (_segment(0xE1, b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"), "EXIF"),
        (_segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + bytes(40)), "XMP"),
        (_segment(0xE1, b"something else"), "APP1"),
        (_segment(0xE2, b"FPXR\x00" + bytes(10)), "APP2"),
        (_segment(0xE0, b"AVI1\x00" + bytes(10)), "APP0"),
        (_segment(0xED, b"Photoshop 3.0\x008BIM" + GPS_CANARY), "IPTC"),
        (_segment(0xE3, b"Meta" + GPS_CANARY), "APP3"),
        (_segment(0xEE, b"NotAdobe"), "APP14"),
        (_segment(0xEF, GPS_CANARY), "APP15"),
        (_segment(0xF0, GPS_CANARY), "other"),  # JPG0, reserved
        (_segment(0xC8, GPS_CANARY), "other"),  # JPG, reserved
        (b"\xff\x01", "other"),  # TEM: a marker without a length
    ]
    for segment, label in segments:
        stripper = JpegStripper()
        assert _strip(stripper, _jpeg(before=segment)) == _jpeg(), label
        assert stripper.removed == [label]


def test_every_split_of_a_jpeg_gives_the_same_working_copy() -> None:
    thumbnail_jfif = _segment(0xE0, b"JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x01\x01\x10\x20\x30")
    small_scan = b"\x11\xff\x00\x22\xff\xd0\x33\xff\xff\xff\x00\x44"
    data = (
        SOI + thumbnail_jfif + EXIF_GPS + DQT + SOF0 + DHT + SOS + small_scan
        + COMMENT + b"\xff\xff" + DHT + SOS + small_scan + EOI + b"\x00\x00ftyp" + GPS_CANARY
    )  # fmt: skip
    whole = JpegStripper()
    expected = _strip(whole, data)
    assert GPS_CANARY not in expected and b"\xff\x00\x22\xff\xd0\x33" in expected
    for cut in range(len(data) + 1):
        stripper = JpegStripper()
        assert stripper.feed(data[:cut]) + stripper.feed(data[cut:]) + stripper.finish() == expected, cut
        assert stripper.removed == whole.removed
    for piece in (1, 2, 3, 7, 4096):
        stripper = JpegStripper()
        assert _strip(stripper, data, piece) == expected, piece
        assert stripper.removed == whole.removed


@pytest.mark.parametrize(
    ("data", "damaged"),
    [
        pytest.param(b"\xff\xd8", False, id="only the start marker"),
        pytest.param(b"\xff\xd9", False, id="no start marker"),
        pytest.param(SOI + b"\xff\xe1\x00\x01" + _jpeg()[2:], False, id="length below 2"),
        pytest.param(SOI + b"\xff\xe1\x00\x00" + _jpeg()[2:], False, id="length 0"),
        pytest.param(SOI + b"\xff\xe1\xff\xff" + bytes(100), False, id="length beyond the end"),
        pytest.param(SOI + JFIF + b"\x00\x00" + DQT, False, id="no marker where one must be"),
        pytest.param(SOI + JFIF + EOI, False, id="ends before any scan"),
        pytest.param(SOI + JFIF + SOI + DQT, False, id="a second start marker"),
        pytest.param(SOI + DQT + SOS + SCAN + EOI, False, id="a scan before the frame header"),
        pytest.param(SOI + DQT + SOF0 + b"\xff\xd0" + SOS, False, id="restart marker outside a scan"),
        pytest.param(SOI + DQT + SOF0 + DHT + SOS + SCAN[:-3], True, id="cut in the scan"),
        pytest.param(_jpeg()[:-2], True, id="no end marker"),
        pytest.param(_jpeg()[:-1], True, id="half an end marker"),
        pytest.param(_jpeg(between=b"\xff\xfe\x00\x01"), True, id="length below 2 between scans"),
        pytest.param(_jpeg(between=b"\xff\xfe\xff\xff")[:-1000], True, id="length beyond the end later"),
        pytest.param(_jpeg(between=SOI), True, id="a start marker between scans"),
    ],
)
def test_malformed_jpegs_are_refused_or_found_damaged(data: bytes, damaged: bool) -> None:
    """Broken before the picture data begins: not a JPEG (refused). Broken after: damaged (kept
    as received, without a working copy)."""
    for piece in (1, len(data) or 1):
        with pytest.raises(ImageFormatError) as raised:
            _strip(JpegStripper(), data, piece)
        assert isinstance(raised.value, DamagedImageError) is damaged


def test_a_stripper_that_failed_stays_failed() -> None:
    stripper = JpegStripper()
    with pytest.raises(ImageFormatError):
        stripper.feed(b"\xff\xd8\x00")
    with pytest.raises(ImageFormatError):
        stripper.feed(b"\xff\xd9")
    with pytest.raises(ImageFormatError):
        stripper.finish()


# -- PNG ------------------------------------------------------------------------------------


def test_png_chunks_outside_the_allow_list_and_data_after_iend_go(qapp: Any) -> None:
    data = _png(
        before=TEXT + ITXT + ZTXT + EXIF_CHUNK + GAMA + TIME + CABX + PRIVATE + PHYS + ICCP,
        after=TEXT + TIME + PRIVATE,
        trailer=b"\x00\x00\x00\x18ftypisom" + GPS_CANARY,
    )
    assert _decodes(data)
    stripper = PngStripper()
    working = _strip(stripper, data)
    assert working == _png(before=GAMA + PHYS)
    assert stripper.removed == [
        "text",
        "EXIF GPS",
        "time",
        "C2PA",
        "other",
        "colour profile",
        "trailing data",
    ]
    assert _png_chunks(working) == [b"IHDR", b"gAMA", b"pHYs", b"IDAT", b"IDAT", b"IEND"]
    assert GPS_CANARY not in working and _decodes(working)


def test_a_png_with_nothing_to_remove_comes_out_unchanged() -> None:
    palette = PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 3, 0, 0, 0))
    kept = (
        _chunk(b"sBIT", b"\x08\x08\x08")
        + _chunk(b"cHRM", bytes(32))
        + _chunk(b"sRGB", b"\x00")
        + _chunk(b"cICP", b"\x01\x0d\x00\x01")
        + _chunk(b"PLTE", bytes(6))
        + _chunk(b"tRNS", b"\x00")
        + _chunk(b"bKGD", b"\x00")
        + _chunk(b"IDAT", zlib.compress(b"\x00\x00\x01"))
        + IEND
    )
    stripper = PngStripper()
    assert _strip(stripper, palette + kept) == palette + kept and stripper.removed == []


def test_png_animation_and_display_chunks_of_the_wrong_length_go() -> None:
    """APNG frames go (the still picture stays); a display chunk longer than its numbers could
    carry anything, so it goes too."""
    data = _png(
        before=_chunk(b"acTL", struct.pack(">II", 1, 0))
        + _chunk(b"fcTL", bytes(26))
        + _chunk(b"gAMA", GPS_CANARY),
        after=_chunk(b"fdAT", bytes(8)),
    )
    stripper = PngStripper()
    assert _strip(stripper, data) == _png()
    assert stripper.removed == ["animation", "other"]


def test_a_png_palette_of_the_wrong_length_is_not_cleaned() -> None:
    palette = PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 3, 0, 0, 0))
    with pytest.raises(DamagedImageError):
        _strip(PngStripper(), palette + _chunk(b"PLTE", bytes(7)) + _chunk(b"IDAT", b"") + IEND)


def test_real_png_pixel_data_is_copied_exactly(qapp: Any) -> None:
    plain = _qt_image(fmt=b"png")
    data = plain[:33] + TEXT + EXIF_CHUNK + plain[33:-12] + TIME + plain[-12:] + b"junk after the end"
    stripper = PngStripper()
    working = _strip(stripper, data, 5)
    assert working == plain and _decodes(working)
    assert stripper.removed == ["text", "EXIF GPS", "time", "trailing data"]


def test_a_damaged_chunk_that_is_dropped_anyway_does_not_matter() -> None:
    broken_text = bytearray(TEXT)
    broken_text[-1] ^= 0xFF
    stripper = PngStripper()
    assert _strip(stripper, _png(before=bytes(broken_text))) == _png()
    assert stripper.removed == ["text"]


def test_every_split_of_a_png_gives_the_same_working_copy() -> None:
    data = _png(before=TEXT + GAMA + EXIF_CHUNK, between=_chunk(b"IDAT"), after=TIME, trailer=b"junk")
    whole = PngStripper()
    expected = _strip(whole, data)
    assert expected == _png(before=GAMA, between=_chunk(b"IDAT"))
    for cut in range(len(data) + 1):
        stripper = PngStripper()
        assert stripper.feed(data[:cut]) + stripper.feed(data[cut:]) + stripper.finish() == expected, cut
        assert stripper.removed == whole.removed
    for piece in (1, 2, 3, 7, 4096):
        stripper = PngStripper()
        assert _strip(stripper, data, piece) == expected, piece
        assert stripper.removed == whole.removed


def _flip_last(chunk: bytes) -> bytes:
    return chunk[:-1] + bytes([chunk[-1] ^ 0x01])


@pytest.mark.parametrize(
    ("data", "damaged"),
    [
        pytest.param(PNG_SIGNATURE[:7], False, id="cut signature"),
        pytest.param(b"\x89PNG\r\n\x1a\x0a" + TEXT + IHDR + IDAT1 + IEND, False, id="not IHDR first"),
        pytest.param(PNG_SIGNATURE + _flip_last(IHDR) + IDAT1 + IEND, False, id="IHDR checksum"),
        pytest.param(
            PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 1, 8, 2, 0, 0, 0)) + IDAT1 + IEND,
            False,
            id="zero width",
        ),
        pytest.param(
            PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 3, 2, 0, 0, 0)) + IDAT1 + IEND,
            False,
            id="bad bit depth",
        ),
        pytest.param(_png(before=IHDR), False, id="second IHDR"),
        pytest.param(_png(before=_chunk(b"ABCD")), False, id="unknown critical chunk first"),
        pytest.param(_png(before=b"\x00\x00\x00\x00t3Xt\x00\x00\x00\x00"), False, id="not a chunk type"),
        pytest.param(_png(before=b"\x80\x00\x00\x00tEXt"), False, id="length over 2^31-1"),
        pytest.param(PNG_SIGNATURE + IHDR + GAMA + IEND, False, id="no image data"),
        pytest.param(PNG_SIGNATURE + IHDR + TEXT[:-3], False, id="cut before the image data"),
        pytest.param(_png(before=_flip_last(GAMA)), True, id="kept chunk's checksum"),
        pytest.param(_png(between=_chunk(b"ABCD")), True, id="unknown critical chunk later"),
        pytest.param(PNG_SIGNATURE + IHDR + _flip_last(IDAT1) + IDAT2 + IEND, True, id="IDAT checksum"),
        pytest.param(_png()[:-12], True, id="no IEND"),
        pytest.param(_png()[:-20], True, id="cut in IDAT"),
        pytest.param(_png()[:-12] + _chunk(b"IEND", b"x"), True, id="IEND with data"),
        pytest.param(_png(between=b"\x00\x00\x00\x00\x00\x00\x00\x00"), True, id="garbage after IDAT"),
    ],
)
def test_malformed_pngs_are_refused_or_found_damaged(data: bytes, damaged: bool) -> None:
    for piece in (1, len(data)):
        with pytest.raises(ImageFormatError) as raised:
            _strip(PngStripper(), data, piece)
        assert isinstance(raised.value, DamagedImageError) is damaged


# -- hostile input: memory and time -----------------------------------------------------------


def test_a_100_mib_idat_streams_through() -> None:
    stripper = PngStripper()
    assert stripper.feed(PNG_SIGNATURE + IHDR) == PNG_SIGNATURE + IHDR
    piece = os.urandom(1 << 20)
    header = struct.pack(">I", 100 << 20) + b"IDAT"
    assert stripper.feed(header) == header
    crc = zlib.crc32(b"IDAT")
    tracemalloc.start()
    try:
        for _ in range(100):
            assert stripper.feed(piece) == piece  # out as soon as in: nothing gathered
            crc = zlib.crc32(piece, crc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    end = struct.pack(">I", crc) + IEND
    assert stripper.feed(end) + stripper.finish() == end


@pytest.mark.parametrize("kind", [b"tEXt", b"IDAT"])
def test_a_chunk_claiming_two_gib_is_streamed_not_gathered(kind: bytes) -> None:
    stripper = PngStripper()
    stripper.feed(PNG_SIGNATURE + IHDR + struct.pack(">I", 0x7FFFFFFF) + kind)
    piece = bytes(1 << 20)
    tracemalloc.start()
    try:
        for _ in range(32):
            assert len(stripper.feed(piece)) == (len(piece) if kind == b"IDAT" else 0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 << 20
    with pytest.raises(ImageFormatError) as raised:
        stripper.finish()
    assert isinstance(raised.value, DamagedImageError) is (kind == b"IDAT")


def test_jpeg_segments_are_held_one_at_a_time() -> None:
    biggest = _segment(0xE1, b"Exif\x00\x00" + bytes(65533 - 6))
    assert len(biggest) == 65537
    piece = biggest * 16  # about 1 MiB, cutting segments anywhere
    stripper = JpegStripper()
    stripper.feed(SOI)
    tracemalloc.start()
    try:
        for _ in range(64):
            assert stripper.feed(piece) == b""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    assert _strip(stripper, DQT + SOF0 + SOS + SCAN + EOI) == DQT + SOF0 + SOS + SCAN + EOI


def test_a_million_tiny_png_chunks() -> None:
    data = _png(before=_chunk(b"prVt") * 1_000_000)
    stripper = PngStripper()
    assert _strip(stripper, data) == _png() and stripper.removed == ["other"]


def test_a_million_tiny_jpeg_segments() -> None:
    data = _jpeg(before=b"\xff\xfe\x00\x02" * 500_000, between=b"\xff\xfe\x00\x02" * 500_000)
    stripper = JpegStripper()
    assert _strip(stripper, data) == _jpeg() and stripper.removed == ["comment"]


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A stripper that loops for ever fails the test instead of hanging it."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _survives(stripper: Stripper, data: bytes, piece: int) -> None:
    with _time_limit(5):
        try:
            out = _strip(stripper, data, piece)
        except ImageFormatError:
            return
    assert len(out) <= len(data) + 2  # a rewritten JFIF header is the only thing that can grow


_marker_segments = st.lists(
    st.one_of(
        st.builds(_segment, st.integers(0, 255), st.binary(max_size=40)),
        st.binary(max_size=40),
        st.sampled_from([SOF0, SOS, DHT, EOI, b"\xff\xd0", b"\xff\x00", b"\xff\xff", JFIF]),
    ),
    max_size=12,
).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(tail=st.one_of(st.binary(max_size=3000), _marker_segments), piece=st.integers(1, 64))
def test_random_bytes_after_a_jpeg_start_raise_only_image_format_errors(tail: bytes, piece: int) -> None:
    _survives(JpegStripper(), SOI + tail, piece)
    _survives(JpegStripper(), SOI + DQT + SOF0 + SOS + tail, piece)


_png_chunks_strategy = st.lists(
    st.one_of(
        st.builds(
            _chunk,
            st.sampled_from([b"IDAT", b"tEXt", b"IEND", b"gAMA", b"eXIf", b"ABCD"]),
            st.binary(max_size=30),
        ),
        st.binary(max_size=30),
    ),
    max_size=8,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(tail=st.one_of(st.binary(max_size=2000), _png_chunks_strategy), piece=st.integers(1, 64))
def test_random_bytes_after_a_png_header_raise_only_image_format_errors(tail: bytes, piece: int) -> None:
    _survives(PngStripper(), PNG_SIGNATURE + IHDR + tail, piece)


# -- labels ---------------------------------------------------------------------------------


def test_labels_are_described_in_the_current_language() -> None:
    tokens = ["EXIF GPS", "EXIF", "XMP", "IPTC", "MPF", "comment", "thumbnail", "text", "time"]
    tokens += ["C2PA", "trailing data", "other", "APP3", "APP15", METADATA_NOT_REMOVED]
    assert all(_LABEL.fullmatch(token) and "," not in token for token in tokens)  # bundles carry them
    assert describe_removed("EXIF GPS") == "EXIF (with GPS location)"
    assert describe_removed("APP3") == "other metadata (JPEG APP3)"
    assert describe_removed("from a newer version") == "from a newer version"
    try:
        i18n.set_language("ru")
        described = [describe_removed(token) for token in tokens]
        assert describe_removed("APP16") == "APP16"
    finally:
        i18n.set_language("en")
    assert all(re.search("[а-яё]", text) for text in described), described
    assert described[0] == "EXIF (с координатами GPS)"


# -- in the vault ---------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with create_vault(tmp_path / "vault", PASSPHRASE, Role.FIELD, params=MINIMUM) as opened:
        yield opened


def _stored_rows(vault: Vault) -> tuple[int, ...]:
    return tuple(
        vault.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("attachment", "attachment_blob", "attachment_chunk")
    )


def _add(vault: Vault, tmp_path: Path, name: str, data: bytes) -> Any:
    source = tmp_path / name
    source.write_bytes(data)
    case_id = vault.store.create_case(case_doc("Дело с фотографиями")).case_id
    return vault.attachments.add_file(case_id, source)


@pytest.mark.parametrize("cut", [2, 100])
def test_a_jpeg_cut_short_is_kept_as_it_is_and_marked(
    vault: Vault, tmp_path: Path, qapp: Any, cut: int
) -> None:
    plain = _qt_image()
    data = (plain[:2] + EXIF_GPS + plain[2:])[:-cut]
    assert plain.index(b"\xff\xda") + len(EXIF_GPS) < len(data)  # cut after the scan began
    assert _decodes(data)  # what viewers do with it: show what there is
    added = _add(vault, tmp_path, "IMG_0043.jpg", data)
    assert added.metadata_not_removed and added.removed == ()
    assert added.working_sha256 is None and added.working_size is None
    assert added.sha256 == hashlib.sha256(data).hexdigest() and added.size == len(data)
    assert b"".join(vault.attachments.chunks(added.id)) == data
    assert _stored_rows(vault) == (1, 1, 1)  # the half-made working copy left nothing
    (column,) = vault.connection.execute("SELECT removed FROM attachment").fetchone()
    assert column == METADATA_NOT_REMOVED


def test_damage_found_after_several_chunks_drops_the_working_copy_written_so_far(
    vault: Vault, tmp_path: Path
) -> None:
    long_scan = os.urandom(3 * CHUNK_BYTES).replace(b"\xff", b"\xff\x00")
    data = SOI + EXIF_GPS + DQT + SOF0 + DHT + SOS + long_scan + b"\xff\xfe\x00\x01" + SCAN2 + EOI
    added = _add(vault, tmp_path, "big.jpeg", data)
    assert added.metadata_not_removed and added.working_sha256 is None
    assert b"".join(vault.attachments.chunks(added.id, original=True)) == data
    chunks = -(-len(data) // CHUNK_BYTES)
    assert _stored_rows(vault) == (1, 1, chunks)


def test_a_png_damaged_after_its_image_data_began_is_kept_and_marked(vault: Vault, tmp_path: Path) -> None:
    data = PNG_SIGNATURE + IHDR + TEXT + _flip_last(IDAT1) + IDAT2 + IEND
    added = _add(vault, tmp_path, "scan.png", data)
    assert added.metadata_not_removed and added.removed == () and added.working_sha256 is None
    assert b"".join(vault.attachments.chunks(added.id)) == data


def test_removed_tokens_reach_the_attachment_and_a_damaged_start_is_still_refused(
    vault: Vault, tmp_path: Path
) -> None:
    added = _add(vault, tmp_path, "motion.jpg", _jpeg(before=EXIF_GPS, after=MP4_TRAILER))
    assert added.removed == ("EXIF GPS", "trailing data") and not added.metadata_not_removed
    assert b"".join(vault.attachments.chunks(added.id)) == _jpeg()
    before = _stored_rows(vault)
    for name, data in [
        ("notes.jpg", b"\xef\xbb\xbfThese are notes, not a photo.\n" * 20),
        ("photo.jpg", "Это заметки, а не фото.".encode() * 20),
        ("photo.jpg", SOI + b"\xff\xe1\x00\x01" + os.urandom(2000)),
        ("photo.jpg", SOI + JFIF + DQT + SOF0),  # ends before any picture
        ("picture.png", PNG_SIGNATURE + _flip_last(IHDR) + IDAT1 + IEND),
    ]:
        with pytest.raises(BadInputError, match=r"not a valid image|named like an image"):
            _add(vault, tmp_path, name, data)
        assert _stored_rows(vault) == before
