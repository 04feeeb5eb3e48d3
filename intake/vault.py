"""Creating, unlocking, locking, re-wrapping and re-keying a vault.

The key file is read and written only here (`read_key_file`, `write_key_file`); its byte format is
crypto.keyfile. Ordering rules that keep a vault openable through crashes:

- create: database first, key file last. A crash in between leaves a database with no key file,
  which `create` refuses to overwrite and `unlock` reports.
- rotate the database key: key file {old, next} -> PRAGMA rekey -> key file {new}. Whatever point a
  crash hits, one key in the key file opens the database; unlock tries them in that order and
  finishes the rotation.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Self

from crypto.atomic_file import FaultHook, remove_stale_temporaries, write_atomic
from crypto.kdf import Argon2Params, calibrate
from crypto.keyfile import (
    FORMAT_VERSION,
    KeyFile,
    KeyFileAuthError,
    KeyFileError,
    KeyFileIntegrityError,
    Slot,
    UnsupportedKeyFileVersion,
    build_keyfile,
)
from crypto.secret_memory import encode_passphrase, zero
from crypto.signing import SigningIdentity
from intake.audit_log import AuditLog
from intake.case_store import CaseStore
from intake.clock import Clock, iso_utc, utc_now
from intake.database import (
    KEY_BYTES,
    Connection,
    DatabaseKeyError,
    close_database,
    create_database,
    open_database,
)
from intake.device_identity import SEAL_CONTEXT, create_identity, load_identity
from intake.errors import BadInputError, IntakeError, StorageError, UnlockError, VaultStateError
from intake.i18n import _
from intake.migrations import migrate
from intake.transactions import transaction
from intake.vault_layout import VaultLayout
from intake.vault_settings import CREATED_AT, ROLE, Role, get_setting, set_setting
from intake.vocabulary import default_vocabularies

KIND_DATABASE_KEY = 1
KIND_NEXT_DATABASE_KEY = 2  # present only while a key rotation is under way
MIN_PASSPHRASE_CHARS = 8

Progress = Callable[[str], None]
"""Receives a stage name: "calibrating", "deriving_key", "opening_database", "writing_key_file"."""


def _report(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise BadInputError(
            _("The passphrase must have at least {count} characters.").format(count=MIN_PASSPHRASE_CHARS)
        )


def read_key_file(layout: VaultLayout) -> KeyFile:
    """Reads and parses the key file, turning every failure into a message for the user."""
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
        data = layout.key_file.read_bytes()
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
    fault: FaultHook | None = None,
) -> None:
    """The one place a key file is written: fresh salt, every slot sealed anew, atomic replace."""
    data = build_keyfile(holders, params)
    try:
        write_atomic(layout.key_file, data, fault=fault)
    except OSError as exc:
        raise StorageError(
            _("The key file could not be written ({reason}); the vault is unchanged.").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None


def _open_slots(keyfile: KeyFile, passphrase: str) -> list[Slot]:
    secret = encode_passphrase(passphrase)
    try:
        kek = keyfile.derive_kek(secret)
    finally:
        zero(secret)
    try:
        return keyfile.unwrap(kek)
    except KeyFileIntegrityError:
        raise UnlockError(_("The key file is damaged or was altered.")) from None
    except KeyFileAuthError:
        raise UnlockError(_("Wrong passphrase, or the key file is damaged.")) from None
    finally:
        zero(kek)


def _zero_slots(slots: Sequence[Slot]) -> None:
    for slot in slots:
        zero(slot.secret)


class Vault:
    """An unlocked vault. `lock()` closes the database and wipes the key from memory."""

    def __init__(
        self, layout: VaultLayout, conn: Connection, key: bytearray, params: Argon2Params, clock: Clock
    ) -> None:
        self.layout = layout
        self._conn: Connection | None = conn
        self._key = key
        self._params = params
        self._clock = clock
        self.role = Role(get_setting(conn, ROLE) or Role.FIELD)
        identity = load_identity(conn)
        self.fingerprint = identity.public().fingerprint
        self.audit = AuditLog(conn, clock)
        self.store = CaseStore(
            conn,
            author=self.fingerprint,
            vocab=default_vocabularies(),
            clock=clock,
            signer=lambda message: identity.sign(message, SEAL_CONTEXT),
        )

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise VaultStateError(_("The vault is locked."))
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def lock(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            close_database(conn)
        finally:
            zero(self._key)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    def _verify_passphrase(self, passphrase: str, progress: Progress | None) -> KeyFile:
        keyfile = read_key_file(self.layout)
        _report(progress, "deriving_key")
        slots = _open_slots(keyfile, passphrase)
        try:
            if not any(
                slot.kind == KIND_DATABASE_KEY and hmac.compare_digest(slot.secret, self._key)
                for slot in slots
            ):
                raise UnlockError(_("Wrong passphrase."))
        finally:
            _zero_slots(slots)
        return keyfile

    def change_passphrase(self, current: str, new: str, *, progress: Progress | None = None) -> None:
        """Re-wraps the database key under `new` with a fresh salt. The database is untouched."""
        check_new_passphrase(new)
        self.connection  # noqa: B018 - raises if locked
        keyfile = self._verify_passphrase(current, progress)
        secret = encode_passphrase(new)
        try:
            _report(progress, "writing_key_file")
            write_key_file(
                self.layout, [(secret, [Slot(KIND_DATABASE_KEY, bytearray(self._key))])], keyfile.params
            )
        finally:
            zero(secret)
        with transaction(self.connection):
            self.audit.append("vault.passphrase_change", "vault", "", {}, actor=self.fingerprint)

    def rotate_database_key(self, passphrase: str, *, progress: Progress | None = None) -> None:
        """Re-encrypts the whole database under a new random key (`PRAGMA rekey`)."""
        conn = self.connection
        keyfile = self._verify_passphrase(passphrase, progress)
        new_key = bytearray(os.urandom(KEY_BYTES))
        secret = encode_passphrase(passphrase)
        try:
            _report(progress, "writing_key_file")
            both = [
                Slot(KIND_DATABASE_KEY, bytearray(self._key)),
                Slot(KIND_NEXT_DATABASE_KEY, bytearray(new_key)),
            ]
            write_key_file(self.layout, [(secret, both)], keyfile.params)
            _report(progress, "rekeying_database")
            _rekey(conn, new_key)
            _report(progress, "writing_key_file")
            write_key_file(
                self.layout, [(secret, [Slot(KIND_DATABASE_KEY, bytearray(new_key))])], keyfile.params
            )
        except BaseException:
            zero(new_key)
            raise
        finally:
            zero(secret)
        zero(self._key)
        self._key = new_key
        with transaction(conn):
            self.audit.append("vault.key_rotate", "vault", "", {}, actor=self.fingerprint)


def _rekey(conn: Connection, new_key: bytearray) -> None:
    # Rekey rewrites every page inside one rollback-journal transaction; doing it outside WAL mode
    # keeps that guarantee simple: the file is wholly under the old key or wholly under the new.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    try:
        conn.execute("PRAGMA rekey = \"x'" + new_key.hex() + "'\"")
    finally:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _prepare_new_root(layout: VaultLayout) -> None:
    try:
        layout.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise VaultStateError(
            _("The data folder {path} cannot be created ({reason}).").format(
                path=layout.root, reason=exc.strerror or type(exc).__name__
            )
        ) from None
    if layout.has_key_file():
        raise VaultStateError(_("A vault already exists in {path}.").format(path=layout.root))
    if layout.has_database():
        raise VaultStateError(
            _(
                "The folder {path} holds a database without a key file (perhaps an interrupted setup). "
                "Intake never writes over an existing database; move it away first."
            ).format(path=layout.root)
        )
    if not os.access(layout.root, os.W_OK | os.X_OK):
        raise VaultStateError(_("The data folder {path} is not writable.").format(path=layout.root))


def create_vault(
    root: Path,
    passphrase: str,
    role: Role,
    *,
    params: Argon2Params | None = None,
    progress: Progress | None = None,
    clock: Clock = utc_now,
) -> Vault:
    """Creates a vault in `root` and returns it unlocked. `params=None` calibrates on this machine."""
    check_new_passphrase(passphrase)
    layout = VaultLayout(root)
    _prepare_new_root(layout)
    if params is None:
        _report(progress, "calibrating")
        params = calibrate()
    key = bytearray(os.urandom(KEY_BYTES))
    conn: Connection | None = None
    try:
        conn = create_database(layout.database, key)
        migrate(conn)
        now = clock()
        with transaction(conn):
            set_setting(conn, ROLE, role.value)
            set_setting(conn, CREATED_AT, iso_utc(now))
            identity: SigningIdentity = create_identity(conn, now)
            AuditLog(conn, clock).append(
                "vault.create", "vault", "", {"role": role.value}, actor=identity.public().fingerprint
            )
        secret = encode_passphrase(passphrase)
        try:
            _report(progress, "deriving_key")
            write_key_file(layout, [(secret, [Slot(KIND_DATABASE_KEY, bytearray(key))])], params)
        finally:
            zero(secret)
    except BaseException:
        if conn is not None:
            conn.close()
        # Only what this call created is removed: _prepare_new_root guaranteed none of it existed.
        for path in (*layout.database_files(), layout.key_file):
            path.unlink(missing_ok=True)
        zero(key)
        raise
    return Vault(layout, conn, key, params, clock)


def unlock_vault(
    root: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    clock: Clock = utc_now,
) -> Vault:
    """Opens the vault in `root`. Any failure leaves every file exactly as it was."""
    layout = VaultLayout(root)
    keyfile = read_key_file(layout)
    if not os.access(layout.root, os.W_OK | os.X_OK):
        # SQLite needs to write its WAL index next to the database even to read it.
        raise VaultStateError(
            _(
                "The vault's folder {path} is read-only. Intake needs to write there to open the "
                "vault; nothing was changed."
            ).format(path=layout.root)
        )
    _report(progress, "deriving_key")
    slots = _open_slots(keyfile, passphrase)
    _report(progress, "opening_database")
    try:
        conn, key, rotation_pending = _open_with_any(layout, slots)
    finally:
        _zero_slots(slots)
    try:
        migrate(conn)
        if rotation_pending:
            _finish_interrupted_rotation(layout, passphrase, key, keyfile.params)
        remove_stale_temporaries(layout.key_file)
        return Vault(layout, conn, key, keyfile.params, clock)
    except BaseException:
        conn.close()
        zero(key)
        raise


def _open_with_any(layout: VaultLayout, slots: Sequence[Slot]) -> tuple[Connection, bytearray, bool]:
    ordered = [s for s in slots if s.kind == KIND_DATABASE_KEY] + [
        s for s in slots if s.kind == KIND_NEXT_DATABASE_KEY
    ]
    rotation_pending = any(s.kind == KIND_NEXT_DATABASE_KEY for s in slots)
    for slot in ordered:
        key = bytearray(slot.secret)
        try:
            return open_database(layout.database, key), key, rotation_pending
        except DatabaseKeyError:
            zero(key)
        except IntakeError:
            zero(key)
            raise
    raise UnlockError(_("The key file does not belong to this database."))


def _finish_interrupted_rotation(
    layout: VaultLayout, passphrase: str, key: bytearray, params: Argon2Params
) -> None:
    secret = encode_passphrase(passphrase)
    try:
        write_key_file(layout, [(secret, [Slot(KIND_DATABASE_KEY, bytearray(key))])], params)
    finally:
        zero(secret)
