#!/usr/bin/env bash
# Sets up the environment (once) and starts Intake. With arguments, they go to the `intake`
# command (`./run.sh --help`); without, it explains and offers a demo vault of fictional cases.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup-venv.sh
if [ "$#" -gt 0 ]; then
    exec .venv/bin/intake "$@"
fi
exec .venv/bin/python -m intake.cli.first_look
