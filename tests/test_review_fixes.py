"""Regression tests for the foundation's security review (each names the finding it pins)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from intake import vault as vault_module
from intake.errors import BadInputError, StorageError, UnlockError, VaultStateError
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.mounts import tmpfs
from tests.support import PASSPHRASE, case_doc, snapshot


def _fill(mount: Path, leave: int) -> None:
    """Takes all but about `leave` bytes of the file system's free space."""
    free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
    (mount / "filler").write_bytes(b"\0" * max(free - leave, 0))


def test_c1_disk_full_during_rekey_leaves_a_working_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full in the middle of PRAGMA rekey: SQLite rolls back, the connection is dropped
    untouched, and the vault still opens (in the session and afterwards) with all its cases."""
    with tmpfs(tmp_path / "mnt", "16m") as mount:
        root = mount / "vault"
        vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
        ids = vault.store.create_cases([case_doc(f"c{i}", secrets.token_hex(2000)) for i in range(250)])
        vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Bypass the free-space guard to exercise the second line of defence on a real full disk.
        monkeypatch.setattr(vault_module, "_require_space_for_rekey", lambda _layout: None)
        _fill(mount, leave=256 * 1024)
        with pytest.raises(StorageError, match="still opens"):
            vault.rotate_database_key(PASSPHRASE)
        assert vault.store.get(ids[-1]).content["title"] == "c249"
        vault.lock()
        (mount / "filler").unlink()
        with unlock_vault(root, PASSPHRASE) as reopened:
            assert reopened.store.count_cases() == 250
            assert reopened.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            reopened.rotate_database_key(PASSPHRASE)  # with room, rotation works afterwards
            assert reopened.store.count_cases() == 250


def test_c1_rekey_refuses_up_front_without_enough_space(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "16m") as mount:
        root = mount / "vault"
        with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
            vault.store.create_cases([case_doc(f"c{i}", secrets.token_hex(4000)) for i in range(100)])
            _fill(mount, leave=64 * 1024)
            before = snapshot(root)
            with pytest.raises(StorageError, match="Nothing was changed"):
                vault.rotate_database_key(PASSPHRASE)
            assert snapshot(root)["vault.key"] == before["vault.key"]


def test_h1_failed_last_step_of_rotation_keeps_the_session_consistent(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file cannot be rewritten after a successful rekey: the session must hold the new
    key, a passphrase change must then write a key file that opens the database, and unlock must
    work either way."""
    vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    case_id = vault.store.create_case(case_doc("kept")).case_id
    real_write = vault_module.write_key_file
    calls = {"n": 0}

    def second_write_fails(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise StorageError("simulated: disk refused the key file")
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vault_module, "write_key_file", second_write_fails)
    with pytest.raises(StorageError, match="re-encrypted"):
        vault.rotate_database_key(PASSPHRASE)
    monkeypatch.undo()
    assert vault.store.get(case_id).content["title"] == "kept"
    vault.change_passphrase(PASSPHRASE, "after the failed rotation")
    vault.lock()
    with unlock_vault(root, "after the failed rotation") as reopened:
        assert reopened.store.get(case_id).content["title"] == "kept"


def test_m2_lock_drops_store_audit_and_signer(root: Path) -> None:
    vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    store = vault.store
    vault.lock()
    for attribute in ("store", "audit", "connection"):
        with pytest.raises(VaultStateError, match="locked"):
            getattr(vault, attribute)
    assert store._signer is not None  # the old store object is inert without its connection
    with pytest.raises(Exception):  # noqa: B017 - closed connection; any error will do
        store.create_case(case_doc("after lock"))


def test_m1_deleted_case_leaves_no_wal_frames(root: Path) -> None:
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        case_id = vault.store.create_case(case_doc("to delete", "x" * 5000)).case_id
        vault.store.delete_draft_case(case_id)
        wal = VaultLayout(root).database_wal
        assert not wal.exists() or wal.stat().st_size == 0


def test_l1_damaged_file_and_wrong_passphrase_read_the_same(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    key_file = VaultLayout(root).key_file
    data = bytearray(key_file.read_bytes())
    data[-1] ^= 0x01  # the trailer: only the right passphrase gets as far as checking it
    key_file.write_bytes(bytes(data))
    messages = []
    for passphrase in (PASSPHRASE, "some other passphrase"):
        with pytest.raises(UnlockError) as info:
            unlock_vault(root, passphrase)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_l4_minimum_length_counts_composed_characters(root: Path) -> None:
    with pytest.raises(BadInputError):
        create_vault(root, unicodedata.normalize("NFD", "йййй"), Role.FIELD, params=MINIMUM)


def test_l5_a_fifo_in_place_of_the_key_file_is_refused_without_hanging(root: Path) -> None:
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    key_file = VaultLayout(root).key_file
    key_file.unlink()
    os.mkfifo(key_file)
    with pytest.raises(VaultStateError, match="cannot be read"):
        unlock_vault(root, PASSPHRASE)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("\ufeffpassphrase one\r\n".encode(), "passphrase one"),
        ("first part\u2028second part\n".encode(), "first part\u2028second part"),
        (b"no newline at the end", "no newline at the end"),
    ],
)
def test_l3_passphrase_file_lines(tmp_path: Path, content: bytes, expected: str) -> None:
    from intake.cli.passphrase_input import PassphraseSource

    path = tmp_path / "pass.txt"
    path.write_bytes(content)
    assert PassphraseSource(str(path)).read("") == expected
    stdin = subprocess.run(
        [
            sys.executable,
            "-c",
            "from intake.cli.passphrase_input import PassphraseSource as P; print(repr(P('-').read('')))",
        ],
        input=content,
        capture_output=True,
        check=True,
    )
    assert stdin.stdout.decode().strip() == repr(expected)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "vault"
