"""The coordinator dashboard at 100,000 sealed cases: opening it, changing a filter or the unit,
and the published tables; SQLCipher (as the app runs it) against plain SQLite, in one run.

    .venv/bin/python -m bench.dashboard_bench [--cases 100000] [--repeats 7] [--json FILE]
        [--profile DIR]
    .venv/bin/python -m bench.dashboard_bench --cases 2000 --repeats 3      # smoke run, ~1 minute

The peer is the same engine, schema, pragmas and code without a key (decision 0006), each peer in
its own process because SQLCipher's `cipher_memory_security` is process-wide. Both build the same
synthetic cases (same seed) through the store's own API, `create_cases` then `seal` for each, so
the schema-7 triggers fill `case_statistics` as they do in the app; the two builds run at the same
time. Measurements then alternate between the two processes one run at a time, so load that drifts
during the run weighs on both sides of each ratio alike. Each figure is the median of --repeats
runs, with a garbage collection before each (outside the timing). Measured (goal: < 1 s):

- open: `load_population` + `dashboard_figures(population, CaseFilter(), "cases")`, which works
  out a new CountingIndex: what opening the dashboard does (ui/statistics_tasks.py);
- load only: `load_population`;
- filter change: `dashboard_figures` over the index kept since opening (as the dashboard's
  controller does) with a district, a violation group, a date range; the unit changed to victims
  or acts, the first time after opening (the index works their values out then) and again;
- the same filter changes from the Population (`dashboard_figures(population, ...)`), which work a
  new CountingIndex out on every call;
- published tables: `published_tables(select(population, CaseFilter()))`, suppression included.

`--profile DIR` then runs each of those once more under cProfile in the SQCipher process, writes
DIR/<measure>.prof and prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import multiprocessing
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import sqlcipher3

from bench.store_bench import plain_connection  # the same engine with no key, set up like the vault's
from crypto.kdf import MINIMUM
from intake.case_store import CaseStore
from intake.counting_index import CountingIndex
from intake.dashboard_figures import DashboardFigures, dashboard_figures
from intake.migrations import migrate
from intake.report_tables import published_tables
from intake.statistics import CaseFilter, Population, Table, load_population, select
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from intake.vocabulary import Vocabularies, default_vocabularies

WORK = Path(__file__).resolve().parent / "results" / "dashboard-work"
PASSPHRASE = "benchmark passphrase, not secret"
AUTHOR = "0" * 64
SEED = 20261122
BATCH = 1_000  # cases per create_cases transaction
EDITED_AT = 50  # every hundredth sealed case, from the 51st, has an unsealed edit
GOAL_SECONDS = 1.0
PEERS = ("sqlite", "sqlcipher")
# Pragmas that must read the same on both peers (decision 0006: only the key differs).
PRAGMAS = (
    "auto_vacuum",
    "secure_delete",
    "temp_store",
    "foreign_keys",
    "trusted_schema",
    "cell_size_check",
    "journal_mode",
    "synchronous",
    "wal_autocheckpoint",
    "journal_size_limit",
    "cache_size",
    "page_size",
)


# -- synthetic cases -------------------------------------------------------------------------------
# Weights are invented for a plausible shape, not taken from any real data set.

_VIOLATION_GROUP_WEIGHTS = {
    "threats": 24,
    "physical": 18,
    "propaganda": 12,
    "speech": 10,
    "police": 8,
    "discrimination": 8,
    "extremism": 6,
    "activism": 5,
    "family": 4,
    "detention": 3,
    "property": 2,
}
_PERPETRATORS = {
    "ST.POL": 20,
    "NS.STR": 12,
    "NS.GRP": 10,
    "NS.FAM": 9,
    "NS.ONL": 8,
    "ST.JUD": 6,
    "ST.SEC": 4,
    "NS.WORK": 5,
    "NS.ACQ": 5,
    "UNK": 6,
}
_POLICE_STAGES = {
    None: 30,
    "PS.NOT_REPORTED": 30,
    "PS.REPORTED": 10,
    "PS.REFUSED": 9,
    "PS.REGISTERED": 6,
    "PS.CASE_DENIED": 6,
    "PS.CASE_OPENED": 5,
    "PS.HATE_RECOGNISED": 2,
    "PS.VERDICT": 2,
}
_PRECISIONS = {"exact": 45, "month": 30, "year": 15, "estimate": 7, None: 3}
_YEARS = {2019: 6, 2020: 7, 2021: 9, 2022: 12, 2023: 15, 2024: 17, 2025: 19, 2026: 15}
# The statistics consent (C2.STATS) of a case's first victim: what load_population decides on.
_STATS_CONSENT = {"granted": 85, "refused": 4, "withdrawn": 3, "ask_later": 3, None: 5}
_WORDS = (
    "синтетическое дело",
    "тестовая запись",
    "угрозы в переписке",
    "отказ в приёме заявления",
    "synthetic record",
    "benchmark case",
    "threats online",
    "police refused",
)


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass(frozen=True)
class _Codes:
    """The vocabulary's codes the generator picks from."""

    by_group: dict[str, list[str]]
    districts: list[str]
    subjects: dict[str, list[str]]
    biases: list[str]
    needs: list[str]
    followup_statuses: list[str]
    sources: list[str]
    place_types: list[str]
    channels: list[str]
    age_bands: list[str]
    genders: list[str]

    @classmethod
    def of(cls, vocab: Vocabularies) -> _Codes:
        by_group: dict[str, list[str]] = {}
        for term in vocab.terms("violation"):
            by_group.setdefault(term.group or "", []).append(term.code)
        assert set(_VIOLATION_GROUP_WEIGHTS) == set(by_group), "violation groups changed"
        for codes in (_PERPETRATORS, _POLICE_STAGES):
            vocabulary = "perpetrator" if codes is _PERPETRATORS else "police_stage"
            assert all(code is None or vocab.has(vocabulary, code) for code in codes), vocabulary
        districts = [term.code for term in vocab.districts()]
        return cls(
            by_group=by_group,
            districts=districts,
            subjects={d: [term.code for term in vocab.subjects(d)] for d in districts},
            biases=[term.code for term in vocab.terms("bias")],
            needs=[term.code for term in vocab.terms("need")],
            followup_statuses=[term.code for term in vocab.terms("followup_status")],
            sources=[term.code for term in vocab.terms("source_type")],
            place_types=[term.code for term in vocab.terms("place_type")],
            channels=[term.code for term in vocab.terms("intake_channel")],
            age_bands=[term.code for term in vocab.terms("age_band")],
            genders=[term.code for term in vocab.terms("gender_identity")],
        )


