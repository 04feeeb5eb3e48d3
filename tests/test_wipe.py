"""The panic wipe of the core (intake/wipe.py): key material first, then every file Intake made."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crypto.kdf import MINIMUM
from crypto.keyfile import FILE_BYTES, MAGIC, KeyFile, KeyFileError, open_keyfile
from intake.database import DatabaseKeyError, open_database
from intake.errors import VaultStateError
from intake.key_file_io import open_slots, read_key_file, write_key_file
from intake.preferences import write_language
from intake.vault import create_vault, unlock_vault, wipe_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from intake.wipe import WIPE_MARKER, destroy_key_material, is_wipe_pending, wipe
from tests.support import PASSPHRASE, case_doc, find_markers

ROOT = Path(__file__).resolve().parent.parent
CANARY = "КАНАРЕЙКА-СТИРАНИЯ-5501"


def _vault_with_a_case(root: Path) -> bytearray:
    """A locked vault holding a canary case; returns a copy of its database key (for the test's
    own forensic check only)."""
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(CANARY, narrative=CANARY))
        write_language(vault.layout, "ru")
        key = bytearray(vault._key)
    return key


def test_after_a_wipe_the_folder_and_every_file_are_gone_and_the_passphrase_opens_nothing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    _vault_with_a_case(root)
    copy = tmp_path / "copy-of-vault.db"
    shutil.copy(root / "vault.db", copy)
    wipe_vault(root)
    assert not root.exists()
    with pytest.raises(VaultStateError):
        unlock_vault(root, PASSPHRASE)
    # Nothing left on the disk opens the copy: the folder is gone, and the only place the key
    # was ever stored was the key file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy-of-vault.db"]


def test_the_overwritten_key_file_opens_nothing_even_with_the_passphrase(tmp_path: Path) -> None:
    root = tmp_path / "data"
    key = _vault_with_a_case(root)
    layout = VaultLayout(root)
    taken: dict[str, bytes] = {}

    def grab(step: str) -> None:
        if step == "key_destroyed":
            taken["key file"] = layout.key_file.read_bytes()
            shutil.copy(layout.database, tmp_path / "db-copy")

    wipe(layout, fault=grab)
    data = taken["key file"]
    assert len(data) == FILE_BYTES and data.startswith(WIPE_MARKER)
    assert bytes(key) not in data and key.hex().encode() not in data
    with pytest.raises(KeyFileError):
        KeyFile.parse(data)
    # Even with the format's magic put back, nothing in the rest of it is a key file any more.
    with pytest.raises(KeyFileError):
        open_keyfile(MAGIC + data[len(MAGIC) :], PASSPHRASE.encode())
    # The database copy still needs the real key, which exists nowhere but in this test.
    with pytest.raises(DatabaseKeyError):
        open_database(tmp_path / "db-copy", bytearray(os.urandom(32)))
    open_database(tmp_path / "db-copy", key).close()


def test_an_unlocked_vault_is_wiped_and_closed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    vault = create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM)
    vault.store.create_case(case_doc(CANARY))
    vault.wipe()
    assert not vault.is_open
    assert not root.exists()
    vault.lock()  # harmless afterwards


def test_the_users_own_files_in_the_folder_are_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "Documents"
    _vault_with_a_case(root)
    (root / "my-letter.txt").write_text("not Intake's", encoding="utf-8")
    stale = root / ".vault.key.0123456789abcdef.tmp"
    stale.write_bytes((root / "vault.key").read_bytes())  # a complete key file a crash left
    wipe_vault(root)
    assert sorted(p.name for p in root.iterdir()) == ["my-letter.txt"]


def test_wiping_is_idempotent_and_works_on_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    wipe_vault(root)
    assert not root.exists()
    _vault_with_a_case(root)
    wipe_vault(root)
    wipe_vault(root)
    assert not root.exists()


def test_a_wipe_leaves_no_canary_in_the_folder_or_next_to_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_a_case(root)
    wipe_vault(root)
    assert find_markers([tmp_path], [CANARY]) == []


# -- a process killed in the middle of a wipe ----------------------------------------------------

_KILLER = """
import os, signal, sys
from pathlib import Path
from intake.vault_layout import VaultLayout
from intake.wipe import wipe
stop_at, seen = sys.argv[2], []
def fault(step):
    seen.append(step)
    if step == stop_at:
        os.kill(os.getpid(), signal.SIGKILL)
