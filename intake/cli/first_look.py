"""What `./run.sh` does with no arguments while Intake has no desktop window yet: explain, and offer
a demo vault of fictional cases in a folder of its own (never the real data folder)."""

from __future__ import annotations

import sys
from pathlib import Path

from intake.cli.main import main as cli_main
from intake.i18n import _, language_from_environment, set_language

DEMO_FOLDER = Path("demo-data")


def main() -> int:
    set_language(language_from_environment())
    print(_("Intake keeps case documentation in an encrypted vault on this computer."))
    if (DEMO_FOLDER / "vault.key").exists():
        print(_("A demo vault exists in {path}. Its cases:").format(path=DEMO_FOLDER.resolve()))
        return cli_main(["case", "list", "--data-dir", str(DEMO_FOLDER)])
    if not sys.stdin.isatty():
        print(_("Run `./run.sh --help` to see the commands."))
        return 0
    try:
        answer = input(
            _("Create a demo vault with clearly fictional cases in {path}? [y/N] ").format(path=DEMO_FOLDER)
        )
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "д", "да"):
        print(_("Run `./run.sh --help` to see the commands."))
        return 0
    status = cli_main(["demo", "--data-dir", str(DEMO_FOLDER)])
    if status == 0:
        print(_("Try: ./run.sh case list --data-dir {path}").format(path=DEMO_FOLDER))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
