"""Translation of the core's user-visible strings (CLI output and error messages).

Source strings are English; the `.po` files in `resources/locale/<lang>/` hold the translations
(one file per area of the code, merged on load). They are read straight from the .po files so that
no build step can leave a compiled catalog stale. The Qt
interface has its own catalogs for widget strings and calls `set_language` for these.

Usage: `from intake.i18n import _, ngettext`. Mark every user-visible string; a test checks that
the Russian catalog translates all of them.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from intake.resources import LOCALE_DIR

SUPPORTED_LANGUAGES = ("en", "ru")


def parse_po(text: str) -> dict[str, str | list[str]]:
    """Reads a gettext .po file: msgid -> msgstr, or msgid -> [plural forms]. Untranslated
    entries (empty msgstr) and fuzzy entries are left out so they fall back to English."""
    entries: dict[str, str | list[str]] = {}
    current: dict[str, str] = {}
    key: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        msgid = current.get("msgid")
        if msgid and not fuzzy:
            if "msgid_plural" in current:
                forms = [current[k] for k in sorted(current) if k.startswith("msgstr[")]
                if forms and all(forms):
                    entries[msgid] = forms
            elif current.get("msgstr"):
                entries[msgid] = current["msgstr"]
        current.clear()
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            if key is not None:
                current[key] += ast.literal_eval(line)
            continue
        name, _sep, value = line.partition(" ")
        key = name
        current[key] = ast.literal_eval(value.strip())
    flush()
    return entries


def _plural_index(language: str, n: int) -> int:
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def catalog_files(language: str) -> list[Path]:
    return sorted((LOCALE_DIR / language).glob("*.po"))


def load_catalog(language: str) -> dict[str, str | list[str]]:
    merged: dict[str, str | list[str]] = {}
    for path in catalog_files(language):
        merged.update(parse_po(path.read_text(encoding="utf-8")))
    return merged


class Translation:
    """The core's strings in one language. A report is written in the language chosen for it,
    which need not be the interface's; building it with its own Translation leaves the
    process-wide language alone (a report can be written in a worker thread while the interface
    goes on in another language)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in SUPPORTED_LANGUAGES else "en"
        self._catalog = load_catalog(self.language) if self.language != "en" else {}

    def gettext(self, message: str) -> str:
        translated = self._catalog.get(message)
        return translated if isinstance(translated, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._catalog.get(singular)
        if isinstance(forms, list):
            return forms[min(_plural_index(self.language, n), len(forms) - 1)]
        return singular if n == 1 else plural


def set_language(language: str) -> None:
    """Switches the core's strings to `language` ("en" or "ru"); unknown values mean English."""
    global _active  # noqa: PLW0603 - one process-wide UI language, like gettext itself
    _active = Translation(language)


def active_translation() -> Translation:
    return _active


def current_language() -> str:
    return _active.language


def language_from_environment() -> str:
    """The language asked for by the usual locale variables, as gettext reads them."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
    return "en"


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


_active = Translation("en")
