"""Explicit write transactions over a DB-API connection opened in autocommit mode.

The store's connections use `isolation_level=None`, so nothing is grouped unless we say so. Every
logical change (a revision, its index rows, its search entry and its audit entry) goes through one
`transaction()` so that a failure anywhere leaves the database exactly as it was.

Works with both `sqlcipher3` (the app) and the stdlib `sqlite3` (benchmarks): their exception
classes are unrelated, so errors are recognised by the SQLite result code they carry, falling back
to SQLite's fixed English messages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, NoReturn

import sqlcipher3

from intake.errors import StorageError
from intake.i18n import _

Connection = Any  # sqlite3.Connection or sqlcipher3.Connection; both follow DB-API 2.0

_OPERATIONAL_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.OperationalError,
    sqlcipher3.OperationalError,
)

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14

_FULL_MESSAGES = ("database or disk is full", "disk is full")
_READONLY_MESSAGES = ("readonly database", "read-only", "read only")
_IO_MESSAGES = ("disk i/o error", "unable to open database file")


def _storage_problem(exc: BaseException) -> str | None:
    """The user-facing description of a disk-level failure, or None if `exc` is something else.
    The message is built here, never from `exc`, so no SQL or content can leak into it."""
    if not isinstance(exc, _OPERATIONAL_ERRORS):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or any(m in text for m in _FULL_MESSAGES):
        return _("The disk is full. Nothing was saved; free some space and try again.")
    if primary == _SQLITE_READONLY or any(m in text for m in _READONLY_MESSAGES):
        return _("The vault is on a read-only disk or folder. Nothing was saved.")
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN) or any(m in text for m in _IO_MESSAGES):
        return _(
            "The disk reported an error while writing. Nothing was saved; check the drive and try again."
        )
    return None


def as_storage_error(exc: BaseException) -> BaseException:
    """`exc` translated into a StorageError when it is a disk failure; otherwise `exc` itself."""
    problem = _storage_problem(exc)
    return StorageError(problem) if problem is not None else exc


def _raise_mapped(exc: BaseException) -> NoReturn:
    mapped = as_storage_error(exc)
    if mapped is exc:
        raise exc
    # `from None`: the SQLite message adds nothing for the user and is kept out of reports.
    raise mapped from None


def _rollback_quietly(conn: Connection) -> None:
    # After some I/O errors SQLite has already rolled back on its own; a second ROLLBACK would
    # then raise and hide the original error.
    if conn.in_transaction:
        with suppress(*_OPERATIONAL_ERRORS):
            conn.execute("ROLLBACK")


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """`BEGIN IMMEDIATE` … `COMMIT`; `ROLLBACK` and re-raise on any exception.

    IMMEDIATE takes the write lock up front, so a read-then-write inside the block (read the
    current revision, write the next) cannot interleave with another writer.
    Nesting is a programming error: SQLite has no nested transactions, and silently joining an
    outer one would break the promise that this block commits as a unit.
    """
    if conn.in_transaction:
        raise RuntimeError("transaction() cannot be nested: a transaction is already open on this connection")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except _OPERATIONAL_ERRORS as exc:
        _raise_mapped(exc)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        _rollback_quietly(conn)
        _raise_mapped(exc)
