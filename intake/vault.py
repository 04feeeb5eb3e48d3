"""Creating, unlocking, locking, re-wrapping and re-keying a vault.

The key file itself is read and written by intake.key_file_io. Ordering rules that keep a vault
openable through crashes and full disks:

- create: database first, key file last. A crash in between leaves a database with no key file,
  which `create` refuses to overwrite and `unlock` reports.
- change passphrase: the audit entry is written in a transaction that commits only after the new
  key file is in place, so the log never records a change that did not happen.
- rotate the database key: key file {old, next} -> PRAGMA rekey -> key file {new}. At any point one
  key in the key file opens the database; unlock tries them in that order and finishes the
  rotation. A rekey that fails (a full disk) is rolled back by SQLite; the connection is then
  closed without another statement, because SQLCipher would write under the new key.
"""

from __future__ import annotations

import hmac
import os
import shutil
import time
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, Self

from crypto.atomic_file import lock_current_file, remove_stale_temporaries
from crypto.kdf import Argon2Params, calibrate
from crypto.keyfile import KeyFile, Slot
from crypto.secret_memory import encode_passphrase, zero
from crypto.signing import SigningIdentity
from intake.attachments import Attachments
from intake.audit_log import AuditLog
from intake.bundle_export import ExportPlan, ExportResult, export_bundle, export_plan
from intake.bundle_format import MANIFEST_CONTEXT
from intake.bundle_import import (
    ImportReport,
    accept_gaps,
    import_bundle,
    purge_quarantine,
    release_after_approval,
)
from intake.case_editing import CaseEditing
from intake.case_store import CaseStore
from intake.clock import Clock, iso_utc, utc_now
from intake.contacts import Contact, Contacts
from intake.database import (
    KEY_BYTES,
    Connection,
    DatabaseKeyError,
    close_database,
    create_database,
    open_database,
)
from intake.decoy_cases import (
    check_movable,
    decoy_documents,
    decoy_titles,
    ensure_box,
    forget_duress_slot,
    movable_drafts,
    read_for_duress,
    refresh_box_after_key_file,
    seal_for_duress_slot,
    store_decoys,
    write_random_box,
)
from intake.device_identity import SEAL_CONTEXT, create_identity, load_identity, load_public_identity
from intake.errors import BadInputError, IntakeError, StorageError, UnlockError, VaultStateError
from intake.i18n import _
from intake.key_file_io import (
    KIND_DATABASE_KEY,
    KIND_DURESS,
    KIND_NEXT_DATABASE_KEY,
    check_new_passphrase,
    key_slots,
    open_slots_keeping_kek,
    read_key_file,
    write_key_file,
    write_key_file_under_kek,
    write_single_key,
    zero_slots,
)
from intake.migrations import migrate
from intake.own_age_identity import create_age_identity, load_age_identities, own_public_keys
from intake.preferences import Preferences, read_preferences, write_preferences
from intake.provenance import CaseTrail, case_trail
from intake.public_key_file import PublicKeys
from intake.transactions import transaction
from intake.unsaved_edits import UnsavedEdits
from intake.vault_layout import VaultLayout
from intake.vault_settings import (
    CREATED_AT,
    DURESS_PASSPHRASE_SET,
    ROLE,
    Role,
    get_auto_lock_minutes,
    get_setting,
    set_auto_lock_minutes,
    set_setting,
)
from intake.vocabulary import default_vocabularies
from intake.wipe import (
    destroy_key_material,
    finish_pending_wipe,
    remove_later,
    remove_remaining_files,
    remove_set_aside,
    wipe,
    wipe_for_a_fresh_vault,
)

_DURESS_ROLE_BYTES = {Role.FIELD: 1, Role.COORDINATOR: 2}
# After the key derivation every successful unlock takes the same time: at least this long, or
# this share of the derivation's own time (a slow machine is slow at building a vault too). The
# duress path's extra work (a fresh database, its schema, a signing key, a key file) measured
# 30-50 ms here at the minimum Argon2id cost (bench/wipe_bench.py).
_MIN_UNLOCK_PAD_S = 0.15
_UNLOCK_PAD_SHARE = 0.25

