"""CLI commands of the panic features: the wipe, the duress passphrase, the wipe after failed
unlocks (docs/decisions/0013-panic-wipe-and-duress.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from intake.cli.session import data_dir, passphrases, progress_to_stderr
from intake.errors import BadInputError, StorageError
from intake.i18n import _, ngettext
from intake.preferences import check_wipe_after_failed, read_preferences, write_preferences
from intake.vault import unlock_vault, wipe_vault
from intake.vault_layout import VaultLayout

Common = Callable[..., None]


def add_commands(commands: Any, common: Common, parser_class: type[argparse.ArgumentParser]) -> None:
    wipe = commands.add_parser(
        "wipe", help=_("destroy the vault at once: unrecoverable, even with the passphrase")
    )
    common(wipe, passphrase=False)
    wipe.add_argument("--yes", action="store_true", help=_("do not ask first (for scripts)"))
    wipe.set_defaults(handler=wipe_now)

    duress = commands.add_parser(
        "duress", help=_("a duress passphrase: typed instead of yours, it wipes and opens an empty vault")
    )
    actions = duress.add_subparsers(dest="action", metavar=_("ACTION"), parser_class=parser_class)
    actions.required = True
    set_it = actions.add_parser("set", help=_("add or replace the duress passphrase"))
    common(set_it)
    set_it.set_defaults(handler=set_duress)
    remove = actions.add_parser("remove", help=_("remove the duress passphrase"))
    common(remove)
    remove.set_defaults(handler=remove_duress)
    decoys = actions.add_parser(
        "decoys", help=_("list the decoy cases a duress unlock puts in the new vault, or change them")
    )
    common(decoys)
    change = decoys.add_mutually_exclusive_group()
    change.add_argument(
        "--add",
        nargs="+",
        metavar=_("CASE"),
        default=[],
        help=_("move these drafts (never sealed) into the decoy cases; they leave this vault"),
    )
    change.add_argument("--clear", action="store_true", help=_("keep no decoy cases"))
    decoys.set_defaults(handler=manage_decoys)

    failed = commands.add_parser(
        "wipe-after-failed", help=_("wipe the vault after this many wrong passphrases in a row (0: never)")
    )
    common(failed, passphrase=False)
    failed.add_argument("count", type=int, help=_("3 to 99, or 0 to switch it off"))
    failed.set_defaults(handler=set_wipe_after_failed)


def wipe_now(args: argparse.Namespace) -> int:
    root = data_dir(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInputError(_("Refusing to wipe without being asked at a terminal; add --yes."))
        word = _("wipe")
        try:
            answer = input(
                _(
                    "This destroys the vault in {path}: the data cannot be recovered, not even with "
                    "the passphrase. Type “{word}” to go ahead: "
                ).format(path=root, word=word)
            )
        except EOFError:
            answer = ""
        if answer.strip().lower() != word:
            print(_("Nothing was wiped."))
            return 0
    try:
        wipe_vault(root)
    except OSError as exc:
        raise StorageError(
            _("The disk refused to overwrite the key file ({reason}).").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None
    return 0


def set_duress(args: argparse.Namespace) -> int:
    source = passphrases(args)
    current = source.read(_("Passphrase: "))
    with unlock_vault(data_dir(args), current, progress=progress_to_stderr) as vault:
        duress = source.read(_("Duress passphrase: "), confirm=True)
        vault.set_duress_passphrase(current, duress, progress=progress_to_stderr)
    print(
        _(
            "The duress passphrase is set. Typed at the unlock prompt, it wipes this vault and opens a "
            "new, empty one under itself. Changing the passphrase removes it."
        )
    )
    return 0


def remove_duress(args: argparse.Namespace) -> int:
    current = passphrases(args).read(_("Passphrase: "))
    with unlock_vault(data_dir(args), current, progress=progress_to_stderr) as vault:
        vault.remove_duress_passphrase(current, progress=progress_to_stderr)
    print(_("The duress passphrase was removed."))
    return 0


def manage_decoys(args: argparse.Namespace) -> int:
    passphrase = passphrases(args).read(_("Passphrase: "))
    with unlock_vault(data_dir(args), passphrase, progress=progress_to_stderr) as vault:
        if args.add:
            vault.add_decoy_cases(args.add)
        elif args.clear:
            vault.clear_decoy_cases()
        titles = vault.decoy_titles()
        has_duress = vault.has_duress_passphrase
    if titles:
        print(
            ngettext(
                "{count} decoy case for a duress unlock:",
                "{count} decoy cases for a duress unlock:",
                len(titles),
            ).format(count=len(titles))
        )
        for title in titles:
            print(f"  {title}")
    else:
        print(_("No decoy cases: a duress unlock opens an empty vault."))
    if not has_duress:
        print(_("No duress passphrase is set, so nothing uses them until one is."))
    return 0


def set_wipe_after_failed(args: argparse.Namespace) -> int:
    check_wipe_after_failed(args.count)
    layout = VaultLayout(data_dir(args))
    if not layout.has_key_file():
        raise BadInputError(_("There is no vault in {path}. Create one first.").format(path=layout.root))
    write_preferences(layout, read_preferences(layout).with_changes(wipe_after_failed_unlocks=args.count))
    if args.count:
        print(
            _(
                "The vault will be wiped when the number of wrong passphrases in a row reaches {count}."
            ).format(count=args.count)
        )
    else:
        print(_("Wrong passphrases no longer wipe the vault."))
    return 0
