"""Import and merge: real vaults on both sides, real age encryption, real signatures.

A volunteer exports, a coordinator imports: new cases arrive with their seal signatures and
provenance; a replay is a no-op; a newer revision supersedes with history kept; an unknown sender
or a gap in the sequence is held in quarantine and released by approval or by the missing
bundle, so the order of arrival does not change the result; a bundle for someone else, a
forwarded one, an unsigned one or a damaged one is refused with the store exactly as it was."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.age import AgeReader, AgeWriter, HybridIdentity, parse_recipient
from crypto.kdf import MINIMUM
from intake.bundle_format import BundleError
from intake.errors import BadInputError
from intake.own_age_identity import CLASSIC, load_age_identities
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc, snapshot


def _vault(root: Path, role: Role) -> Vault:
    return create_vault(root, PASSPHRASE, role, params=MINIMUM)


def _introduce(volunteer: Vault, coordinator: Vault, *, approve_volunteer: bool = True) -> str:
    """The key exchange, done: the volunteer trusts the coordinator's keys and (optionally) the
    coordinator trusts the volunteer's. Returns the coordinator's age recipient."""
    keys = coordinator.public_keys()
    contact, _new = volunteer.contacts.add(keys)
    volunteer.approve_key(contact.fingerprint)
    if approve_volunteer:
        theirs, _new = coordinator.contacts.add(volunteer.public_keys())
        coordinator.approve_key(theirs.fingerprint)
    assert keys.age_recipient is not None
    return keys.age_recipient


def _sealed(vault: Vault, title: str) -> str:
    record = vault.store.create_case(case_doc(title, f"Рассказ: {title}"))
    vault.store.seal(record.case_id)
    return record.case_id


def _import(vault: Vault, path: Path) -> Any:
    with path.open("rb") as source:
        return vault.import_bundle(source)


def _state(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """What the store holds about cases and bundles, without rowids or audit timestamps."""
    queries = {
        "revisions": "SELECT case_id, revision, author, status, content_hash, created_at, sealed_at, "
        "signature FROM case_revision",
        "index": "SELECT case_id, revision, status, title, author, created_at, updated_at, violations "
        "FROM case_index",
        "bundles": "SELECT bundle_id, sender, sequence, state, reason FROM bundle_received",
        "quarantine": "SELECT receipt, position, case_id, revision, reason FROM quarantined_revision",
        "origin": "SELECT case_id, revision, receipt FROM revision_origin",
    }
    return {name: sorted(vault.connection.execute(sql).fetchall()) for name, sql in queries.items()}


def _stored_files(vault: Vault) -> dict[str, bytes]:
    # -shm is SQLite's shared-memory index of the WAL, rewritten by reads; not stored content.
    return {n: d for n, d in snapshot(vault.layout.root).items() if not n.endswith("-shm")}


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault, str]]:
    volunteer = _vault(tmp_path / "volunteer", Role.FIELD)
    coordinator = _vault(tmp_path / "coordinator", Role.COORDINATOR)
    recipient = _introduce(volunteer, coordinator)
    yield volunteer, coordinator, recipient
    volunteer.lock()
    coordinator.lock()


def test_a_bundle_merges_with_signatures_and_provenance_and_a_replay_changes_nothing(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    ids = [_sealed(volunteer, f"Дело {n}") for n in range(3)]
    bundle = volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path

    report = _import(coordinator, bundle)
    assert (report.outcome, report.sender, report.sequence) == ("merged", volunteer.fingerprint, 1)
    assert report.counts()["new"] == 3
    for case_id in ids:
        mine, theirs = volunteer.store.get(case_id), coordinator.store.get(case_id)
        assert (theirs.content, theirs.signature, theirs.author) == (
            mine.content,
            mine.signature,
            mine.author,
        )
    origins = coordinator.connection.execute(
        "SELECT DISTINCT b.bundle_id FROM revision_origin AS o JOIN bundle_received AS b USING (receipt)"
    ).fetchall()
    assert origins == [(report.bundle_id,)]
    assert coordinator.store.count_cases() == 3

    before = _stored_files(coordinator)
    again = _import(coordinator, bundle)
    assert again.outcome == "already_imported" and again.cases == ()
    assert _stored_files(coordinator) == before
    assert coordinator.audit.verify().ok


def test_a_newer_revision_supersedes_and_history_is_kept(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed(volunteer, "Первая редакция")
    _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path)
    volunteer.store.save_draft(case_id, case_doc("Вторая редакция", "дополнено"))
    volunteer.store.seal(case_id)
    report = _import(coordinator, volunteer.export_bundle(tmp_path / "2.bundle", [recipient]).path)
    assert [(c.revision, c.outcome) for c in report.cases] == [(2, "updated")]
    assert [r.revision for r in coordinator.store.revisions(case_id)] == [1, 2]
    (summary,) = coordinator.store.list_cases()
    assert (summary.title, summary.revision, summary.status) == ("Вторая редакция", 2, "sealed")


def test_an_unknown_sender_waits_in_quarantine_until_approved(tmp_path: Path) -> None:
    volunteer = _vault(tmp_path / "volunteer", Role.FIELD)
    coordinator = _vault(tmp_path / "coordinator", Role.COORDINATOR)
    recipient = _introduce(volunteer, coordinator, approve_volunteer=False)
    case_id = _sealed(volunteer, "Первое обращение")
    report = _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path)
    assert (report.outcome, report.reason, report.sender_status) == (
        "quarantined",
        "unknown_sender",
        "unknown",
    )
    assert [c.outcome for c in report.cases] == ["quarantined"]
    assert coordinator.store.count_cases() == 0
    (contact,) = coordinator.contacts.all()
    assert contact.status == "pending" and contact.fingerprint == report.sender_fingerprint
    assert contact.fingerprint == volunteer.public_keys().fingerprint  # what the volunteer reads out

    _contact, released = coordinator.approve_key(report.sender_fingerprint)
    assert released == (report.bundle_id,)
    assert coordinator.store.get(case_id).content["title"] == "Первое обращение"
    assert _state(coordinator)["quarantine"] == []


def _export_series(volunteer: Vault, recipient: str, folder: Path) -> list[Path]:
    """Four bundles: two new cases, a new revision of one, a third case."""
    first = _sealed(volunteer, "Дело А")
    paths = [volunteer.export_bundle(folder / "1.bundle", [recipient]).path]
    _sealed(volunteer, "Дело Б")
    paths.append(volunteer.export_bundle(folder / "2.bundle", [recipient]).path)
    volunteer.store.save_draft(first, case_doc("Дело А, вторая редакция", "новое"))
    volunteer.store.seal(first)
    paths.append(volunteer.export_bundle(folder / "3.bundle", [recipient]).path)
    _sealed(volunteer, "Дело В")
    paths.append(volunteer.export_bundle(folder / "4.bundle", [recipient]).path)
    return paths


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, Any]]:
    """A volunteer's four bundles to one coordinator, and the coordinator's state after importing
    them in order. Copies of the coordinator's vault (before import) are the start of each run."""
    root = tmp_path_factory.mktemp("series")
    volunteer = _vault(root / "volunteer", Role.FIELD)
    coordinator = _vault(root / "coordinator", Role.COORDINATOR)
    recipient = _introduce(volunteer, coordinator)
    coordinator.lock()
    shutil.copytree(root / "coordinator", root / "pristine")
    coordinator = _unlock(root / "coordinator")
    paths = _export_series(volunteer, recipient, root)
    for path in paths:
        assert _import(coordinator, path).outcome == "merged"
    expected = _state(coordinator)
    coordinator.lock()
    volunteer.lock()
    return root / "pristine", paths, expected