def _occurred(rng: random.Random) -> dict[str, str] | None:
    precision = _weighted(rng, _PRECISIONS)
    if precision is None:
        return None
    year = _weighted(rng, _YEARS)
    month, day = rng.randint(1, 12 if year < 2026 else 6), rng.randint(1, 28)
    text = {
        "exact": f"{year}-{month:02d}-{day:02d}",
        "month": f"{year}-{month:02d}",
        "year": f"{year}",
        "estimate": f"{year}-{month:02d}",
    }[precision]
    return {"date": text, "precision": precision}


def _location(rng: random.Random, codes: _Codes) -> dict[str, Any]:
    district = rng.choices(codes.districts, weights=[30, 16, 9, 6, 12, 8, 8, 6, 5][: len(codes.districts)])[0]
    shape = rng.random()
    if shape < 0.03:
        return {}  # not recorded
    if shape < 0.12:
        return {"district": district}
    return {"district": district, "subject": rng.choice(codes.subjects[district])}


def _persons(rng: random.Random, codes: _Codes, index: int) -> list[dict[str, Any]]:
    persons = []
    for n in range(rng.choices((1, 2, 3), weights=(70, 22, 8))[0]):
        role = "victim" if n == 0 else rng.choices(("victim", "witness", "reporter"), weights=(60, 25, 15))[0]
        person: dict[str, Any] = {"id": _uuid(rng), "pseudonym": f"Персона {index}-{n}", "role": role}
        if rng.random() < 0.6:
            person["age_band"] = rng.choice(codes.age_bands)
            person["gender_identity"] = rng.choice(codes.genders)
        persons.append(person)
    return persons


def _consent(rng: random.Random, victims: list[str]) -> list[dict[str, Any]]:
    """Each victim's own answers, as the editor records them; one case-level statistics answer
    (no person: given by a reporter) in a tenth of the cases."""
    status = _weighted(rng, _STATS_CONSENT)
    if status is None:
        return []
    date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    rows: list[dict[str, Any]] = [
        {"person": victim, "scope": "C1.INTERNAL", "status": "granted", "date": date, "method": "oral"}
        for victim in victims
    ]
    if rng.random() < 0.1:
        rows.append({"person": None, "scope": "C2.STATS", "status": status, "date": date})
    else:
        rows += [{"person": v, "scope": "C2.STATS", "status": status, "date": date} for v in victims]
    if status == "granted" and rng.random() < 0.3:
        rows += [{"person": v, "scope": "C3.PUB_ANON", "status": "granted", "date": date} for v in victims]
    return rows


