"""Attachments in the store (intake/attachments.py): streamed in and out of the real SQLCipher
vault, metadata removed from the working copy of photos, and bad input leaving nothing behind."""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from crypto.kdf import MINIMUM
from intake.attachment_types import SNIFF_BYTES
from intake.attachments import CHUNK_BYTES, delete_original
from intake.errors import BadInputError, CancelledError, NotFoundError, StorageError
from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_settings import Role
from tests.mounts import tmpfs
from tests.support import PASSPHRASE, case_doc, find_markers

CANARY = "КАНАРЕЙКА-ВЛОЖЕНИЯ-4410"
GPS_CANARY = b"GPS-CANARY-55.7558N-37.6173E"


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with create_vault(tmp_path / "vault", PASSPHRASE, Role.FIELD, params=MINIMUM) as opened:
        yield opened


def _case(vault: Vault) -> str:
    return vault.store.create_case(case_doc("Дело с вложениями")).case_id


def _stored_rows(vault: Vault) -> tuple[int, int, int]:
    conn = vault.connection
    return tuple(  # type: ignore[return-value]
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("attachment", "attachment_blob", "attachment_chunk")
    )


def _image(fmt: str) -> bytes:
    image = QImage(16, 12, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 60))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


def _exif_with_gps() -> bytes:
    """An APP1 EXIF segment whose IFD0 has an ImageDescription and a pointer to a GPS block."""
    description = GPS_CANARY + b"\x00"
    ifd0_at, entries = 8, 2
    gps_at = ifd0_at + 2 + 12 * entries + 4
    text_at = gps_at + 2 + 12 + 4
    ifd0 = struct.pack("<H", entries)
    ifd0 += struct.pack("<HHII", 0x010E, 2, len(description), text_at)  # ImageDescription
    ifd0 += struct.pack("<HHII", 0x8825, 4, 1, gps_at)  # GPS IFD pointer
    ifd0 += struct.pack("<I", 0)
    gps = struct.pack("<H", 1) + struct.pack("<HHI4s", 0x0001, 2, 2, b"N\x00\x00\x00") + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", ifd0_at) + ifd0 + gps + description
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def _jpeg_with_gps() -> bytes:
    plain = _image("JPG")
    assert plain[:2] == b"\xff\xd8"
    comment = b"\xff\xfe" + struct.pack(">H", len(GPS_CANARY) + 2) + GPS_CANARY
    return plain[:2] + _exif_with_gps() + comment + plain[2:]


def _png_with_text() -> bytes:
    import zlib

    plain = _image("PNG")
    body = b"Comment\x00" + GPS_CANARY
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return plain[:33] + chunk + plain[33:]  # after the signature and IHDR


def _decodes(data: bytes) -> bool:
    return not QImage.fromData(data).isNull()


def _content(vault: Vault, attachment_id: str, *, original: bool = False) -> bytes:
    return b"".join(vault.attachments.chunks(attachment_id, original=original))


