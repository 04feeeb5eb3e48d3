"""The bundle payload (docs/formats/bundle.md) without the age layer: what is written reads back
exactly, and any change, cut or addition anywhere is refused."""

from __future__ import annotations

import hashlib
import io
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.signing import SigningIdentity
from intake.bundle_format import (
    MANIFEST_CONTEXT,
    MIN_PADDED_LENGTH,
    REVISION,
    BundleError,
    EntryInfo,
    Manifest,
    PayloadReader,
    padme,
    parse_manifest,
    plan_manifest,
    recipient_hash,
    write_payload,
)
from intake.errors import CancelledError

SIGNER = SigningIdentity.generate()
RECIPIENT = "age1examplerecipientstringforthetestsonly"


def _entry(body: bytes) -> EntryInfo:
    return EntryInfo(REVISION, str(uuid.uuid4()), 1, len(body), hashlib.sha256(body).hexdigest())


def _bundle(bodies: list[bytes], *, sequence: int = 1) -> tuple[Manifest, bytes]:
    manifest = plan_manifest(
        sender_role="field",
        sender_key=SIGNER.public(),
        created_at="2026-11-22T10:00:00Z",
        recipients={RECIPIENT: sequence},
        entries=[_entry(body) for body in bodies],
    )
    sink = io.BytesIO()
    write_payload(sink, manifest, SIGNER.sign, bodies)
    return manifest, sink.getvalue()


def _read_all(payload: bytes) -> list[bytes]:
    reader = PayloadReader(io.BytesIO(payload))
    bodies = [body for _info, body in reader.entries()]
    reader.finish()
    return bodies


BODIES = [b'{"case":"one"}', b'{"case":"two"}' * 100, b"x" * 70_000]


def test_a_payload_reads_back_exactly_with_its_manifest() -> None:
    manifest, payload = _bundle(BODIES)
    assert len(payload) == manifest.padded_length == padme(manifest.padded_length)
    reader = PayloadReader(io.BytesIO(payload))
    assert reader.manifest == manifest
    assert reader.manifest.sender == SIGNER.public().fingerprint
    assert reader.manifest.recipients == ((recipient_hash(RECIPIENT), 1),)
    assert reader.manifest.sequence_for(RECIPIENT) == 1
    assert reader.manifest.sequence_for("age1someoneelse") is None
    assert [body for _info, body in reader.entries()] == BODIES
    reader.finish()


def test_an_empty_bundle_and_a_small_one_have_the_same_size() -> None:
    assert len(_bundle([])[1]) == len(_bundle([b"{}"] * 3)[1]) == MIN_PADDED_LENGTH


@pytest.mark.parametrize("length", [1, 1000, 65_536, 65_537, 10**6, 10**9, 2**40 + 12345])
def test_padme_rounds_up_by_at_most_an_eighth(length: int) -> None:
    padded = padme(length)
    assert padded >= max(length, MIN_PADDED_LENGTH)
    assert padme(padded) == padded
    if length > MIN_PADDED_LENGTH:
        assert padded - length <= length / 8


def test_sizes_reveal_little_distinct_lengths_collapse() -> None:
    lengths = range(1_000_000, 1_100_000)
    assert len({padme(n) for n in lengths}) <= 6  # 100,000 lengths, a handful of sizes


def _sections(manifest: Manifest, payload: bytes) -> dict[str, int]:
    manifest_end = 15 + len(manifest.to_bytes())
    signature_end = manifest_end + 2 + 3374
    first_entry_body = signature_end + 9
    end_marker = first_entry_body + sum(9 + e.length for e in manifest.entries) - 9
    return {
        "magic": 0,
        "version": 10,
        "manifest length": 12,
        "manifest": 40,
        "signature length": manifest_end + 1,
        "signature (Ed25519 half)": manifest_end + 10,
        "signature (ML-DSA half)": signature_end - 10,
        "entry kind": signature_end,
        "entry length": signature_end + 5,
        "first entry body": first_entry_body + 3,
        "last entry body": end_marker - 5,
        "end marker": end_marker,
        "padding": len(payload) - 1,
    }