def synthetic_case(rng: random.Random, codes: _Codes, index: int) -> dict[str, Any]:
    """A fictional case in input form, with every field statistics count."""
    groups = rng.choices(
        list(_VIOLATION_GROUP_WEIGHTS),
        weights=list(_VIOLATION_GROUP_WEIGHTS.values()),
        k=rng.choices((1, 2, 3), weights=(55, 33, 12))[0],
    )
    violations = list(dict.fromkeys(rng.choice(codes.by_group[group]) for group in groups))
    occurred = _occurred(rng)
    persons = _persons(rng, codes, index)
    victims = [p["id"] for p in persons if p["role"] == "victim"]
    acts = []
    if rng.random() < 0.9:
        for victim in victims:
            for code in rng.sample(violations, rng.randint(1, len(violations))):
                act: dict[str, Any] = {"victim": victim, "type": code}
                if occurred is not None and rng.random() < 0.4:
                    act["date"] = dict(occurred)
                acts.append(act)
    bias_shape = rng.random()
    if bias_shape < 0.05:
        bias: list[str] = []
    elif bias_shape < 0.9:
        bias = rng.sample(["B.SO", "B.GI"], rng.choices((1, 2), weights=(80, 20))[0])
    else:
        bias = rng.sample(codes.biases, rng.randint(1, 2))
    doc: dict[str, Any] = {
        "title": f"Синтетическое дело {index}",
        "narrative": " ".join(rng.choice(_WORDS) for _ in range(12)),
        "occurred": occurred,
        "intake_channel": rng.choice(codes.channels) if rng.random() < 0.8 else None,
        "location": _location(rng, codes),
        "place_type": rng.choice(codes.place_types) if rng.random() < 0.7 else None,
        "violations": violations,
        "bias_motivations": bias,
        "police_stage": _weighted(rng, _POLICE_STAGES),
        "persons": persons,
        "acts": acts,
        "perpetrators": [
            {
                "type": _weighted(rng, _PERPETRATORS),
                **({"count": rng.randint(1, 5)} if rng.random() < 0.3 else {}),
            }
            for _ in range(rng.choices((0, 1, 2), weights=(15, 60, 25))[0])
        ],
        "sources": [
            {"type": code}
            for code in dict.fromkeys(
                rng.choices(codes.sources, weights=[40] + [6] * (len(codes.sources) - 1), k=rng.randint(1, 2))
            )
        ],
        "consent": _consent(rng, victims),
        "followups": [
            {
                "need": rng.choice(codes.needs),
                "status": rng.choices(codes.followup_statuses, weights=(25, 20, 35, 12, 8))[0],
            }
            for _ in range(rng.choices((0, 1, 2, 3), weights=(40, 35, 18, 7))[0])
        ],
    }
    return doc


# -- the two peers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    goal: bool  # held against GOAL_SECONDS


# (key, label, CaseFilter arguments, unit) of the filter changes.
FILTER_CHANGES: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    ("district", "district: Central (CFD)", {"districts": frozenset({"CFD"})}, "cases"),
    ("group", 'violation group: "threats"', {"groups": frozenset({"threats"})}, "cases"),
    (
        "dates",
        "date range 2023-01-01 – 2024-12-31",
        {"date_from": "2023-01-01", "date_to": "2024-12-31"},
        "cases",
    ),
    ("victims", "unit → victims, again", {}, "victims"),
    ("acts", "unit → acts, again", {}, "acts"),
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        "open", "**open**: `load_population` + `dashboard_figures(population, …)`, cases, no filter", True
    ),
    Measure("load", "load only: `load_population`", False),
    Measure("phase_read", "– of which the SQL alone: `SELECT case_id, facts FROM case_statistics`", False),
    Measure("phase_index", "– of which `CountingIndex(population).prepare()`", False),
    Measure("phase_figures", "– of which `dashboard_figures` over that prepared index", False),
    *(
        Measure(f"filter_{key}", f"**filter change** (kept index): {label}", True)
        for key, label, _f, _u in FILTER_CHANGES
    ),
    Measure(
        "unit_first_victims", "**filter change** (kept index): unit → victims, first time after opening", True
    ),
    Measure("unit_first_acts", "**filter change** (kept index): unit → acts, first time after opening", True),
    *(
        Measure(
            f"population_{key}",
            f"filter change from the Population (new index each call): {label.removesuffix(', again')}",
            True,
        )
        for key, label, _f, _u in FILTER_CHANGES
    ),
    Measure("published", "published tables: `published_tables(select(population, CaseFilter()))`", False),
)