def test_a_file_goes_in_and_comes_out_unchanged(vault: Vault, tmp_path: Path) -> None:
    case_id = _case(vault)
    source = tmp_path / "отказ полиции.pdf"
    data = b"%PDF-1.4\n" + os.urandom(3 * CHUNK_BYTES + 123)
    source.write_bytes(data)
    seen: list[tuple[int, int]] = []
    added = vault.attachments.add_file(
        case_id, source, progress=lambda done, total: seen.append((done, total))
    )
    assert (added.kind, added.media_type, added.file_name) == ("pdf", "application/pdf", "отказ полиции.pdf")
    assert added.size == len(data) and added.sha256 == hashlib.sha256(data).hexdigest()
    assert added.working_sha256 is None and added.removed == ()
    # The head that decides the type, then a report per 1 MiB chunk, the last one at the end.
    assert seen[-1] == (len(data), len(data)) and len(seen) == 1 + -(
        -(len(data) - SNIFF_BYTES) // CHUNK_BYTES
    )
    assert vault.attachments.list(case_id) == [added]
    assert _content(vault, added.id) == data
    copy = tmp_path / "copy.pdf"
    vault.attachments.extract(added.id, copy)
    assert copy.read_bytes() == data
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(BadInputError, match="already exists"):
        vault.attachments.extract(added.id, copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.pdf", "vault", "отказ полиции.pdf"]


def test_the_same_content_twice_is_stored_once(vault: Vault, tmp_path: Path) -> None:
    case_id = _case(vault)
    source = tmp_path / "notes.txt"
    source.write_text("Свидетель пришёл в 10 утра.\n", encoding="utf-8")
    first = vault.attachments.add_file(case_id, source)
    second = vault.attachments.add_file(case_id, source)
    assert first.id != second.id and first.sha256 == second.sha256
    assert first.kind == "text"
    assert _stored_rows(vault) == (2, 1, 1)


def test_exif_and_gps_are_gone_from_the_working_copy_and_kept_in_the_original(
    vault: Vault, tmp_path: Path
) -> None:
    case_id = _case(vault)
    data = _jpeg_with_gps()
    assert _decodes(data)
    source = tmp_path / "IMG_0042.JPG"
    source.write_bytes(data)
    added = vault.attachments.add_file(case_id, source)
    assert added.kind == "image" and added.removed == ("EXIF GPS", "comment")
    working, original = _content(vault, added.id), _content(vault, added.id, original=True)
    assert original == data and added.sha256 == hashlib.sha256(data).hexdigest()
    assert added.working_sha256 == hashlib.sha256(working).hexdigest()
    assert added.working_size == len(working) < len(data)
    assert GPS_CANARY in original and b"Exif" in original
    assert GPS_CANARY not in working and b"Exif" not in working
    assert _decodes(working)
    # The picture itself is untouched: everything from the first scan on is byte-identical.
    assert working[working.index(b"\xff\xda") :] == data[data.index(b"\xff\xda") :]
    default_copy, original_copy = tmp_path / "shown.jpg", tmp_path / "original.jpg"
    vault.attachments.extract(added.id, default_copy)
    vault.attachments.extract(added.id, original_copy, original=True)
    assert default_copy.read_bytes() == working and original_copy.read_bytes() == data


def test_png_text_chunks_are_gone_from_the_working_copy(vault: Vault, tmp_path: Path) -> None:
    data = _png_with_text()
    assert _decodes(data)
    source = tmp_path / "scan.png"
    source.write_bytes(data)
    added = vault.attachments.add_file(_case(vault), source)
    working = _content(vault, added.id)
    assert added.removed == ("text",)
    assert GPS_CANARY not in working and GPS_CANARY in _content(vault, added.id, original=True)
    assert _decodes(working)


def test_an_image_without_metadata_has_no_separate_working_copy(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "clean.png"
    source.write_bytes(_image("PNG"))
    added = vault.attachments.add_file(_case(vault), source)
    assert added.removed == () and added.working_sha256 is None
    assert _stored_rows(vault) == (1, 1, 1)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", os.urandom(5000), "named like an image"),
        ("recording.mp3", b"just some text, not audio", "named like a sound recording"),
        ("scan.pdf", b"\x89PNG\r\n\x1a\n" + os.urandom(100), "named like a PDF"),
        ("cut.jpg", b"", "named like an image"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(
    vault: Vault, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    case_id = _case(vault)
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(BadInputError, match=message):
        vault.attachments.add_file(case_id, source)
    assert _stored_rows(vault) == (0, 0, 0)


@pytest.mark.parametrize("cut", ["before the image data", "inside a segment"])
def test_a_damaged_jpeg_is_refused_and_nothing_is_kept(vault: Vault, tmp_path: Path, cut: str) -> None:
    data = _jpeg_with_gps()
    end = data.index(b"\xff\xda") if cut == "before the image data" else 30
    source = tmp_path / "broken.jpg"
    source.write_bytes(data[:end])
    with pytest.raises(BadInputError, match="not a valid image"):
        vault.attachments.add_file(_case(vault), source)
    assert _stored_rows(vault) == (0, 0, 0)


def test_a_damaged_png_is_refused(vault: Vault, tmp_path: Path) -> None:
    data = bytearray(_png_with_text())
    data[40] ^= 0xFF  # inside the text chunk: its CRC no longer matches
    source = tmp_path / "broken.png"
    source.write_bytes(bytes(data))
    with pytest.raises(BadInputError, match="not a valid image"):
        vault.attachments.add_file(_case(vault), source)
    assert _stored_rows(vault) == (0, 0, 0)


def test_unreadable_and_missing_files_and_unknown_cases_are_clear_errors(
    vault: Vault, tmp_path: Path
) -> None:
    case_id = _case(vault)
    with pytest.raises(BadInputError, match="cannot be read"):
        vault.attachments.add_file(case_id, tmp_path / "absent.pdf")
    with pytest.raises(BadInputError, match="not a regular file"):
        vault.attachments.add_file(case_id, tmp_path)  # a folder
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInputError, match="not a regular file"):
        vault.attachments.add_file(case_id, fifo)  # returns at once: no writer is waited for
    source = tmp_path / "notes.txt"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(NotFoundError):
        vault.attachments.add_file("00000000-0000-4000-8000-000000000000", source)
    with pytest.raises(NotFoundError):
        vault.attachments.get("00000000-0000-4000-8000-000000000000")
    assert _stored_rows(vault) == (0, 0, 0)


@pytest.mark.parametrize("change", ["shrinks", "grows"])
def test_a_file_that_changes_while_it_is_read_is_refused(vault: Vault, tmp_path: Path, change: str) -> None:
    case_id = _case(vault)
    source = tmp_path / "video.bin"
    source.write_bytes(os.urandom(4 * CHUNK_BYTES))

    meddled: list[bool] = []

    def meddle(done: int, _total: int) -> None:
        if done > CHUNK_BYTES and not meddled:
            meddled.append(True)
            if change == "shrinks":
                os.truncate(source, 2 * CHUNK_BYTES)  # as if it vanished mid-read
            else:
                with source.open("ab") as more:
                    more.write(b"more")

    with pytest.raises(BadInputError, match="changed or disappeared"):
        vault.attachments.add_file(case_id, source, progress=meddle)
    assert _stored_rows(vault) == (0, 0, 0)


def test_cancel_keeps_nothing(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(3 * CHUNK_BYTES))
    calls = iter([False, True])
    with pytest.raises(CancelledError):
        vault.attachments.add_file(_case(vault), source, cancelled=lambda: next(calls))
    assert _stored_rows(vault) == (0, 0, 0)


def test_a_full_disk_during_an_attachment_leaves_the_vault_as_it_was(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "6m") as mount:
        root = mount / "vault"
        source = tmp_path / "large.bin"  # outside the small disk
        source.write_bytes(os.urandom(8 * CHUNK_BYTES))
        small = tmp_path / "small.txt"
        small.write_text("короткая заметка", encoding="utf-8")
        with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
            case_id = _case(vault)
            kept = vault.attachments.add_file(case_id, small)
            with pytest.raises(StorageError, match="disk is full"):
                vault.attachments.add_file(case_id, source)
            assert _stored_rows(vault) == (1, 1, 1)
        with unlock_vault(root, PASSPHRASE) as reopened:
            assert reopened.attachments.list(case_id) == [kept]
            assert _content(reopened, kept.id).decode("utf-8") == "короткая заметка"


def test_damage_inside_the_database_is_caught_by_the_hash(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("оригинал", encoding="utf-8")
    added = vault.attachments.add_file(_case(vault), source)
    vault.connection.execute("UPDATE attachment_chunk SET data = ?", ("подмена".encode(),))
    with pytest.raises(StorageError, match="damaged"):
        _content(vault, added.id)
    with pytest.raises(StorageError, match="damaged"):
        vault.attachments.extract(added.id, tmp_path / "copy.txt")
    assert not (tmp_path / "copy.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == []


def test_no_attachment_text_reaches_the_disk_and_the_wipe_takes_attachments_with_it(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    source = tmp_path / "outside" / "заявление.txt"
    source.parent.mkdir()
    source.write_text(f"Заявление: {CANARY}\n" * 100, encoding="utf-8")
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        added = vault.attachments.add_file(_case(vault), source, progress=None)
        delete_original(source)
        assert CANARY in _content(vault, added.id).decode("utf-8")
        assert find_markers([tmp_path], [CANARY]) == []  # the only plaintext copy was deleted
        vault.wipe()
    assert not root.exists()


def test_an_attachment_links_only_to_a_person_or_source_of_its_case(vault: Vault, tmp_path: Path) -> None:
    doc = case_doc("Дело со свидетелем", persons=[{"pseudonym": "Свидетель А"}])
    case_id = vault.store.create_case(doc).case_id
    person_id = vault.store.get(case_id).content["persons"][0]["id"]
    source = tmp_path / "показания.txt"
    source.write_text("текст", encoding="utf-8")
    linked = vault.attachments.add_file(case_id, source, linked_to=person_id)
    assert linked.linked_to == person_id
    with pytest.raises(BadInputError, match="no person or source"):
        vault.attachments.add_file(case_id, source, linked_to="not-an-id")
    assert _stored_rows(vault) == (1, 1, 1)


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    brands = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands + b"\x00\x00\x00\x08free" + os.urandom(200)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf"), ("utf-32-le", None)],
)
def test_text_with_a_byte_order_mark_is_text_not_a_recording(
    vault: Vault, tmp_path: Path, encoding: str, bom: bytes | None
) -> None:
    """FF FE, the UTF-16 (little-endian) byte order mark, is also an MPEG audio frame sync."""
    text = f"Показания свидетеля, {CANARY}.\r\nВторая строка.\r\n" * 5
    data = (bom or b"\xff\xfe\x00\x00") + text.encode(encoding)
    source = tmp_path / "показания.txt"
    source.write_bytes(data)
    added = vault.attachments.add_file(_case(vault), source)
    assert (added.kind, added.media_type) == ("text", "text/plain")
    assert _content(vault, added.id) == data
    unnamed = tmp_path / "показания"  # like UTF-8 text, shown as text only when named so
    unnamed.write_bytes(data)
    assert vault.attachments.add_file(_case(vault), unnamed).kind == "other"


def test_utf16_text_named_like_a_picture_is_refused(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xfe" + "не фото".encode("utf-16-le"))
    with pytest.raises(BadInputError, match="named like an image"):
        vault.attachments.add_file(_case(vault), source)
    assert _stored_rows(vault) == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("voice.m4a", _ftyp(b"mp42", b"isom", b"mp42"), ("audio", "audio/mp4")),
        ("voice.m4a", _ftyp(b"isom", b"iso2", b"mp41"), ("audio", "audio/mp4")),
        ("book.m4b", _ftyp(b"M4B "), ("audio", "audio/mp4")),
        ("voice.m4a", _ftyp(b"M4A ", b"isom"), ("audio", "audio/mp4")),
        ("export", _ftyp(b"isom", b"M4A "), ("audio", "audio/mp4")),  # a compatible brand says audio
        # A general-purpose MP4 not named as sound may be a video: saved, not played.
        ("clip.mp4", _ftyp(b"mp42", b"isom"), ("other", "video/mp4")),
        ("recording", _ftyp(b"isom"), ("other", "video/mp4")),
        ("clip.mov", _ftyp(b"qt  "), ("other", "video/mp4")),  # QuickTime: a video, saved only
        ("memo.m4a", _ftyp(b"qt  "), ("audio", "audio/mp4")),  # what some recorders write
    ],
)
def test_mp4_recordings_are_audio_when_brand_or_name_says_so(
    vault: Vault, tmp_path: Path, name: str, content: bytes, expected: tuple[str, str]
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    added = vault.attachments.add_file(_case(vault), source)
    assert (added.kind, added.media_type) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("voice.m4a", _ftyp(b"avif")),  # a picture format's brand
        ("voice.mp3", _ftyp(b"mp42")),
        ("voice.m4a", b"\xff\xfe" + b"t\x00" * 30),
    ],
)
def test_a_recording_whose_content_is_not_one_is_still_refused(
    vault: Vault, tmp_path: Path, name: str, content: bytes
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(BadInputError, match="named like a sound recording"):
        vault.attachments.add_file(_case(vault), source)
    assert _stored_rows(vault) == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("page.bin", b"\xff\xfb<html>" + bytes(60), "other"),  # a lone frame sync is not enough
        ("song.mp3", b"\xff\xfb\x90\x00" + bytes(60), "audio"),  # with the name, it is
        ("tagged.bin", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00\x00\x00\x18ftypmp42" + bytes(40), "other"),
        ("long-recording.wav", b"RF64\xff\xff\xff\xffWAVEds64" + bytes(60), "audio"),
        ("scan.pdf", b"\xef\xbb\xbf\n\n%PDF-1.7\n" + bytes(60), "pdf"),  # a few bytes before the header
    ],
)
def test_sniffing_needs_the_name_where_the_content_alone_is_weak(
    vault: Vault, tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    assert vault.attachments.add_file(_case(vault), source).kind == kind
