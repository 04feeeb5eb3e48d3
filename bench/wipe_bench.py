"""Panic wipe: how fast the key material is destroyed and a 1 GiB vault is gone; duress unlock
against a normal unlock of the same vault.

    .venv/bin/python -m bench.wipe_bench [--megabytes 1024] [--runs 15] [--json FILE]

- Key destroyed: from calling `Vault.wipe()` on an unlocked vault until the key file's first
  bytes are the wipe marker, read back from the disk by the benchmark (the first step has
  fsynced by then); and `destroy_key_material` alone on a locked vault.
- Gone: from the same call until the vault folder no longer exists. The vault is filled to the
  given size with filler rows in a scratch table (the wipe never looks inside the database, so
  what the pages hold does not matter; building 1 GiB of real cases would take minutes).
- Duress: `unlock_vault` with the duress passphrase against `unlock_vault` with the real one, on
  vaults set up identically (20 cases, a duress passphrase, 20 decoy cases), interleaved, at the
  minimum Argon2id parameters (the shortest derivation, so any extra work of the duress path shows
  the most); and again on a vault of the given size, where the wipe has the most to remove.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import threading
import time
from pathlib import Path
from typing import Any

WORK = Path(__file__).resolve().parent / "results" / "wipe-work"
PASSPHRASE = "benchmark passphrase, not secret"
DURESS = "benchmark duress passphrase"


def _filled_vault(root: Path, megabytes: int) -> Any:
    import os

    from crypto.kdf import MINIMUM
    from intake.transactions import transaction
    from intake.vault import create_vault
    from intake.vault_settings import Role

    vault = create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM)
    conn = vault.connection
    conn.execute("CREATE TABLE bench_filler (chunk BLOB NOT NULL)")
    for _ in range(megabytes // 64):
        with transaction(conn):
            conn.executemany("INSERT INTO bench_filler (chunk) VALUES (?)", [(os.urandom(1 << 20),)] * 64)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return vault


def bench_wipe(megabytes: int) -> dict[str, Any]:
    from intake.wipe import WIPE_MARKER, destroy_key_material

    root = WORK / "big"
    vault = _filled_vault(root, megabytes)
    size = sum(p.stat().st_size for p in root.iterdir())
    key_file = vault.layout.key_file
    marks: dict[str, float] = {}
    import intake.wipe as wipe_module

    original = wipe_module.destroy_key_material

    def timed_destroy(layout: Any) -> None:
        original(layout)
        if key_file.read_bytes()[: len(WIPE_MARKER)] == WIPE_MARKER:
            marks["key"] = time.perf_counter()

    import intake.vault as vault_module

    vault_module.destroy_key_material = timed_destroy  # type: ignore[attr-defined]
    try:
        start = time.perf_counter()
        vault.wipe()
        gone = time.perf_counter()
    finally:
        vault_module.destroy_key_material = original  # type: ignore[attr-defined]
    assert not root.exists()

    locked = WORK / "locked"
    _filled_vault(locked, 64).lock()
    from intake.vault_layout import VaultLayout

    t0 = time.perf_counter()
    destroy_key_material(VaultLayout(locked))
    locked_key_ms = (time.perf_counter() - t0) * 1000
    shutil.rmtree(locked)
    return {
        "vault_mib": size / 2**20,
        "key_destroyed_ms": (marks["key"] - start) * 1000,
        "vault_gone_s": gone - start,
        "locked_key_destroyed_ms": locked_key_ms,
    }


def _duress_ready(root: Path) -> None:
    from crypto.kdf import MINIMUM
    from intake.decoy_cases import MAX_DECOY_CASES
    from intake.vault import create_vault
    from intake.vault_settings import Role

    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_cases([{"title": f"Дело {n}", "narrative": "текст " * 200} for n in range(20)])
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
        # The most decoys allowed, so the duress path does the most work it can.
        decoys = [
            {"title": f"Консультация {n}", "narrative": "аренда " * 200} for n in range(MAX_DECOY_CASES)
        ]
        vault.add_decoy_cases(vault.store.create_cases(decoys))


def bench_duress(runs: int) -> dict[str, Any]:
    from intake.vault import unlock_vault

    normal, duress = [], []
    for n in range(runs):
        for passphrase, times in ((PASSPHRASE, normal), (DURESS, duress))[:: 1 if n % 2 else -1]:
            root = WORK / f"duress-{n}-{len(times)}-{passphrase == DURESS}"
            _duress_ready(root)
            start = time.perf_counter()
            unlock_vault(root, passphrase).lock()
            times.append(time.perf_counter() - start)
            shutil.rmtree(root)
    return {
        "runs": runs,
        "normal_median_ms": statistics.median(normal) * 1000,
        "duress_median_ms": statistics.median(duress) * 1000,
        "duress_vs_normal": statistics.median(duress) / statistics.median(normal),
    }


def bench_duress_large(megabytes: int, runs: int) -> dict[str, Any]:
    """The same comparison on a large vault: the duress path must not take longer as the vault it
    wipes grows (its database files are renamed aside and removed after it returns)."""
    from intake.vault import unlock_vault

    template = WORK / "large-template"
    vault = _filled_vault(template, megabytes)
    vault.set_duress_passphrase(PASSPHRASE, DURESS)
    vault.lock()
    normal, duress = [], []
    for n in range(runs):
        for passphrase, times in ((PASSPHRASE, normal), (DURESS, duress))[:: 1 if n % 2 else -1]:
            root = WORK / f"large-{n}-{passphrase == DURESS}"
            shutil.copytree(template, root)
            start = time.perf_counter()
            unlock_vault(root, passphrase).lock()
            times.append(time.perf_counter() - start)
            for thread in threading.enumerate():
                if thread.name == "intake-remove-later":
                    thread.join()
            shutil.rmtree(root)
    shutil.rmtree(template)
    return {
        "vault_mib": megabytes,
        "runs": runs,
        "normal_median_ms": statistics.median(normal) * 1000,
        "duress_median_ms": statistics.median(duress) * 1000,
        "duress_vs_normal": statistics.median(duress) / statistics.median(normal),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    try:
        results = {
            "wipe": bench_wipe(args.megabytes),
            "duress": bench_duress(args.runs),
            "duress_large": bench_duress_large(args.megabytes, max(5, args.runs // 2)),
        }
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
