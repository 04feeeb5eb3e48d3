"""Versioned schema migrations for the vault database.

`PRAGMA user_version` is the schema version: 0 for a new, empty database, N after migration N.
Each migration is one .sql file in this package, applied in its own transaction together with the
version bump, so an interrupted upgrade leaves the previous version intact, never a half-migrated
schema. A database newer than this code understands is refused untouched.

A new migration: add `mNNNN_name.sql`, append it to MIGRATIONS, and extend
tests/test_migrations.py with rows valid at the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from intake.errors import VaultStateError
from intake.i18n import _
from intake.transactions import transaction

Connection = Any

MIGRATIONS_DIR = Path(__file__).resolve().parent

# (version, name, file): strictly increasing from 1 without gaps.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial", "m0001_initial.sql"),
    (2, "unsaved_edit", "m0002_unsaved_edit.sql"),
    (3, "violation_filter", "m0003_violation_filter.sql"),
    (4, "keys_and_bundles", "m0004_keys_and_bundles.sql"),
    (5, "attachments", "m0005_attachments.sql"),
    (6, "attachments_in_bundles", "m0006_attachments_in_bundles.sql"),
    (7, "case_statistics", "m0007_case_statistics.sql"),
    (8, "statistics_consent_by_person", "m0008_statistics_consent_by_person.sql"),
]

LATEST_VERSION = MIGRATIONS[-1][0]


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def split_statements(sql: str) -> Iterator[str]:
    """The complete statements of a script, in order.

    `executescript` is unusable here: both sqlite3 and sqlcipher3 COMMIT any open transaction
    before running a script, which would split a migration from its version bump. SQLite's own
    `sqlite3_complete` (exposed as `complete_statement`) decides where statements end, so semicolons
    inside trigger bodies and string literals are handled as SQLite parses them.
    """
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if not _is_only_comments(statement):
                yield statement
    if buffer.strip() and not _is_only_comments(buffer.strip()):
        raise ValueError("migration script ends with an incomplete statement")


def _is_only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())


def migration_sql(filename: str) -> str:
    return (MIGRATIONS_DIR / filename).read_text(encoding="utf-8")


def _refuse_if_newer(version: int) -> None:
    if version > LATEST_VERSION:
        raise VaultStateError(
            _(
                "This vault was created by a newer version of Intake (schema {found}); this version "
                "understands up to {latest}. Update Intake to open it."
            ).format(found=version, latest=LATEST_VERSION)
        )


def check_schema_version(conn: Connection) -> int:
    """The schema version, after refusing a database from a newer Intake. Reads only."""
    version = schema_version(conn)
    _refuse_if_newer(version)
    return version


def _apply(conn: Connection, version: int, filename: str) -> None:
    with transaction(conn):
        # Re-read under the write lock: another process may have migrated meanwhile.
        if schema_version(conn) >= version:
            return
        for statement in split_statements(migration_sql(filename)):
            conn.execute(statement)
        # user_version lives in the database header, which is part of the transaction.
        conn.execute(f"PRAGMA user_version = {int(version)}")


def migrate(conn: Connection, *, target: int = LATEST_VERSION) -> int:
    """Brings the schema up to `target` (normally the latest) and returns the version reached.
    Each step commits on its own. A lower `target` exists to build older schemas in tests."""
    current = check_schema_version(conn)
    for version, _name, filename in MIGRATIONS:
        if current < version <= target:
            _apply(conn, version, filename)
    return check_schema_version(conn)
