#!/usr/bin/env bash
# Sets up the environment (once) and starts Intake. With arguments, they go to the `intake`
# command (`./run.sh --help`); without, it opens the desktop app (offering a demo vault of fictional
# cases at first).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-venv.sh
if [ "$#" -gt 0 ]; then
    exec .venv/bin/intake "$@"
fi
exec .venv/bin/python -m ui.launcher
