"""A full disk and a read-only folder, on real (tmpfs) file systems: a clear message, and the
vault exactly as it was before the failed operation."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from intake.errors import StorageError, VaultStateError
from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_settings import Role
from tests.mounts import remount, tmpfs
from tests.support import PASSPHRASE, case_doc, snapshot


def _big_case(index: int) -> dict[str, str]:
    return case_doc(f"case {index}", secrets.token_hex(75_000))


def _fill_until_full(vault: Vault) -> int:
    for index in range(1000):
        try:
            vault.store.create_case(_big_case(index))
        except StorageError as exc:
            assert "disk is full" in str(exc)
            return index
    raise AssertionError("the disk never filled up")


def test_full_disk_while_saving_keeps_every_saved_case(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "3m") as mount:
        root = mount / "vault"
        vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
        saved = _fill_until_full(vault)
        assert saved > 0
        assert vault.store.count_cases() == saved
        with pytest.raises(StorageError):  # still full: a second try fails the same clean way
            vault.store.create_case(_big_case(saved))
        vault.lock()  # locking must work on a full disk
        assert not vault.is_open
        remount(mount, "size=16m")
        with unlock_vault(root, PASSPHRASE) as reopened:
            assert reopened.store.count_cases() == saved
            assert reopened.audit.verify().ok
            assert [e.action for e in reopened.audit.entries(limit=1000)].count("case.create") == saved


def test_full_disk_during_passphrase_change_keeps_the_old_passphrase(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "3m") as mount:
        root = mount / "vault"
        vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
        _fill_until_full(vault)
        key_file_before = (root / "vault.key").read_bytes()
        filler = mount / "filler"
        try:  # take the last free blocks too
            with filler.open("wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass
        with pytest.raises(StorageError, match="unchanged"):
            vault.change_passphrase(PASSPHRASE, "a different passphrase")
        vault.lock()
        assert (root / "vault.key").read_bytes() == key_file_before
        left = sorted(p.name for p in root.iterdir() if not p.name.startswith("vault.db"))
        assert left == ["vault.aux", "vault.key"]
        filler.unlink(missing_ok=True)
        unlock_vault(root, PASSPHRASE).lock()


def test_full_disk_at_creation_leaves_nothing_behind(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "64k") as mount:
        root = mount / "vault"
        with pytest.raises(StorageError):
            create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
        assert list(root.iterdir()) == []


def test_read_only_folder_is_a_clear_error_and_nothing_changes(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "4m") as mount:
        root = mount / "vault"
        with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
            vault.store.create_case(case_doc("kept"))
        before = snapshot(root)
        remount(mount, "ro")
        with pytest.raises(VaultStateError, match="read-only"):
            unlock_vault(root, PASSPHRASE)
        with pytest.raises(VaultStateError):
            create_vault(mount / "another", PASSPHRASE, Role.FIELD, params=MINIMUM)
        remount(mount, "rw")
        assert snapshot(root) == before
        with unlock_vault(root, PASSPHRASE) as vault:
            assert vault.store.count_cases() == 1
