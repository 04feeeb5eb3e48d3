"""Entry point of the `intake` command: argument parsing, language, errors and exit codes.

Exit codes: 0 success; 1 internal error; 2 bad input or a vault in the wrong state (nothing was
written); 3 the vault could not be unlocked; 4 no such case; 5 the disk refused a write; 130
interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from intake.cli import (
    attachment_commands,
    bundle_commands,
    case_commands,
    key_commands,
    stats_commands,
    vault_commands,
    wipe_commands,
)
from intake.errors import IntakeError
from intake.i18n import _, language_from_environment, set_language
from intake.process_hardening import harden_process

EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(_("intake: error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _common(parser: argparse.ArgumentParser, *, passphrase: bool = True, json_output: bool = False) -> None:
    parser.add_argument(
        "--data-dir", metavar=_("FOLDER"), help=_("the vault's folder (default: the platform's data folder)")
    )
    if passphrase:
        parser.add_argument(
            "--passphrase-file",
            metavar=_("FILE"),
            help=_(
                "read the passphrase from FILE, one per line ('-' for standard input) instead of the terminal"
            ),
        )
    if json_output:
        parser.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="intake", description=_("Intake: encrypted, offline case documentation."))
    parser.add_argument(
        "--lang", choices=("en", "ru"), help=_("language of messages (default: from the locale)")
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    commands.required = True

    init = commands.add_parser("init", help=_("create a new vault"))
    _common(init)
    init.add_argument("--role", required=True, choices=("field", "coordinator"), help=_("this device's role"))
    init.add_argument(
        "--kdf",
        choices=("calibrate", "minimum"),
        default="calibrate",
        help=_(
            "key-derivation cost: 'calibrate' (about one second on this machine) or 'minimum' "
            "(RFC 9106's 64 MiB, 3 passes, 4 lanes; never lower)"
        ),
    )
    init.set_defaults(handler=vault_commands.init)

    demo = commands.add_parser("demo", help=_("create a vault filled with clearly fictional sample cases"))
    _common(demo)
    demo.add_argument(
        "--role", choices=("field", "coordinator"), default="coordinator", help=_("this device's role")
    )
    demo.add_argument(
        "--kdf", choices=("calibrate", "minimum"), default="calibrate", help=_("key-derivation cost")
    )
    demo.set_defaults(handler=vault_commands.demo)

    passwd = commands.add_parser("passwd", help=_("change the vault's passphrase"))
    _common(passwd)
    passwd.set_defaults(handler=vault_commands.passwd)

    rekey = commands.add_parser("rekey", help=_("re-encrypt the database under a new random key"))
    _common(rekey)
    rekey.set_defaults(handler=vault_commands.rekey)

    audit = commands.add_parser("audit", help=_("show the audit log and check that it is intact"))
    _common(audit, json_output=True)
    audit.add_argument("--limit", type=int, default=50, help=_("how many entries to show (newest last)"))
    audit.set_defaults(handler=vault_commands.audit)

    search = commands.add_parser("search", help=_("full-text search over every case's text"))
    _common(search, json_output=True)
    search.add_argument("query", help=_("words to look for (prefixes match, all words must occur)"))
    search.add_argument("--limit", type=int, default=50, help=_("at most this many results"))
    search.set_defaults(handler=case_commands.search)

    case = commands.add_parser("case", help=_("add, list, show, update and seal cases"))
    case_commands.add_subcommands(case, _common, _Parser)

    keys = commands.add_parser("keys", help=_("this vault's public keys, and other devices' keys"))
    key_commands.add_subcommands(keys, _common, _Parser)

    export = commands.add_parser(
        "export", help=_("write this vault's undelivered sealed revisions to an encrypted bundle")
    )
    _common(export)
    export.add_argument("--to", required=True, metavar=_("FILE"), help=_("the bundle file to write"))
    export.add_argument(
        "--recipient",
        action="append",
        default=[],
        metavar=_("KEYFILE"),
        help=_("a coordinator's public-key file (repeatable); default: every approved coordinator"),
    )
    export.add_argument(
        "--all",
        action="store_true",
        help=_(
            "send every sealed revision and attachment again, also those already sent "
            "(after a bundle was lost)"
        ),
    )
    export.add_argument(
        "--include-originals",
        action="store_true",
        help=_(
            "also send the untouched originals, with their metadata (it may reveal where and when a "
            "photo or video was taken, and the device); by default photos go without it, and files "
            "Intake cannot clean (videos, HEIC, damaged images, other files) stay behind"
        ),
    )
    export.set_defaults(handler=bundle_commands.export)

    imported = commands.add_parser("import", help=_("verify bundles and merge them into this vault"))
    _common(imported, json_output=True)
    imported.add_argument("files", nargs="+", metavar=_("FILE"), help=_("bundle files"))
    imported.set_defaults(handler=bundle_commands.import_files)

    _add_verify(commands)

    attachment_commands.add_commands(commands, _common)
    stats_commands.add_commands(commands, _common)
    wipe_commands.add_commands(commands, _common, _Parser)
    return parser


def _add_verify(commands: Any) -> None:
    verify = commands.add_parser(
        "verify", help=_("show a case's evidence trail: who sealed each revision, signatures, bundles")
    )
    _common(verify, json_output=True)
    verify.add_argument("case_id", help=_("the case's id"))
    verify.set_defaults(handler=bundle_commands.verify)


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    set_language(language_from_environment())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    try:
        result: int = args.handler(args)
    except IntakeError as exc:
        print(f"intake: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("intake: interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`intake case list | head`): not a failure. Point stdout at
        # /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # The exception's text is not printed: it could quote data from the vault.
        print(_("intake: internal error ({kind}).").format(kind=type(exc).__name__), file=sys.stderr)
        return EXIT_INTERNAL
    return result


if __name__ == "__main__":
    raise SystemExit(main())