# Rekeying with a rollback journal needs room for a copy of every page, plus slack.
REKEY_SPACE_FACTOR = 2
REKEY_SPACE_SLACK = 8 * 1024 * 1024

Progress = Callable[[str], None]
"""Receives a stage name: "calibrating", "deriving_key", "opening_database", "writing_key_file",
"rekeying_database"."""


def _report(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage)


class Vault:
    """An unlocked vault. `lock()` closes the database and drops every key it holds."""

    def __init__(self, layout: VaultLayout, conn: Connection, key: bytearray, clock: Clock) -> None:
        self.layout = layout
        self._key = key
        self._clock = clock
        self._conn: Connection | None = None
        self._store: CaseStore | None = None
        self._audit: AuditLog | None = None
        self._attach(conn)
        self.role = Role(get_setting(conn, ROLE) or Role.FIELD)

    def _attach(self, conn: Connection) -> None:
        identity = load_identity(conn)
        self.fingerprint = identity.public().fingerprint
        self._conn = conn
        self._audit = AuditLog(conn, self._clock)
        self._store = CaseStore(
            conn,
            author=self.fingerprint,
            vocab=default_vocabularies(),
            clock=self._clock,
            signer=lambda message: identity.sign(message, SEAL_CONTEXT),
        )

        def sign_manifest(message: bytes, context: bytes) -> bytes:
            # Bundle manifests and nothing else (seals go through the store): a signature made
            # for one kind of object must never be usable as another.
            if context != MANIFEST_CONTEXT:
                raise ValueError("the vault's bundle signer signs bundle manifests only")
            return identity.sign(message, MANIFEST_CONTEXT)

        self._sign_manifest: Callable[[bytes, bytes], bytes] | None = sign_manifest

    def _detach(self) -> Connection | None:
        # The store's signer and the manifest signer are the only references to the private
        # signing key: dropping both drops the key (the cryptography objects cannot be wiped,
        # only released).
        conn, self._conn, self._store, self._audit = self._conn, None, None, None
        self._sign_manifest = None
        return conn

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise VaultStateError(_("The vault is locked."))
        return self._conn

    @property
    def store(self) -> CaseStore:
        if self._store is None:
            raise VaultStateError(_("The vault is locked."))
        return self._store

    @property
    def audit(self) -> AuditLog:
        if self._audit is None:
            raise VaultStateError(_("The vault is locked."))
        return self._audit

    def auto_lock_minutes(self) -> int:
        return get_auto_lock_minutes(self.connection)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        set_auto_lock_minutes(self.connection, minutes)

    @property
    def editing(self) -> CaseEditing:
        """The case editor's view of the store (autosave, unsaved edits, history)."""
        store, audit, conn = self.store, self.audit, self.connection
        return CaseEditing(
            store,
            UnsavedEdits(conn, self._clock),
            audit,
            default_vocabularies(),
            # The history view opens often: it checks the case's own audit entries, not the
            # whole log (`intake verify` does that).
            trail=lambda case_id: self.case_trail(case_id, whole_log=False),
        )

    @property
    def attachments(self) -> Attachments:
        """Files added to cases (intake.attachments)."""
        return Attachments(self.connection, self.audit, author=self.fingerprint, clock=self._clock)

    @property
    def contacts(self) -> Contacts:
        return Contacts(
            self.connection,
            self.audit,
            actor=self.fingerprint,
            own_signer=self.fingerprint,
            clock=self._clock,
        )

    def public_keys(self) -> PublicKeys:
        """What this vault hands to others (docs/formats/public-key.md)."""
        conn = self.connection
        return own_public_keys(
            conn, self.audit, role=self.role, signing_key=load_public_identity(conn), clock=self._clock
        )

    def new_age_identity(self, kind: str) -> str:
        """A coordinator's new current age identity; the old ones are kept for old bundles."""
        if self.role is not Role.COORDINATOR:
            raise VaultStateError(_("Only a coordinator vault receives bundles and has an age identity."))
        return create_age_identity(
            self.connection, self.audit, kind=kind, actor=self.fingerprint, clock=self._clock
        )

    def export_bundle(
        self,
        path: Path,
        recipients: Sequence[str],
        *,
        revisions: Sequence[tuple[str, int]] | None = None,
        include_originals: bool = False,
        resend_attachments: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Writes this vault's sealed revisions (default: the undelivered ones) and their cases'
        attachments to a bundle (intake.bundle_export)."""
        sign = self._sign_manifest
        if sign is None:
            raise VaultStateError(_("The vault is locked."))
        conn = self.connection
        return export_bundle(
            conn,
            self.audit,
            sender_key=load_public_identity(conn),
            sender_role=self.role.value,
            sign=sign,
            recipients=recipients,
            path=path,
            revisions=revisions,
            include_originals=include_originals,
            resend_attachments=resend_attachments,
            clock=self._clock,
            progress=progress,
            cancelled=cancelled,
        )

    def export_plan(self, recipients: Sequence[str]) -> ExportPlan:
        """What the next export to `recipients` would carry (revisions, attachments, originals
        it could add)."""
        return export_plan(self.connection, self.fingerprint, recipients)

    def import_bundle(self, source: BinaryIO) -> ImportReport:
        """Verifies and merges one bundle (intake.bundle_import); raises BundleError, with the
        store unchanged, when anything about it does not check out."""
        conn = self.connection
        identities = load_age_identities(conn)
        wal_before = _size_of(self.layout.database_wal)
        try:
            return import_bundle(
                conn,
                self.audit,
                self.contacts,
                identities=identities,
                own_recipients=[identity.recipient().to_string() for identity in identities],
                own_signer=self.fingerprint,
                source=source,
                vocab=default_vocabularies(),
                clock=self._clock,
            )
        except BaseException:
            # A large refused bundle spills pages into the WAL before the rollback. They are never
            # committed, but they would stay in the file (and take its space) until the next
            # checkpoint; so when the WAL grew, it is checkpointed and emptied now. (A small one
            # never reaches the file, which then stays byte for byte as it was.)
            if _size_of(self.layout.database_wal) > wal_before:
                with suppress(Exception):
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raise

    def approve_key(self, fingerprint: str) -> tuple[Contact, tuple[str, ...]]:
        """Approves a contact; bundles it sent that wait in quarantine merge now. Returns the
        contact and the released bundle ids."""
        contact = self.contacts.approve(fingerprint)
        released: tuple[str, ...] = ()
        if contact.signer is not None:
            released = release_after_approval(
                self.connection, self.audit, contact.signer, default_vocabularies(), self.fingerprint
            )
        return contact, released

    def accept_gaps(self, fingerprint: str) -> tuple[str, ...]:
        """Stops waiting for an approved sender's missing bundles: the ones held behind the gap
        merge now (intake.bundle_import.accept_gaps). Returns their bundle ids."""
        contact = self.contacts.get(fingerprint)
        if contact.signer is None or contact.status != "approved":
            raise BadInputError(_("Only an approved sender's bundles can be released."))
        return accept_gaps(
            self.connection, self.audit, contact.signer, default_vocabularies(), self.fingerprint
        )

    def purge_quarantine(self, fingerprint: str) -> int:
        """Deletes what a revoked or never-approved sender has waiting in quarantine."""
        contact = self.contacts.get(fingerprint)
        if contact.signer is None:
            return 0
        return purge_quarantine(self.connection, self.audit, contact.signer, self.fingerprint)

    def case_trail(
        self, case_id: str, *, whole_log: bool = True, check_attachments: bool = False
    ) -> CaseTrail:
        """The evidence trail of a case (intake.provenance)."""
        conn = self.connection
        return case_trail(
            conn,
            self.store,
            self.audit,
            case_id,
            load_public_identity(conn),
            whole_log=whole_log,
            check_attachments=check_attachments,
        )

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def lock(self) -> None:
        conn = self._detach()
        if conn is None:
            return
        try:
            close_database(conn)
        finally:
            zero(self._key)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    def wipe(self) -> None:
        """The panic wipe of an unlocked vault (intake.wipe): the key material goes first, then
        the files; the connection is closed after they are unlinked, so whatever SQLite writes
        on closing lands in files that no longer exist."""
        destroy_key_material(self.layout)
        conn = self._detach()
        try:
            remove_remaining_files(self.layout)
        finally:
            if conn is not None:
                with suppress(Exception):
                    conn.close()
            zero(self._key)
        remove_remaining_files(self.layout)

    @property
    def has_duress_passphrase(self) -> bool:
        return get_setting(self.connection, DURESS_PASSPHRASE_SET) == "1"

    def set_duress_passphrase(self, current: str, duress: str, *, progress: Progress | None = None) -> None:
        """Adds (or replaces) the duress passphrase: typed at the unlock prompt, it wipes this vault
        and opens a fresh, empty one under itself (docs/decisions/0013-panic-wipe-and-duress.md).
        Three Argon2id runs: checking `current`, then one per passphrase the new file holds."""
        check_new_passphrase(duress)
        if unicodedata.normalize("NFC", duress) == unicodedata.normalize("NFC", current):
            raise BadInputError(_("The duress passphrase must differ from the vault's passphrase."))
        keyfile = self._verify_passphrase(current, progress)
        marker = bytearray(os.urandom(KEY_BYTES))
        marker[0] = _DURESS_ROLE_BYTES[self.role]
        current_secret, duress_secret = encode_passphrase(current), encode_passphrase(duress)
        try:
            with (
                key_slots((KIND_DATABASE_KEY, self._key)) as real,
                key_slots((KIND_DURESS, marker)) as decoy,
                transaction(self.connection),
            ):
                self.audit.append("vault.duress_set", "vault", "", {}, actor=self.fingerprint)
                set_setting(self.connection, DURESS_PASSPHRASE_SET, "1")
                seal_for_duress_slot(self.connection, marker)
                _report(progress, "writing_key_file")
                write_key_file(self.layout, [(current_secret, real), (duress_secret, decoy)], keyfile.params)
                refresh_box_after_key_file(self.connection, self.layout)
        finally:
            zero(current_secret)
            zero(duress_secret)
            zero(marker)

    def remove_duress_passphrase(self, current: str, *, progress: Progress | None = None) -> None:
        keyfile = self._verify_passphrase(current, progress)
        with transaction(self.connection):
            self.audit.append("vault.duress_removed", "vault", "", {}, actor=self.fingerprint)
            set_setting(self.connection, DURESS_PASSPHRASE_SET, "0")
            forget_duress_slot(self.connection)
            _report(progress, "writing_key_file")
            write_single_key(self.layout, current, self._key, keyfile.params)
            refresh_box_after_key_file(self.connection, self.layout)

    def decoy_titles(self) -> list[str]:
        """The titles of the decoy cases a duress unlock puts in the fresh vault."""
        return decoy_titles(self.connection)

    def decoy_candidates(self, limit: int = 500) -> list[tuple[str, str]]:
        """(id, title) of the drafts that could become decoy cases (never sealed), newest first."""
        drafts = self.store.list_cases(status="draft", limit=limit)
        candidates = [case.case_id for case in drafts if case.revision == 1]
        movable = set(movable_drafts(self.connection, candidates))
        return [(case.case_id, case.title) for case in drafts if case.case_id in movable]

    def add_decoy_cases(self, case_ids: Sequence[str]) -> None:
        """Moves drafts into the decoy cases (intake.decoy_cases): copied into the list and the
        box and deleted here, in one transaction, so they neither clutter this vault nor get sent
        anywhere. Only drafts that were never sealed, have no attachments (decoys carry none) and
        no unsaved edit (whose newer text would be lost) can go."""
        conn = self.connection
        records = [self.store.get(case_id) for case_id in dict.fromkeys(case_ids)]
        if any(record.status != "draft" or record.revision != 1 for record in records):
            raise BadInputError(
                _("Only drafts that were never sealed can become decoy cases; nothing was changed.")
            )
        check_movable(conn, [record.case_id for record in records])
        with transaction(conn):
            for record in records:
                self.store.delete_draft_in_transaction(record.case_id)
            added = [record.content for record in records]
            store_decoys(conn, self.layout, [*decoy_documents(conn), *added])
            self.audit.append(
                "vault.decoys_change", "vault", "", {"added": len(records)}, actor=self.fingerprint
            )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def clear_decoy_cases(self) -> None:
        with transaction(self.connection):
            store_decoys(self.connection, self.layout, [])
            self.audit.append("vault.decoys_change", "vault", "", {"cleared": True}, actor=self.fingerprint)

    def _verify_passphrase(self, passphrase: str, progress: Progress | None) -> KeyFile:
        """Checks `passphrase` against the key file itself, not just "the vault is open": changing
        keys must need the passphrase, not only access to an unlocked screen."""
        self.connection  # noqa: B018 - raises if locked
        keyfile = read_key_file(self.layout)
        _report(progress, "deriving_key")
        slots, kek = open_slots_keeping_kek(keyfile, passphrase)
        zero(kek)
        try:
            kinds = (KIND_DATABASE_KEY, KIND_NEXT_DATABASE_KEY)
            if not any(s.kind in kinds and hmac.compare_digest(s.secret, self._key) for s in slots):
                raise UnlockError(_("Wrong passphrase."))
        finally:
            zero_slots(slots)
        return keyfile

    def change_passphrase(self, current: str, new: str, *, progress: Progress | None = None) -> bool:
        """Re-wraps the database key under `new` with a fresh salt. The database is untouched.
        A duress passphrase does not survive (the shared salt changes and it is not typed here):
        returns True if one was removed, so the caller can say so."""
        check_new_passphrase(new)
        keyfile = self._verify_passphrase(current, progress)
        duress_removed = self.has_duress_passphrase
        key_file_replaced = False
        try:
            # The audit entry goes in first and commits last: a full disk fails here, before the
            # key file changes, and a failed key-file write rolls the entry back.
            with transaction(self.connection):
                self.audit.append("vault.passphrase_change", "vault", "", {}, actor=self.fingerprint)
                set_setting(self.connection, DURESS_PASSPHRASE_SET, "0")
                forget_duress_slot(self.connection)
                _report(progress, "writing_key_file")
                write_single_key(self.layout, new, self._key, keyfile.params)
                refresh_box_after_key_file(self.connection, self.layout)
                key_file_replaced = True
            return duress_removed
        except StorageError:
            if not key_file_replaced:
                raise
            raise StorageError(
                _(
                    "The passphrase WAS changed: use the new one from now on. The disk then refused "
                    "to save the audit log entry for the change."
                )
            ) from None

    def rotate_database_key(self, passphrase: str, *, progress: Progress | None = None) -> bool:
        """Re-encrypts the whole database under a new random key (`PRAGMA rekey`). Like a
        passphrase change it drops a duress passphrase; returns True if there was one."""
        keyfile = self._verify_passphrase(passphrase, progress)
        duress_removed = self.has_duress_passphrase
        _require_space_for_rekey(self.layout)
        new_key = bytearray(os.urandom(KEY_BYTES))
        secret = encode_passphrase(passphrase)
        try:
            _report(progress, "writing_key_file")
            with key_slots((KIND_DATABASE_KEY, self._key), (KIND_NEXT_DATABASE_KEY, new_key)) as both:
                write_key_file(self.layout, [(secret, both)], keyfile.params)
            _report(progress, "rekeying_database")
            try:
                _rekey(self.connection, new_key)
            except Exception:
                self._recover_from_failed_rekey(passphrase, new_key, keyfile.params)
                raise StorageError(
                    _(
                        "The database could not be re-encrypted (is the disk full?). It is unchanged "
                        "and still opens with your passphrase."
                    )
                ) from None
            # From here on the database is under the new key, whatever else fails.
            zero(self._key)
            self._key, new_key = new_key, bytearray()
            self._finish_rotation(secret, keyfile.params, progress)
            return duress_removed
        finally:
            zero(secret)
            zero(new_key)

    def _finish_rotation(self, secret: bytearray, params: Argon2Params, progress: Progress | None) -> None:
        try:
            _report(progress, "writing_key_file")
            with key_slots((KIND_DATABASE_KEY, self._key)) as single:
                write_key_file(self.layout, [(secret, single)], params)
            with transaction(self.connection):
                self.audit.append("vault.key_rotate", "vault", "", {}, actor=self.fingerprint)
                set_setting(self.connection, DURESS_PASSPHRASE_SET, "0")
                forget_duress_slot(self.connection)
                refresh_box_after_key_file(self.connection, self.layout)
        except StorageError:
            raise StorageError(
                _(
                    "The database was re-encrypted, but the disk refused the last step. Your "
                    "passphrase still opens the vault, and Intake completes the change the next time "
                    "the vault is unlocked."
                )
            ) from None

    def _recover_from_failed_rekey(self, passphrase: str, new_key: bytearray, params: Argon2Params) -> None:
        """SQLite rolled the rekey back, but the connection would now write under the new key:
        close it untouched, reopen under whichever key opens the file, check it, and put the key
        file back to a single slot if the disk allows (unlock copes with two if not)."""
        conn = self._detach()
        if conn is not None:
            conn.close()
        for candidate in (self._key, new_key):
            try:
                reopened = open_database(self.layout.database, candidate)
            except DatabaseKeyError:
                continue
            if reopened.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                reopened.close()
                continue
            if candidate is new_key:
                zero(self._key)
                self._key = bytearray(new_key)
            self._attach(reopened)
            with suppress(StorageError):
                write_single_key(self.layout, passphrase, self._key, params)
            return
        raise UnlockError(_("The key file does not belong to this database."))


def _require_space_for_rekey(layout: VaultLayout) -> None:
    needed = layout.database.stat().st_size * REKEY_SPACE_FACTOR + REKEY_SPACE_SLACK
    if shutil.disk_usage(layout.root).free < needed:
        raise StorageError(
            _(
                "Not enough free disk space to re-encrypt the database (about {megabytes} MB needed). "
                "Nothing was changed."
            ).format(megabytes=needed // (1024 * 1024) + 1)
        )


def _rekey(conn: Connection, new_key: bytearray) -> None:
    # Rekey rewrites every page inside one rollback-journal transaction; doing it outside WAL mode
    # keeps that guarantee simple: the file is wholly under the old key or wholly under the new.
    # Nothing may run on the connection after a failed rekey (see _recover_from_failed_rekey).
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower() != "delete":
        raise StorageError(_("The database is busy; close other programs using it and try again."))
    conn.execute("PRAGMA rekey = \"x'" + new_key.hex() + "'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _prepare_new_root(layout: VaultLayout) -> None:
    finish_pending_wipe(layout)
    remove_set_aside(layout)
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
    chosen = params

    def write_key(key: bytearray) -> None:
        _report(progress, "deriving_key")
        write_single_key(layout, passphrase, key, chosen, creating=True)

    return _new_vault(layout, role, clock, write_key)


def _new_vault(
    layout: VaultLayout, role: Role, clock: Clock, write_key: Callable[[bytearray], None]
) -> Vault:
    """A new database with its role and signing identity, then its key file (`write_key`)."""
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
        write_random_box(layout)
        write_key(key)
    except BaseException:
        if conn is not None:
            conn.close()
        # Only what this call created is removed: _prepare_new_root guaranteed none of it existed.
        for path in (*layout.database_files(), layout.decoy_box, layout.key_file):
            path.unlink(missing_ok=True)
        zero(key)
        raise
    return Vault(layout, conn, key, clock)


def unlock_vault(
    root: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    clock: Clock = utc_now,
) -> Vault:
    """Opens the vault in `root`. Any failure leaves every file exactly as it was, except the
    failed-attempt count when that wipe is switched on (and the wipe itself at the limit).

    The duress passphrase opens a fresh, empty vault instead, after wiping this one; it reports
    the same progress stages, in the same order, as a normal unlock."""
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
    preferences = _count_attempt(layout)
    _report(progress, "deriving_key")
    started = time.monotonic()
    try:
        slots, kek = open_slots_keeping_kek(keyfile, passphrase)
    except UnlockError:
        _after_failed_attempt(layout, preferences)
        raise
    except VaultStateError:
        # The passphrase was never judged (no memory for the derivation): the attempt counted
        # above is taken back. An interrupt or a kill keeps it counted.
        _take_back_attempt(layout, preferences)
        raise
    # Both paths below end at the same moment after the derivation, whichever does more work:
    # the duress path builds a fresh vault (tens of milliseconds), a normal one only opens.
    ready_at = time.monotonic() + max(_MIN_UNLOCK_PAD_S, _UNLOCK_PAD_SHARE * (time.monotonic() - started))
    _report(progress, "opening_database")
    try:
        _reset_attempts(layout, preferences)
        duress = next((slot for slot in slots if slot.kind == KIND_DURESS), None)
        if duress is not None:
            fresh = _replace_with_fresh_vault(layout, keyfile, kek, duress, clock)
            _wait_until(ready_at)
            return fresh
        conn, key, rotation_pending = _open_with_any(layout, slots)
    finally:
        zero_slots(slots)
        zero(kek)
    try:
        migrate(conn)
        if rotation_pending:
            write_single_key(layout, passphrase, key, keyfile.params)
        remove_stale_temporaries(layout.key_file)
        remove_set_aside(layout)
        with suppress(StorageError):
            ensure_box(layout)
        vault = Vault(layout, conn, key, clock)
    except BaseException:
        conn.close()
        zero(key)
        raise
    _wait_until(ready_at)
    return vault


def _wait_until(moment: float) -> None:
    remaining = moment - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def wipe_vault(root: Path) -> None:
    """The panic wipe of a locked vault, or of whatever an interrupted setup or wipe left in
    `root` (intake.wipe). Needs no passphrase."""
    wipe(VaultLayout(root))


def _count_attempt(layout: VaultLayout) -> Preferences:
    """With the failed-attempt wipe on, the attempt is counted before the key is derived, so
    stopping the program during the derivation does not undo it. A count that cannot be saved
    (read-only disk) does not stop the unlock."""
    return _change_count(layout, 1)


def _change_count(layout: VaultLayout, step: int) -> Preferences:
    """Reads, changes and writes the count under an exclusive lock on the preferences file, so
    attempts started at the same moment (several processes) each count: without it, eight
    simultaneous wrong guesses counted as one."""
    try:
        lock = lock_current_file(layout.preferences, create=False)
    except OSError:
        lock = None
    try:
        preferences = read_preferences(layout)
        if not preferences.wipe_after_failed_unlocks:
            return preferences
        counted = preferences.with_changes(failed_unlocks=max(0, preferences.failed_unlocks + step))
        with suppress(StorageError):
            write_preferences(layout, counted)
        return counted
    finally:
        if lock is not None:
            os.close(lock)


def _after_failed_attempt(layout: VaultLayout, counted: Preferences) -> None:
    limit = counted.wipe_after_failed_unlocks
    if limit and counted.failed_unlocks >= limit:
        # Silently, with the same message as any wrong passphrase; the screen that follows
        # (first-run setup) is the only sign.
        wipe(layout)


def _take_back_attempt(layout: VaultLayout, counted: Preferences) -> None:
    if counted.wipe_after_failed_unlocks:
        _change_count(layout, -1)


def _reset_attempts(layout: VaultLayout, counted: Preferences) -> None:
    if counted.failed_unlocks:
        with suppress(StorageError):
            write_preferences(layout, counted.with_changes(failed_unlocks=0))


def _replace_with_fresh_vault(
    layout: VaultLayout, keyfile: KeyFile, kek: bytearray, duress: Slot, clock: Clock
) -> Vault:
    """The duress unlock: wipe, then a new vault of the same role under the passphrase just
    typed, keyed with the derivation already done (one Argon2id run, like a normal unlock), empty
    or holding the decoy cases. The preferences (language, safety settings) are kept, so nothing
    on screen changes; the failed-unlock count was reset like after any successful unlock."""
    role = Role.COORDINATOR if duress.secret[0] == _DURESS_ROLE_BYTES[Role.COORDINATOR] else Role.FIELD
    decoys = read_for_duress(layout, duress.secret)
    set_aside = wipe_for_a_fresh_vault(layout)

    def write_key(key: bytearray) -> None:
        with key_slots((KIND_DATABASE_KEY, key)) as slots:
            write_key_file_under_kek(layout, keyfile, kek, slots)

    vault = _new_vault(layout, role, clock, write_key)
    remove_later(set_aside)
    if decoys:
        # Prepared in another version or vocabulary, they might no longer validate: then the
        # fresh vault simply has none, with no sign of why.
        with suppress(IntakeError):
            vault.store.create_cases(decoys)
    return vault


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


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
