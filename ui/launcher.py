"""What `./run.sh` does with no arguments: open the desktop app on the right vault, offering a demo
vault of fictional cases to someone trying Intake out.

- A real vault in the data folder: open it.
- Otherwise a demo vault in `demo-data/` (this checkout): open that.
- Otherwise, at a terminal, offer to create the demo vault first (`intake demo`, which asks for a
  passphrase); declined or no terminal: open the real data folder, where first-run setup starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake.cli.main import main as cli_main
from intake.i18n import _, language_from_environment, set_language
from intake.vault_layout import VaultLayout, default_data_dir
from ui.app import main as app_main

DEMO_FOLDER = Path("demo-data")


def _choose_folder() -> Path:
    real = default_data_dir()
    if VaultLayout(real).has_key_file():
        return real
    if VaultLayout(DEMO_FOLDER).has_key_file():
        print(_("Opening the demo vault in {path} (fictional cases).").format(path=DEMO_FOLDER.resolve()))
        return DEMO_FOLDER
    if not sys.stdin.isatty():
        return real
    try:
        answer = input(
            _("Create a demo vault with clearly fictional cases in {path}? [y/N] ").format(path=DEMO_FOLDER)
        )
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "д", "да"):
        return real
    if cli_main(["demo", "--data-dir", str(DEMO_FOLDER)]) != 0:
        return real
    return DEMO_FOLDER


def main() -> int:
    set_language(language_from_environment())
    print(_("Intake keeps case documentation in an encrypted vault on this computer."))
    return app_main(["--data-dir", str(_choose_folder())])


if __name__ == "__main__":
    raise SystemExit(main())
