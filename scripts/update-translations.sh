#!/usr/bin/env bash
# Refreshes the Qt catalog from the sources (keeps existing translations) and compiles it.
# Translate new entries in resources/translations/intake_ru.ts (Qt Linguist: pyside6-linguist).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyside6-lupdate -no-obsolete -locations none -extensions py ui -ts resources/translations/intake_ru.ts
./scripts/build-translations.sh
