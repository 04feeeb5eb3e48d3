"""Small real files for attachment tests, made here rather than shipped: a PDF (Qt's own PDF
writer), a WAV recording, and photos with metadata (tests/test_attachments.py)."""

from __future__ import annotations

import math
import struct

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one line of text per page."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    painter = QPainter(writer)
    for index, text in enumerate(pages):
        if index:
            writer.newPage()
        painter.drawText(100, 200, text)
    painter.end()
    buffer.close()
    return bytes(data.data())


def wav_bytes(seconds: float = 1.5, rate: int = 8000) -> bytes:
    """A mono 16-bit PCM WAV holding a 440 Hz tone."""
    frames = int(seconds * rate)
    samples = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate))) for n in range(frames)
    )
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(samples),
        b"WAVE",
        b"fmt ",
        16,
        1,
        1,
        rate,
        rate * 2,
        2,
        16,
        b"data",
        len(samples),
    )
    return header + samples


def photo_with_location(canary: bytes) -> bytes:
    """A real JPEG (Qt's encoder) with an EXIF segment holding `canary` where a phone camera
    writes the location; the working copy must lose it."""
    image = QImage(24, 16, QImage.Format.Format_RGB32)
    image.fill(QColor(90, 140, 200))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPG")
    plain = bytes(data.data())
    body = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00" + canary
    return plain[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + plain[2:]