@pytest.mark.parametrize("where", list(_sections(*_bundle(BODIES))))
def test_a_flipped_byte_anywhere_is_refused(where: str) -> None:
    manifest, payload = _bundle(BODIES)
    position = _sections(manifest, payload)[where]
    damaged = bytearray(payload)
    damaged[position] ^= 0x01
    with pytest.raises(BundleError):
        _read_all(bytes(damaged))


@pytest.mark.parametrize("cut", [0, 5, 11, 100, 4000, 4100, -1, -70_000])
def test_a_cut_anywhere_is_refused(cut: int) -> None:
    _manifest, payload = _bundle(BODIES)
    with pytest.raises(BundleError):
        _read_all(payload[:cut])


def test_data_after_the_end_is_refused() -> None:
    _manifest, payload = _bundle(BODIES)
    with pytest.raises(BundleError, match="after its end"):
        _read_all(payload + b"\x00")


def test_a_manifest_signed_by_one_key_cannot_claim_another() -> None:
    manifest, payload = _bundle(BODIES)
    other = SigningIdentity.generate()
    forged = Manifest(**{**manifest.__dict__, "sender_key": other.public()})
    forged_bytes = forged.to_bytes()
    signature = SIGNER.sign(forged_bytes, MANIFEST_CONTEXT)  # signed by the wrong key
    head = b"INTAKE-BDL\x01" + len(forged_bytes).to_bytes(4, "big") + forged_bytes
    tail = payload[15 + len(manifest.to_bytes()) + 2 + 3374 :]
    with pytest.raises(BundleError, match="signature"):
        PayloadReader(io.BytesIO(head + len(signature).to_bytes(2, "big") + signature + tail))


def test_a_manifest_must_be_canonical_and_complete() -> None:
    manifest, _payload = _bundle(BODIES)
    raw = json.loads(manifest.to_bytes())
    assert parse_manifest(manifest.to_bytes()) == manifest
    with pytest.raises(BundleError):
        parse_manifest(json.dumps(raw, indent=1).encode())  # same content, not canonical
    one = raw["recipients"][0]
    for change in (
        {"extra": 1},
        {"format": 2},
        {"recipients": []},
        {"recipients": [{**one, "sequence": 0}]},
        {"recipients": [{**one, "sequence": True}]},
        {"recipients": [one, one]},
        {"sequence": 1},
    ):
        with pytest.raises(BundleError):
            parse_manifest(json.dumps({**raw, **change}, sort_keys=True, separators=(",", ":")).encode())


def test_the_writer_refuses_bodies_that_do_not_match_the_manifest() -> None:
    manifest, _payload = _bundle(BODIES)
    for bodies in (BODIES[:-1], [*BODIES, b"more"], [BODIES[0], BODIES[2], BODIES[1]]):
        with pytest.raises(ValueError, match="manifest"):
            write_payload(io.BytesIO(), manifest, SIGNER.sign, bodies)


def test_the_writer_stops_when_cancelled() -> None:
    manifest, _payload = _bundle(BODIES)
    with pytest.raises(CancelledError):
        write_payload(io.BytesIO(), manifest, SIGNER.sign, BODIES, cancelled=lambda: True)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=3000), max_size=12), st.integers(1, 10**6))
def test_any_set_of_entries_round_trips(bodies: list[bytes], sequence: int) -> None:
    manifest, payload = _bundle(bodies, sequence=sequence)
    assert _read_all(payload) == bodies
    assert len(payload) == manifest.padded_length


def test_a_manifest_of_nested_objects_is_refused_before_it_is_parsed() -> None:
    bomb = b'{"a":[' + b"{}," * 300_000 + b"{}]}"
    with pytest.raises(BundleError):
        parse_manifest(bomb)
