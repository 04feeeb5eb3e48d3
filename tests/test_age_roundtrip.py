"""Our age writer and reader against each other: round trips, tampering, truncation, limits, keys.

Real cryptography throughout. Where a test needs a header no correct writer would produce, it is
assembled from the format's own building blocks (crypto.age.header, crypto.age.stream)."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from crypto.age import (
    AgeError,
    AgeReader,
    AgeWriter,
    HeaderError,
    HmacError,
    HybridIdentity,
    HybridRecipient,
    Identity,
    KeyFormatError,
    LimitExceeded,
    Limits,
    NoIdentityMatch,
    PayloadError,
    X25519Identity,
    X25519Recipient,
    bech32,
    parse_identity,
    parse_recipient,
)
from crypto.age.b64 import ALPHABET
from crypto.age.header import Stanza, read_header, serialize_header
from crypto.age.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    NONCE_BYTES,
    StreamEncryptor,
    chunk_nonce,
    payload_key,
)

KINDS: dict[str, Callable[[], Identity]] = {
    "x25519": X25519Identity.generate,
    "hybrid": HybridIdentity.generate,
}
SIZES = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 5]


def _data(size: int) -> bytes:
    return hashlib.shake_256(b"plaintext %d" % size).digest(size) if size else b""


def _encrypt(identities: Sequence[Identity], data: bytes) -> bytes:
    sink = io.BytesIO()
    with AgeWriter([identity.recipient() for identity in identities], sink) as writer:
        writer.write(data)
    return sink.getvalue()


def _decrypt_all(
    identities: Sequence[Identity], data: bytes, size: int = 4096
) -> tuple[bytes, AgeError | None]:
    """Every byte released before the first error, and that error."""
    released = bytearray()
    try:
        with AgeReader(identities, io.BytesIO(data)) as reader:
            while piece := reader.read(size):
                released += piece
    except AgeError as error:
        return bytes(released), error
    return bytes(released), None


def _assembled(stanzas: list[Stanza], file_key: bytearray, plaintext: bytes = b"hello") -> bytes:
    """A complete file around hand-made stanzas (payload limited to one chunk)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = StreamEncryptor(payload_key(file_key, nonce)).seal(memoryview(plaintext), last=True)
    return serialize_header(stanzas, file_key) + nonce + bytes(sealed)


