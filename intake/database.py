"""Opening the vault's SQLCipher database with a raw 256-bit key, and nothing weaker.

The key never goes through SQLCipher's own passphrase KDF: the key file (crypto.keyfile) already
holds a random key derived-and-wrapped under Argon2id, so the database is keyed with `x'…'` raw
key syntax. Everything here is about refusing to run in a weaker configuration than intended.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from intake.errors import StorageError, VaultStateError
from intake.i18n import _
from intake.transactions import as_storage_error

KEY_BYTES = 32
WAL_AUTOCHECKPOINT_PAGES = 256
PAGE_CACHE_KIB = 32 * 1024
REQUIRED_CIPHER_MAJOR = 4

Connection = Any  # sqlcipher3.Connection; the module ships no type information


class DatabaseKeyError(Exception):
    """The key does not open the database (wrong key, or not a database at all)."""


def _raw_key_pragma(key: bytearray) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")
    # The pragma takes the key as SQL text, so a hex copy exists briefly as an immutable str.
    # That is the library's interface; the bytearray itself is zeroed by the caller.
    return "PRAGMA key = \"x'" + key.hex() + "'\""


def _check_build(conn: Connection) -> None:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    version = row[0] if row else ""
    if not version or not str(version).split(".")[0].isdigit():
        raise VaultStateError(
            _(
                "This installation's database library has no encryption (SQLCipher is missing). "
                "Refusing to open."
            )
        )
    if int(str(version).split(".")[0]) != REQUIRED_CIPHER_MAJOR:
        raise VaultStateError(
            _("Unsupported SQLCipher version {version}; Intake needs SQLCipher 4.").format(version=version)
        )


def _apply_session_pragmas(conn: Connection) -> None:
    # Deleted content must not survive: secure_delete overwrites freed cells and pages, and
    # auto_vacuum (set at creation) returns free pages so none linger in the file.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StorageError(_("The database could not switch to write-ahead logging."))
    # FULL: a saved draft is on the disk when save returns, even across a power cut.
    conn.execute("PRAGMA synchronous = FULL")
    # The WAL keeps the pages a change replaced until a checkpoint moves past them: overwritten
    # draft text lingers there (encrypted) for a while. Checkpoint after ~1 MiB of changes rather
    # than SQLite's 4 MiB, and let each reset truncate the file so old frames leave it.
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    conn.execute("PRAGMA journal_size_limit = 0")
    # Every page read from disk costs a decryption and an HMAC check, so keep more of them: index
    # inserts keyed by random UUIDs touch pages all over the file.
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


def _connect(path: Path, key: bytearray) -> Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher's own log goes to stderr; it holds no content but alarms users on a wrong key.
        conn.execute("PRAGMA cipher_log_level = NONE")
        _check_build(conn)
        # Wipes SQLCipher's buffers on free; process-wide and cannot be turned off again.
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute(_raw_key_pragma(key))
    except BaseException:
        conn.close()
        raise
    return conn


def create_database(path: Path, key: bytearray) -> Connection:
    """Creates a new, empty encrypted database. Refuses if anything exists at `path`."""
    for candidate in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        if candidate.exists():
            raise VaultStateError(
                _("A database already exists at {path}; Intake never writes over one.").format(path=path)
            )
    try:
        conn = _connect(path, key)
        conn.execute("PRAGMA auto_vacuum = FULL")
        _apply_session_pragmas(conn)
    except sqlcipher3.OperationalError as exc:
        mapped = as_storage_error(exc)
        if mapped is exc:
            raise StorageError(_("The database could not be created.")) from None
        raise mapped from None
    return conn


def open_database(path: Path, key: bytearray) -> Connection:
    """Opens an existing encrypted database. Raises DatabaseKeyError if `key` does not open it."""
    if not path.is_file():
        raise VaultStateError(_("The vault's database is missing: {path}").format(path=path))
    conn = _connect(path, key)
    try:
        # The key is only checked when a page is read: read one now so a wrong key fails here,
        # before anything could write.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        disk_problem = as_storage_error(exc)
        if disk_problem is not exc:
            raise disk_problem from None
        raise DatabaseKeyError from None
    try:
        if conn.execute("PRAGMA auto_vacuum").fetchone()[0] != 1:
            raise VaultStateError(_("The database was not created by Intake (auto_vacuum is not FULL)."))
        _apply_session_pragmas(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def close_database(conn: Connection) -> None:
    """Checkpoints the WAL into the main file and closes, so no -wal file stays behind.

    Closing must succeed whatever the disk says: a lock that fails would leave the vault open. If
    the checkpoint cannot run (disk full, read-only), the WAL stays; it is encrypted like the
    database and is folded in at the next open."""
    try:
        with suppress(sqlcipher3.OperationalError):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
