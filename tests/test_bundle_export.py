"""Export: a volunteer's sealed revisions become a bundle that only the chosen coordinators can
open, that the `age` tool can decrypt for an X25519 coordinator, and that is recorded as sent
only when the whole file is in place."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from crypto.age import AgeReader, HybridIdentity, NoIdentityMatch, X25519Identity
from crypto.kdf import MINIMUM
from intake.bundle_export import sealed_revisions
from intake.bundle_format import MAGIC, PayloadReader, recipient_hash
from intake.errors import BadInputError, CancelledError, StorageError
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc, snapshot


@pytest.fixture
def volunteer(tmp_path: Path) -> Vault:
    vault = create_vault(tmp_path / "volunteer", PASSPHRASE, Role.FIELD, params=MINIMUM)
    for n in range(3):
        record = vault.store.create_case(case_doc(f"Дело {n}", f"Рассказ {n}"))
        vault.store.seal(record.case_id)
    vault.store.create_case(case_doc("Черновик", "не запечатан"))  # drafts never travel
    return vault


def _stored(vault: Vault) -> dict[str, bytes]:
    # The -shm file is SQLite's shared-memory index of the WAL, rewritten by reads; the database
    # and its WAL are what the store holds.
    return {name: data for name, data in snapshot(vault.layout.root).items() if not name.endswith("-shm")}


def _open(path: Path, identity: HybridIdentity | X25519Identity) -> PayloadReader:
    source = path.open("rb")
    return PayloadReader(AgeReader([identity], source))


def test_export_carries_every_undelivered_sealed_revision_once(volunteer: Vault, tmp_path: Path) -> None:
    coordinator = HybridIdentity.generate()
    recipient = coordinator.recipient().to_string()
    result = volunteer.export_bundle(tmp_path / "one.bundle", [recipient])
    assert (result.sequences, result.revisions) == ({recipient: 1}, 3)

    reader = _open(result.path, coordinator)
    manifest = reader.manifest
    assert manifest.sender == volunteer.fingerprint
    assert manifest.recipients == ((recipient_hash(recipient), 1),)
    bodies = [json.loads(body) for _info, body in reader.entries()]
    reader.finish()
    assert sorted(b["content"]["title"] for b in bodies) == ["Дело 0", "Дело 1", "Дело 2"]
    assert all(b["author"] == volunteer.fingerprint and b["signature"] for b in bodies)
    assert sealed_revisions(volunteer.connection, volunteer.fingerprint) == []

    second = volunteer.export_bundle(tmp_path / "two.bundle", [recipient])
    assert (second.sequences, second.revisions) == ({recipient: 2}, 0)
    other = HybridIdentity.generate().recipient().to_string()
    third = volunteer.export_bundle(tmp_path / "three.bundle", [recipient, other])
    assert third.sequences == {recipient: 3, other: 1}  # numbered per coordinator
    entries = [e.action for e in volunteer.audit.entries() if e.action.startswith("bundle.")]
    assert entries == ["bundle.export"] * 3


def test_nobody_but_the_recipients_can_open_it(volunteer: Vault, tmp_path: Path) -> None:
    result = volunteer.export_bundle(
        tmp_path / "b.bundle", [HybridIdentity.generate().recipient().to_string()]
    )
    with pytest.raises(NoIdentityMatch), result.path.open("rb") as source:
        AgeReader([HybridIdentity.generate()], source)
    assert volunteer.fingerprint.encode() not in result.path.read_bytes()  # nothing names the sender


def test_the_age_tool_decrypts_a_bundle_for_an_x25519_coordinator(volunteer: Vault, tmp_path: Path) -> None:
    if shutil.which("age") is None:
        pytest.skip("the age tool is not installed (CI installs Debian's age)")
    identity = X25519Identity.generate()
    key_file = tmp_path / "coordinator.age-key"
    key_file.write_text(identity.to_string() + "\n", encoding="ascii")
    result = volunteer.export_bundle(tmp_path / "b.bundle", [identity.recipient().to_string()])
    plain = subprocess.run(
        ["age", "-d", "-i", str(key_file), str(result.path)], capture_output=True, check=True
    ).stdout
    assert plain.startswith(MAGIC)


def test_post_quantum_and_classic_recipients_never_share_a_file(volunteer: Vault, tmp_path: Path) -> None:
    before = _stored(volunteer)
    mixed = [
        HybridIdentity.generate().recipient().to_string(),
        X25519Identity.generate().recipient().to_string(),
    ]
    for recipients in (mixed, [], ["age1notvalid"]):
        with pytest.raises(BadInputError):
            volunteer.export_bundle(tmp_path / "b.bundle", recipients)
    assert not (tmp_path / "b.bundle").exists()
    assert _stored(volunteer) == before


def test_a_cancelled_export_leaves_no_file_and_records_nothing(volunteer: Vault, tmp_path: Path) -> None:
    recipient = HybridIdentity.generate().recipient().to_string()
    with pytest.raises(CancelledError):
        volunteer.export_bundle(tmp_path / "b.bundle", [recipient], cancelled=lambda: True)
    assert list(tmp_path.glob("b.bundle*")) == []
    assert len(sealed_revisions(volunteer.connection, volunteer.fingerprint)) == 3
    assert volunteer.export_bundle(tmp_path / "b.bundle", [recipient]).sequences == {recipient: 1}


def test_an_existing_file_or_an_unwritable_folder_is_a_clear_error(volunteer: Vault, tmp_path: Path) -> None:
    recipient = HybridIdentity.generate().recipient().to_string()
    existing = tmp_path / "exists.bundle"
    existing.write_bytes(b"keep me")
    with pytest.raises(BadInputError, match="already exists"):
        volunteer.export_bundle(existing, [recipient])
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(StorageError, match="could not be written"):
        volunteer.export_bundle(tmp_path / "missing" / "b.bundle", [recipient])
    assert len(sealed_revisions(volunteer.connection, volunteer.fingerprint)) == 3
