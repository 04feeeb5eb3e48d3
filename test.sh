#!/usr/bin/env bash
# Sets up the development environment (once) and runs every check: lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-venv.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/pytest "$@"
