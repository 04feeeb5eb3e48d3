#!/usr/bin/env bash
# Renders the unlock screen, the case list, the case editor and the attachment viewer, in English
# and Russian, to PNG
# (default: docs/screenshots/) from a throwaway vault of fictional demo cases. Needs no display.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-venv.sh
exec .venv/bin/python -m ui.screenshots "$@"
