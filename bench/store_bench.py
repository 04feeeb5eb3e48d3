"""Store benchmarks: SQLCipher (as the app runs it) against plain SQLite, measured in one run.

    .venv/bin/python -m bench.store_bench [--cases 100000] [--bulk 10000] [--json FILE]

The peer is the same SQLite engine without a key (docs/decisions/0006-benchmark-peer.md), with the
same schema, pragmas and store code; the ratios measure what encryption costs. Reported:

- save one case (own transaction, fsync'd): median of many, ratio     goal <= 2.0x plain
- bulk-add 10,000 cases in one transaction: total, ratio
- search, first page, at 100,000 cases: median per query                goal < 20 ms
- unlock at 100,000 cases, split into KDF and open                      goal open <= 50 ms
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import sqlcipher3

from crypto.kdf import MINIMUM, calibrate
from intake.case_store import CaseStore
from intake.database import PAGE_CACHE_KIB, WAL_AUTOCHECKPOINT_PAGES, close_database, create_database
from intake.migrations import migrate
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from intake.vocabulary import default_vocabularies

WORK = Path(__file__).resolve().parent / "results" / "work"
PASSPHRASE = "benchmark passphrase, not secret"
AUTHOR = "0" * 64
WORDS_RU = [
    "полиция",
    "задержание",
    "нападение",
    "угрозы",
    "увольнение",
    "суд",
    "заявление",
    "отказ",
    "свидетель",
    "активист",
    "пикет",
    "квартира",
    "клуб",
    "вечер",
    "угроза",
    "аутинг",
    "шантаж",
    "больница",
    "школа",
    "общежитие",
    "отдел",
    "протокол",
    "штраф",
]
WORDS_EN = [
    "police",
    "detention",
    "assault",
    "threats",
    "dismissal",
    "court",
    "complaint",
    "refusal",
    "witness",
    "activist",
    "picket",
    "apartment",
    "club",
    "evening",
    "outing",
    "blackmail",
    "hospital",
    "school",
    "dormitory",
    "station",
    "report",
    "fine",
]
VIOLATIONS = ["PHY.ASLT", "THR.THREAT", "THR.OUT", "PRG.ADM", "POL.REFUSE", "DISC.EMP", "EXT.CRIM"]
SUBJECTS = ["RU-MOW", "RU-SPE", "RU-SVE", "RU-TA", "RU-KDA", "RU-NVS", "RU-CHE", "RU-SAM"]
QUERIES = ["полиция", "Задержание", "угроз", "witness", "club evening", "протокол штраф"]


def synthetic_case(rng: random.Random, index: int) -> dict[str, Any]:
    words = WORDS_RU if index % 2 else WORDS_EN
    narrative = " ".join(rng.choice(words) for _ in range(120))
    year = rng.choice([2023, 2024, 2025])
    return {
        "title": f"{rng.choice(words).capitalize()} {rng.choice(words)} #{index}",
        "narrative": narrative,
        "notes": " ".join(rng.choice(words) for _ in range(15)),
        "violations": rng.sample(VIOLATIONS, 2),
        "location": {"subject": rng.choice(SUBJECTS)},
        "occurred": {"date": f"{year}-{rng.randint(1, 12):02d}", "precision": "month"},
        "persons": [{"pseudonym": f"Person {index}"}],
    }


@contextmanager
def plain_connection(path: Path) -> Iterator[Any]:
    """The same engine with no key: an ordinary SQLite file, set up exactly like the vault's."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA auto_vacuum = FULL")
    for pragma in (
        "secure_delete = ON",
        "temp_store = MEMORY",
        "foreign_keys = ON",
        "trusted_schema = OFF",
        "cell_size_check = ON",
        "journal_mode = WAL",
        "synchronous = FULL",
        f"wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}",
        "journal_size_limit = 0",
        f"cache_size = -{PAGE_CACHE_KIB}",
    ):
        conn.execute(f"PRAGMA {pragma}")
    try:
        yield conn
    finally:
        close_database(conn)


@contextmanager
def encrypted_connection(path: Path) -> Iterator[Any]:
    conn = create_database(path, bytearray(os.urandom(32)))
    try:
        yield conn
    finally:
        close_database(conn)


PEERS: dict[str, Callable[[Path], Any]] = {"sqlite": plain_connection, "sqlcipher": encrypted_connection}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _save_worker(peer: str, path: Path, docs: list[dict[str, Any]], pipe: Connection) -> None:
    """Runs in its own process: SQLCipher's memory security is process-wide once switched on,
    so a plain peer sharing a process with an encrypted connection would pay for it too."""
    with PEERS[peer](path) as conn:
        migrate(conn)
        store = CaseStore(conn, author=AUTHOR, vocab=default_vocabularies())
        target = ""
        while True:
            command, index = pipe.recv()
            if command == "stop":
                break
            if command == "save":
                pipe.send(timed(lambda d=docs[index]: store.create_case(d)))
            elif command == "autosave":
                target = target or store.list_cases(limit=1)[0].case_id
                edit = dict(docs[index], title=f"edited {index}")
                pipe.send(timed(lambda e=edit, c=target: store.save_draft(c, e)))
            elif command == "bulk":
                pipe.send(timed(lambda: store.create_cases(docs)))


