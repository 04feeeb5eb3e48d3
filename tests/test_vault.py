"""The vault: create, unlock, lock, passphrase change, key rotation, and every way to refuse."""

from __future__ import annotations

import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM, Argon2Params
from crypto.keyfile import HEADER_BYTES, SLOT_BYTES, KeyFile, Slot, open_keyfile
from crypto.secret_memory import encode_passphrase
from intake.database import DatabaseKeyError, open_database
from intake.errors import BadInputError, UnlockError, VaultStateError
from intake.key_file_io import KIND_DATABASE_KEY, KIND_NEXT_DATABASE_KEY, write_key_file
from intake.migrations import LATEST_VERSION
from intake.vault import _rekey, create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc, decrypt_sqlcipher_pages, snapshot


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def _db_key(root: Path, passphrase: str = PASSPHRASE) -> bytes:
    slots = open_keyfile(VaultLayout(root).key_file.read_bytes(), encode_passphrase(passphrase))
    return bytes(next(s.secret for s in slots if s.kind == KIND_DATABASE_KEY))


def test_round_trip_with_cyrillic_passphrase_and_text(root: Path) -> None:
    docs = [
        case_doc("Нападение у клуба", "Полиция отказалась принять заявление.", violations=["PHY.ASLT"]),
        case_doc(
            "Dismissal after outing", "Fired the day after a colleague outed them.", violations=["DISC.EMP"]
        ),
    ]
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        ids = [vault.store.create_case(doc).case_id for doc in docs]
        written = [vault.store.get(case_id).content for case_id in ids]
        vault.store.seal(ids[0])
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
    with unlock_vault(root, PASSPHRASE) as vault:
        assert vault.role is Role.COORDINATOR
        assert [vault.store.get(case_id).content for case_id in ids] == written
        assert vault.store.get(ids[0]).status == "sealed"
        assert vault.audit.verify().ok


def test_sealed_revision_carries_a_valid_hybrid_signature(root: Path) -> None:
    from crypto.signing import SignatureError
    from intake.case_store import seal_statement
    from intake.device_identity import SEAL_CONTEXT, load_public_identity

    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        record = vault.store.seal(vault.store.create_case(case_doc("Sealed")).case_id)
        public = load_public_identity(vault.connection)
        assert record.signature is not None
        assert record.author == public.fingerprint == vault.fingerprint
        public.verify(record.signature, seal_statement(record), SEAL_CONTEXT)
        with pytest.raises(SignatureError):
            public.verify(record.signature, seal_statement(record), b"intake/other")


