"""The C2SP CCTV age test vectors (tests/data/cctv-age/README.md): every vector we can run must give
exactly its expected outcome, including exactly the plaintext released before a payload failure."""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crypto.age import (
    AgeError,
    AgeReader,
    HeaderError,
    HmacError,
    NoIdentityMatch,
    PayloadError,
    parse_identity,
)

VECTORS = Path(__file__).parent / "data" / "cctv-age"
_NOT_VECTORS = {"LICENSE.md", "README.md"}
_KNOWN_KEYS = {"expect", "payload", "identity", "passphrase", "armored", "compressed", "file key", "comment"}
_OUTCOMES: dict[str, type[AgeError] | None] = {
    "success": None,
    "no match": NoIdentityMatch,
    "HMAC failure": HmacError,
    "header failure": HeaderError,
    "payload failure": PayloadError,
}
SKIP_ARMOR = "ASCII armor is not implemented (Intake exchanges binary files only)"
SKIP_SCRYPT = "scrypt passphrase recipients are not implemented (Intake uses public keys only)"
SKIP_UNKNOWN = "the vector uses a header key this test does not know (the README says: ignore it)"

# Changing these numbers means the vector set or our coverage changed: update docs/formats/age.md too.
EXPECTED_RUN = 85
EXPECTED_SKIPPED = {SKIP_ARMOR: 33, SKIP_SCRYPT: 25}


@dataclass
class Vector:
    name: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    def one(self, key: str) -> str | None:
        values = self.fields.get(key)
        return values[0] if values else None

    @property
    def skip_reason(self) -> str | None:
        if set(self.fields) - _KNOWN_KEYS:
            return SKIP_UNKNOWN
        # Armor first: an armored scrypt vector is skipped for its armor.
        if self.one("armored") == "yes":
            return SKIP_ARMOR
        if "passphrase" in self.fields:
            return SKIP_SCRYPT
        return None


def load(path: Path) -> Vector:
    head, separator, body = path.read_bytes().partition(b"\n\n")
    assert separator, f"{path.name}: no blank line after the vector header"
    vector = Vector(path.name)
    for line in head.decode("utf-8").split("\n"):
        key, _, value = line.partition(": ")
        vector.fields.setdefault(key, []).append(value)
    compression = vector.one("compressed")
    assert compression in (None, "zlib"), f"{path.name}: unknown compression"
    vector.body = zlib.decompress(body) if compression == "zlib" else body
    return vector


ALL_VECTORS = [load(path) for path in sorted(VECTORS.iterdir()) if path.name not in _NOT_VECTORS]


def _decrypt(vector: Vector) -> tuple[AgeError | None, str]:
    """The error (if any) and the SHA-256 of every byte of plaintext released before it."""
    identities = [parse_identity(text) for text in vector.fields.get("identity", [])]
    released = hashlib.sha256()
    try:
        with AgeReader(identities, io.BytesIO(vector.body)) as reader:
            # 4 KiB reads never straddle a 64 KiB chunk boundary, so a failing read loses nothing
            # that an earlier chunk verified.
            while data := reader.read(4096):
                released.update(data)
    except AgeError as error:
        return error, released.hexdigest()
    return None, released.hexdigest()


@pytest.mark.parametrize("vector", ALL_VECTORS, ids=[vector.name for vector in ALL_VECTORS])
def test_vector(vector: Vector) -> None:
    if vector.skip_reason:
        pytest.skip(vector.skip_reason)
    expect = vector.one("expect")
    assert expect in _OUTCOMES, f"unknown expectation {expect!r}"
    expected = _OUTCOMES[expect]
    error, released = _decrypt(vector)
    if expected is None:
        assert error is None, f"expected success, got {type(error).__name__}: {error}"
        assert vector.one("payload") is not None
    else:
        assert type(error) is expected, f"expected {expected.__name__}, got {error!r}"
    if expected in (None, PayloadError) and vector.one("payload") is not None:
        assert released == vector.one("payload")


def test_vector_coverage_is_what_we_documented() -> None:
    skipped: dict[str, int] = {}
    for vector in ALL_VECTORS:
        if vector.skip_reason:
            skipped[vector.skip_reason] = skipped.get(vector.skip_reason, 0) + 1
    run = len(ALL_VECTORS) - sum(skipped.values())
    print(f"age vectors: {run} run, skipped: {skipped}")
    assert (run, skipped) == (EXPECTED_RUN, EXPECTED_SKIPPED)
