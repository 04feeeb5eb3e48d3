"""Atomic replacement: a process killed at any step leaves the old or the new file, never neither."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crypto.atomic_file import remove_stale_temporaries, write_atomic
from tests.mounts import remount, tmpfs

STEPS = ["created", "written", "synced", "renamed", "directory_synced"]

KILLER = """
import os, signal, sys
from pathlib import Path
from crypto.atomic_file import write_atomic
target, step = Path(sys.argv[1]), sys.argv[2]
def fault(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
write_atomic(target, b"NEW" * 100, fault=fault)
"""


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_step_leaves_old_or_new(tmp_path: Path, step: str) -> None:
    target = tmp_path / "vault.key"
    target.write_bytes(b"OLD" * 100)
    result = subprocess.run([sys.executable, "-c", KILLER, str(target), step], check=False)
    assert result.returncode == -9
    content = target.read_bytes()
    assert content in (b"OLD" * 100, b"NEW" * 100)
    assert content == (b"OLD" * 100 if STEPS.index(step) < STEPS.index("renamed") else b"NEW" * 100)
    remove_stale_temporaries(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.key"]


def test_write_creates_private_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["vault.key"]


def test_failure_on_a_read_only_file_system_changes_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "1m") as mount:
        target = mount / "vault.key"
        target.write_bytes(b"OLD")
        remount(mount, "ro")
        with pytest.raises(OSError, match="Read-only"):
            write_atomic(target, b"NEW")
        remount(mount, "rw")
        assert target.read_bytes() == b"OLD"
        assert [p.name for p in mount.iterdir()] == ["vault.key"]
