"""Where the shipped, read-only resources are (vocabularies, translations)."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
VOCABULARIES_FILE = RESOURCES_DIR / "vocabularies.json"
LOCALE_DIR = RESOURCES_DIR / "locale"
# DejaVu Sans (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt), embedded in PDF reports: it
# covers Cyrillic, and a report must read the same on any machine.
FONTS_DIR = RESOURCES_DIR / "fonts"
