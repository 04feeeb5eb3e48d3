"""The key file format: secrets wrapped under passphrases in look-alike slots.

Specified in docs/formats/keyfile.md; this module is the only implementation. The key file is pure
bytes here: where it lives and when it is written is intake.key_file_io's business.

Layout (big-endian), 521 bytes:

    header   57  magic "INTAKEKF" | version u16 | slot count u16 | kdf id u8 |
                 memory KiB u32 | time cost u32 | parallelism u32 | salt 32
    slots   432  4 x (nonce 12 | ChaCha20-Poly1305 ciphertext 80 | tag 16)
    trailer  32  HMAC-SHA256(file MAC key, header | slots)

A used slot's plaintext is kind u8 | 15 zero bytes | file MAC key 32 | secret 32, encrypted under
the Argon2id key of its passphrase with the header and the slot index as associated data. Unused
slots are random bytes of the same length, so no one can count passphrases. The header is bound to
every used slot and the trailer covers everything, so changing any byte, including the KDF
parameters or an unused slot, makes opening fail.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from crypto.kdf import SALT_BYTES, Argon2Params, KdfParameterError, derive_key
from crypto.secret_memory import zero

MAGIC = b"INTAKEKF"
FORMAT_VERSION = 1
SLOT_COUNT = 4
KDF_ARGON2ID = 1
SECRET_BYTES = 32
MAC_KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16

_HEADER = struct.Struct(">8sHHBIII32s")
HEADER_BYTES = _HEADER.size
_PLAINTEXT_BYTES = 1 + 15 + MAC_KEY_BYTES + SECRET_BYTES
SLOT_BYTES = NONCE_BYTES + _PLAINTEXT_BYTES + TAG_BYTES
TRAILER_BYTES = 32
FILE_BYTES = HEADER_BYTES + SLOT_COUNT * SLOT_BYTES + TRAILER_BYTES


class KeyFileError(Exception):
    """Base class. Messages are technical and content-free; the vault translates them."""


class KeyFileFormatError(KeyFileError):
    """Not a key file, truncated, or structurally invalid."""


class UnsupportedKeyFileVersion(KeyFileError):
    def __init__(self, version: int) -> None:
        super().__init__(f"key file format version {version} (this program reads {FORMAT_VERSION})")
        self.version = version


class KeyFileParameterError(KeyFileError):
    """The stored KDF parameters are outside the allowed range: edited or corrupted."""


class KeyFileAuthError(KeyFileError):
    """No slot opened: wrong passphrase, or the header or that slot was damaged."""


class KeyFileIntegrityError(KeyFileError):
    """A slot opened but the file's MAC does not match: the file was altered."""


@dataclass
class Slot:
    """What one used slot holds. `secret` is a bytearray its owner zeroes."""

    kind: int
    secret: bytearray

    def __post_init__(self) -> None:
        if not 1 <= self.kind <= 255 or len(self.secret) != SECRET_BYTES:
            raise ValueError("slot kind must be 1..255 and secret 32 bytes")


@dataclass(frozen=True)
class KeyFile:
    """A parsed, not yet opened key file."""

    params: Argon2Params
    salt: bytes
    header: bytes
    slots: tuple[bytes, ...]
    trailer: bytes

    @classmethod
    def parse(cls, data: bytes) -> KeyFile:
        if len(data) < HEADER_BYTES or data[:8] != MAGIC:
            raise KeyFileFormatError("not an Intake key file")
        _magic, version, slot_count, kdf, memory, time_cost, parallelism, salt = _HEADER.unpack_from(data)
        if version != FORMAT_VERSION:
            raise UnsupportedKeyFileVersion(version)
        if len(data) != FILE_BYTES:
            raise KeyFileFormatError(f"key file is {len(data)} bytes, expected {FILE_BYTES}")
        if slot_count != SLOT_COUNT or kdf != KDF_ARGON2ID:
            raise KeyFileFormatError("unexpected slot count or KDF identifier")
        params = Argon2Params(memory_kib=memory, time_cost=time_cost, parallelism=parallelism)
        try:
            params.check()
        except KdfParameterError as exc:
            raise KeyFileParameterError(str(exc)) from None
        body = data[HEADER_BYTES : HEADER_BYTES + SLOT_COUNT * SLOT_BYTES]
        slots = tuple(body[i * SLOT_BYTES : (i + 1) * SLOT_BYTES] for i in range(SLOT_COUNT))
        return cls(params, salt, data[:HEADER_BYTES], slots, data[-TRAILER_BYTES:])

    def derive_kek(self, passphrase: bytes | bytearray) -> bytearray:
        """The one expensive step of an unlock attempt (Argon2id)."""
        return derive_key(passphrase, self.salt, self.params)

    def unwrap(self, kek: bytearray) -> list[Slot]:
        """Tries `kek` on every slot, with no early exit, so the time taken does not reveal which
        slot (if any) matched. Returns the slots it opened, in file order."""
        aead = ChaCha20Poly1305(kek)
        opened: list[Slot] = []
        mac_keys: list[bytearray] = []
        for index, slot in enumerate(self.slots):
            plaintext = bytearray(_PLAINTEXT_BYTES)
            try:
                aead.decrypt_into(
                    slot[:NONCE_BYTES], slot[NONCE_BYTES:], _slot_aad(self.header, index), plaintext
                )
            except InvalidTag:
                zero(plaintext)
                continue
            # Copies go through a memoryview: slicing the bytearray itself would leave a copy
            # of the key behind that nothing zeroes.
            view = memoryview(plaintext)
            mac_keys.append(bytearray(view[16 : 16 + MAC_KEY_BYTES]))
            opened.append(Slot(kind=plaintext[0], secret=bytearray(view[16 + MAC_KEY_BYTES :])))
            view.release()
            zero(plaintext)
        try:
            if not opened:
                raise KeyFileAuthError("no slot opens with this passphrase")
            expected = hmac.new(mac_keys[0], self.header + b"".join(self.slots), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, self.trailer) or any(k != mac_keys[0] for k in mac_keys):
                for entry in opened:
                    zero(entry.secret)
                raise KeyFileIntegrityError("key file MAC mismatch")
        finally:
            for key in mac_keys:
                zero(key)
        return opened