def test_wrong_passphrase_is_a_clear_error_and_changes_no_byte(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    before = snapshot(root)
    with pytest.raises(UnlockError, match="Wrong passphrase"):
        unlock_vault(root, PASSPHRASE + " ")
    assert snapshot(root) == before


def test_nfc_and_nfd_forms_of_a_passphrase_are_the_same(root: Path) -> None:
    import unicodedata

    composed = unicodedata.normalize("NFC", "пароль йод ёлка")
    create_vault(root, composed, Role.FIELD, params=MINIMUM).lock()
    unlock_vault(root, unicodedata.normalize("NFD", composed)).lock()


def _sample_positions() -> list[int]:
    """Every header byte, three bytes of each slot (start, middle, end) and the trailer's ends."""
    positions = list(range(HEADER_BYTES))
    for slot in range(4):
        start = HEADER_BYTES + slot * SLOT_BYTES
        positions += [start, start + SLOT_BYTES // 2, start + SLOT_BYTES - 1]
    trailer = HEADER_BYTES + 4 * SLOT_BYTES
    return [*positions, trailer, trailer + 31]


def test_flipped_key_file_bytes_never_unlock(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    key_file = VaultLayout(root).key_file
    original = key_file.read_bytes()
    for position in _sample_positions():
        mutated = bytearray(original)
        mutated[position] ^= 0x01
        key_file.write_bytes(bytes(mutated))
        before = snapshot(root)
        with pytest.raises((UnlockError, VaultStateError)):
            unlock_vault(root, PASSPHRASE)
        assert snapshot(root) == before, position
    key_file.write_bytes(original)
    unlock_vault(root, PASSPHRASE).lock()


def test_lowered_argon2_parameters_are_detected(root: Path) -> None:
    stronger = Argon2Params(memory_kib=2 * MINIMUM.memory_kib, time_cost=3, parallelism=4)
    create_vault(root, PASSPHRASE, Role.FIELD, params=stronger).lock()
    key_file = VaultLayout(root).key_file
    data = bytearray(key_file.read_bytes())
    struct.pack_into(">I", data, 13, MINIMUM.memory_kib)
    key_file.write_bytes(bytes(data))
    with pytest.raises(UnlockError):
        unlock_vault(root, PASSPHRASE)
    struct.pack_into(">I", data, 13, 1024)  # below the floor: refused before deriving
    key_file.write_bytes(bytes(data))
    with pytest.raises(UnlockError, match="damaged or was altered"):
        unlock_vault(root, PASSPHRASE)


def test_key_file_from_a_newer_version_is_named_as_such(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    key_file = VaultLayout(root).key_file
    data = bytearray(key_file.read_bytes())
    struct.pack_into(">H", data, 8, 2)
    key_file.write_bytes(bytes(data))
    before = snapshot(root)
    with pytest.raises(VaultStateError, match="newer version"):
        unlock_vault(root, PASSPHRASE)
    assert snapshot(root) == before


def test_database_from_a_newer_schema_is_refused_untouched(root: Path) -> None:
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = snapshot(root)
    with pytest.raises(VaultStateError, match="newer version"):
        unlock_vault(root, PASSPHRASE)
    assert snapshot(root) == before


def test_create_refuses_an_existing_vault_or_orphan_database(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    before = snapshot(root)
    with pytest.raises(VaultStateError, match="already exists"):
        create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    assert snapshot(root) == before
    VaultLayout(root).key_file.unlink()
    before = snapshot(root)
    with pytest.raises(VaultStateError, match="without a key file"):
        create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    with pytest.raises(VaultStateError, match="no key file"):
        unlock_vault(root, PASSPHRASE)
    assert snapshot(root) == before


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(VaultStateError, match="does not exist"):
        unlock_vault(tmp_path / "nowhere", PASSPHRASE)
    with pytest.raises(VaultStateError, match="no vault"):
        unlock_vault(tmp_path, PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_short_passphrase_is_refused_before_anything_is_written(root: Path) -> None:
    with pytest.raises(BadInputError):
        create_vault(root, "short", Role.FIELD, params=MINIMUM)
    assert not root.exists()


def test_plain_sqlite_cannot_read_the_database(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    database = VaultLayout(root).database
    assert not database.read_bytes().startswith(b"SQLite format 3")
    plain = sqlite3.connect(database)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()
    cli = subprocess.run(
        ["sqlite3", str(database), "SELECT count(*) FROM sqlite_master;"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode != 0
    assert "not a database" in cli.stderr


def test_deleted_case_does_not_survive_in_free_pages(root: Path) -> None:
    marker_kept, marker_gone = "KEPT-9f1c2e", "GONE-4b7d0a"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("kept", marker_kept))
        doomed = vault.store.create_case(case_doc(marker_gone, (marker_gone + " ") * 2000))
        for revision in range(3):  # several saved versions, all of which must vanish
            vault.store.save_draft(doomed.case_id, case_doc(marker_gone, f"{marker_gone} v{revision} " * 500))
    pages = decrypt_sqlcipher_pages(VaultLayout(root).database, _db_key(root))
    plaintext = b"".join(pages)
    assert marker_kept.encode() in plaintext  # the reader works: live data is visible to it
    assert marker_gone.encode() in plaintext
    with unlock_vault(root, PASSPHRASE) as vault:
        vault.store.delete_draft_case(doomed.case_id)
    plaintext = b"".join(decrypt_sqlcipher_pages(VaultLayout(root).database, _db_key(root)))
    assert marker_kept.encode() in plaintext
    assert marker_gone.encode() not in plaintext


def test_change_passphrase(root: Path) -> None:
    new = "новая длинная фраза"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    salt_before = KeyFile.parse(VaultLayout(root).key_file.read_bytes()).salt
    with unlock_vault(root, PASSPHRASE) as vault:
        case_id = vault.store.create_case(case_doc("before the change")).case_id
        before = snapshot(root)["vault.key"]
        with pytest.raises(UnlockError):
            vault.change_passphrase("not the current one", new)
        assert snapshot(root)["vault.key"] == before
        vault.change_passphrase(PASSPHRASE, new)
    assert KeyFile.parse(VaultLayout(root).key_file.read_bytes()).salt != salt_before
    with pytest.raises(UnlockError):
        unlock_vault(root, PASSPHRASE)
    with unlock_vault(root, new) as vault:
        assert vault.store.get(case_id).content["title"] == "before the change"
        assert [e.action for e in vault.audit.entries()][-1] == "vault.passphrase_change"


def test_rotate_database_key(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    old_key = _db_key(root)
    with unlock_vault(root, PASSPHRASE) as vault:
        case_id = vault.store.create_case(case_doc("Ротация ключа")).case_id
        with pytest.raises(UnlockError):
            vault.rotate_database_key("wrong passphrase")
        vault.rotate_database_key(PASSPHRASE)
        assert vault.store.get(case_id).content["title"] == "Ротация ключа"
    new_key = _db_key(root)
    assert new_key != old_key
    with pytest.raises(DatabaseKeyError):
        open_database(VaultLayout(root).database, bytearray(old_key))
    slots = open_keyfile(VaultLayout(root).key_file.read_bytes(), encode_passphrase(PASSPHRASE))
    assert [s.kind for s in slots] == [KIND_DATABASE_KEY]
    with unlock_vault(root, PASSPHRASE) as vault:
        assert vault.store.get(case_id).content["title"] == "Ротация ключа"
        assert vault.audit.verify().ok


@pytest.mark.parametrize("rekeyed", [False, True])
def test_interrupted_rotation_is_finished_at_unlock(root: Path, rekeyed: bool) -> None:
    """A crash after the key file got {old, next}: before the rekey, or after it."""
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    layout = VaultLayout(root)
    old_key = bytearray(_db_key(root))
    next_key = bytearray(b"\x42" * 32)
    both = [Slot(KIND_DATABASE_KEY, bytearray(old_key)), Slot(KIND_NEXT_DATABASE_KEY, bytearray(next_key))]
    write_key_file(layout, [(encode_passphrase(PASSPHRASE), both)], MINIMUM)
    if rekeyed:
        conn = open_database(layout.database, old_key)
        _rekey(conn, next_key)
        conn.close()
    unlock_vault(root, PASSPHRASE).lock()
    slots = open_keyfile(layout.key_file.read_bytes(), encode_passphrase(PASSPHRASE))
    assert [(s.kind, bytes(s.secret)) for s in slots] == [
        (KIND_DATABASE_KEY, bytes(next_key if rekeyed else old_key))
    ]


CHANGE_AND_DIE = """
import os, signal, sys
from pathlib import Path
from crypto.keyfile import Slot
from crypto.secret_memory import encode_passphrase
from intake.key_file_io import KIND_DATABASE_KEY, read_key_file, write_key_file
from intake.vault import unlock_vault
root, old, new, step = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
vault = unlock_vault(root, old)
def fault(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
slot = Slot(KIND_DATABASE_KEY, bytearray(vault._key))
params = read_key_file(vault.layout).params
write_key_file(vault.layout, [(encode_passphrase(new), [slot])], params, fault=fault)
"""


@pytest.mark.parametrize("step", ["created", "written", "synced", "renamed", "directory_synced"])
def test_key_file_write_killed_at_any_step_leaves_a_working_vault(root: Path, step: str) -> None:
    new = "the new passphrase"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        case_id = vault.store.create_case(case_doc("survives")).case_id
    result = subprocess.run(
        [sys.executable, "-c", CHANGE_AND_DIE, str(root), PASSPHRASE, new, step], check=False
    )
    assert result.returncode == -9
    expected = PASSPHRASE if step in ("created", "written", "synced") else new
    with unlock_vault(root, expected) as vault:
        assert vault.store.get(case_id).content["title"] == "survives"
    # The stale temporary is removed.
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]


def test_bulk_add_is_all_or_nothing(root: Path) -> None:
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        ids = vault.store.create_cases([case_doc(f"bulk {i}", "полиция") for i in range(25)])
        assert vault.store.count_cases() == 25
        assert len(vault.store.search("Полиция", limit=100)) == 25
        assert {vault.store.get(i).content["title"] for i in ids} == {f"bulk {i}" for i in range(25)}
        entries_before = len(vault.audit.entries(limit=10_000))
        with pytest.raises(BadInputError):
            vault.store.create_cases([case_doc("fine"), {"title": "bad", "violations": ["NOPE"]}])
        assert vault.store.count_cases() == 25
        assert len(vault.audit.entries(limit=10_000)) == entries_before
        assert vault.audit.verify().ok
