"""What must be known before the vault is unlocked, kept in a small unencrypted file next to it.

The unlock screen has to speak the user's language, offer the panic wipe the way the user chose
(ask first, or at once) and count failed unlocks before any passphrase opens anything, so these
choices cannot live inside the vault. They are all that is stored there: everything else (the
auto-lock time included) is in the encrypted database (intake/vault_settings.py); see
docs/decisions/0009-settings.md and 0013-panic-wipe-and-duress.md. None of it is content, but
the safety settings do tell a reader of the disk that they are switched on (documented).

Reading never fails: a missing, unreadable, damaged or unknown value means the default, because
a broken preferences file is nothing the user should have to repair. Writing replaces the file
atomically, so a crash leaves the old choices or the new ones.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from dataclasses import dataclass
from typing import Any

from crypto.atomic_file import remove_stale_temporaries, write_atomic
from intake.errors import BadInputError, StorageError
from intake.i18n import SUPPORTED_LANGUAGES, _
from intake.vault_layout import VaultLayout

LANGUAGE_KEY = "language"
WIPE_CONFIRMATION_KEY = "wipe_confirmation"
WIPE_AFTER_FAILED_KEY = "wipe_after_failed_unlocks"
FAILED_UNLOCKS_KEY = "failed_unlocks"

ASK_FIRST, IMMEDIATELY = "ask", "immediately"
WIPE_CONFIRMATIONS = (ASK_FIRST, IMMEDIATELY)
# 0 is off. Fewer than 3 would wipe after an ordinary typo or two; more than 99 protects nothing.
MIN_WIPE_AFTER_FAILED, MAX_WIPE_AFTER_FAILED = 3, 99
_MAX_COUNT = 10_000
# Far more than these few keys need; a larger file is not ours and is not read into memory.
_MAX_BYTES = 1024


@dataclass(frozen=True)
class Preferences:
    language: str | None = None
    wipe_confirmation: str = ASK_FIRST
    wipe_after_failed_unlocks: int = 0  # 0: never
    failed_unlocks: int = 0  # consecutive wrong passphrases since the last correct one

    def with_changes(self, **changes: Any) -> Preferences:
        return dataclasses.replace(self, **changes)


def _read_bounded(layout: VaultLayout) -> bytes | None:
    try:
        # O_NONBLOCK and the regular-file check: a FIFO or device put in its place must not hang us.
        fd = os.open(
            layout.preferences, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, _MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= _MAX_BYTES else None


def _int_in(value: object, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def read_preferences(layout: VaultLayout) -> Preferences:
    """The saved choices; each unusable one reads as its default."""
    data = _read_bounded(layout)
    try:
        content = json.loads(data.decode("utf-8")) if data is not None else {}
    except (UnicodeDecodeError, ValueError):
        content = {}
    if not isinstance(content, dict):
        content = {}
    language = content.get(LANGUAGE_KEY)
    confirmation = content.get(WIPE_CONFIRMATION_KEY)
    limit = content.get(WIPE_AFTER_FAILED_KEY)
    limit_value = 0 if limit == 0 else _int_in(limit, MIN_WIPE_AFTER_FAILED, MAX_WIPE_AFTER_FAILED)
    return Preferences(
        language=language if language in SUPPORTED_LANGUAGES else None,
        wipe_confirmation=confirmation if confirmation in WIPE_CONFIRMATIONS else ASK_FIRST,
        wipe_after_failed_unlocks=limit_value or 0,
        failed_unlocks=_int_in(content.get(FAILED_UNLOCKS_KEY), 0, _MAX_COUNT) or 0,
    )


def write_preferences(layout: VaultLayout, preferences: Preferences) -> None:
    """Saves `preferences`, creating the data folder if the vault does not exist yet. Only
    non-default values are written, so a fresh setup's file says no more than it must."""
    try:
        _write(layout, _content(preferences))
    except OSError as exc:
        raise StorageError(
            _("The setting could not be saved ({reason}).").format(reason=exc.strerror or type(exc).__name__)
        ) from None


def _content(preferences: Preferences) -> dict[str, Any]:
    if preferences.language is not None and preferences.language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {preferences.language!r}")
    content: dict[str, Any] = {}
    if preferences.language is not None:
        content[LANGUAGE_KEY] = preferences.language
    if preferences.wipe_confirmation != ASK_FIRST:
        content[WIPE_CONFIRMATION_KEY] = preferences.wipe_confirmation
    if preferences.wipe_after_failed_unlocks:
        content[WIPE_AFTER_FAILED_KEY] = preferences.wipe_after_failed_unlocks
    if preferences.failed_unlocks:
        content[FAILED_UNLOCKS_KEY] = min(preferences.failed_unlocks, _MAX_COUNT)
    return content


def _write(layout: VaultLayout, content: dict[str, Any]) -> None:
    data = (json.dumps(content, sort_keys=True) + "\n").encode("utf-8")
    layout.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    remove_stale_temporaries(layout.preferences)
    write_atomic(layout.preferences, data)


def check_wipe_after_failed(limit: int) -> None:
    if limit != 0 and not MIN_WIPE_AFTER_FAILED <= limit <= MAX_WIPE_AFTER_FAILED:
        raise BadInputError(
            _("Choose between {low} and {high} failed attempts, or switch the wipe off.").format(
                low=MIN_WIPE_AFTER_FAILED, high=MAX_WIPE_AFTER_FAILED
            )
        )


def read_language(layout: VaultLayout) -> str | None:
    """The saved interface language ("en" or "ru"), or None if there is no usable choice."""
    return read_preferences(layout).language


def write_language(layout: VaultLayout, language: str) -> None:
    """Saves `language`, keeping the other choices."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    try:
        _write(layout, _content(read_preferences(layout).with_changes(language=language)))
    except OSError as exc:
        raise StorageError(
            _(
                "The language could not be saved for next time ({reason}); it applies until Intake is closed."
            ).format(reason=exc.strerror or type(exc).__name__)
        ) from None