def _slot_aad(header: bytes, index: int) -> bytes:
    return header + bytes([index])


def open_keyfile(data: bytes, passphrase: bytes | bytearray) -> list[Slot]:
    """Parses, derives once, unwraps. Raises a KeyFileError subclass on any failure."""
    keyfile = KeyFile.parse(data)
    kek = keyfile.derive_kek(passphrase)
    try:
        return keyfile.unwrap(kek)
    finally:
        zero(kek)


def build_keyfile(
    holders: Sequence[tuple[bytes | bytearray, Sequence[Slot]]],
    params: Argon2Params,
) -> bytes:
    """A new key file with a fresh salt and fresh MAC key.

    `holders` pairs each passphrase with the slots it opens. Every write derives anew from every
    passphrase the file should hold (one Argon2id run each), because the salt is shared: that is
    what lets an unlock attempt cost exactly one Argon2id run.
    """
    _check_used(sum(len(slots) for _passphrase, slots in holders))
    params.check()
    salt = os.urandom(SALT_BYTES)
    keks: list[tuple[bytearray, Sequence[Slot]]] = []
    try:
        for passphrase, holder_slots in holders:
            keks.append((derive_key(passphrase, salt, params), holder_slots))
        return _assemble(params, salt, keks)
    finally:
        for kek, _slots in keks:
            zero(kek)


def build_keyfile_under_kek(
    kek: bytearray, salt: bytes, params: Argon2Params, slots: Sequence[Slot]
) -> bytes:
    """A new key file whose only passphrase is the one `kek` was derived from with this `salt` and
    `params` (an unlock attempt's own derivation), so no second Argon2id run is needed. Used only
    by the duress unlock, which must cost what a normal unlock costs; see
    docs/decisions/0013-panic-wipe-and-duress.md for why the salt is kept there."""
    _check_used(len(slots))
    params.check()
    if len(salt) != SALT_BYTES:
        raise ValueError("salt has the wrong length")
    return _assemble(params, salt, [(kek, slots)])


def _check_used(used: int) -> None:
    if not 1 <= used <= SLOT_COUNT:
        raise ValueError(f"a key file holds 1..{SLOT_COUNT} used slots")


def _assemble(params: Argon2Params, salt: bytes, keks: Sequence[tuple[bytearray, Sequence[Slot]]]) -> bytes:
    header = _HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        SLOT_COUNT,
        KDF_ARGON2ID,
        params.memory_kib,
        params.time_cost,
        params.parallelism,
        salt,
    )
    positions = list(range(SLOT_COUNT))
    secrets.SystemRandom().shuffle(positions)
    slots: list[bytes] = [os.urandom(SLOT_BYTES) for _ in range(SLOT_COUNT)]
    mac_key = bytearray(os.urandom(MAC_KEY_BYTES))
    try:
        for kek, holder_slots in keks:
            aead = ChaCha20Poly1305(kek)
            for slot in holder_slots:
                index = positions.pop()
                plaintext = bytearray(_PLAINTEXT_BYTES)
                plaintext[0] = slot.kind
                plaintext[16 : 16 + MAC_KEY_BYTES] = mac_key
                plaintext[16 + MAC_KEY_BYTES :] = slot.secret
                nonce = os.urandom(NONCE_BYTES)
                sealed = bytearray(_PLAINTEXT_BYTES + TAG_BYTES)
                aead.encrypt_into(nonce, plaintext, _slot_aad(header, index), sealed)
                zero(plaintext)
                slots[index] = nonce + bytes(sealed)
        trailer = hmac.new(mac_key, header + b"".join(slots), hashlib.sha256).digest()
    finally:
        zero(mac_key)
    return header + b"".join(slots) + trailer
