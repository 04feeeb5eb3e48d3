"""Schema migrations: every older version upgrades to exactly the fresh schema, keeping its data;
a database from a newer Intake is refused and left untouched."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from intake.database import close_database, create_database, open_database
from intake.errors import VaultStateError
from intake.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    migrate,
    migration_sql,
    schema_version,
    split_statements,
)

_CASE_ID = "0b8f5a52-5b5e-4c8e-9d43-7a1f3c2e9b10"
_OTHER_CASE_ID = "5d0c1f7e-2a44-4f0b-8c9e-3b6a9d2e4f21"

# Rows that are valid at each schema version, inserted before upgrading from it. Version 0 is an
# empty database; a future migration adds an entry for the version before it.
ROWS_AT_VERSION: dict[int, list[tuple[str, tuple[Any, ...]]]] = {
    0: [],
    1: [
        ("INSERT INTO vault_setting(key, value) VALUES (?, ?)", ("role", "field")),
        (
            "INSERT INTO audit_log(seq, at, actor, action, object_type, object_id, details, prev_hash, hash) "
            "VALUES (1, '2026-01-01T00:00:00Z', 'a', 'vault.create', 'vault', '', '{}', ?, ?)",
            ("0" * 64, "1" * 64),
        ),
    ],
    # Two indexed cases, one with violation codes (given out of order) and one without.
    2: [
        *(
            (
                "INSERT INTO case_revision(case_id, revision, author, status, content, content_hash, "
                "created_at, updated_at) VALUES (?, 1, 'a', 'draft', '{}', ?, '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z')",
                (case_id, "2" * 64),
            )
            for case_id in (_CASE_ID, _OTHER_CASE_ID)
        ),
        *(
            (
                "INSERT INTO case_index(case_id, revision, status, title, confidentiality, author, "
                "created_at, updated_at) VALUES (?, 1, 'draft', 't', 'restricted', 'a', "
                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                (case_id,),
            )
            for case_id in (_CASE_ID, _OTHER_CASE_ID)
        ),
        *(
            ("INSERT INTO case_code(case_id, vocabulary, code) VALUES (?, ?, ?)", (_CASE_ID, *pair))
            for pair in (("violation", "THR.THREAT"), ("bias", "BIAS.SO"), ("violation", "PHY.ASLT"))
        ),
    ],
}
ROWS_AT_VERSION[3] = ROWS_AT_VERSION[2]  # schema 4 only adds tables; cases must come through it
ROWS_AT_VERSION[4] = ROWS_AT_VERSION[2]  # schema 5 only adds the attachment tables
# Schema 6 replaces the attachment trigger: an attachment stored at version 5 must come through.
ROWS_AT_VERSION[5] = [
    *ROWS_AT_VERSION[2],
    ("INSERT INTO attachment_blob (id, sha256, size) VALUES (?, ?, ?)", (1, "a" * 64, 3)),
    ("INSERT INTO attachment_chunk (blob_id, seq, data) VALUES (?, ?, ?)", (1, 0, b"abc")),
    (
        "INSERT INTO attachment (id, case_id, file_name, media_type, kind, original_sha256, original_size, "
        "original_blob, author, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("1" * 36, "2" * 36, "note.txt", "text/plain", "text", "a" * 64, 3, 1, "f" * 64, "2026-01-01T00:00Z"),
    ),
]

_SEALED_CONTENT = (
    '{"title": "t", "occurred": {"date": "2025-03", "precision": "month"}, '
    '"location": {"district": "RU.VOL", "subject": "RU-TA", "address": "ADDRESS-CANARY"}, '
    '"violations": ["PHY.ASLT"], '
    '"persons": [{"id": "p1", "role": "victim", "pseudonym": "PSEUDONYM-CANARY"}], '
    '"consent": [{"person": "p1", "scope": "C2.STATS", "status": "granted", "notes": "NOTE-CANARY"}]}'
)
# Schema 7 fills case_statistics from the newest sealed revision of each case already held: the
# first case has two sealed revisions and a draft, the second only a draft.
ROWS_AT_VERSION[6] = [
    *ROWS_AT_VERSION[5],
    *(
        (
            "INSERT INTO case_revision(case_id, revision, author, status, content, content_hash, "
            "created_at, updated_at, sealed_at) VALUES (?, ?, 'a', 'sealed', ?, ?, '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (_CASE_ID, revision, content, "3" * 64),
        )
        for revision, content in ((2, '{"title": "old"}'), (3, _SEALED_CONTENT))
    ),
]

# Schema 8 rebuilds case_statistics with each consent answer's person.
ROWS_AT_VERSION[7] = ROWS_AT_VERSION[6]
# Tables a migration may fill again from the revisions (their own tests check what they hold);
# every other table keeps its rows through every upgrade.
DERIVED_TABLES = {"case_statistics"}


def _schema(conn: Any) -> list[tuple[str, str, str, str]]:
    """sqlite_master, order-independent, with whitespace in the SQL normalized."""
    rows = conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master").fetchall()
    return sorted((t, n, tbl, re.sub(r"\s+", " ", sql).strip()) for t, n, tbl, sql in rows)


def _new_db(path: Path) -> Any:
    return create_database(path, bytearray(os.urandom(32)))


def test_migration_list_is_consecutive_from_one() -> None:
    assert [version for version, _name, _file in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    for _version, _name, filename in MIGRATIONS:
        assert list(split_statements(migration_sql(filename)))


def test_fresh_database_reaches_latest_and_migrating_again_changes_nothing(db: Any) -> None:
    assert schema_version(db) == LATEST_VERSION
    before = _schema(db)
    assert migrate(db) == LATEST_VERSION
    assert _schema(db) == before


@pytest.mark.parametrize("start", range(LATEST_VERSION))
def test_upgrade_from_every_older_version_matches_a_fresh_schema(tmp_path: Path, start: int) -> None:
    fresh = _new_db(tmp_path / "fresh.db")
    migrate(fresh)
    expected = _schema(fresh)
    fresh.close()

    old = _new_db(tmp_path / "old.db")
    assert migrate(old, target=start) == start
    for sql, params in ROWS_AT_VERSION[start]:
        old.execute(sql, params)
    tables = [row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {table: [row[1] for row in old.execute(f"PRAGMA table_info({table})")] for table in tables}
    data_before = {table: old.execute(f"SELECT * FROM {table}").fetchall() for table in tables}

    assert migrate(old) == LATEST_VERSION
    assert _schema(old) == expected
    for table, rows in data_before.items():
        if table in DERIVED_TABLES:
            continue
        kept = ", ".join(columns[table])  # columns added later are checked on their own
        assert old.execute(f"SELECT {kept} FROM {table}").fetchall() == rows
    assert old.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert old.execute("PRAGMA foreign_key_check").fetchall() == []
    old.close()


def test_schema_3_copies_each_case_s_violation_codes_into_its_index_row(tmp_path: Path) -> None:
    old = _new_db(tmp_path / "old.db")
    migrate(old, target=2)
    for sql, params in ROWS_AT_VERSION[2]:
        old.execute(sql, params)
    migrate(old, target=3)
    rows = dict(old.execute("SELECT case_id, violations FROM case_index").fetchall())
    assert rows == {_CASE_ID: " PHY.ASLT THR.THREAT ", _OTHER_CASE_ID: ""}
    old.close()


def test_schema_7_keeps_only_the_counted_fields_of_each_case_s_newest_sealed_revision(tmp_path: Path) -> None:
    old = _new_db(tmp_path / "old.db")
    migrate(old, target=6)
    for sql, params in ROWS_AT_VERSION[6]:
        old.execute(sql, params)
    migrate(old, target=7)
    rows = old.execute("SELECT case_id, revision, facts FROM case_statistics").fetchall()
    assert [(case_id, revision) for case_id, revision, _facts in rows] == [(_CASE_ID, 3)]
    facts = json.loads(rows[0][2])
    assert facts["district"] == "RU.VOL" and facts["violations"] == ["PHY.ASLT"]
    assert facts["persons"] == [{"id": "p1", "role": "victim"}]
    assert facts["consent"][0]["scope"] == "C2.STATS"
    assert "CANARY" not in rows[0][2]
    old.close()


def test_schema_8_keeps_whose_consent_each_answer_is(tmp_path: Path) -> None:
    old = _new_db(tmp_path / "old.db")
    migrate(old, target=7)
    for sql, params in ROWS_AT_VERSION[7]:
        old.execute(sql, params)
    assert json.loads(old.execute("SELECT facts FROM case_statistics").fetchone()[0])["consent"] == [
        {"scope": "C2.STATS", "status": "granted"}
    ]
    migrate(old, target=8)
    facts = json.loads(old.execute("SELECT facts FROM case_statistics").fetchone()[0])
    assert facts["consent"] == [{"person": "p1", "scope": "C2.STATS", "status": "granted"}]
    old.close()


def test_statement_splitter_keeps_trigger_bodies_whole() -> None:
    script = """
        -- a comment; with a semicolon
        CREATE TABLE t (a TEXT DEFAULT 'x;y');
        CREATE TRIGGER tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no; never'); END;
    """
    statements = list(split_statements(script))
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_incomplete_script_is_an_error() -> None:
    with pytest.raises(ValueError, match="incomplete"):
        list(split_statements("CREATE TABLE t (a TEXT);\nCREATE TABLE u (b"))


def test_newer_database_is_refused_and_left_byte_identical(db_path: Path) -> None:
    key = bytearray(os.urandom(32))
    conn = create_database(db_path, bytearray(key))
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    close_database(conn)
    before = db_path.read_bytes()

    conn = open_database(db_path, bytearray(key))
    with pytest.raises(VaultStateError) as refused:
        migrate(conn)
    conn.close()

    message = str(refused.value)
    assert f"schema {LATEST_VERSION + 1}" in message and f"up to {LATEST_VERSION}" in message
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()
