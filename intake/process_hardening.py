"""Keeping this process's memory off the disk and away from other programs of the same user.

`harden_process()` is the first thing both entry points do (the `intake` command and the desktop
app), before a passphrase, a key or a line of case text exists in memory. It never raises: a step
the platform does not offer is skipped, and the names of the steps that took effect are returned
(the tests check them; nothing else needs to).

- "no-core-dumps": the core-file size limit, soft and hard, is 0. A crash would otherwise write
  the whole address space (database key, signing key, decrypted cases) to a file, or hand it to
  systemd-coredump / apport, which keep it under /var. Lowering the hard limit cannot be undone
  without privileges, so nothing loaded later can turn dumps back on.
- "not-dumpable" (Linux): prctl(PR_SET_DUMPABLE, 0). Other processes of the same user can no
  longer ptrace this one or read /proc/PID/mem, maps or environ, and the kernel writes no core
  for it either (unless fs.suid_dumpable=2, where the zero limit above is what still holds).

Windows has neither: Windows Error Reporting may still write a crash dump (docs/threat-model.md).
"""

from __future__ import annotations

import ctypes
import sys

NO_CORE_DUMPS = "no-core-dumps"
NOT_DUMPABLE = "not-dumpable"

# <linux/prctl.h>
PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


def harden_process() -> list[str]:
    """Idempotent; returns the names of the steps that are in effect afterwards."""
    steps = []
    if _disable_core_dumps():
        steps.append(NO_CORE_DUMPS)
    if _make_not_dumpable():
        steps.append(NOT_DUMPABLE)
    return steps


def _disable_core_dumps() -> bool:
    try:
        import resource  # noqa: PLC0415 - not on Windows
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # Checked rather than assumed: a sandbox may accept the call and keep its own limit.
        return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
    except (OSError, ValueError):
        return False


def _make_not_dumpable() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The already-loaded C library: no search for a file named libc (find_library would
        # start ldconfig or a compiler in a subprocess).
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    try:
        if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            return False
        return bool(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
    except (OSError, ctypes.ArgumentError):
        return False
