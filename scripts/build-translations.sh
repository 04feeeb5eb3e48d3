#!/usr/bin/env bash
# Compiles the Qt catalogs (.ts -> .qm). The .qm files are build output and not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
for ts in resources/translations/*.ts; do
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
