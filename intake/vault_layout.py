"""Where a vault's files live. The one place that names them.

A vault is a folder holding exactly: the key file (`vault.key`), the SQLCipher database
(`vault.db`), the decoy box (`vault.aux`), `preferences.json` when a preference differs from the
default and, while the vault is open, the database's `-wal` and `-shm` files. The default folder comes
from platformdirs; `--data-dir` replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Intake"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True)
class VaultLayout:
    root: Path

    @property
    def key_file(self) -> Path:
        return self.root / "vault.key"

    @property
    def database(self) -> Path:
        return self.root / "vault.db"

    @property
    def database_wal(self) -> Path:
        return self.root / "vault.db-wal"

    @property
    def database_shm(self) -> Path:
        return self.root / "vault.db-shm"

    @property
    def preferences(self) -> Path:
        """Not part of the vault: the one unencrypted file, holding only the interface language
        (intake/preferences.py; docs/decisions/0009-settings.md). A wipe must remove it too."""
        return self.root / "preferences.json"

    @property
    def decoy_box(self) -> Path:
        """Random bytes, or the decoy cases sealed for the duress passphrase; every vault has one
        of the same size (crypto/decoy_box.py, intake/decoy_cases.py)."""
        return self.root / "vault.aux"

    def database_files(self) -> tuple[Path, ...]:
        return (self.database, self.database_wal, self.database_shm)

    def app_files(self) -> tuple[Path, ...]:
        """Every file Intake itself puts in the folder, the key file last. The panic wipe removes
        exactly these (and the temporaries an interrupted atomic write left next to them), never
        anything else: `--data-dir` may point at a folder that also holds the user's own files.
        A feature that adds a file to the folder adds it here."""
        return (*self.database_files(), self.decoy_box, self.preferences, self.key_file)

    def has_key_file(self) -> bool:
        return self.key_file.exists()

    def has_database(self) -> bool:
        return any(path.exists() for path in self.database_files())