@pytest.fixture
def unwrap_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every stanza handed to an identity: the point where public-key work starts."""
    calls: list[str] = []
    for cls in (X25519Identity, HybridIdentity):
        original = cls.unwrap_stanza

        def spy(
            self: Identity, stanza: Stanza, _original: Callable[..., bytearray | None] = original
        ) -> bytearray | None:
            calls.append(stanza.type)
            return _original(self, stanza)

        monkeypatch.setattr(cls, "unwrap_stanza", spy)
    return calls


# Round trips


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", SIZES)
def test_round_trip(kind: str, size: int) -> None:
    identity = KINDS[kind]()
    data = _data(size)
    encrypted = _encrypt([identity], data)
    chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(encrypted) - len(data) - NONCE_BYTES - chunks * 16 == encrypted.index(b"\n--- ") + 49
    with AgeReader([identity], io.BytesIO(encrypted)) as reader:
        assert reader.stanza_types == (("X25519",) if kind == "x25519" else ("mlkem768x25519",))
        assert reader.read() == data
        assert reader.read() == b""


@pytest.mark.parametrize("kind", KINDS)
def test_every_recipient_of_many_can_decrypt(kind: str) -> None:
    identities = [KINDS[kind]() for _ in range(4)]
    data = _data(CHUNK_SIZE + 100)
    encrypted = _encrypt(identities, data)
    for identity in identities:
        assert AgeReader([identity], io.BytesIO(encrypted)).read() == data
    # Extra identities that match nothing do not get in the way.
    assert AgeReader([KINDS[kind](), identities[2]], io.BytesIO(encrypted)).read() == data
    with pytest.raises(NoIdentityMatch):
        AgeReader([KINDS[kind]()], io.BytesIO(encrypted))
    with pytest.raises(NoIdentityMatch):
        AgeReader([], io.BytesIO(encrypted))


def test_identities_of_the_other_kind_do_not_match() -> None:
    encrypted = _encrypt([X25519Identity.generate()], b"data")
    with pytest.raises(NoIdentityMatch):
        AgeReader([HybridIdentity.generate()], io.BytesIO(encrypted))


@pytest.mark.parametrize("piece", [1, 1000, CHUNK_SIZE, CHUNK_SIZE + 1])
def test_write_and_read_granularity_does_not_matter(piece: int) -> None:
    identity = X25519Identity.generate()
    data = _data(3 * CHUNK_SIZE + 17)
    sink = io.BytesIO()
    with AgeWriter([identity.recipient()], sink) as writer:
        for start in range(0, len(data), piece):
            assert writer.write(memoryview(data)[start : start + piece]) == len(data[start : start + piece])
    assert sink.getvalue()[-(len(data) % CHUNK_SIZE + 16) :] != b""
    reader = AgeReader([identity], io.BytesIO(sink.getvalue()))
    out = bytearray()
    while got := reader.read(piece):
        out += got
    assert out == data
    reader = AgeReader([identity], io.BytesIO(sink.getvalue()))
    buffer = bytearray(piece)
    out = bytearray()
    while count := reader.readinto(buffer):
        out += buffer[:count]
    assert out == data


def test_every_file_gets_a_fresh_file_key_and_nonce() -> None:
    identity = X25519Identity.generate()
    files = [_encrypt([identity], b"same plaintext") for _ in range(2)]
    keys, nonces = [], []
    for encrypted in files:
        header, rest = read_header(io.BytesIO(encrypted), Limits())
        file_key = identity.unwrap_stanza(header.stanzas[0])
        assert file_key is not None and len(file_key) == 16
        keys.append(bytes(file_key))
        nonces.append(rest[:NONCE_BYTES])
    assert keys[0] != keys[1]
    assert nonces[0] != nonces[1]


def test_bounded_memory_for_a_large_stream(tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    total = 32 * 1024 * 1024
    piece = 10_000
    fed = hashlib.sha256()

    def pieces() -> Iterator[bytes]:
        for start in range(0, total, piece):
            block = os.urandom(min(piece, total - start))
            fed.update(block)
            yield block

    path = tmp_path / "big.age"
    tracemalloc.start()
    try:
        with path.open("wb") as sink, AgeWriter([identity.recipient()], sink) as writer:
            for block in pieces():
                writer.write(block)
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read = hashlib.sha256()
        with path.open("rb") as source, AgeReader([identity], source) as reader:
            while block := reader.read(1000):
                read.update(block)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read.digest() == fed.digest()
    assert path.stat().st_size > total
    # About two chunks of buffers each way; the data is 32 MiB.
    print(f"tracemalloc peaks: write {write_peak} B, read {read_peak} B")
    assert write_peak < 1024 * 1024, write_peak
    assert read_peak < 1024 * 1024, read_peak


# Tampering


@dataclass
class Layout:
    """Where things are in a file written to two recipients (ours first) with a 3-chunk payload."""

    data: bytes
    plaintext: bytes
    lines: list[tuple[int, bytes]]  # (offset, line without LF) for every header line
    payload: int  # offset of the payload nonce

    def chunk(self, index: int) -> int:
        return self.payload + NONCE_BYTES + index * ENCRYPTED_CHUNK_SIZE


def _layout(data: bytes, plaintext: bytes) -> Layout:
    end = data.index(b"\n--- ") + 1
    end = data.index(b"\n", end) + 1
    lines, offset = [], 0
    for line in data[:end].split(b"\n")[:-1]:
        lines.append((offset, line))
        offset += len(line) + 1
    return Layout(data, plaintext, lines, end)


def _substitute(data: bytes, offset: int) -> bytes:
    """Replaces one base64 character by another, so the header still parses but means something else."""
    old = data[offset]
    assert old in ALPHABET
    new = ord("A") if old != ord("A") else ord("B")
    return data[:offset] + bytes([new]) + data[offset + 1 :]


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


@pytest.fixture(params=list(KINDS))
def two_recipient_file(request: pytest.FixtureRequest) -> tuple[Identity, Layout]:
    ours, theirs = KINDS[request.param](), KINDS[request.param]()
    plaintext = _data(2 * CHUNK_SIZE + 1000)
    return ours, _layout(_encrypt([ours, theirs], plaintext), plaintext)


def _tampered_cases(layout: Layout) -> dict[str, tuple[bytes, type[AgeError]]]:
    (_, _), (ours_args, ours_line), (ours_body, _), (theirs_args, _), (theirs_body, _), (mac, _) = (
        layout.lines
    )
    share_start = ours_line.index(b" ", 3) + 1
    share_length = len(ours_line) - share_start
    data = layout.data
    return {
        "version line": (_flip(data, 19), HeaderError),
        "our stanza type": (_flip(data, ours_args + 3), NoIdentityMatch),
        "our share, start": (_substitute(data, ours_args + share_start + 5), NoIdentityMatch),
        "our share, end": (_substitute(data, ours_args + share_start + share_length - 10), NoIdentityMatch),
        "our body": (_substitute(data, ours_body + 20), NoIdentityMatch),
        "their stanza type": (_flip(data, theirs_args + 3), HmacError),
        "their share": (_substitute(data, theirs_args + share_start + 5), HmacError),
        "their body": (_substitute(data, theirs_body + 20), HmacError),
        "MAC": (_substitute(data, mac + 20), HmacError),
        "MAC, non-canonical last character": (_flip(data, mac + 4 + 42), HeaderError),
        "MAC line marker": (_flip(data, mac + 1), HeaderError),
    }


@pytest.mark.parametrize(
    "case",
    [
        "version line",
        "our stanza type",
        "our share, start",
        "our share, end",
        "our body",
        "their stanza type",
        "their share",
        "their body",
        "MAC",
        "MAC, non-canonical last character",
        "MAC line marker",
    ],
)
def test_tampered_header_is_refused(two_recipient_file: tuple[Identity, Layout], case: str) -> None:
    identity, layout = two_recipient_file
    tampered, expected = _tampered_cases(layout)[case]
    released, error = _decrypt_all([identity], tampered)
    assert type(error) is expected, error
    assert released == b""


@pytest.mark.parametrize(("where", "good_chunks"), [("nonce", 0), ("first", 0), ("middle", 1), ("last", 2)])
@pytest.mark.parametrize("offset_in_chunk", [0, 500, -1])
def test_tampered_payload_releases_only_earlier_chunks(
    two_recipient_file: tuple[Identity, Layout], where: str, good_chunks: int, offset_in_chunk: int
) -> None:
    identity, layout = two_recipient_file
    if where == "nonce":
        offset = layout.payload + (offset_in_chunk % NONCE_BYTES)
    else:
        start = layout.chunk(good_chunks)
        end = len(layout.data) if where == "last" else layout.chunk(good_chunks + 1)
        offset = start + offset_in_chunk if offset_in_chunk >= 0 else end + offset_in_chunk
    released, error = _decrypt_all([identity], _flip(layout.data, offset))
    assert isinstance(error, PayloadError)
    assert released == layout.plaintext[: good_chunks * CHUNK_SIZE]


def test_truncation_at_and_between_chunk_boundaries(two_recipient_file: tuple[Identity, Layout]) -> None:
    identity, layout = two_recipient_file
    cuts: dict[int, tuple[type[AgeError], int]] = {
        layout.payload - 1: (HeaderError, 0),
        layout.payload: (HeaderError, 0),
        layout.payload + NONCE_BYTES // 2: (HeaderError, 0),
        layout.chunk(0): (PayloadError, 0),
        layout.chunk(0) + 15: (PayloadError, 0),
        layout.chunk(0) + 1000: (PayloadError, 0),
        layout.chunk(1) - 1: (PayloadError, 0),
        layout.chunk(1): (PayloadError, 1),
        layout.chunk(1) + 1: (PayloadError, 1),
        layout.chunk(2) - 1: (PayloadError, 1),
        layout.chunk(2): (PayloadError, 2),
        layout.chunk(2) + 16: (PayloadError, 2),
        len(layout.data) - 1: (PayloadError, 2),
    }
    for cut, (expected, good_chunks) in cuts.items():
        released, error = _decrypt_all([identity], layout.data[:cut])
        assert type(error) is expected, (cut, error)
        assert released == layout.plaintext[: good_chunks * CHUNK_SIZE], cut


@pytest.mark.parametrize("size", [100, 2 * CHUNK_SIZE])
@pytest.mark.parametrize("extra", [b"\x00", b"x" * 100, bytes(ENCRYPTED_CHUNK_SIZE)])
def test_trailing_data_is_refused(size: int, extra: bytes) -> None:
    identity = X25519Identity.generate()
    plaintext = _data(size)
    released, error = _decrypt_all([identity], _encrypt([identity], plaintext) + extra)
    assert isinstance(error, PayloadError)
    # A short final chunk absorbs the extra bytes and fails its tag. A full-size final chunk is
    # authentic and released, as age does, and the error follows before the end is reported.
    assert released == plaintext[: (size // CHUNK_SIZE) * CHUNK_SIZE]


def _hand_made_stream(chunks: list[tuple[bytes, int, bool]]) -> tuple[X25519Identity, bytes]:
    """A file whose payload chunks are (plaintext, counter, final flag), sealed exactly as given."""
    identity = X25519Identity.generate()
    file_key = bytearray(os.urandom(16))
    nonce = os.urandom(NONCE_BYTES)
    aead = ChaCha20Poly1305(payload_key(file_key, nonce))
    payload = b"".join(
        aead.encrypt(chunk_nonce(counter, last=last), data, None) for data, counter, last in chunks
    )
    header = serialize_header([identity.recipient().wrap(file_key)], file_key)
    return identity, header + nonce + payload


FULL_A, FULL_B = _data(CHUNK_SIZE), _data(CHUNK_SIZE)[::-1]


@pytest.mark.parametrize(
    ("case", "chunks", "released"),
    [
        ("valid, for reference", [(FULL_A, 0, False), (b"end", 1, True)], None),
        ("empty final chunk after a full one", [(FULL_A, 0, False), (b"", 1, True)], FULL_A),
        ("final flag on a chunk that is not last", [(FULL_A, 0, True), (b"end", 1, True)], FULL_A),
        ("chunks swapped", [(FULL_B, 1, False), (FULL_A, 0, False), (b"end", 2, True)], b""),
        ("chunk repeated", [(FULL_A, 0, False), (FULL_A, 0, False), (b"end", 1, True)], FULL_A),
        ("chunk dropped", [(FULL_A, 0, False), (b"end", 2, True)], FULL_A),
        ("no final flag at all", [(FULL_A, 0, False), (b"end", 1, False)], FULL_A),
    ],
)
def test_hand_made_stream_violations(
    case: str, chunks: list[tuple[bytes, int, bool]], released: bytes | None
) -> None:
    identity, encrypted = _hand_made_stream(chunks)
    got, error = _decrypt_all([identity], encrypted)
    if released is None:
        assert error is None and got == FULL_A + b"end"
    else:
        assert isinstance(error, PayloadError), case
        assert got == released, case


@pytest.mark.parametrize("kind", KINDS)
def test_every_truncation_and_bit_flip_of_a_small_file_is_refused(kind: str) -> None:
    identity = KINDS[kind]()
    encrypted = _encrypt([identity], b"a short testimony")
    for cut in range(len(encrypted)):
        released, error = _decrypt_all([identity], encrypted[:cut])
        assert error is not None and released == b"", cut
    for offset in range(len(encrypted)):
        released, error = _decrypt_all([identity], _flip(encrypted, offset))
        assert error is not None and released == b"", offset


def test_a_failed_read_keeps_failing() -> None:
    identity = X25519Identity.generate()
    layout = _layout(_encrypt([identity], _data(3 * CHUNK_SIZE)), _data(3 * CHUNK_SIZE))
    reader = AgeReader([identity], io.BytesIO(_flip(layout.data, layout.chunk(1) + 10)))
    assert reader.read(CHUNK_SIZE) == layout.plaintext[:CHUNK_SIZE]
    for _ in range(3):
        with pytest.raises(PayloadError):
            reader.read(1)
    reader.close()
    with pytest.raises(ValueError, match="closed"):
        reader.read()


# Limits: checked while parsing, before any identity does public-key work


def _with_extra_stanzas(identity: X25519Identity, extra: list[Stanza]) -> bytes:
    file_key = bytearray(os.urandom(16))
    return _assembled([identity.recipient().wrap(file_key), *extra], file_key)


def test_the_spy_sees_normal_unwrapping(unwrap_calls: list[str]) -> None:
    identity = X25519Identity.generate()
    AgeReader([identity], io.BytesIO(_encrypt([identity], b"x"))).read()
    assert unwrap_calls == ["X25519"]


@pytest.mark.parametrize(
    ("case", "extra"),
    [
        ("too many stanzas", [Stanza("grease", (), b"")] * 64),
        ("header too large", [Stanza("grease", (), bytes(3000))] * 45),
        ("argument too long", [Stanza("grease", ("a" * 2049,), b"")]),
        ("too many arguments", [Stanza("grease", ("a",) * 16, b"")]),
        ("body too large", [Stanza("grease", (), bytes(4097))]),
    ],
)
def test_limits_are_enforced_before_any_key_work(
    unwrap_calls: list[str], case: str, extra: list[Stanza]
) -> None:
    identity = X25519Identity.generate()
    # Our own, valid stanza comes first: a reader that unwrapped as it parsed would reach it.
    with pytest.raises(LimitExceeded):
        AgeReader([identity], io.BytesIO(_with_extra_stanzas(identity, extra)))
    assert unwrap_calls == []


def test_at_the_limits_is_still_accepted(unwrap_calls: list[str]) -> None:
    identity = X25519Identity.generate()
    extra = [Stanza("grease", ("a" * 2048,) + ("b",) * 14, bytes(4096))] * 12 + [
        Stanza("grease", (), b"")
    ] * 51
    AgeReader([identity], io.BytesIO(_with_extra_stanzas(identity, extra))).read()
    assert unwrap_calls == ["X25519"]


def test_custom_limits(unwrap_calls: list[str]) -> None:
    identities = [HybridIdentity.generate() for _ in range(3)]
    encrypted = _encrypt(identities, b"x")
    with pytest.raises(LimitExceeded):
        AgeReader(identities[:1], io.BytesIO(encrypted), limits=Limits(max_stanzas=2))
    with pytest.raises(LimitExceeded):
        AgeReader(identities[:1], io.BytesIO(encrypted), limits=Limits(max_header_bytes=2000))
    with pytest.raises(LimitExceeded):
        AgeReader(identities[:1], io.BytesIO(encrypted), limits=Limits(max_argument_length=1000))
    assert unwrap_calls == []
    with pytest.raises(ValueError, match="positive"):
        Limits(max_stanzas=0)


def test_default_limits_admit_the_largest_file_we_write() -> None:
    identities = [HybridIdentity.generate() for _ in range(Limits().max_stanzas)]
    encrypted = _encrypt(identities, b"to every coordinator")
    assert AgeReader([identities[-1]], io.BytesIO(encrypted)).read() == b"to every coordinator"
    with pytest.raises(ValueError, match="more recipients"):
        AgeWriter([identity.recipient() for identity in identities] * 2, io.BytesIO())


def test_an_endless_header_line_is_not_read_to_the_end() -> None:
    source = io.BytesIO(b"age-encryption.org/v1\n-> X25519 " + b"A" * (16 * 1024 * 1024))
    with pytest.raises(LimitExceeded):
        AgeReader([X25519Identity.generate()], source)
    assert source.tell() <= Limits().max_header_bytes + 4096


def test_structure_of_known_stanzas_is_checked_before_key_work(unwrap_calls: list[str]) -> None:
    identity = X25519Identity.generate()
    bad_x25519 = Stanza("X25519", ("A" * 43, "extra"), bytes(32))
    with pytest.raises(HeaderError, match="exactly one argument"):
        AgeReader([identity], io.BytesIO(_with_extra_stanzas(identity, [bad_x25519])))
    with pytest.raises(HeaderError, match="scrypt"):
        AgeReader(
            [identity], io.BytesIO(_with_extra_stanzas(identity, [Stanza("scrypt", ("s", "10"), bytes(32))]))
        )
    # Stricter than skipping it: a malformed native stanza is refused even by an identity of the other kind.
    with pytest.raises(HeaderError):
        AgeReader([HybridIdentity.generate()], io.BytesIO(_with_extra_stanzas(identity, [bad_x25519])))
    assert unwrap_calls == []


def test_reading_a_mixed_file_works_and_shows_both_kinds() -> None:
    # We never write one (see the writer test), but age's test vectors require reading it.
    classic, hybrid = X25519Identity.generate(), HybridIdentity.generate()
    file_key = bytearray(os.urandom(16))
    encrypted = _assembled([classic.recipient().wrap(file_key), hybrid.recipient().wrap(file_key)], file_key)
    with AgeReader([hybrid], io.BytesIO(encrypted)) as reader:
        assert reader.stanza_types == ("X25519", "mlkem768x25519")
        assert reader.read() == b"hello"


# The writer's refusals


def test_writer_refuses_mixing_kinds_and_writes_nothing() -> None:
    sink = io.BytesIO()
    with pytest.raises(ValueError, match="mix"):
        AgeWriter([X25519Identity.generate().recipient(), HybridIdentity.generate().recipient()], sink)
    with pytest.raises(ValueError, match="at least one"):
        AgeWriter([], sink)
    with pytest.raises(TypeError):
        AgeWriter(["age1..."], sink)  # type: ignore[list-item]
    assert sink.getvalue() == b""


@pytest.mark.parametrize("size", [0, 100, CHUNK_SIZE, 2 * CHUNK_SIZE + 5])
def test_an_aborted_writer_leaves_no_valid_file(size: int) -> None:
    identity = X25519Identity.generate()
    sink = io.BytesIO()
    with pytest.raises(RuntimeError), AgeWriter([identity.recipient()], sink) as writer:
        writer.write(_data(size))
        raise RuntimeError("the export was interrupted")
    with pytest.raises(PayloadError), AgeReader([identity], io.BytesIO(sink.getvalue())) as reader:
        reader.read()
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"more")


def test_a_writer_never_closed_leaves_no_valid_file() -> None:
    identity = X25519Identity.generate()
    sink = io.BytesIO()
    writer = AgeWriter([identity.recipient()], sink)
    writer.write(_data(CHUNK_SIZE + 1))
    del writer
    with pytest.raises(PayloadError):
        AgeReader([identity], io.BytesIO(sink.getvalue())).read()


def test_close_is_idempotent_and_final() -> None:
    identity = X25519Identity.generate()
    sink = io.BytesIO()
    writer = AgeWriter([identity.recipient()], sink)
    writer.write(b"once")
    writer.close()
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"twice")
    assert AgeReader([identity], io.BytesIO(sink.getvalue())).read() == b"once"


# Keys

# Example keys published in the age specification (c2sp.org/age). The post-quantum recipient is
# about 2 KB, so its SHA-256 stands in for it.
SPEC_X25519_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
SPEC_X25519_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"
SPEC_HYBRID_IDENTITY = "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR"
SPEC_HYBRID_RECIPIENT_SHA256 = "a091dd7e0ee9d62b75173dcc98441a0424baa941e66a8776e570a4ae60ff61ea"


def test_keys_match_the_specification_examples() -> None:
    classic = parse_identity(SPEC_X25519_IDENTITY)
    assert isinstance(classic, X25519Identity)
    assert classic.recipient().to_string() == SPEC_X25519_RECIPIENT
    hybrid = parse_identity(SPEC_HYBRID_IDENTITY)
    assert isinstance(hybrid, HybridIdentity)
    recipient = hybrid.recipient().to_string()
    assert recipient.startswith("age1pq1")
    assert hashlib.sha256(recipient.encode()).hexdigest() == SPEC_HYBRID_RECIPIENT_SHA256
    assert parse_recipient(recipient) == hybrid.recipient()


@pytest.mark.parametrize("kind", KINDS)
def test_key_strings_and_secret_bytes_round_trip(kind: str) -> None:
    identity = KINDS[kind]()
    text = identity.to_string()
    assert text == text.upper() and text.startswith("AGE-SECRET-KEY-" + ("1" if kind == "x25519" else "PQ-1"))
    again = parse_identity(text)
    assert type(again) is type(identity) and again.to_string() == text
    recipient = identity.recipient()
    assert recipient.to_string() == recipient.to_string().lower()
    assert parse_recipient(recipient.to_string()) == recipient
    secret = identity.secret_bytes()
    assert isinstance(secret, bytearray) and len(secret) == 32
    assert type(identity).from_secret_bytes(secret).to_string() == text
    assert text not in repr(identity) and text.lower() not in repr(identity).lower()
    with pytest.raises(KeyFormatError):
        type(identity).from_secret_bytes(bytes(31))


def _with_checksum(hrp: str, groups: list[int]) -> str:
    polymod = bech32._polymod([*bech32._expand_hrp(hrp), *groups, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - index)) & 31 for index in range(6)]
    return hrp + "1" + "".join(bech32._CHARSET[group] for group in groups + checksum)


def test_bech32_matches_bip173_examples() -> None:
    for valid in ("A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"):
        bech32.decode(valid)
    for invalid in ("pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "A1G7SGD8", "a12UEL5L", "li1dgmt3"):
        with pytest.raises(KeyFormatError):
            bech32.decode(invalid)


def test_malformed_key_strings_are_refused() -> None:
    classic = X25519Identity.generate()
    hybrid = HybridIdentity.generate()
    recipient = classic.recipient().to_string()
    identity = classic.to_string()
    last = recipient[-1]
    bad_recipients = [
        "",
        "age1",
        recipient[:-1] + ("q" if last != "q" else "p"),  # checksum
        recipient.upper(),
        recipient[:10] + recipient[10:].upper(),
        " " + recipient,
        recipient + "\n",
        recipient.replace("age1", "agf1", 1),
        bech32.encode("age", os.urandom(31)),
        bech32.encode("age", os.urandom(33)),
        bech32.encode("age", bytes(32)),  # a low-order point
        bech32.encode("age1pq", os.urandom(1215)),
        bech32.encode("age1pq", b"\xff" * 1216),  # not a valid ML-KEM-768 key
        bech32.encode("age1tag", os.urandom(33)),  # a kind we do not support
        identity,
        recipient[:20] + "b" + recipient[21:],  # outside the alphabet
        _with_checksum("age", [bech32._VALUES[c] for c in recipient[4:-7]] + [1]),  # non-zero padding
    ]
    for text in bad_recipients:
        with pytest.raises(KeyFormatError):
            parse_recipient(text)
    bad_identities = [
        identity.lower(),
        identity[:-1] + ("Q" if identity[-1] != "Q" else "P"),
        bech32.encode("AGE-SECRET-KEY-", os.urandom(31), upper=True),
        bech32.encode("AGE-SECRET-KEY-PQ-", os.urandom(64), upper=True),
        bech32.encode("AGE-PLUGIN-YUBIKEY-", os.urandom(32), upper=True),
        hybrid.recipient().to_string(),
        hybrid.to_string() + " ",
    ]
    for text in bad_identities:
        with pytest.raises(KeyFormatError):
            parse_identity(text)


def test_error_messages_carry_no_key_material(two_recipient_file: tuple[Identity, Layout]) -> None:
    identity, layout = two_recipient_file
    secrets = [identity.to_string(), identity.secret_bytes().hex(), identity.recipient().to_string()]
    messages = []
    for tampered, _ in _tampered_cases(layout).values():
        _, error = _decrypt_all([identity], tampered)
        messages.append(str(error))
    _, error = _decrypt_all([identity], layout.data[:-1])
    messages.append(str(error))
    encoded = identity.to_string()
    other_last = "P" if encoded.endswith("Q") else "Q"  # a real change, whatever the key ends in
    for text in (encoded[:-1] + other_last, encoded.lower()):
        with pytest.raises(KeyFormatError) as raised:
            parse_identity(text)
        messages.append(str(raised.value))
    for message in messages:
        assert message and all(secret.lower() not in message.lower() for secret in secrets), message
        assert len(message) < 120


def test_recipient_and_identity_types() -> None:
    assert isinstance(parse_recipient(X25519Identity.generate().recipient().to_string()), X25519Recipient)
    assert isinstance(parse_recipient(HybridIdentity.generate().recipient().to_string()), HybridRecipient)
    with pytest.raises(TypeError):
        AgeReader(["AGE-SECRET-KEY-1..."], io.BytesIO(b""))  # type: ignore[list-item]
