"""Editor state that is not yet a valid case document, kept inside the encrypted vault.

Autosave must never lose what was typed, but a revision must always be a valid document. When the
editor's content does not validate (no title yet, a date such as 2024-02-30, an overlong field), it
is kept here as the editor's raw state, keyed by the editor session (`new:<uuid>` for a case not
yet created, or the case id). Saving a valid revision removes the entry in the same transaction
(see CaseStore.save_draft / create_case), so the two can never disagree after a crash.

These rows are not records: they are never exported, signed or audited, and they live only in the
database, so locking and the panic wipe treat them like everything else there.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake.clock import Clock, iso_utc, utc_now
from intake.errors import BadInputError
from intake.i18n import _
from intake.transactions import transaction

Connection = Any

# Far above anything legitimate (a narrative is at most 200,000 characters), low enough that a
# runaway paste cannot fill the disk through autosave.
MAX_CONTENT_CHARS = 8_000_000
NEW_CASE_PREFIX = "new:"
_KEY = re.compile(r"(?:new:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)


@dataclass(frozen=True)
class UnsavedEdit:
    key: str
    case_id: str | None
    content: dict[str, Any]
    updated_at: str
    base_hash: str | None  # content hash of the revision the edit started from (None: new case)


def new_case_key() -> str:
    return NEW_CASE_PREFIX + str(uuid.uuid4())


def key_for_case(case_id: str) -> str:
    return case_id


def _check_key(key: str) -> None:
    if not _KEY.fullmatch(key):
        raise ValueError("malformed editor key")


def _encode(content: Mapping[str, Any]) -> str:
    # The cap is measured on the text as typed (Cyrillic counts one per letter); what is stored
    # escapes non-ASCII, so any string a widget returns, lone surrogates included, can be kept.
    if len(json.dumps(content, ensure_ascii=False, separators=(",", ":"))) > MAX_CONTENT_CHARS:
        raise BadInputError(
            _("This case has far more text than Intake can keep; shorten the longest fields.")
        )
    return json.dumps(content, ensure_ascii=True, separators=(",", ":"))


def discard_in_transaction(conn: Connection, key: str) -> None:
    """For callers already inside a transaction (the store, when a revision replaces the entry)."""
    _check_key(key)
    conn.execute("DELETE FROM unsaved_edit WHERE key = ?", (key,))


class UnsavedEdits:
    def __init__(self, conn: Connection, clock: Clock = utc_now) -> None:
        self._conn = conn
        self._clock = clock

    def keep(
        self, key: str, case_id: str | None, content: Mapping[str, Any], *, base_hash: str | None = None
    ) -> None:
        """Stores (or replaces) the editor's raw state for `key`. `base_hash` is the content hash
        of the case's newest revision when the edit was kept, so that a change made elsewhere (the
        command line, say) is noticed when the edit is reopened."""
        _check_key(key)
        text = _encode(content)
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO unsaved_edit(key, case_id, content, updated_at, base_hash) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET case_id = excluded.case_id, "
                "content = excluded.content, updated_at = excluded.updated_at, "
                "base_hash = excluded.base_hash",
                (key, case_id, text, iso_utc(self._clock()), base_hash),
            )

    def get(self, key: str) -> UnsavedEdit | None:
        _check_key(key)
        row = self._conn.execute(
            "SELECT key, case_id, content, updated_at, base_hash FROM unsaved_edit WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        content = json.loads(row[2])
        if not isinstance(content, dict):
            return None
        return UnsavedEdit(str(row[0]), row[1], content, str(row[3]), row[4])

    def discard(self, key: str) -> None:
        with transaction(self._conn):
            discard_in_transaction(self._conn, key)

    def new_case_keys(self) -> list[str]:
        """Keys of unfinished new cases (never saved as a revision), oldest first."""
        rows = self._conn.execute(
            "SELECT key FROM unsaved_edit WHERE case_id IS NULL ORDER BY updated_at, key"
        ).fetchall()
        return [str(row[0]) for row in rows]
