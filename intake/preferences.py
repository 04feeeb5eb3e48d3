"""The interface language, kept in a small unencrypted file next to the vault.

The unlock screen has to speak the user's language before any passphrase is typed, so this one
choice cannot live inside the vault. It is the only thing stored there: everything else (the
auto-lock time included) is in the encrypted database (intake/vault_settings.py); see
docs/decisions/0009-settings.md.

Reading never fails: a missing, unreadable, damaged or unknown file means "no preference", because
a broken preferences file is nothing the user should have to repair. Writing replaces the file
atomically, so a crash leaves the old choice or the new one.
"""

from __future__ import annotations

import json
import os
import stat

from crypto.atomic_file import remove_stale_temporaries, write_atomic
from intake.errors import StorageError
from intake.i18n import SUPPORTED_LANGUAGES, _
from intake.vault_layout import VaultLayout

LANGUAGE_KEY = "language"
# Far more than `{"language": "ru"}` needs; a larger file is not ours and is not read into memory.
_MAX_BYTES = 1024


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


def read_language(layout: VaultLayout) -> str | None:
    """The saved interface language ("en" or "ru"), or None if there is no usable choice."""
    data = _read_bounded(layout)
    if data is None:
        return None
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    language = content.get(LANGUAGE_KEY) if isinstance(content, dict) else None
    return language if language in SUPPORTED_LANGUAGES else None


def write_language(layout: VaultLayout, language: str) -> None:
    """Saves `language`, creating the data folder if the vault does not exist yet."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    data = (json.dumps({LANGUAGE_KEY: language}) + "\n").encode("utf-8")
    try:
        layout.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_stale_temporaries(layout.preferences)
        write_atomic(layout.preferences, data)
    except OSError as exc:
        raise StorageError(
            _(
                "The language could not be saved for next time ({reason}); it applies until Intake is closed."
            ).format(reason=exc.strerror or type(exc).__name__)
        ) from None
