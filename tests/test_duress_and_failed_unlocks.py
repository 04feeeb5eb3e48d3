"""The duress passphrase and the wipe after too many failed unlocks (intake/vault.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from intake.errors import BadInputError, UnlockError, VaultStateError
from intake.preferences import Preferences, read_preferences, write_preferences
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.support import PASSPHRASE, case_doc, find_markers

ROOT = Path(__file__).resolve().parent.parent
DURESS = "совсем другой пароль 42"
CANARY = "КАНАРЕЙКА-ПРИНУЖДЕНИЯ-8812"


def _vault_with_duress(root: Path, role: Role = Role.FIELD) -> bytes:
    """A locked vault with a canary case and a duress passphrase; returns a slice of its
    database's ciphertext to look for afterwards."""
    with create_vault(root, PASSPHRASE, role, params=MINIMUM) as vault:
        for n in range(20):
            vault.store.create_case(case_doc(f"{CANARY} {n}", narrative=CANARY * 50))
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        assert vault.has_duress_passphrase
    data = (root / "vault.db").read_bytes()
    return data[len(data) // 2 : len(data) // 2 + 64]


@pytest.mark.parametrize("role", [Role.FIELD, Role.COORDINATOR])
def test_the_duress_passphrase_wipes_and_opens_a_fresh_empty_vault_of_the_same_role(
    tmp_path: Path, role: Role
) -> None:
    root = tmp_path / "data"
    old_bytes = _vault_with_duress(root, role)
    with unlock_vault(root, PASSPHRASE) as real:
        old_fingerprint = real.fingerprint
    stages: list[str] = []
    with unlock_vault(root, DURESS, progress=stages.append) as fresh:
        assert fresh.store.list_cases() == []
        assert fresh.role is role
        assert fresh.fingerprint != old_fingerprint
        assert not fresh.has_duress_passphrase
        fresh.store.create_case(case_doc("Встреча волонтёров"))  # the new vault works
    assert stages == ["deriving_key", "opening_database"]
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
    # No trace of the old cases: neither the text nor any of the old database's ciphertext.
    assert find_markers([tmp_path], [CANARY]) == []
    for path in root.iterdir():
        assert old_bytes not in path.read_bytes()
    with pytest.raises(UnlockError):
        unlock_vault(root, PASSPHRASE)
    with unlock_vault(root, DURESS) as again:  # now simply this vault's passphrase
        assert [c.title for c in again.store.list_cases()] == ["Встреча волонтёров"]


def test_a_normal_unlock_reports_the_same_stages(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_duress(root)
    stages: list[str] = []
    unlock_vault(root, PASSPHRASE, progress=stages.append).lock()
    assert stages == ["deriving_key", "opening_database"]


def test_the_duress_unlock_keeps_the_language_and_safety_settings(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_duress(root)
    layout = VaultLayout(root)
    write_preferences(layout, Preferences(language="ru", wipe_confirmation="immediately"))
    unlock_vault(root, DURESS).lock()
    assert read_preferences(layout) == Preferences(language="ru", wipe_confirmation="immediately")


def test_the_duress_passphrase_must_differ_and_needs_the_real_passphrase(tmp_path: Path) -> None:
    with create_vault(tmp_path / "data", PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        before = (tmp_path / "data" / "vault.key").read_bytes()
        with pytest.raises(BadInputError):
            vault.set_duress_passphrase(PASSPHRASE, PASSPHRASE)
        with pytest.raises(UnlockError):
            vault.set_duress_passphrase("not the passphrase", DURESS)
        with pytest.raises(BadInputError):
            vault.set_duress_passphrase(PASSPHRASE, "short")
        assert (tmp_path / "data" / "vault.key").read_bytes() == before
        assert not vault.has_duress_passphrase


def test_removing_the_duress_passphrase_and_changing_the_passphrase_drop_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_duress(root)
    with unlock_vault(root, PASSPHRASE) as vault:
        vault.remove_duress_passphrase(PASSPHRASE)
        assert not vault.has_duress_passphrase
    with pytest.raises(UnlockError):
        unlock_vault(root, DURESS)
    with unlock_vault(root, PASSPHRASE) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        assert vault.change_passphrase(PASSPHRASE, "новый пароль хранилища") is True
        assert not vault.has_duress_passphrase
        assert vault.change_passphrase("новый пароль хранилища", PASSPHRASE) is False
    with pytest.raises(UnlockError):
        unlock_vault(root, DURESS)
    with unlock_vault(root, PASSPHRASE) as vault:
        assert len(vault.store.list_cases()) == 20


def test_the_key_file_does_not_tell_whether_a_duress_passphrase_exists(tmp_path: Path) -> None:
    plain, duress = tmp_path / "plain", tmp_path / "duress"
    create_vault(plain, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    _vault_with_duress(duress)
    a, b = (plain / "vault.key").read_bytes(), (duress / "vault.key").read_bytes()
    assert len(a) == len(b)
    assert a[:25] == b[:25]  # magic, version, slot count, KDF and its parameters; then salt, slots


# -- wipe after failed unlocks ------------------------------------------------------------------


def _guarded_vault(root: Path, limit: int) -> None:
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(CANARY))
    write_preferences(VaultLayout(root), Preferences(wipe_after_failed_unlocks=limit))


_CLI_UNLOCK = """
import sys
from pathlib import Path
from intake.errors import UnlockError
from intake.vault import unlock_vault
try:
    unlock_vault(Path(sys.argv[1]), sys.argv[2]).lock()
    print("opened")
except UnlockError:
    print("refused")
"""


def _attempt_in_a_new_process(root: Path, passphrase: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CLI_UNLOCK, str(root), passphrase],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_wipe_happens_exactly_at_the_nth_failure_counted_across_restarts(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _guarded_vault(root, 3)
    assert _attempt_in_a_new_process(root, "wrong one") == "refused"
    assert _attempt_in_a_new_process(root, "wrong two") == "refused"
    assert read_preferences(VaultLayout(root)).failed_unlocks == 2
    assert (root / "vault.key").exists()  # N-1 failures: still there
    assert _attempt_in_a_new_process(root, "wrong three") == "refused"
    assert not root.exists()
    with pytest.raises(VaultStateError):
        unlock_vault(root, PASSPHRASE)


def test_a_correct_unlock_resets_the_count(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _guarded_vault(root, 3)
    for wrong in ("wrong one", "wrong two"):
        with pytest.raises(UnlockError):
            unlock_vault(root, wrong)
    unlock_vault(root, PASSPHRASE).lock()
    assert read_preferences(VaultLayout(root)).failed_unlocks == 0
    for wrong in ("wrong one", "wrong two"):
        with pytest.raises(UnlockError):
            unlock_vault(root, wrong)
    with unlock_vault(root, PASSPHRASE) as vault:
        assert len(vault.store.list_cases()) == 1


def test_with_the_wipe_off_failures_write_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM):
        pass
    for _ in range(5):
        with pytest.raises(UnlockError):
            unlock_vault(root, "wrong passphrase")
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
