"""Attachments in bundles: real vaults on both sides, real age encryption, real signatures.

A volunteer's attachments travel with their cases, as the copy without metadata unless the
originals are chosen; the coordinator stores identical content once, gains an original that comes
later, holds attachments back with their bundle (or until their case arrives), and refuses a
bundle whose attachment was damaged, cut short or dropped, with the store exactly as it was."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crypto.age import AgeReader, AgeWriter, parse_recipient
from crypto.kdf import MINIMUM
from intake.bundle_format import ATTACHMENT, BundleError, PayloadReader, parse_manifest
from intake.errors import StorageError
from intake.own_age_identity import load_age_identities
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.attachment_samples import pdf_bytes, photo_with_location
from tests.support import PASSPHRASE, case_doc, snapshot

LOCATION_CANARY = b"CANARY-GPS-55.7558N-37.6173E"


def _vault(root: Path, role: Role) -> Vault:
    return create_vault(root, PASSPHRASE, role, params=MINIMUM)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault, str]]:
    volunteer = _vault(tmp_path / "volunteer", Role.FIELD)
    coordinator = _vault(tmp_path / "coordinator", Role.COORDINATOR)
    keys = coordinator.public_keys()
    contact, _new = volunteer.contacts.add(keys)
    volunteer.approve_key(contact.fingerprint)
    theirs, _new = coordinator.contacts.add(volunteer.public_keys())
    coordinator.approve_key(theirs.fingerprint)
    assert keys.age_recipient is not None
    yield volunteer, coordinator, keys.age_recipient
    volunteer.lock()
    coordinator.lock()


def _photo_with_location() -> bytes:
    return photo_with_location(LOCATION_CANARY)


def _sealed_case(vault: Vault, title: str) -> str:
    record = vault.store.create_case(case_doc(title, f"Рассказ: {title}"))
    vault.store.seal(record.case_id)
    return record.case_id


def _attach(vault: Vault, case_id: str, folder: Path, name: str, data: bytes) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return vault.attachments.add_file(case_id, path)


def _import(vault: Vault, path: Path) -> Any:
    with path.open("rb") as source:
        return vault.import_bundle(source)


def _content(vault: Vault, attachment_id: str, *, original: bool = False) -> bytes:
    return b"".join(vault.attachments.chunks(attachment_id, original=original))


def _stored_files(vault: Vault) -> dict[str, bytes]:
    # -shm is SQLite's shared-memory index of the WAL, rewritten by reads; not stored content.
    return {n: d for n, d in snapshot(vault.layout.root).items() if not n.endswith("-shm")}


def _refused_and_unchanged(coordinator: Vault, bundle: Path) -> None:
    before = _stored_files(coordinator)
    with pytest.raises(BundleError):
        _import(coordinator, bundle)
    assert _stored_files(coordinator) == before


def _count(vault: Vault, table: str) -> int:
    return int(vault.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.usefixtures("qapp")
def test_attachments_travel_with_their_case_as_the_copy_without_metadata(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Избиение у клуба")
    photo = _attach(volunteer, case_id, tmp_path / "in", "injury.jpg", _photo_with_location())
    scan = _attach(
        volunteer, case_id, tmp_path / "in", "refusal.pdf", pdf_bytes(["Отказ в возбуждении дела"])
    )
    assert photo.working_sha256 is not None and scan.working_sha256 is None

    result = volunteer.export_bundle(tmp_path / "one.bundle", [recipient])
    assert (result.revisions, result.attachments, result.originals) == (
        1,
        2,
        1,
    )  # the PDF is its own original
    report = _import(coordinator, result.path)

    assert report.attachment_counts() == {
        "new": 2,
        "original_added": 0,
        "unchanged": 0,
        "conflicting": 0,
        "quarantined": 0,
    }
    received = {a.id: a for a in coordinator.attachments.list(case_id)}
    assert set(received) == {photo.id, scan.id}
    got_photo, got_scan = received[photo.id], received[scan.id]
    # The photo: only the working copy came; its evidence hash is known, the bytes are not here.
    assert not got_photo.has_original
    assert (got_photo.sha256, got_photo.size, got_photo.working_sha256) == (
        photo.sha256,
        photo.size,
        photo.working_sha256,
    )
    shown = _content(coordinator, photo.id)
    assert hashlib.sha256(shown).hexdigest() == photo.working_sha256
    assert LOCATION_CANARY not in shown
    assert got_photo.removed == photo.removed and got_photo.author == volunteer.fingerprint
    # The PDF: there was nothing to remove, so its original is what travels.
    assert got_scan.has_original
    assert _content(coordinator, scan.id, original=True) == _content(volunteer, scan.id, original=True)
    assert (got_scan.file_name, got_scan.media_type, got_scan.kind) == (
        "refusal.pdf",
        "application/pdf",
        "pdf",
    )
    receipt = coordinator.connection.execute(
        "SELECT received_in FROM attachment WHERE id = ?", (photo.id,)
    ).fetchone()[0]
    assert receipt == coordinator.connection.execute("SELECT receipt FROM bundle_received").fetchone()[0]
    # The location went nowhere in the coordinator's vault, in any form.
    assert LOCATION_CANARY not in b"".join(
        bytes(row[0]) for row in coordinator.connection.execute("SELECT data FROM attachment_chunk")
    )

    # The evidence trail: who added each file, which bundle brought it, and the bytes still hash
    # to what was recorded.
    trail = coordinator.case_trail(case_id, check_attachments=True)
    by_id = {a.attachment_id: a for a in trail.attachments}
    assert trail.ok and trail.attachments_checked
    assert (by_id[photo.id].has_original, by_id[photo.id].working_intact) == (False, True)
    assert by_id[photo.id].original_intact is None and by_id[scan.id].original_intact is True
    assert by_id[photo.id].bundle_id == report.bundle_id and by_id[photo.id].sha256 == photo.sha256
    coordinator.connection.execute("UPDATE attachment_chunk SET data = zeroblob(length(data))")
    damaged = coordinator.case_trail(case_id, check_attachments=True)
    assert not damaged.ok and {a.attachment_id for a in damaged.attachments if not a.ok} == {
        photo.id,
        scan.id,
    }

    # Nothing new: the next bundle carries no attachment again.
    again = volunteer.export_bundle(tmp_path / "two.bundle", [recipient])
    assert (again.revisions, again.attachments) == (0, 0)


@pytest.mark.usefixtures("qapp")
def test_originals_come_only_when_chosen_and_complete_what_the_coordinator_holds(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Фото")
    photo = _attach(volunteer, case_id, tmp_path / "in", "photo.jpg", _photo_with_location())
    _import(coordinator, volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path)
    assert not coordinator.attachments.get(photo.id).has_original

    originals = volunteer.export_bundle(tmp_path / "two.bundle", [recipient], include_originals=True)
    assert (originals.revisions, originals.attachments, originals.originals) == (0, 1, 1)
    report = _import(coordinator, originals.path)
    assert [a.outcome for a in report.attachments] == ["original_added"]
    held = coordinator.attachments.get(photo.id)
    assert held.has_original
    assert _content(coordinator, photo.id, original=True) == _content(volunteer, photo.id, original=True)
    assert LOCATION_CANARY in _content(coordinator, photo.id, original=True)
    # Once the original went, "include originals" has nothing more to send.
    assert (
        volunteer.export_bundle(tmp_path / "three.bundle", [recipient], include_originals=True).attachments
        == 0
    )


@pytest.mark.usefixtures("qapp")
def test_an_attachment_added_after_the_case_went_follows_in_the_next_bundle_and_drafts_stay(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Угрозы")
    draft = volunteer.store.create_case(case_doc("Черновик", "не запечатан"))
    _attach(volunteer, draft.case_id, tmp_path / "in", "draft.txt", "черновик\n".encode())
    _import(coordinator, volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path)
    later = _attach(volunteer, case_id, tmp_path / "in", "later.txt", "записка\n".encode())

    result = volunteer.export_bundle(tmp_path / "two.bundle", [recipient])
    assert (result.revisions, result.attachments) == (0, 1)
    report = _import(coordinator, result.path)
    assert [(a.attachment_id, a.outcome) for a in report.attachments] == [(later.id, "new")]
    assert _count(coordinator, "attachment") == 1  # the draft's file never left the volunteer


@pytest.mark.usefixtures("qapp")
def test_identical_content_is_stored_once_and_a_replay_changes_nothing(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    data = pdf_bytes(["Одна и та же справка"])
    first, second = _sealed_case(volunteer, "Первое"), _sealed_case(volunteer, "Второе")
    _attach(volunteer, first, tmp_path / "a", "note.pdf", data)
    _attach(volunteer, second, tmp_path / "b", "same.pdf", data)
    bundle = volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path
    _import(coordinator, bundle)
    assert _count(coordinator, "attachment") == 2
    assert _count(coordinator, "attachment_blob") == 1
    before = _stored_files(coordinator)
    assert _import(coordinator, bundle).outcome == "already_imported"
    assert _stored_files(coordinator) == before

    # Everything again (after a lost bundle): every attachment is "unchanged", nothing is stored twice.
    again = volunteer.export_bundle(tmp_path / "again.bundle", [recipient], resend_attachments=True)
    report = _import(coordinator, again.path)
    assert report.attachment_counts()["unchanged"] == 2
    assert (_count(coordinator, "attachment"), _count(coordinator, "attachment_blob")) == (2, 1)


def _decrypted(coordinator: Vault, bundle: Path) -> bytes:
    with bundle.open("rb") as source:
        return AgeReader(load_age_identities(coordinator.connection), source).read()


def _encrypted(recipient: str, payload: bytes) -> bytes:
    sink = io.BytesIO()
    writer = AgeWriter([parse_recipient(recipient)], sink)
    writer.write(payload)
    writer.close()
    return sink.getvalue()


def _attachment_data_offset(payload: bytes) -> tuple[int, int]:
    """Where the first attachment entry's copies start in a payload, and how long they are."""
    reader = PayloadReader(io.BytesIO(payload))
    manifest_length = int.from_bytes(payload[11:15], "big")
    offset = (
        15 + manifest_length + 2 + int.from_bytes(payload[15 + manifest_length : 17 + manifest_length], "big")
    )
    for entry in reader.manifest.entries:
        if entry.kind == ATTACHMENT:
            header_length = int.from_bytes(payload[offset + 9 : offset + 13], "big")
            start = offset + 9 + 4 + header_length
            return start, entry.length - 4 - header_length
        offset += 9 + entry.length
    raise AssertionError("no attachment entry")


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("damage", ["flip a byte", "cut short", "swap for other bytes"])
def test_a_damaged_attachment_rejects_the_whole_bundle_and_changes_nothing(
    pair: tuple[Vault, Vault, str], tmp_path: Path, damage: str
) -> None:
    """Damage after signing (on the way, on a stick, by an attacker who can encrypt to the
    coordinator): the signed manifest and header still verify, the copy does not. The revision
    before it in the same bundle is not merged either."""
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Повреждённое вложение")
    _attach(volunteer, case_id, tmp_path / "in", "record.pdf", pdf_bytes(["Протокол"] * 3))
    bundle = volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path
    payload = bytearray(_decrypted(coordinator, bundle))
    start, length = _attachment_data_offset(bytes(payload))
    if damage == "flip a byte":
        payload[start + length // 2] ^= 0x01
    elif damage == "cut short":
        del payload[start + length - 10 :]
    else:
        payload[start : start + length] = bytes(length)
    hostile = tmp_path / "hostile.bundle"
    hostile.write_bytes(_encrypted(recipient, bytes(payload)))

    _refused_and_unchanged(coordinator, hostile)
    assert _count(coordinator, "case_revision") == 0 and _count(coordinator, "attachment_blob") == 0
    # The intact bundle still goes in afterwards.
    assert _import(coordinator, bundle).attachment_counts()["new"] == 1


@pytest.mark.usefixtures("qapp")
def test_a_dropped_attachment_entry_or_an_altered_header_is_refused(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Заголовок")
    _attach(volunteer, case_id, tmp_path / "in", "a.txt", b"first file\n")
    bundle = volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path
    payload = _decrypted(coordinator, bundle)
    start, length = _attachment_data_offset(payload)
    header_at = payload.rindex(b'{"added_at"', 0, start)
    altered = bytearray(payload)
    name_at = payload.index(b"a.txt", header_at)
    altered[name_at] = ord("b")  # "b.txt": same length, other name
    dropped = payload[: header_at - 13] + payload[start + length :]
    before = _stored_files(coordinator)
    for hostile_payload in (bytes(altered), dropped):
        hostile = tmp_path / "hostile.bundle"
        hostile.write_bytes(_encrypted(recipient, hostile_payload))
        with pytest.raises(BundleError):
            _import(coordinator, hostile)
        hostile.unlink()
    assert _stored_files(coordinator) == before


@pytest.mark.usefixtures("qapp")
def test_damage_in_the_sender_s_vault_stops_the_export_and_records_nothing(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, _coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Порча")
    _attach(volunteer, case_id, tmp_path / "in", "a.pdf", pdf_bytes(["текст"]))
    volunteer.connection.execute("UPDATE attachment_chunk SET data = zeroblob(length(data))")
    with pytest.raises(StorageError):
        volunteer.export_bundle(tmp_path / "one.bundle", [recipient])
    assert not (tmp_path / "one.bundle").exists()
    assert list(tmp_path.glob("*.tmp*")) == [] and _count(volunteer, "bundle_sent") == 0


def _one_way(tmp_path: Path) -> tuple[Vault, Vault, str]:
    """The volunteer trusts the coordinator, who does not know the volunteer yet."""
    volunteer = _vault(tmp_path / "volunteer", Role.FIELD)
    coordinator = _vault(tmp_path / "coordinator", Role.COORDINATOR)
    keys = coordinator.public_keys()
    contact, _new = volunteer.contacts.add(keys)
    volunteer.approve_key(contact.fingerprint)
    assert keys.age_recipient is not None
    return volunteer, coordinator, keys.age_recipient


@pytest.mark.usefixtures("qapp")
def test_attachments_of_an_unknown_sender_wait_in_quarantine_and_merge_on_approval(tmp_path: Path) -> None:
    volunteer, coordinator, recipient = _one_way(tmp_path)
    case_id = _sealed_case(volunteer, "Незнакомец")
    photo = _attach(volunteer, case_id, tmp_path / "in", "photo.jpg", _photo_with_location())

    report = _import(coordinator, volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path)
    assert [(a.outcome, a.reason) for a in report.attachments] == [("quarantined", "unknown_sender")]
    assert coordinator.attachments.list(case_id) == []
    assert _count(coordinator, "quarantined_attachment") == 1

    theirs = coordinator.contacts.by_signer(volunteer.fingerprint)
    assert theirs is not None
    coordinator.approve_key(theirs.fingerprint)
    assert [a.id for a in coordinator.attachments.list(case_id)] == [photo.id]
    assert _content(coordinator, photo.id) == _content(volunteer, photo.id)
    assert _count(coordinator, "quarantined_attachment") == 0
    volunteer.lock()
    coordinator.lock()


@pytest.mark.usefixtures("qapp")
def test_a_stranger_s_held_attachments_are_purged_with_their_content(tmp_path: Path) -> None:
    volunteer, coordinator, recipient = _one_way(tmp_path)
    case_id = _sealed_case(volunteer, "Чужой")
    _attach(volunteer, case_id, tmp_path / "in", "a.pdf", pdf_bytes(["чужое"]))
    _import(coordinator, volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path)
    assert _count(coordinator, "attachment_blob") == 1
    theirs = coordinator.contacts.by_signer(volunteer.fingerprint)
    assert theirs is not None
    coordinator.purge_quarantine(theirs.fingerprint)
    assert (_count(coordinator, "quarantined_attachment"), _count(coordinator, "attachment_blob")) == (0, 0)
    assert _count(coordinator, "attachment_chunk") == 0
    volunteer.lock()
    coordinator.lock()


@pytest.mark.usefixtures("qapp")
def test_an_attachment_whose_case_has_not_arrived_waits_for_it(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """The bundle with the case is lost; the coordinator decides not to wait for it. The
    attachment that came later is held until the case comes after all."""
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Потерянный")
    first = volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path
    late = _attach(volunteer, case_id, tmp_path / "in", "late.txt", "поздно\n".encode())
    second = volunteer.export_bundle(tmp_path / "two.bundle", [recipient]).path

    report = _import(coordinator, second)
    assert report.outcome == "quarantined" and report.reason == "sequence_gap"
    theirs = coordinator.contacts.by_signer(volunteer.fingerprint)
    assert theirs is not None
    coordinator.accept_gaps(theirs.fingerprint)
    reason = coordinator.connection.execute("SELECT reason FROM quarantined_attachment").fetchone()
    assert reason == ("case_not_held",) and coordinator.attachments.list(case_id) == []

    _import(coordinator, first)
    assert [a.id for a in coordinator.attachments.list(case_id)] == [late.id]
    assert _count(coordinator, "quarantined_attachment") == 0


def test_the_manifest_line_of_an_attachment_is_strict() -> None:
    from crypto.signing import SigningIdentity
    from intake.bundle_format import attachment_entry, plan_manifest

    key = SigningIdentity.generate().public()
    line = attachment_entry(
        "0" * 8 + "-0000-4000-8000-" + "0" * 12, "1" * 8 + "-1111-4111-8111-" + "1" * 12, b"{}", 5
    )
    manifest = plan_manifest(
        sender_role="field",
        sender_key=key,
        created_at="2026-12-01T10:00:00Z",
        recipients={"age1qqqq": 1},
        entries=[line],
    )
    data = manifest.to_bytes()
    assert parse_manifest(data).entries == (line,)
    for bad in (
        data.replace(b'"attachment":"1', b'"attachment":"x'),
        data.replace(b'"kind":"attachment"', b'"kind":"attachmenT"'),
        data.replace(b'"length":' + str(line.length).encode(), b'"length":4'),
        data.replace(b'"attachment":', b'"revision":1,"attachment":'),
    ):
        with pytest.raises(BundleError):
            parse_manifest(bad)


def test_schema_6_lets_an_attachment_gain_only_its_matching_original(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "v", Role.FIELD)
    conn = vault.connection
    conn.execute(
        "INSERT INTO attachment_blob (id, sha256, size) VALUES (1, ?, 3), (2, ?, 3), (3, ?, 3)",
        ("a" * 64, "b" * 64, "c" * 64),
    )
    conn.execute(
        "INSERT INTO attachment (id, case_id, file_name, media_type, kind, original_sha256, original_size, "
        "working_blob, author, added_at) VALUES (?, ?, 'x.jpg', 'image/jpeg', 'image', ?, 3, 2, ?, "
        "'2026-01-01T00:00:00Z')",
        ("1" * 36, "2" * 36, "a" * 64, "f" * 64),
    )
    for change in (
        "file_name = 'y.jpg'",
        "original_blob = 3",
        "working_blob = 1",
        "original_blob = 1, removed = 'x'",
    ):
        with pytest.raises(Exception, match="immutable"):
            conn.execute(f"UPDATE attachment SET {change}")
    conn.execute("UPDATE attachment SET original_blob = 1")
    with pytest.raises(Exception, match="immutable"):
        conn.execute("UPDATE attachment SET original_blob = NULL")
    # An unfinished blob (no hash yet) never completes anything, not even an empty original.
    empty = hashlib.sha256(b"").hexdigest()
    conn.execute("INSERT INTO attachment_blob (id, sha256, size) VALUES (4, NULL, 0)")
    conn.execute(
        "INSERT INTO attachment (id, case_id, file_name, media_type, kind, original_sha256, original_size, "
        "working_blob, author, added_at) VALUES (?, ?, 'e.txt', 'text/plain', 'text', ?, 0, 2, ?, "
        "'2026-01-01T00:00:00Z')",
        ("5" * 36, "2" * 36, empty, "f" * 64),
    )
    with pytest.raises(Exception, match="immutable"):
        conn.execute("UPDATE attachment SET original_blob = 4 WHERE id = ?", ("5" * 36,))
    vault.lock()


@pytest.mark.usefixtures("qapp")
def test_images_whose_metadata_could_not_be_removed_go_only_with_the_originals(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """A damaged JPEG (kept as received), an image format the app cannot clean and a video have
    only their original, which may say where they were taken: they stay behind unless originals
    are chosen."""
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Нечищеные снимки")
    whole = _photo_with_location()
    damaged = _attach(volunteer, case_id, tmp_path / "in", "cut.jpg", whole[:-4])
    gif = _attach(volunteer, case_id, tmp_path / "in", "anim.gif", b"GIF89a" + LOCATION_CANARY + bytes(64))
    clip = _attach(
        volunteer, case_id, tmp_path / "in", "clip.mov", b"\x00\x00\x00\x14ftypqt  " + LOCATION_CANARY
    )
    assert damaged.metadata_not_removed and damaged.working_sha256 is None
    assert (gif.kind, gif.metadata_removable) == ("image", False)
    assert clip.kind == "other"
    assert volunteer.export_plan([recipient]).originals == 3

    plain = volunteer.export_bundle(tmp_path / "one.bundle", [recipient])
    assert (plain.revisions, plain.attachments) == (1, 0)
    _import(coordinator, plain.path)
    assert coordinator.attachments.list(case_id) == []

    chosen = volunteer.export_bundle(tmp_path / "two.bundle", [recipient], include_originals=True)
    assert (chosen.attachments, chosen.originals) == (3, 3)
    _import(coordinator, chosen.path)
    received = {a.id: a for a in coordinator.attachments.list(case_id)}
    assert set(received) == {damaged.id, gif.id, clip.id} and received[damaged.id].metadata_not_removed
    assert _content(coordinator, gif.id) == _content(volunteer, gif.id)


def _crafted_bundle(
    recipient: str, case_id: str, attachment_id: str, header: dict[str, Any], data: bytes
) -> bytes:
    """A bundle made by hand with any attachment header (signed by a stranger: the header is
    checked before any question of trust)."""
    from crypto.signing import SigningIdentity
    from intake.bundle_format import AttachmentBody, attachment_entry, plan_manifest, write_payload
    from intake.canonical_json import canonical_json

    signer = SigningIdentity.generate()
    header = {**header, "author": signer.public().fingerprint}
    try:
        header_bytes = canonical_json(header)
    except (TypeError, ValueError):
        header_bytes = json.dumps(header, separators=(",", ":")).encode()
    # A number too long for Python to parse by default, which json.dumps cannot write either.
    header_bytes = header_bytes.replace(b'"@5000 digits@"', b"1" * 5000)
    manifest = plan_manifest(
        sender_role="field",
        sender_key=signer.public(),
        created_at="2026-12-01T10:00:00Z",
        recipients={recipient: 1},
        entries=[attachment_entry(case_id, attachment_id, header_bytes, len(data))],
    )
    sink = io.BytesIO()
    writer = AgeWriter([parse_recipient(recipient)], sink)
    write_payload(writer, manifest, signer.sign, [AttachmentBody(header_bytes, [data])])
    writer.close()
    return sink.getvalue()


CASE = "33333333-3333-4333-8333-333333333333"
ATTACHMENT_ID = "44444444-4444-4444-8444-444444444444"


def _header(data: bytes, **changes: Any) -> dict[str, Any]:
    digest = hashlib.sha256(data).hexdigest()
    header = {
        "attachment": ATTACHMENT_ID,
        "case_id": CASE,
        "author": "",
        "added_at": "2026-12-01T09:00:00Z",
        "file_name": "note.txt",
        "media_type": "text/plain",
        "kind": "text",
        "linked_to": None,
        "removed": [],
        "original": {"sha256": digest, "size": len(data)},
        "copies": [{"copy": "original", "sha256": digest, "size": len(data)}],
    }
    header.update(changes)
    return header


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": ["text"]},  # a list where a string belongs
        {"original": {"sha256": "0" * 64, "size": "@5000 digits@"}},  # an integer Python will not parse
        {"file_name": "scan 12\\03.txt"},  # a name the sender's app would have made safe
        {"file_name": "invoice\u202etxt.exe"},  # a name that reads backwards
        {"file_name": "report.pdf:payload"},
        {"file_name": " "},
        {"copies": [{"copy": ["original"], "sha256": "0" * 64, "size": 9}]},
        {"attachment": "55555555-5555-4555-8555-555555555555"},  # not the manifest's id
    ],
)
def test_a_hostile_attachment_header_is_refused_cleanly(
    pair: tuple[Vault, Vault, str], tmp_path: Path, changes: dict[str, Any]
) -> None:
    _volunteer, coordinator, recipient = pair
    data = b"a short note\n"
    hostile = tmp_path / "hostile.bundle"
    hostile.write_bytes(_crafted_bundle(recipient, CASE, ATTACHMENT_ID, _header(data, **changes), data))
    _refused_and_unchanged(coordinator, hostile)


@pytest.mark.usefixtures("qapp")
def test_names_the_sender_accepts_are_made_safe_once_and_accepted_by_the_receiver(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Имена файлов")
    names = {
        "scan 12\\03\\2026.txt": "scan 12_03_2026.txt",
        "invoice\u202etxt.exe.txt": "invoice_txt.exe.txt",
        "photo\u200b.txt": "photo_.txt",
        "протокол: копия.txt": "протокол_ копия.txt",
    }
    added = {}
    for raw, safe in names.items():
        attachment = _attach(volunteer, case_id, tmp_path / "in", raw, f"{safe}\n".encode())
        assert attachment.file_name == safe
        added[attachment.id] = safe
    report = _import(coordinator, volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path)
    assert report.attachment_counts()["new"] == 4
    assert {a.id: a.file_name for a in coordinator.attachments.list(case_id)} == added


@pytest.mark.usefixtures("qapp")
def test_a_second_coordinator_gets_the_files_of_the_cases_it_was_sent(tmp_path: Path) -> None:
    volunteer = _vault(tmp_path / "volunteer", Role.FIELD)
    first, second = (_vault(tmp_path / name, Role.COORDINATOR) for name in ("first", "second"))
    recipients = []
    for coordinator in (first, second):
        keys = coordinator.public_keys()
        volunteer.approve_key(volunteer.contacts.add(keys)[0].fingerprint)
        coordinator.approve_key(coordinator.contacts.add(volunteer.public_keys())[0].fingerprint)
        assert keys.age_recipient is not None
        recipients.append(keys.age_recipient)
    case_id = _sealed_case(volunteer, "Два координатора")
    _import(first, volunteer.export_bundle(tmp_path / "to-first.bundle", [recipients[0]]).path)
    note = _attach(volunteer, case_id, tmp_path / "in", "later.txt", b"added after the case went\n")
    # The second coordinator never got the case: the file does not go there on its own.
    assert volunteer.export_bundle(tmp_path / "to-second.bundle", [recipients[1]]).attachments == 0
    to_first = volunteer.export_bundle(tmp_path / "to-first-2.bundle", [recipients[0]])
    assert to_first.attachments == 1
    _import(first, to_first.path)
    assert [a.id for a in first.attachments.list(case_id)] == [note.id]
    # Everything to the second one (after --all): the case and the file, which it did not have.
    everything = volunteer.export_bundle(
        tmp_path / "all-to-second.bundle",
        [recipients[1]],
        revisions=[(case_id, 1)],
        resend_attachments=True,
    )
    _import(second, tmp_path / "to-second.bundle")
    assert [a.outcome for a in _import(second, everything.path).attachments] == ["new"]
    for vault in (volunteer, first, second):
        vault.lock()


@pytest.mark.usefixtures("qapp")
def test_a_large_refused_bundle_leaves_the_vault_files_as_they_were(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """48 MiB: more than SQLCipher's page cache, so the refused import's pages reach the WAL
    before the rollback. They must not stay there."""
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Большая запись")
    data = os.urandom(48 * 1024 * 1024)
    _attach(volunteer, case_id, tmp_path / "in", "recording.bin", data)
    bundle = volunteer.export_bundle(tmp_path / "big.bundle", [recipient], include_originals=True).path
    payload = bytearray(_decrypted(coordinator, bundle))
    start, length = _attachment_data_offset(bytes(payload))
    payload[start + length - 1] ^= 0x01  # the very last byte: everything before it went in
    hostile = tmp_path / "hostile.bundle"
    hostile.write_bytes(_encrypted(recipient, bytes(payload)))
    del payload
    coordinator.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _refused_and_unchanged(coordinator, hostile)


@pytest.mark.usefixtures("qapp")
def test_the_same_id_with_another_name_is_held_not_merged(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Подмена имени")
    note = _attach(volunteer, case_id, tmp_path / "in", "a.txt", b"first\n")
    bundle = volunteer.export_bundle(tmp_path / "one.bundle", [recipient]).path
    _import(coordinator, bundle)
    # A second export re-signed by the same volunteer but with the name changed in the store.
    volunteer.connection.execute("DROP TRIGGER attachment_no_update")
    volunteer.connection.execute("UPDATE attachment SET file_name = 'b.txt' WHERE id = ?", (note.id,))
    again = volunteer.export_bundle(tmp_path / "two.bundle", [recipient], resend_attachments=True)
    report = _import(coordinator, again.path)
    assert [(a.outcome, a.reason) for a in report.attachments] == [("conflicting", "attachment_differs")]
    assert coordinator.attachments.get(note.id).file_name == "a.txt"


@pytest.mark.usefixtures("qapp")
def test_a_revoked_sender_s_held_attachments_are_purged_wherever_they_wait(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed_case(volunteer, "Отзыв")
    volunteer.export_bundle(tmp_path / "lost.bundle", [recipient])  # never arrives
    _attach(volunteer, case_id, tmp_path / "in", "a.txt", b"held\n")
    _import(coordinator, volunteer.export_bundle(tmp_path / "two.bundle", [recipient]).path)
    theirs = coordinator.contacts.by_signer(volunteer.fingerprint)
    assert theirs is not None
    coordinator.accept_gaps(theirs.fingerprint)
    assert _count(coordinator, "quarantined_attachment") == 1  # case_not_held, in a merged bundle
    coordinator.contacts.revoke(theirs.fingerprint)
    coordinator.purge_quarantine(theirs.fingerprint)
    assert (_count(coordinator, "quarantined_attachment"), _count(coordinator, "attachment_chunk")) == (0, 0)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("invoice.pdf" + "\u3000" * 40 + ".exe", "invoice.pdf .exe"),  # padding pushes .exe out of sight
        ("invoice.pdf\u2800\u2800.exe", "invoice.pdf__.exe"),  # characters drawn blank
        ("photo.jp\u0338g.exe", "photo.jpg.exe"),  # a combining mark over the extension
        ("nul.txt", "_nul.txt"),  # a Windows device name
        ("я" * 200 + ".txt", "я" * 125 + ".txt"),  # 255 bytes of UTF-8 at most, extension kept
        ("e\u0301te.txt", "\u00e9te.txt"),  # one form for one name
    ],
)
def test_names_cannot_pose_as_other_files(raw: str, safe: str) -> None:
    from intake.attachment_names import is_safe_file_name, safe_file_name

    assert safe_file_name(raw) == safe and is_safe_file_name(safe) and not is_safe_file_name(raw)
    assert len(safe.encode("utf-8")) <= 255
