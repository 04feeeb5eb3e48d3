"""Decoy cases: harmless drafts the user prepared, which a duress unlock puts into the fresh vault
so that it does not look freshly made (docs/decisions/0013-panic-wipe-and-duress.md).

Two copies, one job each:
- The real vault keeps the list (setting DECOY_CASES, inside the encrypted database). It is the
  source of truth and outlives the duress passphrase: a passphrase change drops the duress slot,
  and setting a duress passphrase again seals the same decoys under the new slot.
- The decoy box (crypto/decoy_box.py, file `VaultLayout.decoy_box`) holds a sealed copy under a
  key that follows from the duress slot's secret, because a duress unlock must read the decoys
  without the real database's key. Every vault has a box of the same size, random when there is
  nothing to seal, so neither its presence nor its size tells anyone a duress passphrase exists.

The real vault also keeps the box key (DECOY_BOX_KEY), so changing the decoys later needs no
duress passphrase. Reading the box at duress time never fails loudly: a box that does not open
gives no decoys, and the duress unlock goes on exactly as without them.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from crypto.atomic_file import write_atomic
from crypto.decoy_box import (
    BOX_BYTES,
    MAX_CONTENT_BYTES,
    DecoyBoxError,
    box_key,
    open_box,
    random_box,
    seal_box,
)
from intake.canonical_json import canonical_json
from intake.database import Connection
from intake.errors import BadInputError, StorageError
from intake.i18n import _, ngettext
from intake.vault_layout import VaultLayout
from intake.vault_settings import get_setting, set_setting

DECOY_CASES = "decoy_cases"
DECOY_BOX_KEY = "decoy_box_key"
# A duress unlock creates them inside the timing pad of decision 0013; twenty drafts take a few
# tens of milliseconds here, and a handful is what makes a vault look used.
MAX_DECOY_CASES = 20


def decoy_documents(conn: Connection) -> list[dict[str, Any]]:
    stored = get_setting(conn, DECOY_CASES)
    if not stored:
        return []
    documents = json.loads(stored)
    return [doc for doc in documents if isinstance(doc, dict)]


def decoy_titles(conn: Connection) -> list[str]:
    return [str(doc.get("title", "")) for doc in decoy_documents(conn)]


def check_movable(conn: Connection, case_ids: Sequence[str]) -> None:
    """Drafts with attachments (decoys carry none) or with an unsaved edit (whose newer text the
    move would lose) cannot become decoys."""
    for case_id in case_ids:
        if conn.execute("SELECT 1 FROM attachment WHERE case_id = ? LIMIT 1", (case_id,)).fetchone():
            raise BadInputError(
                _("A draft with attachments cannot become a decoy case; nothing was changed.")
            )
        if conn.execute("SELECT 1 FROM unsaved_edit WHERE case_id = ? LIMIT 1", (case_id,)).fetchone():
            raise BadInputError(
                _("A draft has unsaved changes: finish or discard them first; nothing was changed.")
            )


def movable_drafts(conn: Connection, case_ids: Sequence[str]) -> list[str]:
    """Those of `case_ids` that `check_movable` lets through (what the settings offer)."""
    movable = []
    for case_id in case_ids:
        try:
            check_movable(conn, [case_id])
        except BadInputError:
            continue
        movable.append(case_id)
    return movable


def store_decoys(conn: Connection, layout: VaultLayout, documents: Sequence[dict[str, Any]]) -> None:
    """Replaces the list and re-seals the box when a duress slot exists. Runs inside the caller's
    transaction: if the box cannot be written, the list is rolled back with it."""
    if len(documents) > MAX_DECOY_CASES:
        raise BadInputError(
            ngettext(
                "At most {count} decoy case can be kept.",
                "At most {count} decoy cases can be kept.",
                MAX_DECOY_CASES,
            ).format(count=MAX_DECOY_CASES)
        )
    content = _content(documents)
    if len(content) > MAX_CONTENT_BYTES:
        raise BadInputError(
            _("The decoy cases are too long to keep (at most {size} KiB of text in all).").format(
                size=MAX_CONTENT_BYTES // 1024
            )
        )
    set_setting(conn, DECOY_CASES, canonical_json(list(documents)).decode("utf-8"))
    refresh_box(conn, layout)


def seal_for_duress_slot(conn: Connection, duress_secret: bytes | bytearray) -> None:
    """When a duress slot is (re)made: its box key. The box itself is rewritten by `refresh_box`
    once the key file holding the slot is in place."""
    set_setting(conn, DECOY_BOX_KEY, box_key(duress_secret).hex())


def forget_duress_slot(conn: Connection) -> None:
    """When the duress slot goes: its box key goes; the list stays for a later duress passphrase.
    The box turns back into random bytes at the next `refresh_box`."""
    conn.execute("DELETE FROM vault_setting WHERE key = ?", (DECOY_BOX_KEY,))


def refresh_box(conn: Connection, layout: VaultLayout) -> None:
    """Rewrites the box: the decoys sealed anew (fresh nonce) under the box key if a duress slot
    has one, random bytes otherwise. Called after every key-file write and every change of the
    decoys, in every vault alike, so that the box's timestamps and inode change at the same
    moments whether or not a duress passphrase exists (an outside review saw a box newer than
    the key file give the duress passphrase away)."""
    key = get_setting(conn, DECOY_BOX_KEY)
    if key:
        _write_box(layout, seal_box(bytes.fromhex(key), _content(decoy_documents(conn))))
    else:
        write_random_box(layout)


def refresh_box_after_key_file(conn: Connection, layout: VaultLayout) -> None:
    """`refresh_box` where the key file has just been written: that change stands, so a box that
    cannot be written (a full disk) is not an error; the duress unlock then finds no decoys."""
    with suppress(StorageError):
        refresh_box(conn, layout)


def write_random_box(layout: VaultLayout) -> None:
    """A new vault's box: random, like every box without decoys sealed in it."""
    _write_box(layout, random_box())


def ensure_box(layout: VaultLayout) -> None:
    """Every vault has a box; vaults made before decoys existed get a random one at unlock."""
    if not layout.decoy_box.exists():
        write_random_box(layout)


def read_for_duress(layout: VaultLayout, duress_secret: bytes | bytearray) -> list[dict[str, Any]]:
    """The decoys sealed for this duress slot, or none if the box does not open."""
    data = _read_bounded(layout)
    if data is None:
        return []
    try:
        content = json.loads(open_box(box_key(duress_secret), data))
    except (DecoyBoxError, ValueError):
        return []
    cases = content.get("cases") if isinstance(content, dict) else None
    if not isinstance(cases, list):
        return []
    return [doc for doc in cases[:MAX_DECOY_CASES] if isinstance(doc, dict)]


def _content(documents: Sequence[dict[str, Any]]) -> bytes:
    return canonical_json({"cases": list(documents)})


def _read_bounded(layout: VaultLayout) -> bytes | None:
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(layout.decoy_box, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, BOX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_box(layout: VaultLayout, data: bytes) -> None:
    try:
        write_atomic(layout.decoy_box, data)
    except OSError as exc:
        raise StorageError(
            _("A file of the vault could not be written ({reason}). Nothing was changed.").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None
