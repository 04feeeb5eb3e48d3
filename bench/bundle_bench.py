"""Bundles: export and import throughput against the `age` tool on the same bytes, peak memory,
and merging 10,000 cases against inserting them directly.

    .venv/bin/python -m bench.bundle_bench [--megabytes 256] [--merge-cases 10000]
        [--attachment-megabytes 256] [--only cases|attachments|merge] [--json FILE]

- Export: a field vault's sealed cases (narratives of 64 KiB) into a bundle for an X25519
  coordinator, against `age -r` encrypting the bundle's decrypted payload (the same bytes).
- Import: the coordinator verifying and merging that bundle, against `age -d` decrypting it.
- Peak memory: each export and import runs in a process of its own; its peak RSS is reset just
  before the operation (/proc/self/clear_refs) and read after it, so the figure is what the
  operation itself added, not the key derivation before it.
- Floors: what the vault itself costs, whatever the bundle code does. Export's floor is one read
  of the same revisions out of the vault (SQLCipher decrypting and checking every page); import's
  floor is `CaseStore.create_cases` writing the same documents into an empty vault in one
  transaction (page encryption, the WAL, the full-text index). `age` does neither.
- Attachments: one sealed case with 8 binary attachments (random bytes, as a video would be)
  exported and imported the same way, against `age` on the same payload; floors: reading the
  attachments' chunks out of the vault (export) and adding the same files into an empty vault
  (import).
- Merge: a bundle of N small sealed cases imported into an empty coordinator vault, against
  `CaseStore.create_cases` writing the same documents into an empty vault in one transaction.
Throughputs are ratios against `age` and against the floors in the same run (decision 0006:
peers, not absolute times).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import subprocess
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

WORK = Path(__file__).resolve().parent / "results" / "bundle-work"
PASSPHRASE = "benchmark passphrase, not secret"
NARRATIVE_CHARS = 64 * 1024


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found")


def _measured(operation: Any) -> tuple[float, float]:
    """(seconds, MiB of peak RSS above the RSS just before) for operation()."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _rss_kib("VmRSS")
    start = time.perf_counter()
    operation()
    seconds = time.perf_counter() - start
    return seconds, (_rss_kib("VmHWM") - before) / 1024


