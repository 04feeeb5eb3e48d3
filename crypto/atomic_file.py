"""Replacing a small file so that a crash leaves either the old or the new content, never neither.

Write a temporary file in the same folder, fsync it, rename it over the target (atomic on POSIX
within one file system), then fsync the folder so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

TEMP_SUFFIX = ".tmp"

# Test seam: called with the name of each step just completed, so tests can kill the process at
# that exact point. Never set in production code.
FaultHook = Callable[[str], None]


def temp_path_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600, fault: FaultHook | None = None) -> None:
    """Atomically replaces `path` with `data` (created with `mode`)."""
    step = fault or (lambda _name: None)
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            step("created")
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            step("written")
            os.fsync(fd)
            step("synced")
        finally:
            os.close(fd)
        os.replace(tmp, path)
        step("renamed")
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_directory(path.parent)
    step("directory_synced")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Removes temporaries a crash left next to `path`; returns what it removed."""
    removed = []
    for candidate in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
            removed.append(candidate)
    return removed