def _digest(result: Any) -> str:
    """What a result says, without case ids (they differ between the peers): the same data
    must give the same figures on both."""

    def plain(value: Any) -> Any:
        if isinstance(value, Table):
            return (value.by, value.unit, sorted(value.cells.items()), value.total)
        if isinstance(value, DashboardFigures):
            fields = {k: plain(v) for k, v in vars(value).items() if k != "excluded"}
            return fields, sorted(Counter(e.reason for e in value.excluded).items())
        if isinstance(value, Population):
            return len(value.cases), sorted(Counter(e.reason for e in value.excluded).items())
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            return len(value)  # rows read by the SQL alone
        return repr(value)

    return hashlib.sha256(repr(plain(result)).encode()).hexdigest()[:16]


class _Peer:
    """One peer's database, built and then measured in its own process."""

    def __init__(self, peer: str, folder: Path) -> None:
        self.peer = peer
        self.folder = folder
        self.vocab = default_vocabularies()
        self.location = folder / ("vault" if peer == "sqlcipher" else "plain.db")
        self._open = ExitStack()
        self.conn: Any = None
        self.population = Population((), ())
        self.index = CountingIndex(self.population, self.vocab)
        self.fresh = self.index
        self.digests: dict[str, str] = {}

    def _connect(self, stack: ExitStack, *, create: bool) -> tuple[Any, CaseStore]:
        """The peer's connection and store, closed (the vault locked) when `stack` closes."""
        if self.peer == "sqlcipher":
            if create:
                vault = create_vault(self.location, PASSPHRASE, Role.COORDINATOR, params=MINIMUM)
            else:
                vault = unlock_vault(self.location, PASSPHRASE)
            stack.enter_context(vault)
            return vault.connection, vault.store
        conn = stack.enter_context(plain_connection(self.location))
        migrate(conn)
        return conn, CaseStore(conn, author=AUTHOR, vocab=self.vocab)

    # -- building --------------------------------------------------------------------------

    def build(self, sealed: int, drafts: int) -> dict[str, Any]:
        """`sealed` cases created and sealed through the store (a hundredth of them edited again
        and left unsealed), then `drafts` never sealed."""
        rng = random.Random(SEED)
        codes = _Codes.of(self.vocab)
        total = sealed + drafts
        created = sealing = 0.0
        edited = 0
        started = time.perf_counter()
        with ExitStack() as stack:
            conn, store = self._connect(stack, create=True)
            for start in range(0, total, BATCH):
                docs = [synthetic_case(rng, codes, n) for n in range(start, min(total, start + BATCH))]
                mark = time.perf_counter()
                ids = store.create_cases(docs)
                created += time.perf_counter() - mark
                mark = time.perf_counter()
                for case_id in ids[: max(0, sealed - start)]:
                    store.seal(case_id)
                sealing += time.perf_counter() - mark
                for n, (case_id, doc) in enumerate(zip(ids, docs, strict=True), start):
                    if n < sealed and n % 100 == EDITED_AT:  # an unsealed edit of a sealed case
                        store.save_draft(case_id, {**doc, "title": f"{doc['title']} (edited)"})
                        edited += 1
                done = start + len(docs)
                if done % max(BATCH, total // 10 // BATCH * BATCH) == 0 or done == total:
                    elapsed = time.perf_counter() - started
                    print(
                        f"[{self.peer}] {done:,}/{total:,} cases, {elapsed:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
            conn.execute("PRAGMA optimize")
            rows = conn.execute("SELECT count(*) FROM case_statistics").fetchone()[0]
        assert rows == sealed, f"case_statistics holds {rows} rows, expected {sealed}"
        return {
            "sealed": sealed,
            "drafts": drafts,
            "sealed_with_unsealed_edit": edited,
            "create_cases_seconds": created,
            "seal_seconds": sealing,
            "seal_one_ms": sealing / max(1, sealed) * 1000,
            "build_seconds": time.perf_counter() - started,
            "database_mib": sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) / 2**20,
        }

    # -- measuring -------------------------------------------------------------------------

    def open(self) -> dict[str, Any]:
        """Opens the database again (a new connection, as after an unlock) and the dashboard
        once, keeping its index as the dashboard's controller does."""
        self.conn, _store = self._connect(self._open, create=False)
        self.population = load_population(self.conn)
        self.index = CountingIndex(self.population, self.vocab)
        self.index.prepare()
        return {
            "pragmas": {p: str(self.conn.execute(f"PRAGMA {p}").fetchone()[0]) for p in PRAGMAS},
            "counted": len(self.population.cases),
            "excluded": dict(Counter(e.reason for e in self.population.excluded)),
            "sqlite_version": sqlcipher3.sqlite_version,
        }

    def close(self) -> None:
        self._open.close()

    def _fresh_index(self) -> None:
        """As after opening: a new index with the case-level values worked out, no unit's."""
        self.fresh = CountingIndex(self.population, self.vocab)
        self.fresh.prepare()

    def actions(self, key: str) -> tuple[Callable[[], object], Callable[[], object]]:
        """(setup, measured) for a measure's key."""
        vocab, everything = self.vocab, CaseFilter()
        sql = "SELECT case_id, facts FROM case_statistics ORDER BY case_id"
        fixed: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "open": (
                _nothing,
                lambda: dashboard_figures(load_population(self.conn), everything, "cases", vocab),
            ),
            "load": (_nothing, lambda: load_population(self.conn)),
            "phase_read": (_nothing, lambda: self.conn.execute(sql).fetchall()),
            "phase_index": (_nothing, lambda: CountingIndex(self.population, vocab).prepare()),
            "phase_figures": (
                self._fresh_index,
                lambda: dashboard_figures(self.fresh, everything, "cases", vocab),
            ),
            "published": (
                _nothing,
                lambda: published_tables(select(self.population, everything, vocab), vocab),
            ),
        }
        if key in fixed:
            return fixed[key]
        kind, _sep, name = key.partition("_")
        if kind == "unit":  # unit_first_victims, unit_first_acts
            unit = key.removeprefix("unit_first_")
            return self._fresh_index, lambda: dashboard_figures(self.fresh, everything, unit, vocab)
        arguments, unit = next((f, u) for k, _label, f, u in FILTER_CHANGES if k == name)
        chosen = CaseFilter(**arguments)
        source = self.index if kind == "filter" else self.population
        return _nothing, lambda: dashboard_figures(source, chosen, unit, vocab)

    def measure(self, key: str) -> float:
        setup, action = self.actions(key)
        setup()
        gc.collect()
        start = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - start
        self.digests.setdefault(key, _digest(result))
        return seconds

    def profile(self, key: str, folder: Path) -> str:
        setup, action = self.actions(key)
        setup()
        gc.collect()
        profiler = cProfile.Profile()
        profiler.runcall(action)
        profiler.dump_stats(folder / f"{key}.prof")
        return _profile_summary(key, pstats.Stats(profiler))


