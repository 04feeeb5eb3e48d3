"""A whole offscreen desktop session (tests/gui_session_child.py), run in a subprocess whose
home, config, cache, data, runtime and temp folders all live in one folder: afterwards no file
anywhere in it holds the canary typed into a case, copied, searched for and reopened.

A library may ignore TMPDIR and write to the system's shared temporary folders, so /tmp, /var/tmp
and /dev/shm are listed before and after each session too. Other processes write there as well,
so a new entry counts only if it holds the canary or was made by the child: run as root (like CI),
the child gets a group id of its own, which everything it creates carries."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role
from tests.attachment_samples import pdf_bytes, wav_bytes
from tests.support import PASSPHRASE, case_doc, find_markers, isolated_env
from tests.test_attachments import _jpeg_with_gps

ROOT = Path(__file__).resolve().parent.parent
CANARY = "КАНАРЕЙКА-СЕАНСА-ПРИЛОЖЕНИЯ-6627"
DURESS = "совсем другой пароль 42"
DECOY = "Консультация: спор с арендодателем"
SHARED_TEMP = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
CHILD_GROUP = 47_113  # no group on a test machine: whatever carries it, the child made
LARGEST_READ = 64 * 1024 * 1024  # new files of other processes can be huge; the app's would not be


def _entries(folders: Iterable[Path], skip: Path) -> set[Path]:
    """Every file and folder under `folders` (links not followed), except `skip` and below."""
    found: set[Path] = set()
    for folder in folders:
        for top, dirs, names in os.walk(folder, onerror=lambda _error: None):
            here = Path(top)
            if here == skip or skip in here.parents:
                dirs[:] = []
                continue
            found.update(here / name for name in (*dirs, *names))
    return found


def _child_traces(before: set[Path], skip: Path, child_group: int | None) -> list[str]:
    """New entries in the shared temporary folders made by the child or holding the canary."""
    needles = [CANARY.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    traces = []
    for path in sorted(_entries(SHARED_TEMP, skip) - before):
        try:
            info = path.lstat()
            if child_group is not None and info.st_gid == child_group:
                traces.append(f"{path} (made by the session)")
            elif path.is_file() and not path.is_symlink() and info.st_size <= LARGEST_READ:
                data = path.read_bytes()
                if any(needle in data for needle in needles):
                    traces.append(f"{path} (holds the canary)")
        except OSError:
            continue  # gone again, or not ours to read: another process's
    return traces


def _run_child(home: Path, test: str, **extra: str) -> None:
    """Runs one child session; also fails if it left anything in the shared temporary folders.
    Everything under the test's own folder (the home included) is the callers' to check."""
    env = isolated_env(home)
    env["INTAKE_TEST_CANARY"] = CANARY
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    own_folder = home.parent
    child_group = CHILD_GROUP if os.geteuid() == 0 else None
    before = _entries(SHARED_TEMP, own_folder)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(home / "tmp" / "pytest"),
            f"{ROOT / 'tests' / 'gui_session_child.py'}::{test}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        group=child_group,
        extra_groups=[] if child_group is not None else None,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
    assert _child_traces(before, own_folder, child_group) == []


def test_a_desktop_session_leaves_no_canary_anywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run_child(home, "test_a_whole_session")
    vault = home / ".local" / "share" / "Intake"
    assert (vault / "vault.key").exists()  # the session really ran and kept its vault
    if os.geteuid() == 0:  # the group the shared-folder check relies on did reach the child
        assert (vault / "vault.key").stat().st_gid == CHILD_GROUP
    assert find_markers([home], [CANARY]) == []
    # Nothing but the vault and pytest's own (empty) temp folder: no settings, caches or logs.
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith((".local/share/Intake/", "tmp/pytest"))] == []


def test_a_duress_unlock_at_the_unlock_screen_leaves_no_trace_of_the_old_vault(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault_dir = home / ".local" / "share" / "Intake"
    with create_vault(vault_dir, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(f"Дело {CANARY}", narrative=CANARY * 20))
        decoy = vault.store.create_case(case_doc(DECOY))
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        vault.add_decoy_cases([decoy.case_id])
    old_database = (vault_dir / "vault.db").read_bytes()
    old_slice = old_database[len(old_database) // 2 : len(old_database) // 2 + 64]
    _run_child(home, "test_a_duress_session", INTAKE_TEST_DURESS=DURESS, INTAKE_TEST_DECOY=DECOY)
    assert find_markers([home], [CANARY]) == []
    files = [p for p in home.rglob("*") if p.is_file()]
    assert not any(old_slice in p.read_bytes() for p in files)
    written = sorted(str(p.relative_to(home)) for p in files)
    assert [p for p in written if not p.startswith((".local/share/Intake/", "tmp/pytest"))] == []
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.aux", "vault.db", "vault.key"]


def test_viewing_attachments_writes_no_file_anywhere(tmp_path: Path, qapp: object) -> None:
    """Image, PDF, recording and text go from the database through memory to the viewer: no
    temporary file, cache or thumbnail appears in the home, config, cache or temp folders.
    (`qapp`: the samples are drawn with Qt here, in the parent.)"""
    home = tmp_path / "home"
    vault_dir = home / ".local" / "share" / "Intake"
    outside = tmp_path / "outside"
    outside.mkdir()
    samples = {
        "photo.jpg": _jpeg_with_gps(),
        "page.pdf": pdf_bytes([CANARY]),
        "voice.wav": wav_bytes(),
        "notes.txt": f"{CANARY}\n".encode(),
    }
    with create_vault(vault_dir, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        case_id = vault.store.create_case(case_doc("Дело")).case_id
        for name, data in samples.items():
            (outside / name).write_bytes(data)
            vault.attachments.add_file(case_id, outside / name)
    before = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    _run_child(home, "test_viewing_attachments")
    assert find_markers([home], [CANARY]) == []
    after = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert [p for p in after if not p.startswith((".local/share/Intake/", "tmp/pytest"))] == []
    assert [p for p in after if p.startswith(".local/share/Intake/")] == before
