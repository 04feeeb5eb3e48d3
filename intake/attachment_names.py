"""The one rule for an attachment's file name, shared by adding a file, writing it into a bundle
and accepting it from one: a receiver must never refuse a name a sender's app accepted (the whole
bundle would be refused, again and again).

A name is shown in lists, pre-filled in the save dialog, and may be saved on any system. So
characters that hide or reorder what is shown (bidirectional overrides, zero-width and other
format characters, controls, line and paragraph separators) are replaced, and so are the
characters Windows and FAT file systems refuse (`<>:"/\\|?*`): `invoice\u202efdp.exe` cannot
pose as a PDF, and `report.pdf:payload` cannot name an NTFS stream.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

MAX_FILE_NAME = 255
_FORBIDDEN = frozenset('<>:"/\\|?*')
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def safe_file_name(name: str) -> str | None:
    """`name` with every unsafe character replaced by "_", trimmed, at most 255 characters; None
    when nothing usable is left."""
    base = PurePosixPath(name).name if "/" in name else name  # a path: its last part
    cleaned = (
        "".join(
            "_" if ch in _FORBIDDEN or unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch for ch in base
        )
        .strip()[:MAX_FILE_NAME]
        .strip()
    )
    if not cleaned or cleaned in (".", "..") or not cleaned.strip("._ "):
        return None
    return cleaned


def is_safe_file_name(name: object) -> bool:
    """Whether `name` is exactly what `safe_file_name` makes of it (what a bundle must carry)."""
    return isinstance(name, str) and safe_file_name(name) == name
