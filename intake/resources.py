"""Where the shipped, read-only resources are (vocabularies, translations)."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
VOCABULARIES_FILE = RESOURCES_DIR / "vocabularies.json"
LOCALE_DIR = RESOURCES_DIR / "locale"
