"""What every CLI command shares: finding the data folder, unlocking, printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crypto.kdf import MINIMUM, Argon2Params
from intake.cli.passphrase_input import PassphraseSource
from intake.i18n import _
from intake.vault import Vault, unlock_vault
from intake.vault_layout import default_data_dir


def data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


def passphrases(args: argparse.Namespace) -> PassphraseSource:
    return PassphraseSource(getattr(args, "passphrase_file", None))


def kdf_params(args: argparse.Namespace) -> Argon2Params | None:
    return MINIMUM if args.kdf == "minimum" else None


def progress_to_stderr(stage: str) -> None:
    messages = {
        "calibrating": _("Measuring this machine to choose the key-derivation cost…"),
        "deriving_key": _("Deriving the key from the passphrase…"),
        "rekeying_database": _("Re-encrypting the database…"),
    }
    if stage in messages and sys.stderr.isatty():
        print(messages[stage], file=sys.stderr)


@contextmanager
def unlocked(args: argparse.Namespace, source: PassphraseSource | None = None) -> Iterator[Vault]:
    source = source or passphrases(args)
    passphrase = source.read(_("Passphrase: "))
    vault = unlock_vault(data_dir(args), passphrase, progress=progress_to_stderr)
    try:
        yield vault
    finally:
        vault.lock()


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))
