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
import threading
from collections.abc import Callable
from pathlib import Path

from crypto.atomic_file import (
    TEMP_SUFFIX,
    fsync_directory,
    lock_bounded,
    scrub_and_remove,
    temp_path_for,
)
from crypto.keyfile import FILE_BYTES
from intake.vault_layout import VaultLayout

# Not "INTAKEKF": a key-file reader refuses it, and only the wipe ever writes it.
WIPE_MARKER = b"INTAKEWP"

# How long the wipe waits for a key-file write under way before overwriting regardless.
_LOCK_WAIT_S = 0.5

# Test seam: called with the name of each step just completed. Never set in production code.
WipeFault = Callable[[str], None]


def _overwrite_in_place(path: Path) -> bool:
    """Overwrites the first FILE_BYTES of `path` (created if missing) with the marker and random
    bytes, on the same inode, and flushes it. False if `path` is not a regular file we can write
    (a symlink or folder put in its place is then simply removed by the caller).

    Under the key file's lock when it can be had within half a second (crypto.atomic_file): a
    key-file replace under way finishes first and is then overwritten here, and one that starts
    later sees the marker and gives up. If the lock cannot be had (a stuck process, a file system
    without locks), the overwrite goes ahead anyway: destroying the key comes first."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(8):
        try:
            fd = os.open(path, flags, 0o600)
        except OSError:
            return False
        try:
            locked = lock_bounded(fd, _LOCK_WAIT_S)
            try:
                current = os.stat(path, follow_symlinks=False).st_ino
            except FileNotFoundError:
                current = None
            if locked and current != os.fstat(fd).st_ino:
                continue  # a writer renamed a new file in while we waited: overwrite that one
            data = WIPE_MARKER + os.urandom(FILE_BYTES - len(WIPE_MARKER))
            view = memoryview(data)
            offset = 0
            while offset < len(data):
                offset += os.pwrite(fd, view[offset:], offset)
            os.fsync(fd)
            return True
        finally:
            os.close(fd)
    return False


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


def wipe_for_a_fresh_vault(layout: VaultLayout) -> list[Path]:
    """The duress unlock's wipe, made to take the same short time whatever the vault's size:

    1. the key file is overwritten with the marker, as in `wipe`, and stays in place until the
       fresh vault's key file replaces it, so a crash at any later point leaves a pending wipe
       that the next start finishes (never a database without a key file);
    2. the database files are renamed aside (constant time; unlinking a large file is not) and
       returned: the caller removes them with `remove_later` once the fresh vault exists;
    3. the decoy box and any temporaries are removed. The preferences stay: the fresh vault keeps
       the language and the safety settings."""
    destroy_key_material(layout)
    set_aside: list[Path] = []
    for path in layout.database_files():
        aside = temp_path_for(path)
        try:
            os.rename(path, aside)
        except FileNotFoundError:
            continue
        set_aside.append(aside)
    for temporary in _key_temporaries(layout):
        scrub_and_remove(temporary)
    for temporary in _other_temporaries(layout):
        if temporary not in set_aside:
            _remove(temporary)
    _remove(layout.decoy_box)
    with contextlib.suppress(OSError):
        fsync_directory(layout.root)
    return set_aside


def remove_later(paths: list[Path]) -> threading.Thread:
    """Unlinks files whose key is already destroyed, off the caller's path (a 1 GiB database takes
    a noticeable fraction of a second). Not a daemon: the process waits for it before exiting,
    and `remove_set_aside` catches what a kill left."""

    def remove_all() -> None:
        for path in paths:
            _remove(path)
        if paths:
            with contextlib.suppress(OSError):
                fsync_directory(paths[0].parent)

    thread = threading.Thread(target=remove_all, name="intake-remove-later")
    thread.start()
    return thread


def remove_set_aside(layout: VaultLayout) -> None:
    """Database files a duress unlock renamed aside and a kill left behind (ciphertext under a key
    that no longer exists), and decoy-box temporaries of an interrupted write: removed at the
    next start, before anyone looks at the folder."""
    if not layout.root.is_dir():
        return
    for path in (*layout.database_files(), layout.decoy_box):
        for aside in layout.root.glob(f".{path.name}.*{TEMP_SUFFIX}"):
            _remove(aside)


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
    """Completes an interrupted wipe, silently, and removes what an interrupted duress unlock set
    aside; True if a wipe was pending."""
    remove_set_aside(layout)
    if not is_wipe_pending(layout):
        return False
    remove_remaining_files(layout)
    return True
