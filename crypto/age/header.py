"""The age header: parsing under limits, serialising, and its MAC.

    age-encryption.org/v1
    -> TYPE ARG…            one or more stanzas: an argument line, then the body in base64,
    BODY…                   64 columns per line, ended by a line shorter than 64 (maybe empty)
    --- MAC                 HMAC-SHA-256 over everything up to and including "---"

Parsing reads the source line by line and enforces `Limits` as it goes, so a hostile file cannot
make us buffer or process more than the limits allow. Nothing here does public-key work: the
whole header is parsed and checked before any identity touches a stanza.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac

from crypto.age import b64
from crypto.age.errors import HeaderError, HmacError, LimitExceeded
from crypto.age.hkdf import hkdf_sha256

VERSION_LINE = b"age-encryption.org/v1\n"
_VERSION_PREFIX = b"age-encryption.org/"
_STANZA_PREFIX = b"-> "
_MAC_PREFIX = b"---"
_MAC_LINE_PREFIX = b"--- "
BODY_COLUMNS = 64
MAC_BYTES = 32
FILE_KEY_BYTES = 16
_MAC_INFO = b"header"
_READ_BLOCK = 4096


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what a header may contain, enforced while it is parsed.

    The defaults admit every header Intake writes (at most 64 recipients of either kind) with room
    to spare, and keep the work a hostile file can cause small: at most `max_stanzas` stanzas reach
    the identities, and nothing is read past `max_header_bytes` before the header is rejected.
    """

    # 64 post-quantum stanzas take about 100 KiB (1.5 KiB each), so 64 KiB would not hold them.
    max_header_bytes: int = 128 * 1024
    max_stanzas: int = 64
    # Native stanzas have 2 arguments; plugins and test "grease" stanzas use a few more.
    max_stanza_args: int = 16
    # The longest native argument is the post-quantum encapsulated key: 1494 base64 characters.
    max_argument_length: int = 2048
    # Native stanza bodies are 32 bytes; the bound is generous for stanzas we skip.
    max_stanza_body_bytes: int = 4096

    def __post_init__(self) -> None:
        for name in (
            "max_header_bytes",
            "max_stanzas",
            "max_stanza_args",
            "max_argument_length",
            "max_stanza_body_bytes",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer")


# Shared safely as a default argument: Limits is immutable.
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its type (first argument), the other arguments, the decoded body."""

    type: str
    args: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class Header:
    stanzas: tuple[Stanza, ...]
    mac: bytes
    # The bytes the MAC covers: the header up to and including "---".
    mac_input: bytes


class _Lines:
    """Hands out LF-terminated lines from a source, never more than the header budget allows."""

    def __init__(self, source: BinaryIO, budget: int) -> None:
        self._source = source
        self._budget = budget
        self._buffer = bytearray()
        self.consumed = bytearray()

    def next(self) -> bytes:
        searched = 0
        while True:
            end = self._buffer.find(b"\n", searched)
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                if len(self.consumed) + len(line) > self._budget:
                    raise LimitExceeded("header is larger than the limit")
                del self._buffer[: end + 1]
                self.consumed += line
                return line
            searched = len(self._buffer)
            if len(self.consumed) + len(self._buffer) >= self._budget:
                raise LimitExceeded("header is larger than the limit")
            block = self._source.read(_READ_BLOCK)
            if not block:
                raise HeaderError("file ends inside the header")
            self._buffer += block

    def rest(self) -> bytes:
        """Bytes read past the header: the start of the payload."""
        return bytes(self._buffer)


def _parse_arguments(line: bytes, limits: Limits) -> list[str]:
    if not line.startswith(_STANZA_PREFIX):
        raise HeaderError("malformed stanza line")
    arguments = line[len(_STANZA_PREFIX) : -1].split(b" ")
    if len(arguments) > limits.max_stanza_args:
        raise LimitExceeded("stanza has more arguments than the limit")
    for argument in arguments:
        if not argument:
            raise HeaderError("stanza has an empty argument")
        if len(argument) > limits.max_argument_length:
            raise LimitExceeded("stanza argument is longer than the limit")
        if any(not 0x21 <= byte <= 0x7E for byte in argument):
            raise HeaderError("stanza argument has an invalid character")
    return [argument.decode("ascii") for argument in arguments]


def _read_body(lines: _Lines, limits: Limits) -> bytes:
    encoded = bytearray()
    longest = b64.encoded_length(limits.max_stanza_body_bytes)
    while True:
        text = lines.next()[:-1]
        if len(text) > BODY_COLUMNS:
            raise HeaderError("stanza body line is longer than 64 columns")
        if not b64.ALPHABET.issuperset(text):
            # Also what a missing final (short) body line looks like: the next stanza or the MAC
            # line arrives where a body line should be.
            raise HeaderError("stanza body is malformed or lacks its final short line")
        encoded += text
        if len(encoded) > longest:
            raise LimitExceeded("stanza body is larger than the limit")
        if len(text) < BODY_COLUMNS:
            return b64.decode(bytes(encoded), "stanza body")


def read_header(source: BinaryIO, limits: Limits) -> tuple[Header, bytes]:
    """Parses the header from `source`; returns it and the payload bytes read past its end."""
    lines = _Lines(source, limits.max_header_bytes)
    first = lines.next()
    if first != VERSION_LINE:
        if first.startswith(_VERSION_PREFIX):
            raise HeaderError("unsupported age format version, or a malformed version line")
        raise HeaderError("not an age file")
    stanzas: list[Stanza] = []
    line = lines.next()
    while not line.startswith(_MAC_PREFIX):
        if len(stanzas) == limits.max_stanzas:
            raise LimitExceeded("header has more stanzas than the limit")
        arguments = _parse_arguments(line, limits)
        stanzas.append(Stanza(arguments[0], tuple(arguments[1:]), _read_body(lines, limits)))
        line = lines.next()
    if not stanzas:
        raise HeaderError("header has no recipient stanzas")
    if not line.startswith(_MAC_LINE_PREFIX) or len(line) != len(_MAC_LINE_PREFIX) + 43 + 1:
        raise HeaderError("malformed header MAC line")
    mac = b64.decode(line[len(_MAC_LINE_PREFIX) : -1], "header MAC")
    mac_input = bytes(lines.consumed[: -len(line)]) + _MAC_PREFIX
    return Header(tuple(stanzas), mac, mac_input), lines.rest()


def _serialize_stanza(stanza: Stanza) -> bytes:
    body = b64.encode(stanza.body)
    body_lines = [body[start : start + BODY_COLUMNS] for start in range(0, len(body), BODY_COLUMNS)]
    # A body that fills its last line needs an empty line after it to mark its end.
    if len(body) % BODY_COLUMNS == 0:
        body_lines.append("")
    text = "-> " + " ".join((stanza.type, *stanza.args)) + "\n" + "".join(f"{row}\n" for row in body_lines)
    return text.encode("ascii")


def _mac(file_key: bytearray) -> hmac.HMAC:
    if len(file_key) != FILE_KEY_BYTES:
        raise ValueError("file key must be 16 bytes")
    return hmac.HMAC(hkdf_sha256(file_key, salt=b"", info=_MAC_INFO), hashes.SHA256())


def serialize_header(stanzas: list[Stanza], file_key: bytearray) -> bytes:
    mac_input = VERSION_LINE + b"".join(_serialize_stanza(stanza) for stanza in stanzas) + _MAC_PREFIX
    mac = _mac(file_key)
    mac.update(mac_input)
    return mac_input + b" " + b64.encode(mac.finalize()).encode("ascii") + b"\n"


def verify_mac(header: Header, file_key: bytearray) -> None:
    mac = _mac(file_key)
    mac.update(header.mac_input)
    try:
        mac.verify(header.mac)
    except InvalidSignature:
        raise HmacError("header MAC does not match: the header was altered") from None