def _copy_of(pristine: Path, root: Path) -> Vault:
    """An unlocked copy of the series' coordinator vault as it was before any import; use it in
    a `with` block, which locks it."""
    shutil.copytree(pristine, root)
    return _unlock(root)


def _unlock(root: Path) -> Vault:
    from intake.vault import unlock_vault

    return unlock_vault(root, PASSPHRASE)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)), replay=st.sampled_from([None, 0, 1, 2, 3]))
def test_any_import_order_gives_the_same_store(
    series: tuple[Path, list[Path], dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
    order: list[int],
    replay: int | None,
) -> None:
    pristine, paths, expected = series
    with _copy_of(pristine, tmp_path_factory.mktemp("run") / "coordinator") as coordinator:
        sequence = [paths[i] for i in order] + ([] if replay is None else [paths[replay]])
        outcomes = [_import(coordinator, path).outcome for path in sequence]
        assert _state(coordinator) == expected
        if replay is not None:
            assert outcomes[-1] == "already_imported"


def test_a_gap_is_held_and_released_when_the_missing_bundle_arrives(
    series: tuple[Path, list[Path], dict[str, Any]], tmp_path: Path
) -> None:
    pristine, paths, _expected = series
    with _copy_of(pristine, tmp_path / "c") as coordinator:
        late = _import(coordinator, paths[2])
        assert (late.outcome, late.reason, late.sequence) == ("quarantined", "sequence_gap", 3)
        _import(coordinator, paths[0])
        filler = _import(coordinator, paths[1])
        assert filler.released == (late.bundle_id,)


def test_a_bundle_for_another_coordinator_is_not_addressed_to_you(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, _recipient = pair
    _sealed(volunteer, "Чужое")
    other = HybridIdentity.generate().recipient().to_string()
    bundle = volunteer.export_bundle(tmp_path / "x.bundle", [other]).path
    before = _stored_files(coordinator)
    with pytest.raises(BundleError, match="not addressed to you"):
        _import(coordinator, bundle)
    assert _stored_files(coordinator) == before


def test_a_forwarded_bundle_is_refused(pair: tuple[Vault, Vault, str], tmp_path: Path) -> None:
    """Coordinator A decrypts a valid bundle and re-encrypts it to coordinator B: B refuses it,
    because the signed manifest names A, not B."""
    volunteer, coordinator_a, recipient_a = pair
    coordinator_b = _vault(tmp_path / "b", Role.COORDINATOR)
    _sealed(volunteer, "Пересылка")
    bundle = volunteer.export_bundle(tmp_path / "a.bundle", [recipient_a]).path
    with bundle.open("rb") as source:
        plain = AgeReader(load_age_identities(coordinator_a.connection), source).read()
    forwarded = io.BytesIO()
    recipient_b = coordinator_b.public_keys().age_recipient
    assert recipient_b is not None
    writer = AgeWriter([parse_recipient(recipient_b)], forwarded)
    writer.write(plain)
    writer.close()
    before = _stored_files(coordinator_b)
    with pytest.raises(BundleError, match="passed on"):
        coordinator_b.import_bundle(io.BytesIO(forwarded.getvalue()))
    assert _stored_files(coordinator_b) == before
    coordinator_b.lock()


def test_a_payload_the_age_tool_encrypted_but_nobody_signed_is_refused(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    if shutil.which("age") is None:
        pytest.skip("the age tool is not installed (CI installs Debian's age)")
    _volunteer, coordinator, _recipient = pair
    recipient = coordinator.new_age_identity(CLASSIC)
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"INTAKE-BDL\x01 not really a bundle")
    encrypted = tmp_path / "unsigned.age"
    subprocess.run(["age", "-r", recipient, "-o", str(encrypted), str(plain)], check=True)
    before = _stored_files(coordinator)
    with pytest.raises(BundleError):
        _import(coordinator, encrypted)
    assert _stored_files(coordinator) == before


def _damaged(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 0x20
    return bytes(changed)


@pytest.mark.parametrize(
    "damage",
    [
        "header line",
        "stanza arguments",
        "stanza body",
        "header MAC",
        "first chunk",
        "middle chunk",
        "last chunk",
        "cut at a chunk boundary",
        "cut mid-chunk",
        "cut in the header",
        "extra bytes",
    ],
)
def test_damage_anywhere_is_refused_and_the_store_is_unchanged(
    pair: tuple[Vault, Vault, str], tmp_path: Path, damage: str
) -> None:
    volunteer, coordinator, recipient = pair
    for n in range(4):
        volunteer.store.create_case(case_doc(f"Большое дело {n}", "слово " * 30_000))
    for summary in volunteer.store.list_cases():
        volunteer.store.seal(summary.case_id)
    data = volunteer.export_bundle(tmp_path / "big.bundle", [recipient]).path.read_bytes()
    header_end = data.index(b"\n---") + 4
    payload_start = data.index(b"\n", header_end) + 1 + 16  # the 16-byte payload nonce
    chunk = 64 * 1024 + 16
    chunks = (len(data) - payload_start + chunk - 1) // chunk
    assert chunks >= 4
    stanza_line = data.index(b"-> ")
    stanza_body = data.index(b"\n", stanza_line) + 5
    changed = {
        "header line": lambda: _damaged(data, 3),
        "stanza arguments": lambda: _damaged(data, stanza_line + 20),
        "stanza body": lambda: _damaged(data, stanza_body),
        "header MAC": lambda: _damaged(data, header_end + 5),
        "first chunk": lambda: _damaged(data, payload_start + 100),
        "middle chunk": lambda: _damaged(data, payload_start + (chunks // 2) * chunk + 100),
        "last chunk": lambda: _damaged(data, len(data) - 5),
        "cut at a chunk boundary": lambda: data[: payload_start + 2 * chunk],
        "cut mid-chunk": lambda: data[: payload_start + 2 * chunk + 1000],
        "cut in the header": lambda: data[: header_end - 10],
        "extra bytes": lambda: data + b"\x00" * 17,
    }[damage]()
    before = _stored_files(coordinator)
    with pytest.raises(BundleError):
        coordinator.import_bundle(io.BytesIO(changed))
    assert _stored_files(coordinator) == before
    assert coordinator.store.count_cases() == 0
    assert _import(coordinator, tmp_path / "big.bundle").counts()["new"] == 4  # the real one still works


def test_a_case_id_claimed_by_another_author_is_quarantined_not_merged(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed(volunteer, "Подлинное дело")
    _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path)

    impostor = _vault(tmp_path / "impostor", Role.FIELD)
    _introduce(impostor, coordinator)
    conn = impostor.connection
    fake = impostor.store.create_case(case_doc("Подмена", "чужой номер дела"))
    conn.execute("PRAGMA foreign_keys = OFF")  # re-number the impostor's case as the real one
    for table in ("case_revision", "case_index", "case_code"):
        conn.execute(f"UPDATE {table} SET case_id = ? WHERE case_id = ?", (case_id, fake.case_id))
    conn.execute("PRAGMA foreign_keys = ON")
    impostor.store.seal(case_id)
    report = _import(coordinator, impostor.export_bundle(tmp_path / "2.bundle", [recipient]).path)
    assert [(c.outcome, c.reason) for c in report.cases] == [("conflicting", "claimed_by_other_author")]
    assert coordinator.store.get(case_id).content["title"] == "Подлинное дело"
    assert len(_state(coordinator)["quarantine"]) == 1
    impostor.lock()


def test_the_evidence_trail_rechecks_every_seal_and_names_the_bundle(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    volunteer, coordinator, recipient = pair
    case_id = _sealed(volunteer, "Доказательства")
    report = _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path)
    trail = coordinator.case_trail(case_id)
    (revision,) = trail.revisions
    assert trail.ok and trail.audit_intact
    assert (revision.signature_valid, revision.content_intact) == (True, True)
    assert revision.bundle_id == report.bundle_id
    assert revision.author_fingerprint == volunteer.public_keys().fingerprint
    assert volunteer.case_trail(case_id).revisions[0].bundle_id is None  # written here, not imported

    # Someone with the database key rewrites the sealed text (the triggers that forbid it dropped
    # first) and even fixes up the hash: the seal signature still gives it away.
    conn = coordinator.connection
    conn.execute("DROP TRIGGER case_revision_sealed_no_update")
    conn.execute("DROP TRIGGER case_revision_seal_keeps_content")
    forged = {**coordinator.store.get(case_id).content, "narrative": "подменённый текст"}
    from intake.canonical_json import canonical_json, content_hash

    conn.execute(
        "UPDATE case_revision SET content = ?, content_hash = ? WHERE case_id = ?",
        (canonical_json(forged).decode(), content_hash(forged), case_id),
    )
    tampered = coordinator.case_trail(case_id)
    assert not tampered.ok
    assert tampered.revisions[0].content_intact and tampered.revisions[0].signature_valid is False


def _signed_bundle(
    signer: Any, recipient: str, bodies: list[bytes], *, bundle_id: str, sequence: int = 1
) -> bytes:
    """A bundle made by hand (for attacks): any signing key, any id, real encryption."""
    import hashlib

    from crypto.signing import SigningIdentity
    from intake.bundle_format import REVISION, EntryInfo, plan_manifest, write_payload

    assert isinstance(signer, SigningIdentity)
    entries = [
        EntryInfo(REVISION, json.loads(b)["case_id"], 1, len(b), hashlib.sha256(b).hexdigest())
        for b in bodies
    ]
    manifest = plan_manifest(
        sender_role="field",
        sender_key=signer.public(),
        created_at="2026-11-22T10:00:00Z",
        recipients={recipient: sequence},
        entries=entries,
        bundle_id=bundle_id,
    )
    sink = io.BytesIO()
    writer = AgeWriter([parse_recipient(recipient)], sink)
    write_payload(writer, manifest, signer.sign, bodies)
    writer.close()
    return sink.getvalue()


def test_a_stranger_reusing_a_bundle_id_cannot_make_the_real_bundle_vanish(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """A co-recipient who knows a bundle's id signs a junk bundle with that id and gets it to the
    coordinator first: the junk waits in quarantine under its own sender, and the real bundle
    still merges."""
    from crypto.signing import SigningIdentity

    volunteer, coordinator, recipient = pair
    case_id = _sealed(volunteer, "Настоящее дело")
    real = volunteer.export_bundle(tmp_path / "real.bundle", [recipient])
    squatter = _signed_bundle(SigningIdentity.generate(), recipient, [], bundle_id=real.bundle_id)
    assert coordinator.import_bundle(io.BytesIO(squatter)).outcome == "quarantined"
    report = _import(coordinator, real.path)
    assert report.outcome == "merged" and report.counts()["new"] == 1
    assert coordinator.store.get(case_id).content["title"] == "Настоящее дело"


def test_one_sender_reusing_an_id_for_different_content_is_refused(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    from crypto.signing import SigningIdentity

    _volunteer, coordinator, recipient = pair
    signer = SigningIdentity.generate()
    bundle_id = "6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b"
    first = _signed_bundle(signer, recipient, [], bundle_id=bundle_id)
    second = _signed_bundle(signer, recipient, [], bundle_id=bundle_id, sequence=2)
    coordinator.import_bundle(io.BytesIO(first))
    before = _stored_files(coordinator)
    with pytest.raises(BundleError, match="same id"):
        coordinator.import_bundle(io.BytesIO(second))
    assert _stored_files(coordinator) == before
    assert coordinator.import_bundle(io.BytesIO(first)).outcome == "already_imported"


def test_a_coordinator_can_stop_waiting_for_a_lost_bundle(
    series: tuple[Path, list[Path], dict[str, Any]], tmp_path: Path
) -> None:
    pristine, paths, _expected = series
    with _copy_of(pristine, tmp_path / "c") as coordinator:
        _import(coordinator, paths[0])
        held = [_import(coordinator, path) for path in paths[2:]]  # bundle 2 was lost
        assert [r.reason for r in held] == ["sequence_gap", "sequence_gap"]
        (contact,) = coordinator.contacts.all()
        released = coordinator.accept_gaps(contact.fingerprint)
        assert released == tuple(r.bundle_id for r in held)
        assert coordinator.store.count_cases() == 2  # Дело А (now revision 2) and Дело В
        assert _import(coordinator, paths[1]).outcome == "merged"  # the lost one turns up after all
        assert coordinator.store.count_cases() == 3
        assert "bundle.accept_gap" in [e.action for e in coordinator.audit.entries()]


def test_after_a_lost_bundle_everything_can_be_sent_again_and_nothing_doubles(
    pair: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    from intake.bundle_export import sealed_revisions

    volunteer, coordinator, recipient = pair
    first = _sealed(volunteer, "Первое")
    _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient]).path)
    _sealed(volunteer, "Второе")
    volunteer.export_bundle(tmp_path / "lost.bundle", [recipient])  # seized on the way
    again = volunteer.export_bundle(
        tmp_path / "again.bundle",
        [recipient],
        revisions=sealed_revisions(volunteer.connection, volunteer.fingerprint, include_sent=True),
    )
    (contact,) = coordinator.contacts.all()
    report = _import(coordinator, again.path)
    assert report.reason == "sequence_gap"  # bundle 2 never came
    coordinator.accept_gaps(contact.fingerprint)
    assert coordinator.store.count_cases() == 2
    outcomes = {c.case_id: c.outcome for c in report.cases}
    assert outcomes[first] == "quarantined"
    assert [r.revision for r in coordinator.store.revisions(first)] == [1]  # held once, not twice


def test_a_strangers_quarantine_can_be_purged_but_an_approved_senders_cannot(tmp_path: Path) -> None:
    from crypto.signing import SigningIdentity

    coordinator = _vault(tmp_path / "c", Role.COORDINATOR)
    recipient = coordinator.public_keys().age_recipient
    assert recipient is not None
    stranger = SigningIdentity.generate()
    junk = _signed_bundle(stranger, recipient, [], bundle_id="0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")
    assert coordinator.import_bundle(io.BytesIO(junk)).outcome == "quarantined"
    (contact,) = coordinator.contacts.all()
    assert coordinator.purge_quarantine(contact.fingerprint) == 0
    assert "bundle.purge" in [e.action for e in coordinator.audit.entries()]

    volunteer = _vault(tmp_path / "v", Role.FIELD)
    _sealed(volunteer, "Дело, которое не дождалось одобрения")
    recipient_v = _introduce(volunteer, coordinator, approve_volunteer=False)
    report = _import(coordinator, volunteer.export_bundle(tmp_path / "1.bundle", [recipient_v]).path)
    assert report.outcome == "quarantined"
    assert coordinator.purge_quarantine(report.sender_fingerprint) == 1
    assert _state(coordinator)["quarantine"] == []
    coordinator.approve_key(report.sender_fingerprint)
    with pytest.raises(BadInputError, match="revoke"):
        coordinator.purge_quarantine(report.sender_fingerprint)
    assert coordinator.store.count_cases() == 0  # purged means gone, even after approval
