"""Putting a new file where the user chose, whole or not at all, and never over anything already
there: a decrypted attachment's copy, a report, a table. The data is written to a temporary file
beside it and only then given its name, by an operation that fails if the name is taken, so a
file that appeared meanwhile (even a symbolic link planted there) is never replaced."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from crypto.atomic_file import fsync_directory, scrub_and_remove, temp_path_for

# open() flags for files this module creates: never through a symbolic link, never inherited.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

# What link() says on file systems without hard links: FAT32 and exFAT (the USB sticks copies are
# saved to) give EPERM; some network and FUSE file systems the others.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS, errno.EMLINK}


def publish_new(temporary: Path, destination: Path) -> bool:
    """Puts the finished copy at `destination` without ever replacing anything there; True if
    `temporary` is still a second name of it (to be unlinked).

    A hard link does it in one step and fails if anything, a symbolic link included, is at the
    name. Where the file system has no hard links, the name is claimed instead with an empty
    file (O_EXCL: refused likewise if anything is there, never following a link), and the copy
    is renamed over that claim, which is ours: a rename replaces the entry itself and never
    writes through a link. So the destination is never half-written and never someone else's."""
    try:
        os.link(temporary, destination)
        return True
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    claim = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o600)
    try:
        claimed = os.fstat(claim)
    finally:
        os.close(claim)
    try:
        current = os.stat(destination, follow_symlinks=False)
        if (current.st_dev, current.st_ino) != (claimed.st_dev, claimed.st_ino):
            # Replaced since it was claimed: whatever is there now is not ours to overwrite.
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(destination))
        os.rename(temporary, destination)
    except BaseException:
        _remove_claim(destination, claimed)
        raise
    return False


def _remove_claim(destination: Path, claimed: os.stat_result) -> None:
    """Removes the empty file `publish_new` created, unless the name now means another file."""
    with contextlib.suppress(OSError):
        current = os.stat(destination, follow_symlinks=False)
        if (current.st_dev, current.st_ino) == (claimed.st_dev, claimed.st_ino):
            destination.unlink()


def write_new_file(path: Path, data: bytes) -> None:
    """`data` at `path`, which must not exist (FileExistsError otherwise, and nothing written);
    mode 0600, flushed to disk before it gets its name."""
    temporary = temp_path_for(path)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        linked = publish_new(temporary, path)
    except BaseException:
        scrub_and_remove(temporary)
        raise
    if linked:
        temporary.unlink()
    with contextlib.suppress(OSError):
        fsync_directory(path.parent)
