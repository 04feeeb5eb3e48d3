"""Small named settings stored inside the encrypted database (role, creation time, auto-lock time).

They live in the vault, not in QSettings or a config file, because even the role says something
about the person carrying the laptop. The one exception, the interface language, has to be known
before unlocking and is kept by intake/preferences.py (docs/decisions/0009-settings.md).
"""

from __future__ import annotations

from enum import StrEnum

from intake.database import Connection
from intake.errors import BadInputError
from intake.i18n import _
from intake.transactions import transaction


class Role(StrEnum):
    FIELD = "field"
    COORDINATOR = "coordinator"


ROLE = "role"
CREATED_AT = "created_at"
AUTO_LOCK_MINUTES = "auto_lock_minutes"
# "1" while the key file holds a duress slot: the settings screen says so, and a passphrase
# change warns that it drops it. Only someone who unlocked the real vault can read it.
DURESS_PASSPHRASE_SET = "duress_passphrase_set"  # noqa: S105 - a setting name, not a secret

DEFAULT_AUTO_LOCK_MINUTES = 5
MIN_AUTO_LOCK_MINUTES = 1
# Two hours: beyond that an unattended unlocked laptop is the likelier risk than re-typing.
MAX_AUTO_LOCK_MINUTES = 120


def get_setting(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM vault_setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO vault_setting(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _valid_minutes(minutes: int) -> bool:
    return MIN_AUTO_LOCK_MINUTES <= minutes <= MAX_AUTO_LOCK_MINUTES


def get_auto_lock_minutes(conn: Connection) -> int:
    """The stored idle time before locking; the default when unset or unusable, so a bad value
    can never switch auto-lock off or stretch it."""
    stored = get_setting(conn, AUTO_LOCK_MINUTES)
    try:
        minutes = int(stored) if stored is not None else DEFAULT_AUTO_LOCK_MINUTES
    except ValueError:
        return DEFAULT_AUTO_LOCK_MINUTES
    return minutes if _valid_minutes(minutes) else DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(conn: Connection, minutes: int) -> None:
    if not _valid_minutes(minutes):
        raise BadInputError(
            _("The auto-lock time must be between {low} and {high} minutes.").format(
                low=MIN_AUTO_LOCK_MINUTES, high=MAX_AUTO_LOCK_MINUTES
            )
        )
    with transaction(conn):
        set_setting(conn, AUTO_LOCK_MINUTES, str(minutes))
