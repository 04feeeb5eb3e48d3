"""The one rule for an attachment's file name, shared by adding a file, writing it into a bundle
and accepting it from one: a receiver must never refuse a name a sender's app accepted (the whole
bundle would be refused, again and again).

A name is shown in lists, pre-filled in the save dialog, and may be saved on any system. So:

- characters that hide or reorder what is shown (bidirectional overrides, zero-width and other
  format characters, controls, line and paragraph separators, characters drawn blank such as
  U+2800 or U+3164) are replaced by "_";
- runs of spaces of any kind become one space, so no padding can push ".exe" out of sight;
- a combining mark on a Latin letter, digit or dot goes (it can disguise an extension);
- the characters Windows and FAT refuse (`<>:"/\\|?*`) are replaced, and Windows' reserved
  device names (CON, NUL, COM1…) get a leading "_", so a saved copy lands where it is expected;
- at most 255 bytes of UTF-8 (what ext4 and most file systems allow), keeping the extension.

`invoice\u202efdp.exe` cannot pose as a PDF, and `report.pdf:payload` cannot name an NTFS stream.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

MAX_NAME_BYTES = 255
_FORBIDDEN = frozenset('<>:"/\\|?*')
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_BLANK = frozenset("\u2800\u3164\u115f\u1160\uffa0")
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")  # a run of spaces, or any space that is not " "
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def safe_file_name(name: str) -> str | None:
    """`name` made safe as above; None when nothing usable is left."""
    base = PurePosixPath(name).name if "/" in name else name  # a path: its last part
    text = unicodedata.normalize("NFC", base)
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me") and kept and (kept[-1].isascii()):
            continue
        kept.append("_" if ch in _FORBIDDEN or ch in _BLANK or category in _HIDDEN_CATEGORIES else ch)
    cleaned = _SPACES.sub(" ", "".join(kept)).strip()
    if _RESERVED.fullmatch(cleaned):
        cleaned = "_" + cleaned
    cleaned = _shortened(cleaned)
    if not cleaned or not cleaned.strip("._ "):
        return None
    return cleaned


def _shortened(name: str) -> str:
    """At most MAX_NAME_BYTES of UTF-8, cut from the end of the stem so a short extension stays."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode("utf-8")) > 16:
        stem, dot, extension = name, "", ""
    budget = MAX_NAME_BYTES - len((dot + extension).encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip()
    return cut + dot + extension


def is_safe_file_name(name: object) -> bool:
    """Whether `name` is exactly what `safe_file_name` makes of it (what a bundle must carry)."""
    return isinstance(name, str) and safe_file_name(name) == name
