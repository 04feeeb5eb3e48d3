"""Core dumps off and (Linux) not dumpable, checked in real subprocesses: the test process itself
stays as it was, and what is checked is what the kernel reports, not what the code believes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Prints, as JSON, what the kernel says about this process after `setup` has run.
_REPORT = """
import ctypes, json, resource, sys
{setup}
report = {{"core_limit": list(resource.getrlimit(resource.RLIMIT_CORE))}}
if sys.platform.startswith("linux"):
    report["dumpable"] = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    with open("/proc/self/limits") as limits:
        core = next(line for line in limits if line.startswith("Max core file size"))
    report["proc_limits"] = core.split()[4:6]  # soft, hard
print(json.dumps(report))
"""
# Core dumps as allowed as the environment permits (the soft limit raised to the hard one), so
# that a limit of 0 afterwards is the code's doing, not the shell's `ulimit -c 0`.
RAISE_CORE_LIMIT = (
    "_soft, _hard = resource.getrlimit(resource.RLIMIT_CORE)\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (_hard, _hard))\n"
)

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="no core-file limit on Windows")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")


def _report(setup: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _REPORT.format(setup=setup)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@needs_posix
def test_an_interpreter_that_is_not_hardened_may_dump() -> None:
    """The baseline, so the tests below show that the call made the difference."""
    report = _report(RAISE_CORE_LIMIT)
    if report["core_limit"][1] == 0:
        pytest.skip("this environment's hard limit already forbids core dumps")
    assert report["core_limit"][0] != 0
    if sys.platform.startswith("linux"):
        assert report["dumpable"] == 1


@needs_posix
def test_harden_process_disables_core_dumps_and_dumpability() -> None:
    report = _report(
        RAISE_CORE_LIMIT + "from intake.process_hardening import harden_process\nharden_process()\n"
    )
    assert report["core_limit"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert report["dumpable"] == 0
        assert report["proc_limits"] == ["0", "0"]


@needs_posix
def test_harden_process_reports_the_steps_that_took_effect_and_is_idempotent() -> None:
    from intake.process_hardening import NO_CORE_DUMPS, NOT_DUMPABLE

    probe = (
        "import json\n"
        "from intake.process_hardening import harden_process\n"
        "print(json.dumps([harden_process(), harden_process()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, second = json.loads(result.stdout)
    expected = [NO_CORE_DUMPS, NOT_DUMPABLE] if sys.platform.startswith("linux") else [NO_CORE_DUMPS]
    assert first == expected
    assert second == expected


# A target process and a reader process of the same user. Run as root (as CI does), both become
# `nobody` first, since root may read any process; what they import is loaded before that, as
# nobody may not be able to read the interpreter's files. Changing user makes a process
# non-dumpable by itself, so the target is made dumpable again: the normal state of a program
# a user starts.
_TARGET = """
import ctypes, os, resource, sys
from intake.process_hardening import harden_process
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
if sys.argv[1] == "harden":
    harden_process()
print("ready", flush=True)
sys.stdin.read()
"""
_READER = """
import json, os, sys
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
opened = {}
for name in ("mem", "environ"):
    try:
        open(f"/proc/{sys.argv[1]}/{name}", "rb").close()
        opened[name] = True
    except PermissionError:
        opened[name] = False
print(json.dumps(opened))
"""


def _what_a_sibling_can_open(target_mode: str) -> dict[str, bool]:
    target = subprocess.Popen(
        [sys.executable, "-c", _TARGET, target_mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert target.stdout is not None
        assert target.stdout.readline().strip() == "ready"
        reader = subprocess.run(
            [sys.executable, "-c", _READER, str(target.pid)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        opened: dict[str, bool] = json.loads(reader.stdout)
        return opened
    finally:
        assert target.stdin is not None
        target.stdin.close()
        target.wait(timeout=30)


@linux_only
def test_other_processes_of_the_same_user_cannot_read_a_hardened_process_memory() -> None:
    """What not-dumpable is for: /proc/PID/mem and environ become root's, so a sibling process
    of the same user is refused; without hardening the same sibling may open them."""
    assert _what_a_sibling_can_open("plain") == {"mem": True, "environ": True}
    assert _what_a_sibling_can_open("harden") == {"mem": False, "environ": False}


@needs_posix
def test_the_intake_command_hardens_itself() -> None:
    """`intake --help` through the entry point the `intake` script calls: main() runs, argparse
    exits, and the process it ran in is hardened."""
    report = _report(
        RAISE_CORE_LIMIT + "import contextlib, io\n"
        "from intake.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code\n"
    )
    assert report["core_limit"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert report["dumpable"] == 0


def test_the_intake_command_still_works_hardened() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "intake.cli.main", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "usage: intake" in result.stdout


@needs_posix
def test_the_desktop_app_hardens_itself_before_anything_else() -> None:
    """ui.app.main() with an option it does not know: it hardens, then argparse exits, before a
    QApplication or window exists (so no display is needed)."""
    report = _report(
        RAISE_CORE_LIMIT + "import contextlib, io\n"
        "from ui.app import main\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        "        main(['--no-such-option'])\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 2, exit.code\n"
    )
    assert report["core_limit"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert report["dumpable"] == 0
