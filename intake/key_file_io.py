"""Reading and writing the vault's key file. The only code that touches `vault.key`.

The byte format is crypto.keyfile (docs/formats/keyfile.md); this module adds where the file lives,
how passphrases are turned into slots, and messages fit for the user.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from crypto.atomic_file import FaultHook, ReplaceRefused, replace_secret_file
from crypto.kdf import Argon2Params
from crypto.keyfile import (
    FILE_BYTES,
    FORMAT_VERSION,
    KeyFile,
    KeyFileAuthError,
    KeyFileError,
    KeyFileIntegrityError,
    Slot,
    UnsupportedKeyFileVersion,
    build_keyfile,
    build_keyfile_under_kek,
)
from crypto.secret_memory import encode_passphrase, zero
from intake.errors import BadInputError, StorageError, UnlockError, VaultStateError
from intake.i18n import _
from intake.vault_layout import VaultLayout
from intake.wipe import WIPE_MARKER, finish_pending_wipe

KIND_DATABASE_KEY = 1
KIND_NEXT_DATABASE_KEY = 2  # present only while a key rotation is under way
# The duress passphrase's slot: its secret opens nothing. Byte 0 names the role the fresh vault
# made in its place takes (so a coordinator's laptop does not turn into a volunteer's); the rest
# is random. docs/decisions/0013-panic-wipe-and-duress.md.
KIND_DURESS = 3
MIN_PASSPHRASE_CHARS = 8


def check_new_passphrase(passphrase: str) -> None:
    # Counted as it will be stored (NFC), so decomposed letters do not count twice.
    if len(unicodedata.normalize("NFC", passphrase).strip()) < MIN_PASSPHRASE_CHARS:
        raise BadInputError(
            _("The passphrase must have at least {count} characters.").format(count=MIN_PASSPHRASE_CHARS)
        )


def _read_bounded(layout: VaultLayout) -> bytes:
    """At most one byte more than a key file can be: a FIFO, a device or a huge file put in its
    place must not hang or exhaust memory."""
    fd = os.open(layout.key_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(layout.key_file)
        return os.read(fd, FILE_BYTES + 1)
    finally:
        os.close(fd)


def read_key_file(layout: VaultLayout) -> KeyFile:
    """Reads and parses the key file, turning every failure into a message for the user. A wipe
    that was interrupted is finished first, silently: the folder then holds no vault."""
    finish_pending_wipe(layout)
    if not layout.root.is_dir():
        raise VaultStateError(_("The data folder does not exist: {path}").format(path=layout.root))
    if not layout.has_key_file():
        if layout.has_database():
            raise VaultStateError(
                _(
                    "The folder {path} holds a database but no key file (an interrupted setup, or the "
                    "key file was removed). Without it the database cannot be opened."
                ).format(path=layout.root)
            )
        raise VaultStateError(_("There is no vault in {path}. Create one first.").format(path=layout.root))
    try:
        data = _read_bounded(layout)
    except OSError as exc:
        raise VaultStateError(
            _("The key file cannot be read ({reason}).").format(reason=exc.strerror or type(exc).__name__)
        ) from None
    try:
        return KeyFile.parse(data)
    except UnsupportedKeyFileVersion as exc:
        if exc.version > FORMAT_VERSION:
            raise VaultStateError(
                _(
                    "This vault was made by a newer version of Intake (key file format {found}); this "
                    "version reads format {supported}. Update Intake to open it."
                ).format(found=exc.version, supported=FORMAT_VERSION)
            ) from None
        raise UnlockError(_("The key file is damaged or was altered.")) from None
    except KeyFileError:
        raise UnlockError(_("The key file is damaged or was altered.")) from None


def write_key_file(
    layout: VaultLayout,
    holders: Sequence[tuple[bytearray, Sequence[Slot]]],
    params: Argon2Params,
    *,
    creating: bool = False,
    fault: FaultHook | None = None,
) -> None:
    """The one place a key file is written: fresh salt, every slot sealed anew, atomic replace.
    Except when `creating` a vault, the key file must still be there (a wipe may have removed it
    meanwhile, perhaps from another process) and must not carry the wipe marker."""
    data = build_keyfile(holders, params)
    try:
        replace_secret_file(
            layout.key_file, data, refuse_marker=WIPE_MARKER, must_exist=not creating, fault=fault
        )
    except ReplaceRefused:
        raise _wiped() from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if _current_bytes(layout) == data:
            # The rename happened; only the final flush of the folder failed.
            raise StorageError(
                _(
                    "The new key file is in place, but the disk reported an error ({reason}) while "
                    "confirming it. Check the drive; both the change and the vault may be at risk."
                ).format(reason=reason)
            ) from None
        raise StorageError(
            _("The key file could not be written ({reason}); the vault is unchanged.").format(reason=reason)
        ) from None


def write_key_file_under_kek(
    layout: VaultLayout, keyfile: KeyFile, kek: bytearray, slots: Sequence[Slot]
) -> None:
    """A key file opened by the passphrase `kek` came from, with `keyfile`'s salt and parameters
    (the duress unlock's fresh vault; see crypto.keyfile.build_keyfile_under_kek). It replaces the
    wipe marker that same unlock left (intake.wipe.wipe_for_a_fresh_vault)."""
    data = build_keyfile_under_kek(kek, keyfile.salt, keyfile.params, slots)
    try:
        replace_secret_file(layout.key_file, data, refuse_marker=None)
    except ReplaceRefused:
        raise _wiped() from None
    except OSError as exc:
        raise StorageError(
            _("The key file could not be written ({reason}).").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None


def _wiped() -> VaultStateError:
    return VaultStateError(_("The vault was wiped; nothing was saved."))


def _current_bytes(layout: VaultLayout) -> bytes | None:
    try:
        return _read_bounded(layout)
    except OSError:
        return None


def open_slots(keyfile: KeyFile, passphrase: str) -> list[Slot]:
    """One Argon2id run, then every slot. The caller zeroes the returned slots (`zero_slots`)."""
    slots, kek = open_slots_keeping_kek(keyfile, passphrase)
    zero(kek)
    return slots


def open_slots_keeping_kek(keyfile: KeyFile, passphrase: str) -> tuple[list[Slot], bytearray]:
    """As `open_slots`, also returning the derived key-encryption key (the caller zeroes it): the
    duress unlock writes the fresh vault's key file under it instead of deriving again."""
    secret = encode_passphrase(passphrase)
    try:
        kek = keyfile.derive_kek(secret)
    except MemoryError:
        # Not an UnlockError: the passphrase was never tried, so it must not count as a wrong
        # one towards the wipe after failed unlocks.
        raise VaultStateError(
            _("There is not enough free memory to derive the key. Close other programs and try again.")
        ) from None
    finally:
        zero(secret)
    try:
        return keyfile.unwrap(kek), kek
    except (KeyFileIntegrityError, KeyFileAuthError):
        zero(kek)
        # One message for both: telling "no slot opened" from "a slot opened but the file's MAC
        # failed" would let whoever altered a key file confirm that a passphrase they learned is
        # right, without the passphrase doing anything else (such as a duress wipe).
        raise UnlockError(_("Wrong passphrase, or the key file is damaged.")) from None
    except BaseException:
        zero(kek)
        raise


def zero_slots(slots: Sequence[Slot]) -> None:
    for slot in slots:
        zero(slot.secret)


@contextmanager
def key_slots(*entries: tuple[int, bytearray]) -> Iterator[list[Slot]]:
    """Slots holding copies of the given keys, zeroed when the block ends."""
    slots = [Slot(kind, bytearray(key)) for kind, key in entries]
    try:
        yield slots
    finally:
        zero_slots(slots)


def write_single_key(
    layout: VaultLayout, passphrase: str, key: bytearray, params: Argon2Params, *, creating: bool = False
) -> None:
    """A key file in which `passphrase` opens one slot holding the database key `key`."""
    secret = encode_passphrase(passphrase)
    try:
        with key_slots((KIND_DATABASE_KEY, key)) as slots:
            write_key_file(layout, [(secret, slots)], params, creating=creating)
    finally:
        zero(secret)