wipe(VaultLayout(Path(sys.argv[1])), fault=fault)
print(" ".join(seen))
"""

_STEPS = [
    "key_destroyed",
    "removed:vault.db",
    "removed:vault.db-wal",
    "removed:vault.db-shm",
    "removed:vault.aux",
    "removed:preferences.json",
    "key_file_removed",
    "folder_removed",
]


def test_the_fault_points_are_every_step_of_a_wipe(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_a_case(root)
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, str(root), "none"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == _STEPS


@pytest.mark.parametrize("stop_at", _STEPS)
def test_a_wipe_killed_at_any_step_never_leaves_an_openable_vault_and_the_next_start_finishes_it(
    tmp_path: Path, stop_at: str
) -> None:
    root = tmp_path / "data"
    _vault_with_a_case(root)
    killed = subprocess.run([sys.executable, "-c", _KILLER, str(root), stop_at], cwd=ROOT, check=False)
    assert killed.returncode == -signal.SIGKILL
    layout = VaultLayout(root)
    if layout.key_file.exists():
        assert is_wipe_pending(layout)
        keyfile_bytes = layout.key_file.read_bytes()
        assert keyfile_bytes.startswith(WIPE_MARKER)
    # The next start: looking for the vault finishes the wipe, silently.
    with pytest.raises(VaultStateError, match=r"no vault|does not exist"):
        unlock_vault(root, PASSPHRASE)
    if stop_at == "key_file_removed":
        # Killed between the last two system calls (unlink, rmdir): an empty folder, nothing else.
        assert list(root.iterdir()) == []
    else:
        assert not root.exists()


def test_a_key_file_replaced_after_the_wipe_began_is_overwritten_too(tmp_path: Path) -> None:
    """A passphrase change finishing in another thread renames a valid key file into place after
    step 1: the last step overwrites whatever the name points at, on its inode, before removing it."""
    root = tmp_path / "data"
    _vault_with_a_case(root)
    layout = VaultLayout(root)
    valid = layout.key_file.read_bytes()
    witness = tmp_path / "witness"  # a second name for the late file's inode, outside the folder

    def race(step: str) -> None:
        if step == "removed:vault.db":
            late = root / "late.key"
            late.write_bytes(valid)
            late.replace(layout.key_file)
            os.link(layout.key_file, witness)

    wipe(layout, fault=race)
    assert not root.exists()
    assert witness.read_bytes().startswith(WIPE_MARKER)
    assert witness.read_bytes() != valid


def test_an_interrupted_wipe_cannot_be_opened_with_the_passphrase(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _vault_with_a_case(root)
    layout = VaultLayout(root)

    def stop(step: str) -> None:
        if step == "key_destroyed":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wipe(layout, fault=stop)
    assert layout.database.exists()  # interrupted before the files went
    with pytest.raises(KeyFileError):
        open_keyfile(MAGIC + layout.key_file.read_bytes()[len(MAGIC) :], PASSPHRASE.encode())
    with pytest.raises(VaultStateError):
        unlock_vault(root, PASSPHRASE)
    assert not root.exists()


def _holds_a_key_file(path: Path) -> bool:
    data = path.read_bytes()
    try:
        open_keyfile(data, PASSPHRASE.encode())
    except KeyFileError:
        return False
    return True


def test_a_replaced_key_file_is_overwritten_not_left_in_free_space(tmp_path: Path) -> None:
    """A hard link keeps each replaced key file's inode reachable, as a forensic tool reading
    free space would: after every rewrite, the old inode holds noise, not a key file."""
    root = tmp_path / "data"
    vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    key_file = root / "vault.key"
    steps = {
        "duress set": lambda: vault.set_duress_passphrase(PASSPHRASE, "совсем другой пароль 42"),
        "passphrase change": lambda: vault.change_passphrase(PASSPHRASE, PASSPHRASE + " 2"),
        "passphrase back": lambda: vault.change_passphrase(PASSPHRASE + " 2", PASSPHRASE),
        "key rotation": lambda: vault.rotate_database_key(PASSPHRASE),
    }
    for name, step in steps.items():
        old = tmp_path / f"old-{len(list(tmp_path.iterdir()))}"
        os.link(key_file, old)
        before = old.read_bytes()
        assert before.startswith(MAGIC)
        step()
        after = old.read_bytes()
        assert len(after) == len(before), name
        assert not after.startswith(MAGIC), name
        assert after != before, name
    vault.lock()
    assert _holds_a_key_file(key_file)
    wipe_vault(root)
    assert not root.exists()
    assert not any(path.read_bytes().startswith(MAGIC) for path in tmp_path.iterdir())


def test_a_key_file_write_after_the_wipe_began_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    layout = VaultLayout(root)
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    keyfile = read_key_file(layout)
    slots = open_slots(keyfile, PASSPHRASE)
    destroy_key_material(layout)
    with pytest.raises(VaultStateError, match="wiped"):
        write_key_file(layout, [(bytearray(PASSPHRASE.encode()), slots)], keyfile.params)
    assert (root / "vault.key").read_bytes().startswith(WIPE_MARKER)
    assert not list(root.glob(".vault.key.*"))


def _descriptors_open_on(path: Path) -> int:
    count = 0
    for link in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(link) == str(path):
                count += 1
    return count


def test_a_wipe_that_begins_during_a_key_file_write_overwrites_the_new_file(tmp_path: Path) -> None:
    root = tmp_path / "data"
    layout = VaultLayout(root)
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    keyfile = read_key_file(layout)
    slots = open_slots(keyfile, PASSPHRASE)
    wiper = threading.Thread(target=lambda: destroy_key_material(layout))

    def begin_wipe_before_the_rename(step: str) -> None:
        if step == "synced":
            wiper.start()
            # The writer holds the key file open (and locked); wait until the wiper has opened it
            # too, i.e. it is at the lock, before letting the writer rename.
            while _descriptors_open_on(root / "vault.key") < 2 and wiper.is_alive():
                pass

    write_key_file(
        layout, [(bytearray(PASSPHRASE.encode()), slots)], keyfile.params, fault=begin_wipe_before_the_rename
    )
    wiper.join()
    assert (root / "vault.key").read_bytes().startswith(WIPE_MARKER)
    assert is_wipe_pending(layout)


def test_a_key_file_write_after_the_wipe_removed_the_file_is_refused(tmp_path: Path) -> None:
    """Another process (`intake wipe`) finished the wipe while a passphrase change derived its
    keys: the change must not put a key file back."""
    root = tmp_path / "data"
    layout = VaultLayout(root)
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    keyfile = read_key_file(layout)
    slots = open_slots(keyfile, PASSPHRASE)
    root.joinpath("mine.txt").write_text("the user's own file keeps the folder", encoding="utf-8")
    wipe(layout)
    with pytest.raises(VaultStateError, match="wiped"):
        write_key_file(layout, [(bytearray(PASSPHRASE.encode()), slots)], keyfile.params)
    assert sorted(p.name for p in root.iterdir()) == ["mine.txt"]


def test_the_wipe_does_not_wait_for_a_lock_it_cannot_get(tmp_path: Path) -> None:
    """A process stuck holding the key file's lock (or a file system without locks) must not
    stop the key material from being destroyed: the wipe waits half a second, then overwrites."""
    root = tmp_path / "data"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    holder = os.open(root / "vault.key", os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        destroy_key_material(VaultLayout(root))
    finally:
        os.close(holder)
    assert (root / "vault.key").read_bytes().startswith(WIPE_MARKER)


def test_leftover_temporaries_cannot_hang_or_misdirect_the_cleanup(tmp_path: Path) -> None:
    """A FIFO where a key-file temporary was (it would block an open) and a hard link to another
    file (whose content an overwrite through this name would destroy) are only unlinked."""
    root = tmp_path / "data"
    create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    os.mkfifo(root / ".vault.key.0000000000000001.tmp")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not Intake's", encoding="utf-8")
    os.link(elsewhere, root / ".vault.key.0000000000000002.tmp")
    leftover = root / ".vault.db.0000000000000003.tmp"
    leftover.write_bytes(b"set aside by a duress unlock that was killed")
    unlock_vault(root, PASSPHRASE).lock()
    assert elsewhere.read_text(encoding="utf-8") == "not Intake's"
    assert sorted(p.name for p in root.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
