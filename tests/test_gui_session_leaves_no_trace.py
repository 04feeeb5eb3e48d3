"""A whole offscreen desktop session (tests/gui_session_child.py), run in a subprocess whose
home, config, cache, data, runtime and temp folders all live in one folder: afterwards no file
anywhere in it holds the canary typed into a case, copied, searched for and reopened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import find_markers, isolated_env

ROOT = Path(__file__).resolve().parent.parent
CANARY = "КАНАРЕЙКА-СЕАНСА-ПРИЛОЖЕНИЯ-6627"


def test_a_desktop_session_leaves_no_canary_anywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = isolated_env(home)
    env["INTAKE_TEST_CANARY"] = CANARY
    env["QT_QPA_PLATFORM"] = "offscreen"
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
            str(ROOT / "tests" / "gui_session_child.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
    vault = home / ".local" / "share" / "Intake"
    assert (vault / "vault.key").exists()  # the session really ran and kept its vault
    assert find_markers([home], [CANARY]) == []
    # Nothing but the vault and pytest's own (empty) temp folder: no settings, caches or logs.
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith((".local/share/Intake/", "tmp/pytest"))] == []
