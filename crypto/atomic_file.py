"""Replacing a small file so that a crash leaves either the old or the new content, never neither.

Write a temporary file in the same folder, fsync it, rename it over the target (atomic on POSIX
within one file system), then fsync the folder so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

TEMP_SUFFIX = ".tmp"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

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


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _write_temporary(
    path: Path, data: bytes, mode: int, step: FaultHook, discard: Callable[[Path], None]
) -> Path:
    """A new temporary beside `path` holding `data`, flushed; `discard` removes it on failure."""
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, mode)
    try:
        try:
            step("created")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            step("written")
            os.fsync(fd)
            step("synced")
        finally:
            os.close(fd)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600, fault: FaultHook | None = None) -> None:
    """Atomically replaces `path` with `data` (created with `mode`)."""
    step = fault or (lambda _name: None)
    tmp = _write_temporary(path, data, mode, step, _unlink_quietly)
    try:
        os.replace(tmp, path)
        step("renamed")
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_directory(path.parent)
    step("directory_synced")


class ReplaceRefused(Exception):
    """`replace_secret_file` found the marker it was told to respect (a wipe began)."""


def scrub_open_file(fd: int) -> None:
    """Overwrites the whole file behind `fd` with random bytes, in place, and flushes it. The
    blocks a secret lived in then hold noise, even once the file is unlinked (on disks that write
    in place; see docs/threat-model.md for SSDs and copy-on-write file systems)."""
    size = os.fstat(fd).st_size
    offset = 0
    while offset < size:
        chunk = os.urandom(min(64 * 1024, size - offset))
        offset += os.pwrite(fd, chunk, offset)
    os.fsync(fd)


def scrub_and_remove(path: Path) -> None:
    """Overwrites a regular file in place, then unlinks it. Anything else (a symlink, a FIFO that
    would block the open, a file with other hard links whose other names must not be
    overwritten through this one) is only unlinked."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | _NO_FOLLOW)
    except OSError:
        fd = None
    if fd is not None:
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                with contextlib.suppress(OSError):
                    scrub_open_file(fd)
        finally:
            os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def lock_bounded(fd: int, seconds: float) -> bool:
    """Tries an exclusive flock for up to `seconds`; False if it could not be had (held too long,
    or the file system has no locks). For the wipe, which must go ahead either way."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.002)  # a key-file rename takes a few milliseconds
        except OSError:
            return False


def lock_current_file(path: Path, *, create: bool) -> int | None:
    """Opens `path` and takes an exclusive `flock` on it, making sure the lock is on the file the
    name points at now: if another process renamed a new file over it while we waited, the lock
    was on the old one, so open again. Returns the descriptor (the caller closes it, which
    releases the lock), or None if there is no such file and `create` is False."""
    flags = os.O_RDWR | _NO_FOLLOW | (os.O_CREAT if create else 0)
    for _attempt in range(16):
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            current = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            os.close(fd)
            continue
        except BaseException:
            os.close(fd)
            raise
        if os.fstat(fd).st_ino == current.st_ino:
            return fd
        os.close(fd)
    raise OSError("the file kept being replaced")


def replace_secret_file(
    path: Path,
    data: bytes,
    *,
    refuse_marker: bytes | None,
    must_exist: bool = True,
    fault: FaultHook | None = None,
) -> None:
    """`write_atomic` for a file holding secrets (the key file), with two more promises:

    - No old copy outlives the replace: the old file is overwritten in place after the rename
      (renaming alone would leave its blocks, and the keys they wrap, in free space), and a
      temporary that fails is overwritten before it is removed.
    - A wipe wins: the replace holds an exclusive lock on the current file from its check to its
      rename, and gives up with ReplaceRefused if the file starts with `refuse_marker` (the wipe
      takes the same lock before overwriting; None only where the caller itself wiped and now
      puts a fresh vault's key file in place). A file that is gone is refused too unless
      `must_exist` is False (creating a vault): a wipe may have finished meanwhile. Without
      this, a passphrase change finishing just after a panic wipe began would put a working key
      file back.
    """
    step = fault or (lambda _name: None)
    old = lock_current_file(path, create=False)
    renamed = False
    try:
        if old is None and must_exist:
            raise ReplaceRefused  # gone: a wipe (perhaps by another process) removed it
        if old is not None and refuse_marker and os.pread(old, len(refuse_marker), 0) == refuse_marker:
            raise ReplaceRefused
        tmp = _write_temporary(path, data, 0o600, step, scrub_and_remove)
        try:
            os.replace(tmp, path)
            renamed = True
            step("renamed")
        except BaseException:
            if not renamed:
                scrub_and_remove(tmp)
            raise
        fsync_directory(path.parent)
        step("directory_synced")
    finally:
        if old is not None:
            try:
                if renamed:  # the old inode is no longer the file: its secrets go
                    with contextlib.suppress(OSError):
                        scrub_open_file(old)
            finally:
                os.close(old)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Removes temporaries a crash left next to `path`, overwriting each first (a key file's
    temporary is a whole key file); returns what it removed."""
    removed = []
    for candidate in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        if candidate.exists() or candidate.is_symlink():
            scrub_and_remove(candidate)
            removed.append(candidate)
    return removed
