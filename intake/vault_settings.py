"""Small named settings stored inside the encrypted database (role, creation time).

They live in the vault, not in QSettings or a config file, because even the role says something
about the person carrying the laptop.
"""

from __future__ import annotations

from enum import StrEnum

from intake.database import Connection


class Role(StrEnum):
    FIELD = "field"
    COORDINATOR = "coordinator"


ROLE = "role"
CREATED_AT = "created_at"


def get_setting(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM vault_setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO vault_setting(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
