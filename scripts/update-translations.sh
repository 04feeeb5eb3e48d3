#!/usr/bin/env bash
# Refreshes the Qt catalogs from the sources (keeps existing translations) and compiles them.
# Translate new entries in resources/translations/intake_ru.ts (Qt Linguist: pyside6-linguist),
# and give every new plural message its English forms in intake_en.ts ("%n case(s)" -> "%n case",
# "%n cases"): English needs a catalog only for those, hence -pluralonly.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=.venv/bin/pyside6-lupdate
"$lupdate" -silent -no-obsolete -locations none -extensions py ui -ts resources/translations/intake_ru.ts
"$lupdate" -silent -no-obsolete -locations none -extensions py -pluralonly \
    -source-language en -target-language en ui -ts resources/translations/intake_en.ts
./scripts/build-translations.sh