def _nothing() -> None:
    pass


def _short(where: tuple[str, int, str]) -> str:
    path, line, function = where
    if path == "~":
        return function
    parts = Path(path).parts
    shown = "/".join(parts[parts.index("main") + 1 :]) if "main" in parts else Path(path).name
    return f"{shown}:{line} {function}"


def _profile_summary(key: str, stats: pstats.Stats, top: int = 12) -> str:
    """Own time and cumulative time (the project's functions) as shares of the whole."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    own = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    ours = sorted(
        ((where, row) for where, row in table.items() if "/intake/" in where[0]),
        key=lambda item: item[1][3],
        reverse=True,
    )[:top]
    lines = [f"### {key}: {total:.3f} s under cProfile", "", "own time:"]
    lines += [f"  {row[2] / total:6.1%} {row[2]:7.3f} s  {row[1]:>9,} calls  {_short(w)}" for w, row in own]
    lines += ["", "cumulative, intake/ only:"]
    lines += [f"  {row[3] / total:6.1%} {row[3]:7.3f} s  {row[1]:>9,} calls  {_short(w)}" for w, row in ours]
    return "\n".join(lines)


def _worker(peer: str, folder: Path, sealed: int, drafts: int, pipe: Connection) -> None:
    """Runs in its own process (SQLCipher's memory security is process-wide once switched on)."""
    folder.mkdir(parents=True)
    bench = _Peer(peer, folder)
    pipe.send(bench.build(sealed, drafts))
    pipe.send(bench.open())
    try:
        while True:
            command, argument = pipe.recv()
            if command == "stop":
                break
            if command == "measure":
                pipe.send(bench.measure(argument))
            elif command == "digests":
                pipe.send(bench.digests)
            elif command == "profile":
                key, out = argument
                pipe.send(bench.profile(key, out))
    finally:
        bench.close()


def _check_plain_peer(folder: Path, sealed: int) -> None:
    """Evidence that the peer is unencrypted SQLite and the vault is not (decision 0006)."""
    plain = folder / "sqlite" / "plain.db"
    assert plain.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(plain) as conn:
        assert conn.execute("SELECT count(*) FROM case_statistics").fetchone()[0] == sealed
    conn.close()
    vault_db = VaultLayout(folder / "sqlcipher" / "vault").database
    assert vault_db.read_bytes()[:16] != b"SQLite format 3\x00"


# -- the run ---------------------------------------------------------------------------------------


class _Peers:
    """The two worker processes, spoken to one command at a time."""

    def __init__(self, sealed: int, drafts: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: dict[str, Connection] = {}
        self.workers: dict[str, BaseProcess] = {}
        for peer in PEERS:
            here, there = context.Pipe()
            worker = context.Process(
                target=_worker, args=(peer, WORK / peer, sealed, drafts, there), name=f"{peer} peer"
            )
            worker.start()
            self.pipes[peer], self.workers[peer] = here, worker

    def receive(self, peer: str) -> Any:
        pipe, worker = self.pipes[peer], self.workers[peer]
        while not pipe.poll(1.0):
            if not worker.is_alive():
                raise RuntimeError(f"the {worker.name} process ended (exit code {worker.exitcode})")
        return pipe.recv()

    def ask(self, peer: str, command: str, argument: object = None) -> Any:
        self.pipes[peer].send((command, argument))
        return self.receive(peer)

    def stop(self) -> None:
        for peer, pipe in self.pipes.items():
            if self.workers[peer].is_alive():
                pipe.send(("stop", None))
        for worker in self.workers.values():
            worker.join()


def _measure_all(peers: _Peers, repeats: int) -> dict[str, dict[str, list[float]]]:
    """Every measure, `repeats` times, alternating between the peers one run at a time."""
    samples: dict[str, dict[str, list[float]]] = {m.key: {p: [] for p in PEERS} for m in MEASURES}
    for measure in MEASURES:
        for _run in range(repeats):
            for peer in PEERS:
                samples[measure.key][peer].append(peers.ask(peer, "measure", measure.key))
        print(f"measured {measure.key}", file=sys.stderr, flush=True)
    digests = {peer: peers.ask(peer, "digests") for peer in PEERS}
    if digests["sqlite"] != digests["sqlcipher"]:
        raise RuntimeError(f"the peers' figures differ: {digests}")
    return samples


def _summary(samples: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    summary = {}
    for measure in MEASURES:
        medians = {peer: statistics.median(samples[measure.key][peer]) for peer in PEERS}
        summary[measure.key] = {
            "label": measure.label,
            "sqlite_seconds": medians["sqlite"],
            "sqlcipher_seconds": medians["sqlcipher"],
            "ratio": medians["sqlcipher"] / medians["sqlite"],
            "goal_seconds": GOAL_SECONDS if measure.goal else None,
            "meets_goal": medians["sqlcipher"] < GOAL_SECONDS if measure.goal else None,
            "samples": samples[measure.key],
        }
    return summary


PROFILED = (
    "open",
    "unit_first_victims",
    "unit_first_acts",
    "filter_district",
    "population_district",
    "published",
)


def _tree() -> dict[str, Any]:
    """Which code was measured: the commit, and files changed since (another engineer's work
    in progress is measured as it stood when the peers started)."""
    root = Path(__file__).resolve().parent.parent

    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.rstrip()

    return {
        "commit": git("rev-parse", "HEAD").strip(),
        "changed": git("status", "--short", "intake").splitlines(),
    }


def run(sealed: int, repeats: int, profile: Path | None) -> dict[str, Any]:
    drafts = sealed // 100
    results: dict[str, Any] = {
        "tree": _tree(),
        "cases": sealed,
        "drafts": drafts,
        "repeats": repeats,
        "sqlite_version": sqlcipher3.sqlite_version,
    }
    started = time.perf_counter()
    peers = _Peers(sealed, drafts)
    try:
        results["build"] = {peer: peers.receive(peer) for peer in PEERS}
        results["build_wall_seconds"] = time.perf_counter() - started
        opened = {peer: peers.receive(peer) for peer in PEERS}
        if opened["sqlite"]["pragmas"] != opened["sqlcipher"]["pragmas"]:
            raise RuntimeError(f"the peers' pragmas differ: {opened}")
        _check_plain_peer(WORK, sealed)
        results["population"] = opened
        results["measures"] = _summary(_measure_all(peers, repeats))
        if profile is not None:
            profile.mkdir(parents=True, exist_ok=True)
            results["profiles"] = [
                peers.ask("sqlcipher", "profile", (key, profile.resolve())) for key in PROFILED
            ]
    finally:
        peers.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    return results


def _time(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def markdown(results: dict[str, Any]) -> str:
    build, population = results["build"], results["population"]["sqlcipher"]
    lines = [
        f"Dashboard at {results['cases']:,} sealed cases "
        f"({build['sqlcipher']['sealed_with_unsealed_edit']:,} of them with an unsealed edit) "
        f"and {results['drafts']:,} drafts; median of {results['repeats']}; "
        f"SQLite {results['sqlite_version']}; "
        f"commit {results['tree']['commit'][:7]}"
        + (
            f" with uncommitted changes in {len(results['tree']['changed'])} intake/ files"
            if results["tree"]["changed"]
            else ""
        ),
        "",
        f"Counted: {population['counted']:,}; excluded: "
        + ", ".join(f"{reason} {n:,}" for reason, n in sorted(population["excluded"].items())),
        "",
        "| measure | plain SQLite | SQLCipher | ratio | goal < 1 s |",
        "|---|---:|---:|---:|---|",
    ]
    for row in results["measures"].values():
        goal = "" if row["meets_goal"] is None else ("met" if row["meets_goal"] else "**missed**")
        lines.append(
            f"| {row['label']} | {_time(row['sqlite_seconds'])} | {_time(row['sqlcipher_seconds'])} "
            f"| {row['ratio']:.2f}× | {goal} |"
        )
    filters = [row for key, row in results["measures"].items() if key.startswith(("filter_", "unit_first_"))]
    slowest = max(filters, key=lambda row: row["sqlcipher_seconds"])
    opening = results["measures"]["open"]
    lines += [
        "",
        f"Goal < 1 s (SQLCipher): open {_time(opening['sqlcipher_seconds'])} "
        f"{'met' if opening['meets_goal'] else 'MISSED'}; slowest filter change (kept index) "
        f"{_time(slowest['sqlcipher_seconds'])} {'met' if slowest['meets_goal'] else 'MISSED'}.",
        "",
        "| building the data (both peers at once) | plain SQLite | SQLCipher |",
        "|---|---:|---:|",
        f"| `create_cases`, batches of {BATCH:,} | {build['sqlite']['create_cases_seconds']:.0f} s "
        f"| {build['sqlcipher']['create_cases_seconds']:.0f} s |",
        f"| `seal`, one by one | {build['sqlite']['seal_seconds']:.0f} s "
        f"| {build['sqlcipher']['seal_seconds']:.0f} s |",
        f"| per seal | {build['sqlite']['seal_one_ms']:.2f} ms "
        f"| {build['sqlcipher']['seal_one_ms']:.2f} ms |",
        f"| files on disk | {build['sqlite']['database_mib']:.0f} MiB "
        f"| {build['sqlcipher']['database_mib']:.0f} MiB |",
        "",
        f"Build wall time (both at once): {results['build_wall_seconds']:.0f} s.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000, help="sealed cases (2000 for a smoke run)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--profile", type=Path, help="folder for cProfile output of the SQLCipher peer")
    args = parser.parse_args()
    if args.cases < 100 or args.repeats < 1:
        parser.error("--cases must be at least 100 and --repeats at least 1")
    shutil.rmtree(WORK, ignore_errors=True)
    results = run(args.cases, args.repeats, args.profile)
    print(markdown(results))
    for summary in results.get("profiles", []):
        print()
        print(summary)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