def _docs(count: int, narrative_chars: int) -> list[dict[str, Any]]:
    words = "свидетель рассказал полиция отказалась принять заявление угрозы witness statement "
    text = (words * (narrative_chars // len(words) + 1))[:narrative_chars]
    return [{"title": f"Дело {n}", "narrative": text} for n in range(count)]


def _build_volunteer(root: Path, count: int, narrative_chars: int) -> None:
    from crypto.kdf import MINIMUM
    from intake.vault import create_vault
    from intake.vault_settings import Role

    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        docs = _docs(count, narrative_chars)
        for start in range(0, count, 1000):
            for case_id in vault.store.create_cases(docs[start : start + 1000]):
                vault.store.seal(case_id)


def _export_worker(root: Path, recipient: str, target: Path, out: Connection) -> None:
    from intake.vault import unlock_vault

    with unlock_vault(root, PASSPHRASE) as vault:
        # Originals too: random bytes are files the app cannot clean, which stay behind by default.
        seconds, peak = _measured(lambda: vault.export_bundle(target, [recipient], include_originals=True))
    out.send({"seconds": seconds, "peak_mib": peak})


def _import_worker(root: Path, bundle: Path, out: Connection) -> None:
    from intake.vault import unlock_vault

    with unlock_vault(root, PASSPHRASE) as vault:
        reports: list[Any] = []

        def run() -> None:
            with bundle.open("rb") as source:
                reports.append(vault.import_bundle(source))

        seconds, peak = _measured(run)
        out.send(
            {
                "seconds": seconds,
                "peak_mib": peak,
                "counts": reports[0].counts(),
                "attachment_counts": reports[0].attachment_counts(),
            }
        )


def _build_with_attachments(root: Path, files: list[Path]) -> None:
    from crypto.kdf import MINIMUM
    from intake.vault import create_vault
    from intake.vault_settings import Role

    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        case_id = vault.store.create_case({"title": "Видеозаписи"}).case_id
        for path in files:
            vault.attachments.add_file(case_id, path)
        vault.store.seal(case_id)


def _attachment_read_worker(root: Path, out: Connection) -> None:
    from intake.vault import unlock_vault

    with unlock_vault(root, PASSPHRASE) as vault:
        case_id = vault.connection.execute("SELECT case_id FROM attachment LIMIT 1").fetchone()[0]

        def run() -> None:
            for attachment in vault.attachments.list(case_id):
                for _data in vault.attachments.chunks(attachment.id):
                    pass

        seconds, _peak = _measured(run)
    out.send({"seconds": seconds})


def _attachment_add_worker(root: Path, files: list[Path], out: Connection) -> None:
    from crypto.kdf import MINIMUM
    from intake.vault import create_vault
    from intake.vault_settings import Role

    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        case_id = vault.store.create_case({"title": "Видеозаписи"}).case_id

        def run() -> None:
            for path in files:
                vault.attachments.add_file(case_id, path)

        seconds, _peak = _measured(run)
    out.send({"seconds": seconds})


def _read_worker(root: Path, out: Connection) -> None:
    from intake.vault import unlock_vault

    with unlock_vault(root, PASSPHRASE) as vault:
        conn = vault.connection

        def run() -> None:
            for case_id, revision in conn.execute(
                "SELECT case_id, revision FROM case_revision WHERE status = 'sealed'"
            ).fetchall():
                conn.execute(
                    "SELECT CAST(content AS BLOB) FROM case_revision WHERE case_id = ? AND revision = ?",
                    (case_id, revision),
                ).fetchone()

        seconds, _peak = _measured(run)
    out.send({"seconds": seconds})


def _insert_worker(root: Path, count: int, narrative_chars: int, out: Connection) -> None:
    from crypto.kdf import MINIMUM
    from intake.vault import create_vault
    from intake.vault_settings import Role

    docs = _docs(count, narrative_chars)
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        seconds, _peak = _measured(lambda: vault.store.create_cases(docs))
    out.send({"seconds": seconds})


def _in_process(target: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    worker = context.Process(target=target, args=(*args, there))
    worker.start()
    result: dict[str, Any] = here.recv()
    worker.join()
    return result


def _coordinator(root: Path) -> tuple[str, Path]:
    """A coordinator vault with an X25519 identity (so `age` can take part); returns its
    recipient and an identity file for `age -d`."""
    from crypto.kdf import MINIMUM
    from intake.own_age_identity import CLASSIC, load_age_identities
    from intake.vault import create_vault
    from intake.vault_settings import Role

    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        recipient = vault.new_age_identity(CLASSIC)
        identity = load_age_identities(vault.connection)[0]
        key_file = root.parent / (root.name + ".age-key")
        key_file.write_text(identity.to_string() + "\n", encoding="ascii")
    return recipient, key_file


def _approve_each_other(volunteer_root: Path, coordinator_root: Path) -> None:
    from intake.vault import unlock_vault

    with (
        unlock_vault(volunteer_root, PASSPHRASE) as volunteer,
        unlock_vault(coordinator_root, PASSPHRASE) as coord,
    ):
        contact, _new = volunteer.contacts.add(coord.public_keys())
        volunteer.approve_key(contact.fingerprint)
        theirs, _new = coord.contacts.add(volunteer.public_keys())
        coord.approve_key(theirs.fingerprint)


def _age_on_the_same_bytes(recipient: str, key_file: Path, bundle: Path) -> tuple[float, float]:
    """`age` encrypting the bundle's decrypted payload, and decrypting the bundle: the peer."""
    payload = bundle.with_suffix(".payload")
    subprocess.run(["age", "-d", "-i", str(key_file), "-o", str(payload), str(bundle)], check=True)
    encrypt = _timed(["age", "-r", recipient, "-o", str(bundle.with_suffix(".age")), str(payload)])
    decrypt = _timed(["age", "-d", "-i", str(key_file), "-o", "/dev/null", str(bundle)])
    return encrypt, decrypt


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _against_peers(
    *,
    export: dict[str, Any],
    age_encrypt: float,
    read_floor: dict[str, Any],
    imported: dict[str, Any],
    age_decrypt: float,
    write_floor: dict[str, Any],
) -> dict[str, Any]:
    """Times, and the ratios against `age` and against the vault's floors in the same run."""
    return {
        "export_s": export["seconds"],
        "age_encrypt_s": age_encrypt,
        "export_vs_age_throughput": age_encrypt / export["seconds"],
        "export_peak_mib": export["peak_mib"],
        "read_floor_s": read_floor["seconds"],
        "export_vs_read_floor": export["seconds"] / read_floor["seconds"],
        "import_s": imported["seconds"],
        "age_decrypt_s": age_decrypt,
        "import_vs_age_throughput": age_decrypt / imported["seconds"],
        "import_peak_mib": imported["peak_mib"],
        "write_floor_s": write_floor["seconds"],
        "import_vs_write_floor": imported["seconds"] / write_floor["seconds"],
    }


def bench_throughput(megabytes: int) -> dict[str, Any]:
    count = max(1, megabytes * 1024 * 1024 // (NARRATIVE_CHARS * 2))  # Cyrillic: ~2 bytes a char
    volunteer, coordinator = WORK / "volunteer", WORK / "coordinator"
    _build_volunteer(volunteer, count, NARRATIVE_CHARS)
    recipient, key_file = _coordinator(coordinator)
    _approve_each_other(volunteer, coordinator)
    bundle = WORK / "big.bundle"
    export = _in_process(_export_worker, volunteer, recipient, bundle)
    age_encrypt, age_decrypt = _age_on_the_same_bytes(recipient, key_file, bundle)
    imported = _in_process(_import_worker, coordinator, bundle)
    read_floor = _in_process(_read_worker, volunteer)
    write_floor = _in_process(_insert_worker, WORK / "floor", count, NARRATIVE_CHARS)
    return {
        "cases": count,
        "bundle_mib": bundle.stat().st_size / 2**20,
        **_against_peers(
            export=export,
            age_encrypt=age_encrypt,
            read_floor=read_floor,
            imported=imported,
            age_decrypt=age_decrypt,
            write_floor=write_floor,
        ),
        "import_counts": imported["counts"],
    }


def bench_attachments(megabytes: int, files: int = 8) -> dict[str, Any]:
    import os

    sources = WORK / "files"
    sources.mkdir()
    paths = []
    for index in range(files):
        path = sources / f"video-{index}.bin"
        with path.open("wb") as out:
            for _mib in range(max(1, megabytes // files)):
                out.write(os.urandom(1024 * 1024))
        paths.append(path)
    volunteer, coordinator = WORK / "att-volunteer", WORK / "att-coordinator"
    _build_with_attachments(volunteer, paths)
    recipient, key_file = _coordinator(coordinator)
    _approve_each_other(volunteer, coordinator)
    bundle = WORK / "attachments.bundle"
    export = _in_process(_export_worker, volunteer, recipient, bundle)
    age_encrypt, age_decrypt = _age_on_the_same_bytes(recipient, key_file, bundle)
    imported = _in_process(_import_worker, coordinator, bundle)
    read_floor = _in_process(_attachment_read_worker, volunteer)
    write_floor = _in_process(_attachment_add_worker, WORK / "att-floor", paths)
    return {
        "files": files,
        "bundle_mib": bundle.stat().st_size / 2**20,
        **_against_peers(
            export=export,
            age_encrypt=age_encrypt,
            read_floor=read_floor,
            imported=imported,
            age_decrypt=age_decrypt,
            write_floor=write_floor,
        ),
        "import_counts": imported["attachment_counts"],
    }


def bench_merge(cases: int) -> dict[str, Any]:
    volunteer, coordinator = WORK / "merge-volunteer", WORK / "merge-coordinator"
    _build_volunteer(volunteer, cases, 400)
    recipient, _key_file = _coordinator(coordinator)
    _approve_each_other(volunteer, coordinator)
    bundle = WORK / "merge.bundle"
    _in_process(_export_worker, volunteer, recipient, bundle)
    merged = _in_process(_import_worker, coordinator, bundle)
    inserted = _in_process(_insert_worker, WORK / "insert-peer", cases, 400)
    return {
        "cases": cases,
        "merge_s": merged["seconds"],
        "direct_insert_s": inserted["seconds"],
        "merge_vs_insert": merged["seconds"] / inserted["seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=256)
    parser.add_argument("--merge-cases", type=int, default=10_000)
    parser.add_argument("--attachment-megabytes", type=int, default=256)
    parser.add_argument("--only", choices=("cases", "attachments", "merge"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if shutil.which("age") is None:
        raise SystemExit("the age tool is needed (Debian package age)")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    try:
        results: dict[str, Any] = {}
        if args.only in (None, "cases"):
            results["throughput"] = bench_throughput(args.megabytes)
        if args.only in (None, "attachments"):
            results["attachments"] = bench_attachments(args.attachment_megabytes)
        if args.only in (None, "merge"):
            results["merge"] = bench_merge(args.merge_cases)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
