"""The key file format: slots, authentication of every byte, parameter floors."""

from __future__ import annotations

import os
import struct

import pytest

from crypto.kdf import MINIMUM, Argon2Params
from crypto.keyfile import (
    FILE_BYTES,
    HEADER_BYTES,
    SLOT_BYTES,
    SLOT_COUNT,
    KeyFile,
    KeyFileAuthError,
    KeyFileError,
    KeyFileFormatError,
    KeyFileIntegrityError,
    KeyFileParameterError,
    Slot,
    UnsupportedKeyFileVersion,
    build_keyfile,
    open_keyfile,
)

PASSPHRASE = bytearray("парольная фраза для теста".encode())
MEMORY_OFFSET = 8 + 2 + 2 + 1  # magic, version, slot count, kdf id


def _key() -> bytearray:
    return bytearray(os.urandom(32))


def test_round_trip_returns_the_wrapped_secret() -> None:
    key = _key()
    data = build_keyfile([(PASSPHRASE, [Slot(1, bytearray(key))])], MINIMUM)
    assert len(data) == FILE_BYTES
    slots = open_keyfile(data, PASSPHRASE)
    assert [(s.kind, bytes(s.secret)) for s in slots] == [(1, bytes(key))]


def test_wrong_passphrase_opens_nothing() -> None:
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    with pytest.raises(KeyFileAuthError):
        open_keyfile(data, bytearray(b"not the passphrase"))


def test_two_passphrases_each_open_only_their_own_slots() -> None:
    first, second = _key(), _key()
    other = bytearray(b"second passphrase")
    data = build_keyfile(
        [(PASSPHRASE, [Slot(1, bytearray(first))]), (other, [Slot(3, bytearray(second))])], MINIMUM
    )
    assert [(s.kind, bytes(s.secret)) for s in open_keyfile(data, PASSPHRASE)] == [(1, bytes(first))]
    assert [(s.kind, bytes(s.secret)) for s in open_keyfile(data, other)] == [(3, bytes(second))]


def test_fresh_salt_and_slots_on_every_write() -> None:
    key = _key()
    one = build_keyfile([(PASSPHRASE, [Slot(1, bytearray(key))])], MINIMUM)
    two = build_keyfile([(PASSPHRASE, [Slot(1, bytearray(key))])], MINIMUM)
    assert KeyFile.parse(one).salt != KeyFile.parse(two).salt
    assert set(KeyFile.parse(one).slots).isdisjoint(KeyFile.parse(two).slots)


def test_used_slot_position_varies() -> None:
    """Slots look alike, and the used one is not always in the same place."""
    positions = set()
    for _ in range(12):
        keyfile = KeyFile.parse(build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM))
        kek = keyfile.derive_kek(PASSPHRASE)
        positions.update(i for i in range(SLOT_COUNT) if _opens(keyfile, kek, i))
    assert len(positions) > 1


def test_every_single_byte_flip_is_detected() -> None:
    """Every position of the file: header bytes through the full open (a changed header changes
    the derived key or is refused outright); slot and trailer bytes against the real key."""
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    kek = KeyFile.parse(data).derive_kek(PASSPHRASE)
    for position in range(len(data)):
        mutated = bytearray(data)
        mutated[position] ^= 0x01
        if position < HEADER_BYTES:
            with pytest.raises(KeyFileError):
                open_keyfile(bytes(mutated), PASSPHRASE)
        else:
            parsed = KeyFile.parse(bytes(mutated))
            with pytest.raises((KeyFileAuthError, KeyFileIntegrityError)):
                parsed.unwrap(kek)


def test_high_bit_flips_in_the_header_are_detected() -> None:
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    for position in range(HEADER_BYTES):
        mutated = bytearray(data)
        mutated[position] ^= 0x80
        with pytest.raises(KeyFileError):
            open_keyfile(bytes(mutated), PASSPHRASE)


def test_flip_in_an_unused_slot_is_detected_by_the_file_mac() -> None:
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    keyfile = KeyFile.parse(data)
    kek = keyfile.derive_kek(PASSPHRASE)
    used = {i for i in range(SLOT_COUNT) if _opens(keyfile, kek, i)}
    unused = next(i for i in range(SLOT_COUNT) if i not in used)
    mutated = bytearray(data)
    mutated[HEADER_BYTES + unused * SLOT_BYTES + 40] ^= 0xFF
    with pytest.raises(KeyFileIntegrityError):
        KeyFile.parse(bytes(mutated)).unwrap(kek)


def _opens(keyfile: KeyFile, kek: bytearray, index: int) -> bool:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    slot = keyfile.slots[index]
    try:
        ChaCha20Poly1305(bytes(kek)).decrypt(slot[:12], slot[12:], keyfile.header + bytes([index]))
    except InvalidTag:
        return False
    return True


def _with_params(data: bytes, memory: int, time_cost: int, parallelism: int) -> bytes:
    mutated = bytearray(data)
    struct.pack_into(">III", mutated, MEMORY_OFFSET, memory, time_cost, parallelism)
    return bytes(mutated)


def test_lowering_stored_parameters_within_the_floor_is_detected() -> None:
    stronger = Argon2Params(memory_kib=2 * MINIMUM.memory_kib, time_cost=4, parallelism=4)
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], stronger)
    assert open_keyfile(data, PASSPHRASE)
    lowered = _with_params(data, MINIMUM.memory_kib, MINIMUM.time_cost, MINIMUM.parallelism)
    with pytest.raises(KeyFileAuthError):
        open_keyfile(lowered, PASSPHRASE)


@pytest.mark.parametrize(
    ("memory", "time_cost", "parallelism"),
    [
        (MINIMUM.memory_kib // 2, 3, 4),
        (8, 1, 1),
        (MINIMUM.memory_kib, 1, 4),
        (MINIMUM.memory_kib, 3, 1),
        (0xFFFFFFFF, 3, 4),  # an edited file must not make unlock allocate 4 TiB
        (MINIMUM.memory_kib, 0xFFFFFFFF, 4),
    ],
)
def test_parameters_outside_bounds_are_refused_before_any_derivation(
    memory: int, time_cost: int, parallelism: int
) -> None:
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    with pytest.raises(KeyFileParameterError):
        KeyFile.parse(_with_params(data, memory, time_cost, parallelism))


def test_truncated_and_foreign_files_are_format_errors() -> None:
    data = build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM)
    for cut in (0, 7, HEADER_BYTES - 1, HEADER_BYTES, len(data) - 1):
        with pytest.raises(KeyFileFormatError):
            KeyFile.parse(data[:cut])
    with pytest.raises(KeyFileFormatError):
        KeyFile.parse(data + b"\x00")
    with pytest.raises(KeyFileFormatError):
        KeyFile.parse(b"SQLite format 3\x00" + bytes(600))


def test_newer_version_is_reported_as_such() -> None:
    data = bytearray(build_keyfile([(PASSPHRASE, [Slot(1, _key())])], MINIMUM))
    struct.pack_into(">H", data, 8, 2)
    with pytest.raises(UnsupportedKeyFileVersion) as info:
        KeyFile.parse(bytes(data))
    assert info.value.version == 2


def test_slot_count_limits() -> None:
    with pytest.raises(ValueError, match="used slots"):
        build_keyfile([(PASSPHRASE, [Slot(1, _key()) for _ in range(SLOT_COUNT + 1)])], MINIMUM)
    with pytest.raises(ValueError, match="used slots"):
        build_keyfile([], MINIMUM)
