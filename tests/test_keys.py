"""Public-key files, contacts and a coordinator's age identities: the format is strict, imports
wait for approval, approvals and revocations are audited, and private keys stay in the vault."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from crypto.age import HybridIdentity, X25519Identity, parse_recipient
from crypto.kdf import MINIMUM
from crypto.signing import SigningIdentity
from intake.contacts import normalize_fingerprint
from intake.errors import BadInputError, NotFoundError, VaultStateError
from intake.own_age_identity import CLASSIC, load_age_identities
from intake.public_key_file import PublicKeys, parse_public_keys
from intake.vault import Vault, create_vault
from intake.vault_settings import Role
from tests.support import PASSPHRASE


@pytest.fixture
def coordinator(tmp_path: Path) -> Vault:
    return create_vault(tmp_path / "coordinator", PASSPHRASE, Role.COORDINATOR, params=MINIMUM)


@pytest.fixture
def volunteer(tmp_path: Path) -> Vault:
    return create_vault(tmp_path / "volunteer", PASSPHRASE, Role.FIELD, params=MINIMUM)


def test_a_coordinator_hands_out_a_post_quantum_recipient_and_a_volunteer_none(
    coordinator: Vault, volunteer: Vault
) -> None:
    keys = coordinator.public_keys()
    assert keys.role is Role.COORDINATOR
    assert keys.age_recipient is not None and keys.age_recipient.startswith("age1pq1")
    assert coordinator.public_keys() == keys  # created once, then the same
    assert volunteer.public_keys().age_recipient is None
    assert parse_public_keys(keys.render().encode()) == keys
    assert parse_public_keys(volunteer.public_keys().render().encode()) == volunteer.public_keys()


def test_the_fingerprint_is_six_groups_and_changes_with_any_key(coordinator: Vault) -> None:
    keys = coordinator.public_keys()
    groups = keys.fingerprint.split("-")
    assert [len(g) for g in groups] == [4] * 6
    other = PublicKeys(keys.role, SigningIdentity.generate().public(), keys.age_recipient)
    assert other.fingerprint != keys.fingerprint
    swapped = PublicKeys(keys.role, keys.signing_key, HybridIdentity.generate().recipient().to_string())
    assert swapped.fingerprint != keys.fingerprint


def test_a_new_x25519_identity_replaces_the_recipient_and_old_ones_still_decrypt(coordinator: Vault) -> None:
    first = coordinator.public_keys().age_recipient
    second = coordinator.new_age_identity(CLASSIC)
    assert second.startswith("age1") and not second.startswith("age1pq1")
    assert coordinator.public_keys().age_recipient == second
    recipients = [i.recipient().to_string() for i in load_age_identities(coordinator.connection)]
    assert recipients == [second, first]  # current first
    assert isinstance(load_age_identities(coordinator.connection)[0], X25519Identity)


def test_a_field_vault_has_no_age_identity(volunteer: Vault) -> None:
    with pytest.raises(VaultStateError):
        volunteer.new_age_identity(CLASSIC)


def test_import_is_pending_until_approved_and_both_steps_are_audited(
    coordinator: Vault, volunteer: Vault
) -> None:
    keys = parse_public_keys(coordinator.public_keys().render().encode())
    contact, new = volunteer.contacts.add(keys, label="  Координатор   Север ")
    assert new and contact.status == "pending" and not contact.can_receive
    assert contact.label == "Координатор Север"
    again, new_again = volunteer.contacts.add(keys)
    assert not new_again and again == contact
    typed = contact.fingerprint.lower().replace("-", " ")
    approved = volunteer.contacts.approve(typed)
    assert approved.status == "approved" and approved.can_receive
    assert volunteer.contacts.by_signer(coordinator.fingerprint) == approved
    revoked = volunteer.contacts.revoke(contact.fingerprint)
    assert revoked.status == "revoked" and not revoked.can_receive
    with pytest.raises(BadInputError, match="revoked"):
        volunteer.contacts.approve(contact.fingerprint)
    actions = [e.action for e in volunteer.audit.entries(contact.fingerprint)]
    assert actions == ["key.import", "key.approve", "key.revoke"]
    assert volunteer.audit.verify().ok


def test_a_plain_age_recipient_is_a_coordinator_that_can_only_be_encrypted_to(volunteer: Vault) -> None:
    recipient = X25519Identity.generate().recipient().to_string()
    text = f"# created by age-keygen\n# public key: {recipient}\n\n{recipient}\n"
    keys = parse_public_keys(text.encode())
    assert keys == PublicKeys(None, None, recipient)
    contact, _new = volunteer.contacts.add(keys)
    assert contact.signer is None
    assert volunteer.contacts.approve(contact.fingerprint).can_receive


def test_own_key_is_refused_and_new_keys_for_a_known_device_need_a_new_approval(
    coordinator: Vault, volunteer: Vault
) -> None:
    with pytest.raises(BadInputError, match="own key"):
        volunteer.contacts.add(volunteer.public_keys())
    contact, _new = volunteer.contacts.add(coordinator.public_keys())
    volunteer.approve_key(contact.fingerprint)
    coordinator.new_age_identity(CLASSIC)  # the coordinator rotates its age key
    rotated = coordinator.public_keys()
    replaced, changed = volunteer.contacts.add(rotated)
    assert changed and replaced.fingerprint == rotated.fingerprint != contact.fingerprint
    assert (replaced.status, replaced.can_receive) == ("pending", False)  # compare again first
    assert replaced.age_recipient == rotated.age_recipient
    assert len(volunteer.contacts.all()) == 1
    volunteer.contacts.revoke(replaced.fingerprint)
    with pytest.raises(BadInputError, match="revoked"):
        volunteer.contacts.add(
            PublicKeys(rotated.role, rotated.signing_key, HybridIdentity.generate().recipient().to_string())
        )
    assert [e.action for e in volunteer.audit.entries() if e.action.startswith("key.")][-3:] == [
        "key.approve",
        "key.replace",
        "key.revoke",
    ]


def test_unknown_fingerprints_are_not_found(volunteer: Vault) -> None:
    with pytest.raises(NotFoundError):
        volunteer.contacts.approve("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    assert normalize_fingerprint("abcd efgh-ijkl mnop qrst uvwx") == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX"


def _valid_text(coordinator: Vault) -> str:
    return coordinator.public_keys().render()


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("intake-public-key: 1", "intake-public-key: 2"),
        lambda t: t.replace("role: coordinator", "role: field"),
        lambda t: t.replace("role: coordinator", "role: admin"),
        lambda t: t + "name: Анна\n",
        lambda t: t.rstrip("\n"),
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\n".join([t.split("\n")[0], t.split("\n")[2], t.split("\n")[1], *t.split("\n")[3:]]),
        lambda t: t.replace("signing-key: ", "signing-key: AAAA"),
        lambda t: t.replace("age-recipient: age1pq1", "age-recipient: age1pq2"),
        lambda t: t[:-10] + "x" * 9 + "\n",
        lambda t: t + "x" * 20_000,
        lambda t: "",
        lambda t: "age1notarecipient\n",
    ],
)
def test_anything_but_the_exact_format_is_refused_whole(coordinator: Vault, change: object) -> None:
    text = change(_valid_text(coordinator))  # type: ignore[operator]
    with pytest.raises(BadInputError):
        parse_public_keys(text.encode("utf-8"))


def test_two_plain_recipients_in_one_file_are_refused() -> None:
    one, two = (X25519Identity.generate().recipient().to_string() for _ in range(2))
    with pytest.raises(BadInputError, match="exactly one"):
        parse_public_keys(f"{one}\n{two}\n".encode())


def test_the_key_file_holds_public_keys_only(coordinator: Vault) -> None:
    text = _valid_text(coordinator)
    identities = load_age_identities(coordinator.connection)
    assert identities[0].to_string() not in text
    secret = base64.b64encode(bytes(identities[0].secret_bytes())).decode()
    assert secret not in text
    assert parse_recipient(coordinator.public_keys().age_recipient or "").to_string() in text