def bench_save_and_bulk(
    folder: Path, docs: list[dict[str, Any]], repeats: int
) -> dict[str, dict[str, float]]:
    """Each peer in its own process; operations alternate between them one by one, so load that
    drifts during the run weighs on both sides of each ratio alike."""
    context = multiprocessing.get_context("spawn")
    pipes, workers = {}, []
    for peer in PEERS:
        here, there = context.Pipe()
        worker = context.Process(target=_save_worker, args=(peer, folder / f"{peer}-save.db", docs, there))
        worker.start()
        pipes[peer] = here
        workers.append(worker)
    samples: dict[str, dict[str, list[float]]] = {peer: {"save": [], "autosave": []} for peer in PEERS}
    try:
        for command in ("save", "autosave"):
            for index in range(repeats):
                for peer, pipe in pipes.items():
                    pipe.send((command, index))
                    samples[peer][command].append(pipe.recv())
        bulk = {}
        for peer, pipe in pipes.items():
            pipe.send(("bulk", 0))
            bulk[peer] = pipe.recv()
    finally:
        for pipe in pipes.values():
            pipe.send(("stop", 0))
        for worker in workers:
            worker.join()
    return {
        peer: {
            "save_one_median_ms": statistics.median(samples[peer]["save"]) * 1000,
            "autosave_draft_median_ms": statistics.median(samples[peer]["autosave"]) * 1000,
            "bulk_seconds": bulk[peer],
        }
        for peer in PEERS
    }


def build_large(peer: str, folder: Path, docs: list[dict[str, Any]], total: int) -> Path:
    """A vault (sqlcipher) or plain database (sqlite) holding `total` cases, added in batches."""
    if peer == "sqlcipher":
        root = folder / "vault-large"
        vault = create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM)
        conn, store = vault.connection, vault.store
    else:
        root = folder / "plain-large.db"
        context = plain_connection(root)
        conn = context.__enter__()
        migrate(conn)
        store = CaseStore(conn, author=AUTHOR, vocab=default_vocabularies())
    for start in range(0, total, len(docs)):
        store.create_cases(docs[: min(len(docs), total - start)])
    conn.execute("PRAGMA optimize")
    if peer == "sqlcipher":
        vault.lock()
    else:
        context.__exit__(None, None, None)
    return root


def bench_search(peer: str, location: Path, runs: int) -> dict[str, float]:
    if peer == "sqlcipher":
        vault = unlock_vault(location, PASSPHRASE)
        store, closer = vault.store, vault.lock
    else:
        context = plain_connection(location)
        conn = context.__enter__()
        store = CaseStore(conn, author=AUTHOR, vocab=default_vocabularies())
        closer = lambda: context.__exit__(None, None, None)  # noqa: E731
    try:
        per_query = {
            q: statistics.median(timed(lambda q=q: store.search(q, limit=50)) for _ in range(runs))
            for q in QUERIES
        }
        list_page = statistics.median(timed(lambda: store.list_cases(limit=100)) for _ in range(runs))
        count = store.count_cases()
    finally:
        closer()
    return {
        "cases": count,
        "search_first_page_median_ms": statistics.median(per_query.values()) * 1000,
        "search_first_page_worst_ms": max(per_query.values()) * 1000,
        "search_first_page_per_query_ms": {q: t * 1000 for q, t in per_query.items()},
        "list_first_page_median_ms": list_page * 1000,
    }


def bench_unlock(root: Path, runs: int) -> dict[str, float]:
    kdf, opened = [], []
    for _ in range(runs):
        marks: dict[str, float] = {}
        start = time.perf_counter()
        vault = unlock_vault(
            root, PASSPHRASE, progress=lambda stage, m=marks: m.setdefault(stage, time.perf_counter())
        )
        end = time.perf_counter()
        vault.lock()
        kdf.append(marks["opening_database"] - marks.get("deriving_key", start))
        opened.append(end - marks["opening_database"])
    return {
        "kdf_median_ms": statistics.median(kdf) * 1000,
        "open_after_kdf_median_ms": statistics.median(opened) * 1000,
    }


def check_peer_is_plain_sqlite(folder: Path) -> None:
    """Evidence that the peer really is unencrypted SQLite: the standard module reads it."""
    path = folder / "plain-large.db"
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(path) as conn:
        conn.execute("SELECT count(*) FROM case_revision").fetchone()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--bulk", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    rng = random.Random(20261122)
    docs = [synthetic_case(rng, i) for i in range(args.bulk)]
    results: dict[str, Any] = {"sqlite_version": sqlcipher3.sqlite_version, "cases": args.cases}
    try:
        results.update(bench_save_and_bulk(WORK, docs, args.repeats))
        for peer in PEERS:
            location = build_large(peer, WORK, docs, args.cases)
            results[peer].update(bench_search(peer, location, runs=15))
            if peer == "sqlcipher":
                results[peer].update(bench_unlock(location, runs=5))
        check_peer_is_plain_sqlite(WORK)
        start = time.perf_counter()
        calibrated = calibrate()
        results["calibration"] = {
            "params": vars(calibrated),
            "calibration_seconds": time.perf_counter() - start,
        }
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    plain, enc = results["sqlite"], results["sqlcipher"]
    results["ratios"] = {
        "save_one": enc["save_one_median_ms"] / plain["save_one_median_ms"],
        "autosave_draft": enc["autosave_draft_median_ms"] / plain["autosave_draft_median_ms"],
        "bulk": enc["bulk_seconds"] / plain["bulk_seconds"],
        "search": enc["search_first_page_median_ms"] / plain["search_first_page_median_ms"],
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
