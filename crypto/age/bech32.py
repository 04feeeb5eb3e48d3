"""Bech32 (BIP 173) as age uses it: the original checksum constant, no length limit.

age encodes keys as Bech32 strings: recipients in lower case ("age1…"), identities in upper case
("AGE-SECRET-KEY-1…"). The checksum is always computed over the lower-case form. This is an
encoding with an error-detecting checksum, not cryptography: it protects against typos, not
against forgery.
"""

from __future__ import annotations

from crypto.age.errors import KeyFormatError

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_VALUES = {char: value for value, char in enumerate(_CHARSET)}
_GENERATORS = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHECKSUM_LENGTH = 6
# BIP 173 fixes this constant; Bech32m (BIP 350) would use another one, which age does not.
_BECH32_CONSTANT = 1


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = ((checksum & 0x1FFFFFF) << 5) ^ value
        for bit, generator in enumerate(_GENERATORS):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    codes = [ord(char) for char in hrp]
    return [code >> 5 for code in codes] + [0] + [code & 31 for code in codes]


def _to_five_bit(data: bytes | bytearray) -> list[int]:
    groups: list[int] = []
    accumulator = 0
    bits = 0
    for byte in data:
        accumulator = ((accumulator << 8) | byte) & 0xFFF
        bits += 8
        while bits >= 5:
            bits -= 5
            groups.append((accumulator >> bits) & 31)
    if bits:
        groups.append((accumulator << (5 - bits)) & 31)
    return groups


def _to_eight_bit(groups: list[int]) -> bytearray:
    out = bytearray()
    accumulator = 0
    bits = 0
    for group in groups:
        accumulator = ((accumulator << 5) | group) & 0xFFF
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((accumulator >> bits) & 0xFF)
    # Only up to four zero bits of padding are allowed; anything else would give a second
    # spelling of the same key.
    if bits >= 5 or (accumulator & ((1 << bits) - 1)):
        raise KeyFormatError("key string has invalid padding")
    return out


def encode(hrp: str, data: bytes | bytearray, *, upper: bool = False) -> str:
    """Encodes `data` under the human-readable part `hrp` (given in the case it should appear in)."""
    lower_hrp = hrp.lower()
    groups = _to_five_bit(data)
    polymod = _polymod([*_expand_hrp(lower_hrp), *groups, *([0] * _CHECKSUM_LENGTH)]) ^ _BECH32_CONSTANT
    checksum = [(polymod >> 5 * (5 - index)) & 31 for index in range(_CHECKSUM_LENGTH)]
    text = lower_hrp + "1" + "".join(_CHARSET[group] for group in groups + checksum)
    return text.upper() if upper else text


def decode(text: str) -> tuple[str, bytearray]:
    """Returns the human-readable part, in the case it was written in, and the data.

    Raises KeyFormatError for mixed case, characters outside the alphabet, a missing separator,
    a wrong checksum or non-canonical padding. The caller checks the HRP and the length.
    """
    if not text.isascii() or (text.lower() != text and text.upper() != text):
        raise KeyFormatError("key string must be all lower case or all upper case")
    separator = text.rfind("1")
    if separator < 1 or len(text) - separator - 1 < _CHECKSUM_LENGTH:
        raise KeyFormatError("key string is not Bech32")
    hrp = text[:separator]
    if any(not 33 <= ord(char) <= 126 for char in hrp):
        raise KeyFormatError("key string has an invalid prefix")
    try:
        groups = [_VALUES[char] for char in text[separator + 1 :].lower()]
    except KeyError:
        raise KeyFormatError("key string has a character outside the Bech32 alphabet") from None
    if _polymod(_expand_hrp(hrp.lower()) + groups) != _BECH32_CONSTANT:
        raise KeyFormatError("key string has a wrong checksum (mistyped?)")
    return hrp, _to_eight_bit(groups[:-_CHECKSUM_LENGTH])
