"""The duress passphrase and the wipe after too many failed unlocks (intake/vault.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from crypto.keyfile import HEADER_BYTES, SLOT_BYTES
from intake.errors import BadInputError, UnlockError, VaultStateError
from intake.preferences import Preferences, read_preferences, write_preferences
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from intake.wipe import is_wipe_pending, wipe_for_a_fresh_vault
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
    _wait_for_removals()
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


def _wait_for_removals() -> None:
    """The old database files are removed in a thread after the duress unlock returns."""
    for thread in threading.enumerate():
        if thread.name == "intake-remove-later":
            thread.join()


def test_a_duress_unlock_sets_the_old_database_aside_at_once_and_removes_it_after(tmp_path: Path) -> None:
    root = tmp_path / "data"
    old_bytes = _vault_with_duress(root)
    old_database = root / "vault.db"
    inode = old_database.stat().st_ino
    with unlock_vault(root, DURESS) as fresh:
        assert old_database.stat().st_ino != inode  # a new database under the old name
        assert fresh.store.count_cases() == 0
    _wait_for_removals()
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
    for path in root.iterdir():
        assert old_bytes not in path.read_bytes()


def test_a_crash_inside_the_duress_unlock_is_finished_as_a_wipe_at_the_next_start(tmp_path: Path) -> None:
    """The state a kill leaves between the duress wipe and the fresh vault's key file: the marker
    key file, the old database set aside, a half-made new database. The next start (here the
    first-run setup) finishes the wipe and makes a vault; nothing of the old one is left."""
    root = tmp_path / "data"
    old_bytes = _vault_with_duress(root)
    layout = VaultLayout(root)
    write_preferences(layout, Preferences(language="ru"))
    set_aside = wipe_for_a_fresh_vault(layout)
    assert set_aside and all(path.exists() for path in set_aside)
    (root / "vault.db").write_bytes(b"half-made database")
    assert is_wipe_pending(layout)
    with pytest.raises(VaultStateError):
        unlock_vault(root, PASSPHRASE)  # the start finishes the wipe: no vault any more
    assert not root.exists()
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        assert vault.store.count_cases() == 0
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
    for path in root.iterdir():
        assert old_bytes not in path.read_bytes()


def test_database_files_a_kill_left_set_aside_are_removed_at_the_next_unlock(tmp_path: Path) -> None:
    root = tmp_path / "data"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    leftover = root / ".vault.db.0123456789abcdef.tmp"
    leftover.write_bytes(b"old ciphertext")
    unlock_vault(root, PASSPHRASE).lock()
    assert not leftover.exists()


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
    # Every slot, used (real, duress) or not, is the same length of random-looking bytes: none is
    # zero-filled, none repeats another, so nothing shows which slots are in use.
    for data in (a, b):
        slots = [data[HEADER_BYTES + n * SLOT_BYTES : HEADER_BYTES + (n + 1) * SLOT_BYTES] for n in range(4)]
        assert len(set(slots)) == 4
        for slot in slots:
            assert len(set(slot)) > SLOT_BYTES // 2  # 108 random bytes have ~85 distinct values


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


_UNLOCK_WITHOUT_MEMORY = """
import resource, sys
from pathlib import Path
from intake.errors import IntakeError, UnlockError
from intake.vault import unlock_vault

# Room for Python to go on, but not for Argon2id's 64 MiB (the real minimum) and its threads.
with open("/proc/self/statm") as statm:
    size = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (size + 24 * 1024 * 1024, resource.RLIM_INFINITY))
try:
    unlock_vault(Path(sys.argv[1]), sys.argv[2]).lock()
    print("opened")
except UnlockError:
    print("wrong")
except IntakeError as error:
    print("not tried:", error)
"""


def test_running_out_of_memory_with_the_right_passphrase_is_not_a_failed_attempt(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _guarded_vault(root, 3)
    for _ in range(4):  # more than the limit
        done = subprocess.run(
            [sys.executable, "-c", _UNLOCK_WITHOUT_MEMORY, str(root), PASSPHRASE],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.startswith("not tried: There is not enough free memory"), done.stdout
    assert read_preferences(VaultLayout(root)).failed_unlocks == 0
    with unlock_vault(root, PASSPHRASE) as vault:
        assert len(vault.store.list_cases()) == 1


_GUESS_TOGETHER = """
import sys
from pathlib import Path
from intake.vault import unlock_vault
print("ready", flush=True)
sys.stdin.read(1)
try:
    unlock_vault(Path(sys.argv[1]), sys.argv[2]).lock()
    print("opened")
except Exception:
    print("refused")
"""


def test_wrong_guesses_made_at_the_same_moment_all_count(tmp_path: Path) -> None:
    """Each guesser imports everything, says it is ready, and waits for one byte on its stdin: the
    eight then start counting together."""
    root = tmp_path / "data"
    _guarded_vault(root, 5)
    guesses = [
        subprocess.Popen(
            [sys.executable, "-c", _GUESS_TOGETHER, str(root), f"guess {n}"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    pipes = [(guess.stdin, guess.stdout) for guess in guesses]
    for _stdin, stdout in pipes:
        assert stdout is not None and stdout.readline().strip() == "ready"
    for stdin, _stdout in pipes:
        assert stdin is not None
        stdin.write("g")
        stdin.close()
    outcomes = []
    for guess, (_stdin, stdout) in zip(guesses, pipes, strict=True):
        assert stdout is not None
        outcomes.append(stdout.read().strip())
        guess.wait()
    assert outcomes == ["refused"] * 8
    assert not root.exists()  # eight wrong guesses passed the limit of five, however they overlapped


_DURESS_KILLED_AT = """
import os, signal, sys
from pathlib import Path
import intake.vault as vault_module

point = sys.argv[3]

def killing_after(name):
    original = getattr(vault_module, name)
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(vault_module, name, wrapper)

def killing_before(name):
    def wrapper(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(vault_module, name, wrapper)

if point == "before_remove_later":
    killing_before("remove_later")
else:
    killing_after(point)
vault_module.unlock_vault(Path(sys.argv[1]), sys.argv[2])
"""


@pytest.mark.parametrize(
    "point", ["wipe_for_a_fresh_vault", "create_database", "write_key_file_under_kek", "before_remove_later"]
)
def test_a_duress_unlock_killed_at_any_step_never_reopens_the_old_vault(tmp_path: Path, point: str) -> None:
    root = tmp_path / "data"
    old_bytes = _vault_with_duress(root)
    killed = subprocess.run(
        [sys.executable, "-c", _DURESS_KILLED_AT, str(root), DURESS, point], cwd=ROOT, check=False
    )
    assert killed.returncode == -9
    # The next start: the real passphrase opens nothing, whatever step the kill came at.
    with pytest.raises((UnlockError, VaultStateError)):
        unlock_vault(root, PASSPHRASE)
    if point in ("write_key_file_under_kek", "before_remove_later"):
        with unlock_vault(root, DURESS) as fresh:  # the new vault was complete
            assert fresh.store.count_cases() == 0
    else:
        assert not root.exists() or not (root / "vault.key").exists()  # the wipe was finished
        create_vault(root, DURESS, Role.FIELD, params=MINIMUM).lock()  # first run works again
    leftovers = [p for p in root.iterdir() if p.name not in ("vault.aux", "vault.db", "vault.key")]
    assert leftovers == []
    for path in root.iterdir():
        assert old_bytes not in path.read_bytes()
    assert find_markers([tmp_path], [CANARY]) == []
