"""The panic wipe: make the vault unopenable at once, then leave the folder as if Intake had never
been set up.

Order is what makes it safe (docs/decisions/0013-panic-wipe-and-duress.md):

1. **Cryptographic erasure.** The key file is overwritten in place, on the same inode, with a
   wipe marker and random bytes, and flushed. The database key existed only wrapped in that file,
   so from this moment the database is random-looking bytes to everyone, passphrase or not. It is
   one write of 521 bytes and one fsync: a few milliseconds.
2. Copies a crash left behind (key-file temporaries of an interrupted atomic write) are
   overwritten the same way and removed.
3. The database, its WAL and shared-memory files, the preferences file and every other file
   `VaultLayout.app_files` names are removed; the key file goes last, overwritten once more in
   case something replaced it meanwhile (a passphrase change finishing in another thread).
4. The folder itself is removed if nothing else is in it.

If the process dies after step 1, the marker at the start of the key file says a wipe was under
way: `finish_pending_wipe` (called wherever a vault is looked for) completes it silently. Before
step 1 nothing has changed. Every step is idempotent.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from crypto.atomic_file import TEMP_SUFFIX, fsync_directory
from crypto.keyfile import FILE_BYTES
from intake.vault_layout import VaultLayout

# Not "INTAKEKF": a key-file reader refuses it, and only the wipe ever writes it.
WIPE_MARKER = b"INTAKEWP"

# Test seam: called with the name of each step just completed. Never set in production code.
WipeFault = Callable[[str], None]


def _overwrite_in_place(path: Path) -> bool:
    """Overwrites the first FILE_BYTES of `path` (created if missing) with the marker and random
    bytes, on the same inode, and flushes it. False if `path` is not a regular file we can write
    (a symlink or folder put in its place is then simply removed by the caller)."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        return False
    try:
        data = WIPE_MARKER + os.urandom(FILE_BYTES - len(WIPE_MARKER))
        view = memoryview(data)
        offset = 0
        while offset < len(data):
            offset += os.pwrite(fd, view[offset:], offset)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def _key_temporaries(layout: VaultLayout) -> list[Path]:
    if not layout.root.is_dir():
        return []
    return sorted(layout.root.glob(f".{layout.key_file.name}.*{TEMP_SUFFIX}"))


def _other_temporaries(layout: VaultLayout) -> list[Path]:
    if not layout.root.is_dir():
        return []
    found: list[Path] = []
    for path in layout.app_files():
        if path != layout.key_file:
            found.extend(layout.root.glob(f".{path.name}.*{TEMP_SUFFIX}"))
    return sorted(found)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        path.unlink()


def destroy_key_material(layout: VaultLayout) -> None:
    """Step 1 alone: after it returns, nothing on the disk opens the vault. Works whether or not
    the vault is unlocked, and needs no passphrase."""
    if not layout.root.is_dir():
        return
    if not _overwrite_in_place(layout.key_file):
        _remove(layout.key_file)


def wipe(layout: VaultLayout, *, fault: WipeFault | None = None) -> None:
    """The whole wipe (steps 1-4 above). Raises OSError only if the key file could not be
    overwritten and could not be removed either (the disk itself refuses): the caller says so."""
    step = fault or (lambda _name: None)
    destroy_key_material(layout)
    step("key_destroyed")
    remove_remaining_files(layout, fault=step)


def remove_remaining_files(layout: VaultLayout, *, fault: WipeFault | None = None) -> None:
    """Steps 2-4, for a folder whose key material is already destroyed."""
    step = fault or (lambda _name: None)
    for temporary in _key_temporaries(layout):
        _overwrite_in_place(temporary)
        _remove(temporary)
        step("temporary_removed")
    for temporary in _other_temporaries(layout):
        _remove(temporary)
    for path in layout.app_files():
        if path == layout.key_file:
            continue
        _remove(path)
        step(f"removed:{path.name}")
    if layout.key_file.exists() or layout.key_file.is_symlink():
        # Once more: the name may now point at a file written after step 1.
        _overwrite_in_place(layout.key_file)
        _remove(layout.key_file)
    step("key_file_removed")
    with contextlib.suppress(OSError):
        fsync_directory(layout.root)
    with contextlib.suppress(OSError):
        layout.root.rmdir()  # only if empty: the user's own files stay, and so does the folder
    step("folder_removed")


def is_wipe_pending(layout: VaultLayout) -> bool:
    """True when a wipe started here and did not finish (the process died after step 1)."""
    try:
        fd = os.open(
            layout.key_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return False
    try:
        return os.read(fd, len(WIPE_MARKER)) == WIPE_MARKER
    except OSError:
        return False
    finally:
        os.close(fd)


def finish_pending_wipe(layout: VaultLayout) -> bool:
    """Completes an interrupted wipe, silently; True if there was one."""
    if not is_wipe_pending(layout):
        return False
    remove_remaining_files(layout)
    return True
