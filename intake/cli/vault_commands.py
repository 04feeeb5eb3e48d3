"""CLI commands about the vault itself: init, demo, passwd, rekey, audit."""

from __future__ import annotations

import argparse

from intake.cli.session import data_dir, kdf_params, passphrases, print_json, progress_to_stderr, unlocked
from intake.demo_cases import fill_demo_vault
from intake.i18n import _, ngettext
from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_settings import Role


def _create(args: argparse.Namespace) -> Vault:
    passphrase = passphrases(args).read(_("New passphrase: "), confirm=True)
    return create_vault(
        data_dir(args), passphrase, Role(args.role), params=kdf_params(args), progress=progress_to_stderr
    )


def _describe(vault: Vault) -> None:
    print(_("Vault: {path}").format(path=vault.layout.root))
    print(
        _("Role: {role}").format(role=_("field volunteer") if vault.role is Role.FIELD else _("coordinator"))
    )
    print(_("Device fingerprint: {fingerprint}").format(fingerprint=vault.fingerprint))


def init(args: argparse.Namespace) -> int:
    with _create(args) as vault:
        print(_("A new vault was created."))
        _describe(vault)
    return 0


def demo(args: argparse.Namespace) -> int:
    with _create(args) as vault:
        count = fill_demo_vault(vault.store)
        print(
            ngettext(
                "A demo vault with {count} fictional case was created.",
                "A demo vault with {count} fictional cases was created.",
                count,
            ).format(count=count)
        )
        _describe(vault)
    return 0


def passwd(args: argparse.Namespace) -> int:
    source = passphrases(args)
    current = source.read(_("Current passphrase: "))
    with unlock_vault(data_dir(args), current, progress=progress_to_stderr) as vault:
        new = source.read(_("New passphrase: "), confirm=True)
        duress_removed = vault.change_passphrase(current, new, progress=progress_to_stderr)
    print(_("The passphrase was changed."))
    if duress_removed:
        print(_("The duress passphrase was removed with it; set it again with `intake duress set`."))
    return 0


def rekey(args: argparse.Namespace) -> int:
    passphrase = passphrases(args).read(_("Passphrase: "))
    with unlock_vault(data_dir(args), passphrase, progress=progress_to_stderr) as vault:
        duress_removed = vault.rotate_database_key(passphrase, progress=progress_to_stderr)
    print(_("The database was re-encrypted under a new key."))
    if duress_removed:
        print(_("The duress passphrase was removed with it; set it again with `intake duress set`."))
    return 0


def audit(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        result = vault.audit.verify()
        entries = vault.audit.entries()[-args.limit :] if args.limit > 0 else []
        if args.json:
            print_json(
                {
                    "intact": result.ok,
                    "entries_checked": result.entries_checked,
                    "first_bad_seq": result.first_bad_seq,
                    "entries": [
                        {
                            "seq": e.seq,
                            "at": e.at,
                            "action": e.action,
                            "object_type": e.object_type,
                            "object_id": e.object_id,
                            "details": e.details,
                        }
                        for e in entries
                    ],
                }
            )
        else:
            for e in entries:
                print(f"{e.seq:>6}  {e.at}  {e.action:<24} {e.object_id}")
            if result.ok:
                print(
                    _("The audit log is intact ({count} entries checked).").format(
                        count=result.entries_checked
                    )
                )
            else:
                print(_("The audit log was altered: first bad entry {seq}.").format(seq=result.first_bad_seq))
    return 0 if result.ok else 6
